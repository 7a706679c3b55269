"""The batch driver: read the sources, skip what is stored or failed before, link
near-duplicates, lease articles, hand chunks to an engine, and write what comes back.

Only the driver writes, one transaction per article as its result arrives: a crash or
Ctrl-C loses nothing committed, and the next run skips what is stored. At most
``engine.capacity`` chunks are submitted at a time, so memory stays flat however long the
stream. A chunk whose worker dies or overruns its budget is split, and each of its
articles is analysed again alone: only the article that really crashes or hangs is
recorded as failed (and skipped by later runs unless ``retry_failed``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Article
from ..nlp import is_supported_language, unsupported_message
from ..pipeline import Options
from .engines import Engine, Failure, Results, make_engine
from .leases import Leases
from .sources import iter_sources

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

#: Event callback: ``(event, source)`` with event in ingested, duplicate, skipped, failed.
OnEvent = Callable[[str, str], None]

#: Seconds one article may take in a worker (parse, stages, claim embeddings) before the
#: worker is stopped and the article recorded as timed out. A chunk gets this much in all;
#: when it overruns, each of its articles gets it again alone. Sized for a 1 MB article of
#: ordinary news (254 PolNeAR articles joined): it took 3,841 s (over 16 CPU minutes, 3.3 GB)
#: on a 2-core machine shared at a load of 10 to 18; this allows about twice that.
ARTICLE_TIMEOUT = 7200.0
#: Seconds a lease lasts unless renewed (the driver renews its leases every tenth of it).
LEASE_TTL = 300.0
#: Seconds between looks at articles another run holds, while nothing else is to be done.
WAIT = 1.0


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (one object, not twenty parameters)."""

    workers: int = 1
    engine: str = "local"  # "local" | "dask" | "inline"
    scheduler: str | None = None  # tcp://HOST:PORT for dask
    chunk_size: int = 4
    dedup_threshold: float = 0.7
    clean: bool = True
    follow_links: bool = False
    timeout: float = 10.0  # seconds for each URL fetch
    pipeline: Options = field(default_factory=Options)  # checks the language (English, Russian)
    article_timeout: float = ARTICLE_TIMEOUT
    retry_failed: bool = False  # analyse again the articles whose analysis failed before
    lease_ttl: float = LEASE_TTL


@dataclass
class BatchReport:
    """What a batch did: counts, and each failure with its reason (and kind, in
    ``failed_kinds``: input, error, crash or timeout)."""

    ingested: int = 0
    duplicates: int = 0  # near-duplicates ingested and linked to their original
    skipped: int = 0  # already stored (by an earlier run, or another run meanwhile), repeated
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    failed_kinds: list[str] = field(default_factory=list)
    skipped_failed: int = 0  # their analysis failed in an earlier run; not retried
    elsewhere: int = 0  # of the skipped: analysed meanwhile by another run on the store
    retried: int = 0  # analysed again alone after their chunk's worker died or overran

    def to_dict(self) -> dict[str, Any]:
        kinds = self.failed_kinds + ["input"] * (len(self.failed) - len(self.failed_kinds))
        return {
            "ingested": self.ingested, "duplicates": self.duplicates, "skipped": self.skipped,
            "failed": len(self.failed),
            "failures": [{"source": s, "reason": r, "kind": k}
                         for (s, r), k in zip(self.failed, kinds, strict=True)],
            "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
            "articles_per_s": round(self.ingested / self.seconds, 3) if self.seconds else None,
            "skipped_failed": self.skipped_failed, "elsewhere": self.elsewhere,
            "retried": self.retried, "crashed": kinds.count("crash"),
            "timed_out": kinds.count("timeout"),
        }


@dataclass
class _Item:
    source: str
    article: Article
    signature: bytes
    duplicate_of: str | None


_END: Any = object()
_VERB = {"crash": "crashed", "timeout": "timed out"}


