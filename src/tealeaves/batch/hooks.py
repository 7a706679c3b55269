"""Fault hooks for tests of the batch: a worker that crashes, exits, hangs or waits on one
article, and a log of every article a worker starts to analyse.

They are **off** unless the environment variable ``TEALEAVES_TEST_HOOKS`` names a directory
(the driver's environment is passed on to its workers). When it does, a worker, before it
parses a chunk, appends ``<article id> <pid>`` to ``<dir>/analysed.log`` for each article
(one ``write`` of one short line in append mode, so concurrent workers and runs never mix
lines) and obeys the first marker it finds in an article's text:

``[[tealeaves-test:segv]]``
    sends itself ``SIGSEGV`` (the crash a parser bug gives);
``[[tealeaves-test:exit]]``
    ends at once with ``os._exit(3)`` (no clean-up, as after an abort);
``[[tealeaves-test:hang]]``
    sleeps until it is killed (only its time budget stops it);
``[[tealeaves-test:wait]]``
    writes its pid to ``<dir>/waiting-<article id>``, then blocks until ``<dir>/release``
    exists: a test knows the article is being analysed, and decides when it may finish.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

from ..model import Article

ENV = "TEALEAVES_TEST_HOOKS"
MARKER = "[[tealeaves-test:{}]]"
ACTIONS = ("segv", "exit", "hang", "wait")


def hook_dir() -> Path | None:
    """The hooks' directory, or ``None`` when they are off (always, outside tests)."""
    root = os.environ.get(ENV)
    return Path(root) if root else None


def before_chunk(articles: Sequence[Article]) -> None:
    """Run the hooks for *articles* (nothing when they are off)."""
    root = hook_dir()
    if root is None:
        return
    fd = os.open(root / "analysed.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for a in articles:
            os.write(fd, f"{a.id} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    for a in articles:
        action = next((x for x in ACTIONS if MARKER.format(x) in a.text), None)
        if action is not None:
            _obey(action, a, root)


def _obey(action: str, article: Article, root: Path) -> None:
    if action == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif action == "exit":
        os._exit(3)
    elif action == "hang":
        while True:
            time.sleep(3600)
    else:
        (root / f"waiting-{article.id}").write_text(str(os.getpid()), encoding="utf-8")
        while not (root / "release").exists():
            time.sleep(0.05)
