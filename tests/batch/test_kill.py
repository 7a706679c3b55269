"""Stopping a driver: Ctrl-C and ``kill -9`` while an article is provably still being
analysed (it waits, through the test hooks, for a file the test never writes until the end),
so the run cannot finish first. Nothing committed is lost, nothing is doubled, no worker
outlives its driver, and the next run resumes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tealeaves.store import open_store
from tests.batch.helpers import (
    alive,
    analyses,
    children,
    consistent,
    needs_polnear,
    records,
    run_cli,
    start_cli,
    wait_until,
    with_marker,
    write_jsonl,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _workers(driver: int) -> dict[int, str]:
    """The driver's children (its workers and multiprocessing's resource tracker)."""
    kids = children(driver)
    assert sum("spawn_main" in cmd for cmd in kids.values()) == 2, kids  # --workers 2
    return kids


def _stopped(args: list[str], hooks: Path, sig: int
             ) -> tuple[subprocess.Popen[str], dict[int, str]]:
    """Start an ingest, wait until the waiting article is being analysed, send *sig*."""
    for old in hooks.glob("waiting-*"):
        old.unlink()
    proc = start_cli(args, hooks)
    wait_until("the waiting article is being analysed",
               lambda: list(hooks.glob("waiting-*")), proc=proc)
    kids = _workers(proc.pid)
    os.kill(proc.pid, sig)
    return proc, kids


@needs_polnear
@linux_only
def test_interrupted_and_killed_runs_lose_nothing_and_leave_no_worker(tmp_path: Path) -> None:
    n = 6
    recs = records(n, offset=10)
    recs[2] = with_marker(recs[2], "wait")
    src = write_jsonl(tmp_path / "in.jsonl", [json.dumps(r) for r in recs])
    db, hooks = tmp_path / "s.db", tmp_path / "hooks"
    hooks.mkdir()
    args = ["ingest", str(src), "--db", str(db), "--workers", "2", "--chunk-size", "1",
            "--stages", "actors", "--no-progress", "--format", "json"]

    # Ctrl-C: the driver stops its workers, commits nothing half-done, says so, exits 130.
    proc, kids = _stopped(args, hooks, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    rep = json.loads(out)
    assert rep["interrupted"] is True and rep["failed"] == 0
    wait_until("the workers of the interrupted run are gone",
               lambda: not any(alive(p) for p in kids), timeout=60)
    after_int = analyses(db)
    assert after_int == rep["ingested"] < n  # the waiting article was never stored
    with open_store(db) as store:
        consistent(store)
        assert store.stats()["leases"] == 0  # given back on the way out

    # kill -9: no clean-up at all; the kernel (or the workers' watch on their parent)
    # ends the workers, and the dead run's leases are taken over by the next run.
    proc, kids = _stopped(args, hooks, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    wait_until("no worker of the killed driver is alive",
               lambda: not any(alive(p) for p in kids), timeout=60)
    with open_store(db) as store:
        consistent(store)
        after_kill = store.stats()["analyses"]
    assert after_int <= after_kill < n

    # The next run resumes: only what is missing, nothing twice.
    (hooks / "release").write_text("", encoding="utf-8")
    resumed = run_cli(args, hooks)
    assert resumed.returncode == 0, resumed.stderr
    rep = json.loads(resumed.stdout)
    assert rep["skipped"] == after_kill and rep["ingested"] == n - after_kill
    assert rep["failed"] == 0
    with open_store(db) as store:
        st = store.stats()
        assert (st["articles"], st["leases"], st["failures"]) == (n, 0, 0)
        consistent(store)


_CHILD = """
import os, sys, time
from tealeaves.batch.lifeline import bind_to_parent
bind_to_parent(os.getppid(), kernel={kernel}, every={every})
print(os.getpid(), flush=True)
while True:
    time.sleep(60)
"""

_PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
print(child.stdout.readline().strip(), flush=True)
child.wait()
"""


@linux_only
@pytest.mark.parametrize(("kernel", "every"), [(True, None), (False, 0.05)],
                         ids=["death-signal", "watcher-thread"])
def test_a_bound_process_dies_with_its_parent(kernel: bool, every: float | None) -> None:
    """Each mechanism alone: the kernel's parent-death signal, and the portable watcher."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _PARENT, _CHILD.format(kernel=kernel, every=every)],
        stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert alive(child) and child in children(parent.pid)
    parent.kill()
    parent.wait(timeout=30)
    wait_until("the child of the killed parent is gone", lambda: not alive(child), timeout=30)
