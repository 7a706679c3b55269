"""Engines run tasks (chunks of articles) and report what finished or failed.

- ``local`` (:class:`.pool.WatchdogPool`, the default): worker processes under a watchdog;
  a crash or an overrun costs only the task it hit.
- ``dask``: a Dask distributed cluster (``scheduler="tcp://HOST:PORT"``, or a LocalCluster
  of *workers* processes). A task whose worker dies fails (Dask's ``KilledWorker``) and is
  retried article by article like a local one; a task past twice its budget (it may wait
  behind one other task per worker) is cancelled and fails as a timeout, though Dask cannot
  stop the thread already running it.
- ``inline``: in the calling process, one task at a time: no isolation and no time budget
  (for debugging, and for callers that patch the pipeline in-process).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Article
from ..pipeline import Options
from .work import Analysed, analyse_and_embed

if TYPE_CHECKING:
    from .driver import BatchOptions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """A task that produced no results: its worker died (``crash``) or it overran its time
    budget (``timeout``)."""

    kind: str
    reason: str


Results = list[Analysed | str]
#: ``(task id, results in the task's order | Failure)``.
Outcome = tuple[int, Results | Failure]


class Engine:
    """Submit tasks; :meth:`poll` returns what finished meanwhile."""

    #: How many tasks the driver keeps submitted (queued or running) at a time.
    capacity: int = 1

    def submit(self, task_id: int, articles: list[Article], budget: float) -> None:
        raise NotImplementedError

    def poll(self, timeout: float) -> list[Outcome]:
        raise NotImplementedError

    def pending(self) -> int:
        raise NotImplementedError

    def close(self, *, cancel: bool = False) -> None:
        pass


class InlineEngine(Engine):
    def __init__(self, options: Options) -> None:
        self.options = options
        self.tasks: deque[tuple[int, list[Article]]] = deque()

    def submit(self, task_id: int, articles: list[Article], budget: float) -> None:
        self.tasks.append((task_id, articles))

    def poll(self, timeout: float) -> list[Outcome]:
        if not self.tasks:
            time.sleep(min(timeout, 0.2))
            return []
        task_id, articles = self.tasks.popleft()
        return [(task_id, analyse_and_embed(articles, self.options))]

    def pending(self) -> int:
        return len(self.tasks)


class DaskEngine(Engine):
    def __init__(self, workers: int, scheduler: str | None, options: Options) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - optional extra
            raise RuntimeError("the dask engine needs `pip install tealeaves[dask]`") from exc
        self.options = options
        self.capacity = 2 * workers
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        self.futures: dict[Any, tuple[int, float, float]] = {}  # future -> id, deadline, budget

    def submit(self, task_id: int, articles: list[Article], budget: float) -> None:
        fut = self.client.submit(analyse_and_embed, articles, self.options, pure=False)
        self.futures[fut] = (task_id, time.monotonic() + 2 * budget, budget)

    def pending(self) -> int:
        return len(self.futures)

    def poll(self, timeout: float) -> list[Outcome]:
        from dask.distributed import wait

        if not self.futures:
            time.sleep(min(timeout, 0.2))
            return []
        try:
            wait(list(self.futures), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            pass
        out: list[Outcome] = []
        now = time.monotonic()
        for fut, (task_id, deadline, budget) in list(self.futures.items()):
            if fut.done():
                del self.futures[fut]
                try:
                    out.append((task_id, fut.result()))
                except Exception as exc:  # noqa: BLE001 - KilledWorker: the worker died
                    out.append((task_id, Failure("crash", f"{type(exc).__name__}: {exc}")))
            elif now >= deadline:
                del self.futures[fut]
                fut.cancel()
                out.append((task_id, Failure("timeout", f"it overran twice its time "
                                                        f"budget of {budget:g} s")))
        return out

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(opts: BatchOptions) -> Engine:
    """The engine *opts* ask for."""
    workers = max(1, int(opts.workers))
    if opts.engine == "dask":
        return DaskEngine(workers, opts.scheduler, opts.pipeline)
    if opts.engine == "inline":
        return InlineEngine(opts.pipeline)
    if opts.engine != "local":
        raise ValueError(f"engine must be 'local', 'dask' or 'inline', not {opts.engine!r}")
    from .pool import WatchdogPool

    return WatchdogPool(workers, opts.pipeline)
