"""What the batch tests share: real PolNeAR articles, the CLI as a separate process, waits on
observable state (never on a fixed sleep), and the processes a driver started."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import func, select

from tealeaves.batch.hooks import ENV as HOOKS_ENV
from tealeaves.batch.hooks import MARKER
from tealeaves.store import Store, open_store
from tealeaves.store import schema as s

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "polnear"

needs_polnear = pytest.mark.skipif(not POLNEAR.exists(), reason="shared PolNeAR data not found")

T = TypeVar("T")


def records(n: int, offset: int = 0) -> list[dict[str, str]]:
    """*n* real train articles, shortest first (after *offset*), with their metadata."""
    meta = [r for r in csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"),
                                      delimiter="\t") if r["compartment"] == "train"]
    paths = {r["filename"]: POLNEAR / "train" / "text" / f"{r['filename']}.txt" for r in meta}
    meta = [r for r in meta if paths[r["filename"]].stat().st_size > 1200]
    meta.sort(key=lambda r: (paths[r["filename"]].stat().st_size, r["filename"]))
    return [{"text": paths[r["filename"]].read_text("utf-8"), "outlet": r["publisher"],
             "published": r["publication_date"], "title": r["title"]}
            for r in meta[offset:offset + n]]


def with_marker(record: dict[str, str], action: str) -> dict[str, str]:
    """*record* with a fault-hook marker (see tealeaves.batch.hooks) as its last paragraph."""
    return dict(record, text=record["text"].rstrip() + "\n\n" + MARKER.format(action))


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def consistent(store: Store) -> None:
    """Every stored article has exactly its analysis and the findings that analysis lists."""
    with store.engine.connect() as conn:
        n_art = conn.execute(select(func.count()).select_from(s.articles)).scalar()
        n_an = conn.execute(select(func.count()).select_from(s.analyses)).scalar()
        assert n_art == n_an
        for aid, n_actors in conn.execute(select(s.analyses.c.article_id, s.analyses.c.n_actors)):
            got = conn.execute(select(func.count()).select_from(s.actors)
                               .where(s.actors.c.article_id == aid)).scalar()
            assert got == n_actors


def analyses(db: Path) -> int:
    if not db.exists():
        return 0
    with open_store(db) as store:
        return store.stats()["analyses"]


def analysed_log(hooks: Path) -> list[str]:
    """Article ids in the order workers started them (the hooks' analysed.log)."""
    log = hooks / "analysed.log"
    if not log.exists():
        return []
    return [line.split()[0] for line in log.read_text(encoding="utf-8").splitlines()]


def cli_env(hooks: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != HOOKS_ENV}
    env["PYTHONUNBUFFERED"] = "1"
    if hooks is not None:
        env[HOOKS_ENV] = str(hooks)
    return env


#: The CLI in a fresh interpreter (the `tealeaves` script may point at another checkout).
CLI = [sys.executable, "-c", "from tealeaves.cli import main; main()"]


def start_cli(args: list[str], hooks: Path | None = None) -> subprocess.Popen[str]:
    """`tealeaves ARGS` as its own process group (a signal to it reaches only the driver)."""
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=cli_env(hooks), start_new_session=True)


def run_cli(args: list[str], hooks: Path | None = None, timeout: float = 600
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=cli_env(hooks),
                          timeout=timeout)


def wait_until(what: str, check: Callable[[], T], *, timeout: float = 300,
               proc: subprocess.Popen[str] | None = None) -> T:
    """Poll *check* until it returns something true and return that; fail after *timeout*
    seconds, or as soon as *proc* (the process that should make it true) has exited."""
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the process ended (status {proc.returncode}) before {what}:\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def children(pid: int) -> dict[int, str]:
    """Pid → command line of the live children of *pid* (Linux /proc)."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            out[int(entry.name)] = cmd
    return out


def alive(pid: int) -> bool:
    """Whether *pid* exists and is not a zombie (an orphan nobody reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return state.rsplit(")", 1)[1].split()[0] not in ("Z", "X")

