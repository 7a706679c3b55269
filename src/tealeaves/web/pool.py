"""Analysis of submitted articles in worker processes, so that no input can take the server down.

The web server never runs the pipeline itself: a text posted to ``/analyse`` or
``POST /api/articles`` is read and analysed by one of a few worker processes
(:class:`AnalysisPool`). Each worker loads the models once, then limits its own address
space (``RLIMIT_AS``: what the loaded models take plus ``memory_mb``) and runs at a lower
CPU priority than the server. The server waits for the answer with a time limit:

* a worker that crashes (a segfault in native code), runs out of memory or overruns the
  time limit is killed if need be and replaced, and the request gets an error in the
  app's one error shape (500, 413, 504) — the server itself keeps serving;
* a request whose client goes away stops its job: the worker is killed and replaced;
* at most ``queue`` jobs wait for a free worker; more answer 503.

The worker processes' side (reading, analysis, the memory cap and a test-only fault
hook) is :mod:`tealeaves.web.worker`.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import signal
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, NoReturn

from .worker import worker_main

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class PoolConfig:
    """How submitted texts are analysed: *workers* processes, *timeout* seconds per job,
    *memory_mb* of address space beyond the loaded models, *queue* waiting jobs at most."""

    workers: int = 1
    timeout: float = 60.0
    memory_mb: int = 2048
    queue: int = 8
    start_timeout: float = 300.0
    nice: int = 5

    def __post_init__(self) -> None:
        if self.workers < 1 or self.queue < 0 or self.timeout <= 0 or self.memory_mb < 16:
            raise ValueError("workers >= 1, queue >= 0, timeout > 0 and memory_mb >= 16")


class JobFailed(Exception):
    """A job did not give an analysis: *status* and *message* are what the client is told."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Job:
    """One submitted article on its way through the pool (thread-safe)."""

    def __init__(self, request: dict[str, Any]) -> None:
        self.request = request
        self.queued_at = time.monotonic()
        self._done = threading.Event()
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []
        self._result: Any = None
        self._error: JobFailed | None = None

    def cancel(self) -> None:
        """Stop the job: dropped if still queued, its worker killed if running."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def result(self) -> Any:
        """The worker's answer; raises :class:`JobFailed` for a failed job."""
        if not self._done.is_set():
            raise RuntimeError("the job is not done")
        if self._error is not None:
            raise self._error
        return self._result

    def add_done_callback(self, fn: Callable[[], None]) -> None:
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(fn)
                return
        fn()

    def _finish(self, result: Any = None, error: JobFailed | None = None) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._result, self._error = result, error
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for fn in callbacks:
            try:
                fn()
            except Exception:  # a waiter that went away must not stop the pool
                log.exception("job callback failed")


