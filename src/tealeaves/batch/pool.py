"""The local engine: worker processes under a watchdog.

Each worker is a spawned process with its own duplex pipe (:func:`.work.worker_main`); the
driver sends a task (a chunk of articles) only to a worker that is ready and idle, so it
always knows which task each worker holds. :meth:`WatchdogPool.poll` waits on the pipes and
the process sentinels at once (``multiprocessing.connection.wait``) and on the nearest
deadline:

- a result on a pipe finishes its task;
- a worker that dies (a signal such as ``SIGSEGV``, ``os._exit``, the out-of-memory
  killer's ``SIGKILL``) fails its task as a ``crash``;
- a task that overruns its time budget has its worker killed and fails as a ``timeout``.

A lost worker is replaced at once (the new one loads the models again). A worker that dies
or hangs before it is ready counts as a failed start; three in a row stop the batch with
:class:`WorkerStartError` (a missing model, say), rather than respawning forever.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

from ..model import Article
from ..pipeline import Options
from .engines import Engine, Failure, Outcome
from .work import worker_main

log = logging.getLogger(__name__)

#: Seconds a new worker may take to load its models before it counts as a failed start.
START_TIMEOUT = 600.0
MAX_FAILED_STARTS = 3


class WorkerStartError(RuntimeError):
    """Workers die or hang before they are ready: the batch cannot run."""


def describe_exit(code: int | None) -> str:
    """How a worker ended, in words: ``killed by signal SIGSEGV``, ``exited with status 3``."""
    if code is None:
        return "did not exit"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        oom = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"killed by signal {name}{oom}"
    return f"exited with status {code}"


@dataclass(eq=False)
class _Slot:
    proc: Any  # a multiprocessing Process
    conn: Any  # the driver's end of its pipe
    started: float
    ready: bool = False
    task: int | None = None
    budget: float = 0.0
    deadline: float | None = None


class WatchdogPool(Engine):
    """*workers* processes; see the module docstring."""

    def __init__(self, workers: int, options: Options, *,
                 start_timeout: float = START_TIMEOUT) -> None:
        self.ctx = mp.get_context("spawn")  # not fork: the driver may hold threads and pools
        self.options = options
        self.capacity = 2 * workers
        self.start_timeout = start_timeout
        self.slots: list[_Slot] = []
        self.tasks: deque[tuple[int, list[Article], float]] = deque()
        self.failed_starts = 0
        self.closing = False
        for _ in range(workers):
            self._spawn()

    # -- workers -----------------------------------------------------------------------------
    def _spawn(self) -> None:
        mine, theirs = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=worker_main, args=(theirs, self.options, os.getpid()),
                                name="tealeaves-worker", daemon=True)
        proc.start()
        theirs.close()
        self.slots.append(_Slot(proc, mine, started=time.monotonic()))

    def _drop(self, slot: _Slot, *, kill: bool) -> int | None:
        """Forget *slot*'s worker (killing it first if asked) and return its exit code."""
        if slot in self.slots:
            self.slots.remove(slot)
        if kill and slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(timeout=30)
        slot.conn.close()
        code: int | None = slot.proc.exitcode
        return code

    def _lost(self, slot: _Slot, out: list[Outcome], failure: Failure | None) -> None:
        """*slot*'s worker is gone (or is being stopped): fail its task, replace it."""
        code = self._drop(slot, kill=failure is not None)
        if slot.task is not None:
            out.append((slot.task, failure or Failure("crash", f"its worker died "
                                                               f"({describe_exit(code)})")))
        elif not slot.ready:
            self.failed_starts += 1
            why = failure.reason if failure else describe_exit(code)
            log.warning("a worker failed to start: %s", why)
            if self.failed_starts >= MAX_FAILED_STARTS:
                raise WorkerStartError(f"{self.failed_starts} workers in a row failed to "
                                       f"start (the last one {why})")
        if not self.closing:
            self._spawn()

    # -- the engine interface ------------------------------------------------------------------
    def submit(self, task_id: int, articles: list[Article], budget: float) -> None:
        self.tasks.append((task_id, articles, budget))
        self._dispatch()

    def pending(self) -> int:
        return len(self.tasks) + sum(1 for s in self.slots if s.task is not None)

    def _dispatch(self) -> None:
        for slot in self.slots:
            if not self.tasks:
                return
            if slot.ready and slot.task is None:
                task_id, articles, budget = self.tasks.popleft()
                slot.conn.send((task_id, articles))
                slot.task, slot.budget = task_id, budget
                slot.deadline = time.monotonic() + budget

    def poll(self, timeout: float) -> list[Outcome]:
        """Wait up to *timeout* seconds for something to happen; what finished or failed."""
        out: list[Outcome] = []
        now = time.monotonic()
        horizon = [now + timeout] + [s.deadline for s in self.slots if s.deadline is not None]
        horizon += [s.started + self.start_timeout for s in self.slots if not s.ready]
        by_object: dict[Any, _Slot] = {}
        for slot in self.slots:
            by_object[slot.conn] = by_object[slot.proc.sentinel] = slot
        ready = wait(list(by_object), timeout=max(0.0, min(horizon) - now))
        for obj in sorted(ready, key=lambda o: o is not by_object[o].conn):  # pipes first
            slot = by_object[obj]
            if slot not in self.slots:
                continue
            if obj is slot.conn:
                self._receive(slot, out)
            else:
                self._lost(slot, out, None)
        self._overdue(out)
        self._dispatch()
        return out

    def _receive(self, slot: _Slot, out: list[Outcome]) -> None:
        try:
            msg = slot.conn.recv()
        except (EOFError, OSError):
            self._lost(slot, out, None)
            return
        if msg[0] == "ready":
            slot.ready, self.failed_starts = True, 0
        elif msg[0] == "failed":
            self._lost(slot, out, Failure("crash", f"could not load its models: {msg[1]}"))
        elif slot.task is not None and msg[0] == slot.task:
            out.append((slot.task, msg[1]))
            slot.task = slot.deadline = None

    def _overdue(self, out: list[Outcome]) -> None:
        now = time.monotonic()
        for slot in list(self.slots):
            if slot.deadline is not None and now >= slot.deadline:
                self._lost(slot, out, Failure(
                    "timeout", f"it overran its time budget of {slot.budget:g} s; its worker "
                               f"was stopped"))
            elif not slot.ready and now >= slot.started + self.start_timeout:
                self._lost(slot, out, Failure(
                    "crash", f"did not load its models in {self.start_timeout:g} s"))

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers: ask them to end (or, with *cancel*, kill them) and reap them."""
        self.closing = True
        for slot in list(self.slots):
            if not cancel:
                try:
                    slot.conn.send(None)
                except (OSError, ValueError):
                    pass
        for slot in list(self.slots):
            if not cancel:
                slot.proc.join(timeout=30)
            self._drop(slot, kill=True)
        self.tasks.clear()