class _Run:
    """One call of :func:`run_batch`."""

    def __init__(self, sources: Iterable[str | Path | Article], store: Store, opts: BatchOptions,
                 on_event: OnEvent | None) -> None:
        from ..corpus.dedup import DuplicateIndex, from_bytes

        self.sources, self.store, self.opts = sources, store, opts
        self.emit = on_event or (lambda _e, _s: None)
        self.report = BatchReport()
        self.index = DuplicateIndex(opts.dedup_threshold)
        for aid, dup, sig in store.iter_signatures():
            self.index.add(aid, from_bytes(sig), dup)
        self.seen: set[str] = set()
        self.failed_sources = {f["source"] for f in store.failures(limit=1_000_000)}
        self.failed_ids = set() if opts.retry_failed else store.failed_article_ids()
        self.leases = Leases(store, opts.lease_ttl, opts.retry_failed)
        self.tasks: dict[int, list[_Item]] = {}
        self.next_task = 0
        self.deferred: dict[str, _Item] = {}  # leased by another run when we came to them
        self.engine: Engine | None = None

    # -- reading and claiming ---------------------------------------------------------------
    def _articles(self) -> Iterator[_Item]:
        from ..corpus.dedup import minhash, to_bytes

        rep = self.report
        for source, item in iter_sources(self.sources, self.opts):
            if isinstance(item, InputError):
                self._fail(source, item.problem)
            elif item.id in self.seen or self.store.has(item.id):
                rep.skipped += 1
                self.emit("skipped", source)
            elif item.id in self.failed_ids:
                rep.skipped_failed += 1
                self.emit("skipped", source)
            elif self.opts.pipeline.check_language and not is_supported_language(item.language):
                self._fail(source, unsupported_message(item.language))
            else:
                self.seen.add(item.id)
                sig = minhash(item.text)
                match = self.index.match(sig)
                dup = match[0] if match else None
                self.index.add(item.id, sig, dup)
                yield _Item(source, item, to_bytes(sig), dup)

    def _claimed(self, items: list[_Item]) -> list[_Item]:
        """Those of *items* this run now holds the lease of; the rest are counted as done
        or failed elsewhere, or deferred while another run holds them."""
        by_id = {i.article.id: i for i in items}
        got = self.leases.claim(list(by_id))
        for aid in got.done:
            self.report.skipped += 1
            self.report.elsewhere += 1
            self.emit("skipped", by_id[aid].source)
        for aid in got.failed:
            self.report.skipped_failed += 1
            self.emit("skipped", by_id[aid].source)
        for aid in got.busy:
            self.deferred[aid] = by_id[aid]
        return [by_id[aid] for aid in got.claimed]

    def _chunks(self) -> Iterator[list[_Item] | None]:
        """Chunks this run holds the leases of; ``None`` while it can only wait for
        articles another run holds."""
        size = max(1, self.opts.chunk_size)
        pending: list[_Item] = []
        for item in self._articles():
            pending.append(item)
            if len(pending) >= size:
                if ready := self._claimed(pending):
                    yield ready
                pending = []
        if pending and (ready := self._claimed(pending)):
            yield ready
        while self.deferred:
            waiting, self.deferred = list(self.deferred.values()), {}
            ready = self._claimed(waiting)
            for lo in range(0, len(ready), size):
                yield ready[lo:lo + size]
            if not ready:
                yield None

    # -- running and writing ----------------------------------------------------------------
    def execute(self) -> BatchReport:
        t0 = time.perf_counter()
        try:
            self._drive()
            if self.engine is not None:  # workers started early for nothing go at once
                self.engine.close(cancel=self.next_task == 0)
        except KeyboardInterrupt:
            self.report.interrupted = True
            if self.engine is not None:
                self.engine.close(cancel=True)
        except BaseException:
            if self.engine is not None:
                self.engine.close(cancel=True)
            raise
        finally:
            self.report.seconds = time.perf_counter() - t0
            try:
                self.leases.release_all()
            except Exception as exc:  # noqa: BLE001 - they expire; the report still matters
                log.warning("could not release this run's leases: %s", exc)
        return self.report

    def _pending(self) -> int:
        return self.engine.pending() if self.engine is not None else 0

    def _drive(self) -> None:
        """Keep the engine fed and write what comes back. The engine (and its workers) is
        started by the first chunk, so a run with nothing new to analyse loads no model;
        on a store with no article and no failure yet (a first ingest), it is started at
        once instead, so that the workers load their models while the driver loads its
        language identifier and reads the first chunk (:meth:`_start_early`)."""
        self._start_early()
        chunks = self._chunks()
        more = True
        while more or self._pending():
            while more and (self.engine is None or self._pending() < self.engine.capacity):
                chunk = next(chunks, _END)
                if chunk is _END:
                    more = False
                elif chunk is None:  # only articles another run holds: look again soon
                    break
                else:
                    self._submit(chunk)
            if self.engine is None or not self._pending():  # nothing submitted to wait on
                if more:
                    time.sleep(WAIT)
                continue
            for task_id, outcome in self.engine.poll(WAIT):
                self._settle(self.tasks.pop(task_id), outcome)
            self.leases.renew_if_due()

    def _start_early(self) -> None:
        """Start the engine before reading, on a store that holds nothing yet: what is read
        then is new unless it cannot be read at all. Workers take seconds to load their
        models (3.6 s of CPU each, 1.2 s of it before they are ready), and the driver's
        first chunk about 1 s (the language identifier loads, four articles are cleaned,
        identified and hashed); started with the first chunk, the workers waited for it."""
        if self.opts.engine != "local" or self.failed_sources:
            return
        if self.store.count_articles() == 0:
            self.engine = make_engine(self.opts)

    def _submit(self, items: list[_Item]) -> None:
        if self.engine is None:
            self.engine = make_engine(self.opts)
        task_id, self.next_task = self.next_task, self.next_task + 1
        self.tasks[task_id] = items
        # One article's budget for the whole chunk: a hang shows up as soon as it would
        # alone, and an overrun chunk is split, so every article gets its full budget alone
        # before it is recorded as timed out.
        self.engine.submit(task_id, [i.article for i in items], self.opts.article_timeout)

    def _settle(self, items: list[_Item], outcome: Results | Failure) -> None:
        if isinstance(outcome, Failure):
            if len(items) > 1:  # which article was it? each goes again, alone
                log.warning("a chunk of %d articles %s (%s); analysing them one by one",
                            len(items), _VERB.get(outcome.kind, outcome.kind), outcome.reason)
                self.report.retried += len(items)
                for item in items:
                    self._submit([item])
                return
            verb = _VERB.get(outcome.kind, outcome.kind)
            self._fail(items[0].source, f"the analysis {verb}: {outcome.reason}",
                       outcome.kind, items[0].article.id)
            return
        for item, res in zip(items, outcome, strict=True):
            if isinstance(res, str):
                self._fail(item.source, res, "error", item.article.id)
            else:
                self._save(item, *res)

    def _save(self, item: _Item, analysis: Any, vectors: dict[str, bytes]) -> None:
        # the vectors come from the worker: the driver never loads the embedding model
        with _held_interrupts():  # committed and counted, or neither
            self.store.save(analysis, duplicate_of=item.duplicate_of, signature=item.signature,
                            claim_vectors=vectors, lease_owner=self.leases.owner)
            if item.source in self.failed_sources:
                self.store.clear_failure(item.source)
            self.report.ingested += 1
            if item.duplicate_of:
                self.report.duplicates += 1
        self.emit("duplicate" if item.duplicate_of else "ingested", item.source)

    def _fail(self, source: str, reason: str, kind: str = "input",
              article_id: str | None = None) -> None:
        with _held_interrupts():
            self.report.failed.append((source, reason))
            self.report.failed_kinds.append(kind)
            self.store.record_failure(source, reason, kind=kind, article_id=article_id,
                                      lease_owner=self.leases.owner if article_id else None)
        self.emit("failed", source)


@contextmanager
def _held_interrupts() -> Iterator[None]:
    """Hold Ctrl-C while a result is written and counted: a SIGINT that arrives between the
    store's commit and the report's count would leave a stored article the report says was
    never ingested. A handler of our own notes the signal (Python runs handlers in the main
    thread, whichever thread the kernel gave the signal to); the previous handler gets it as
    soon as the block ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous):
            previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt


def run_batch(
    sources: Iterable[str | Path | Article], store: Store, opts: BatchOptions | None = None,
    *, on_event: OnEvent | None = None,
) -> BatchReport:
    """Ingest *sources* into *store*; return the report. Ctrl-C stops cleanly: what was
    committed stays, the workers are stopped, the run's leases are given back, and the
    report says ``interrupted`` (the CLI then exits with 130). The driver runs its
    products (the claim index's cosines) on one BLAS thread: the cores are the workers'."""
    from .work import blas_threads

    with blas_threads(1):
        return _Run(sources, store, opts or BatchOptions(), on_event).execute()


def default_workers() -> int:
    import os

    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))