class AnalysisPool:
    """A few long-lived worker processes, each started on first use and replaced after a
    crash, a memory error, an overrun or a cancelled job. Thread-safe; :meth:`run` is the
    one call a request handler needs."""

    def __init__(self, config: PoolConfig | None = None) -> None:
        self.config = config or PoolConfig()
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._slots: list[_Slot] = []
        self._closed = False
        self._closing = threading.Event()
        #: Counters for tests and logs: workers started and ready, jobs sent to a worker,
        #: workers crashed, killed (overrun or cancelled) or out of memory, jobs done.
        self.counts: dict[str, int] = dict.fromkeys(
            ("started", "ready", "sent", "crashed", "killed", "memory", "done"), 0)
        self.changed = threading.Condition()

    # -- the public side ---------------------------------------------------------------
    def submit(self, request: dict[str, Any]) -> Job:
        """Queue one job (see :func:`run_job` for *request*); 503 when the queue is full."""
        job = Job(request)
        with self._lock:
            if self._closed:
                raise JobFailed(503, "the server is shutting down")
            busy = sum(1 for s in self._slots if s.job is not None)
            if self._jobs.qsize() >= self.config.queue + self.config.workers - busy:
                raise JobFailed(503, "all analysis workers are busy: try again in a minute")
            self._start_slots()
            self._jobs.put(job)
        return job

    def start(self) -> None:
        """Start the worker processes now (they load the models in the background), so that
        the first submission does not wait for them."""
        with self._lock:
            self._start_slots()

    async def run(self, request: dict[str, Any], *,
                  disconnected: Callable[[], Awaitable[bool]] | None = None,
                  poll: float = 0.25) -> Any:
        """Submit *request* and wait for its answer without blocking the event loop,
        checking every *poll* seconds whether the client is still there; a client that
        went away (or a cancelled request) cancels the job."""
        job = self.submit(request)
        loop = asyncio.get_running_loop()
        finished: asyncio.Future[None] = loop.create_future()

        def wake() -> None:
            if not finished.done():
                finished.set_result(None)

        def notify() -> None:
            try:
                loop.call_soon_threadsafe(wake)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass

        job.add_done_callback(notify)
        try:
            while not job.done():
                try:
                    await asyncio.wait_for(asyncio.shield(finished), poll)
                except TimeoutError:
                    if disconnected is not None and await disconnected():
                        job.cancel()
                        raise JobFailed(499, "the client closed the request") from None
        except BaseException:
            job.cancel()
            raise
        return job.result()

    def close(self) -> None:
        """Stop every worker; queued jobs fail with 503. The pool starts again on the next
        :meth:`submit`."""
        with self._lock:
            self._closed = True
            self._closing.set()
            slots, self._slots = self._slots, []
            pending = []
            while True:
                try:
                    pending.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            for _ in slots:
                self._jobs.put(None)
        for job in pending:
            if job is not None:
                job._finish(error=JobFailed(503, "the server is shutting down"))
        for slot in slots:
            slot.thread.join(timeout=30)
        with self._lock:
            self._closed = False
            self._closing.clear()

    def worker_pids(self) -> list[int]:
        """Process ids of the workers now running (for tests and diagnostics)."""
        with self._lock:
            return [s.proc.pid for s in self._slots if s.proc is not None and s.proc.is_alive()
                    and s.proc.pid is not None]

    def wait_for_count(self, name: str, at_least: int, timeout: float) -> bool:
        """Block until counter *name* reaches *at_least* (tests); False on timeout."""
        with self.changed:
            return self.changed.wait_for(lambda: self.counts[name] >= at_least, timeout)

    # -- the supervising side ----------------------------------------------------------
    def _count(self, name: str) -> None:
        with self.changed:
            self.counts[name] += 1
            self.changed.notify_all()

    def _start_slots(self) -> None:
        while len(self._slots) < self.config.workers:
            slot = _Slot(self, len(self._slots))
            self._slots.append(slot)
            slot.thread.start()


