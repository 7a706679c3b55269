"""WebData's cache: fresh per store version, stale-while-refreshing for slow views."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

from tealeaves.web.data import WebData


def make() -> tuple[WebData, list[tuple[int, str]]]:
    data = WebData(SimpleNamespace(engine=None))
    current = [(1, "a")]
    data.version = lambda: current[0]  # type: ignore[method-assign]
    return data, current


def test_recomputes_when_the_store_changes() -> None:
    data, current = make()
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert data._cached("k", compute) == 1
    assert data._cached("k", compute) == 1
    current[0] = (2, "b")
    assert data._cached("k", compute) == 2


def test_slow_views_serve_stale_while_refreshing() -> None:
    data, current = make()
    release = threading.Event()
    values = iter(["old", "new"])

    def compute() -> str:
        value = next(values)
        if value == "new":
            release.wait(5)
        return value

    assert data._cached("slow", compute, stale_ok=True) == "old"
    current[0] = (2, "b")
    t0 = time.monotonic()
    assert data._cached("slow", compute, stale_ok=True) == "old"  # no waiting for "new"
    assert time.monotonic() - t0 < 1
    release.set()
    deadline = time.monotonic() + 5
    while data._cached("slow", compute, stale_ok=True) != "new":
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_concurrent_misses_compute_once() -> None:
    data, _ = make()
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "v"

    threads = [threading.Thread(target=data._cached, args=("k", compute)) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
