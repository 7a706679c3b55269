"""When the batch driver starts its engine: before reading on a first ingest, so the workers
load their models while the driver reads; with the first chunk otherwise
(src/tealeaves/batch/driver.py)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tealeaves.batch import BatchOptions, driver, run_batch
from tealeaves.batch.engines import Engine, Outcome
from tealeaves.model import Article
from tealeaves.pipeline import Options
from tealeaves.store import open_store


class _Stub(Engine):
    """An engine that fails every article it is given (nothing to load, nothing stored)."""

    capacity = 2

    def __init__(self, log: list[Any]) -> None:
        self.log = log
        self.tasks: deque[tuple[int, list[Article]]] = deque()
        log.append("engine")

    def submit(self, task_id: int, articles: list[Article], budget: float) -> None:
        self.tasks.append((task_id, articles))

    def poll(self, timeout: float) -> list[Outcome]:
        task_id, articles = self.tasks.popleft()
        return [(task_id, ["analysis failed: stub"] * len(articles))]

    def pending(self) -> int:
        return len(self.tasks)

    def close(self, *, cancel: bool = False) -> None:
        self.log.append(("close", cancel))


def _watch(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    log: list[Any] = []
    monkeypatch.setattr(driver, "make_engine", lambda _opts: _Stub(log))
    real = driver.iter_sources

    def reading(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for item in real(*args, **kwargs):
            log.append("read")
            yield item

    monkeypatch.setattr(driver, "iter_sources", reading)
    return log


OPTS = BatchOptions(pipeline=Options(check_language=False))
TEXTS = ["The minister said on Monday that the talks would resume.",
         "Officials said the budget would be cut next year."]


def test_a_first_ingest_starts_the_engine_before_reading(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _watch(monkeypatch)
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([Article.from_text(t) for t in TEXTS], store, OPTS)
    assert len(rep.failed) == 2
    assert log == ["engine", "read", "read", ("close", False)]


def test_a_store_with_history_starts_the_engine_with_the_first_chunk(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _watch(monkeypatch)
    with open_store(tmp_path / "s.db") as store:
        run_batch([Article.from_text(TEXTS[0])], store, OPTS)  # recorded as failed
        log.clear()
        run_batch([Article.from_text(TEXTS[1])], store, OPTS)
    assert log == ["read", "engine", ("close", False)]


def test_workers_started_early_for_nothing_are_stopped_at_once(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    log = _watch(monkeypatch)
    with open_store(tmp_path / "s.db") as store:
        rep = run_batch([tmp_path / "missing.txt"], store, OPTS)
    assert len(rep.failed) == 1  # unreadable: nothing was submitted
    assert log == ["engine", "read", ("close", True)]