_SHARED: dict[PoolConfig, AnalysisPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(config: PoolConfig) -> AnalysisPool:
    """The process's one pool for *config*: apps built with the same settings share their
    workers (each holds the models); the pools are stopped when the process exits."""
    with _SHARED_LOCK:
        pool = _SHARED.get(config)
        if pool is None:
            if not _SHARED:
                import atexit

                atexit.register(_close_shared)
            pool = _SHARED[config] = AnalysisPool(config)
        return pool


def _close_shared() -> None:
    with _SHARED_LOCK:
        pools = list(_SHARED.values())
    for pool in pools:
        pool.close()


class _Slot:
    """One worker process and the thread that feeds it jobs and watches it. The process is
    started with the thread and again after each one that ended, before the next job is
    taken, so that a replaced worker is usually ready when the next request comes."""

    def __init__(self, pool: AnalysisPool, index: int) -> None:
        self.pool = pool
        self.proc: Any = None
        self.conn: Connection | None = None
        self.job: Job | None = None
        self.start_error: str | None = None
        self.thread = threading.Thread(target=self._serve, name=f"analysis worker {index}",
                                       daemon=True)

    def _serve(self) -> None:
        while True:
            if self.proc is None and self.start_error is None and not self.pool._closing.is_set():
                try:
                    self._start(None)
                except JobFailed as exc:
                    self.start_error = exc.message
                except Exception as exc:  # e.g. no process can be started: told to the next job
                    log.exception("starting an analysis worker failed")
                    self.stop_process()
                    self.start_error = f"{type(exc).__name__}: {exc}"
            job = self.pool._jobs.get()
            if job is None:
                self.stop_process()
                return
            if job.cancelled:
                job._finish(error=JobFailed(499, "the client closed the request"))
                continue
            self.job = job
            try:
                job._finish(result=self._run(job))
            except JobFailed as exc:
                job._finish(error=exc)
            except Exception as exc:  # the supervisor itself must survive anything
                log.exception("analysis worker supervisor failed")
                self.stop_process()
                job._finish(error=JobFailed(500, f"analysis failed ({type(exc).__name__})"))
            finally:
                self.job = None
                self.pool._count("done")

    def _run(self, job: Job) -> Any:
        conn = self.conn if self.proc is not None and self.proc.is_alive() else None
        if conn is None:
            self.start_error = None  # try again for this job
            conn = self._start(job)
        try:
            conn.send(job.request)
        except (OSError, ValueError) as exc:
            self.stop_process()
            raise JobFailed(503, f"the analysis worker is gone ({exc}): try again") from None
        self.pool._count("sent")
        deadline = time.monotonic() + self.pool.config.timeout
        while True:
            ready = wait([conn, self.proc.sentinel], timeout=0.1)
            if conn in ready:
                return self._answer(conn)
            if ready:  # the process ended without answering
                self._crashed()
            if job.cancelled or self.pool._closing.is_set():
                self.stop_process(killed=True)
                raise JobFailed(499, "the client closed the request")
            if time.monotonic() > deadline:
                self.stop_process(killed=True)
                raise JobFailed(504, f"the analysis took longer than the "
                                     f"{self.pool.config.timeout:g} s limit and was stopped")

    def _answer(self, conn: Connection) -> Any:
        try:
            status, payload = conn.recv()
        except (EOFError, OSError):
            self._crashed()
        if status == "ok":
            return payload
        if status == "memory":
            self.pool._count("memory")
            self.stop_process()
            raise JobFailed(413, "the analysis needed more memory than a worker may use "
                                 f"({self.pool.config.memory_mb} MB): send a shorter text")
        raise JobFailed(422 if status == "input" else 500, str(payload))

    def _crashed(self) -> NoReturn:
        self.proc.join(timeout=5)
        code = self.proc.exitcode
        self.stop_process()
        self.pool._count("crashed")
        how = f"signal {_signal_name(-code)}" if code and code < 0 else f"exit code {code}"
        raise JobFailed(500, f"the analysis worker crashed on this text ({how}); "
                             "the server is fine and a new worker is being started")

    def _start(self, job: Job | None) -> Connection:
        """Start the worker process and wait until its models are loaded."""
        import multiprocessing

        self.stop_process()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        cfg = self.pool.config
        proc = ctx.Process(target=worker_main,
                           args=(child, cfg.memory_mb, cfg.nice, cfg.timeout),
                           name="tealeaves analysis worker", daemon=True)
        proc.start()
        child.close()
        self.proc, self.conn = proc, parent
        self.pool._count("started")
        deadline = time.monotonic() + cfg.start_timeout
        while True:
            ready = wait([parent, proc.sentinel], timeout=0.1)
            if parent in ready:
                try:
                    status, payload = parent.recv()
                except (EOFError, OSError):
                    status, payload = "error", "it exited while loading the models"
                if status == "ready":
                    self.pool._count("ready")
                    return parent
                self.stop_process()
                log.error("analysis worker could not start: %s", payload)
                raise JobFailed(503, f"the analysis worker could not start: {payload}")
            gone = job is not None and job.cancelled or self.pool._closing.is_set()
            if ready or gone or time.monotonic() > deadline:
                self.stop_process(killed=not ready)
                why = ("the request was cancelled" if gone else
                       "it exited while loading the models" if ready else
                       f"it did not load in {cfg.start_timeout:g} s")
                raise JobFailed(499 if gone else 503, f"the analysis worker could not start: {why}")

    def stop_process(self, *, killed: bool = False) -> None:
        proc, conn = self.proc, self.conn
        self.proc = self.conn = None
        if conn is not None:
            conn.close()
        if proc is None:
            return
        if proc.is_alive():
            proc.kill()
            if killed:
                self.pool._count("killed")
        proc.join(timeout=10)
        if not proc.is_alive():
            proc.close()


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)
