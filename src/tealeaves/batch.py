"""Batch ingest: many sources → articles → analyses → the store, resumable and parallel.

The driver reads the sources (files, directories, JSONL, RSS/Atom, WARC, URLs) as a stream,
skips articles already stored (resume), links near-duplicates (MinHash, see
:mod:`tealeaves.corpus.dedup`), and hands small chunks of articles to an engine that parses
and analyses them:

- ``local`` (default): the driver itself with ``workers=1``, else a process pool of
  *workers* processes, each loading the language model once;
- ``dask``: a Dask distributed cluster (``scheduler="tcp://HOST:PORT"``, or a LocalCluster
  of *workers* processes when none is given); each worker process loads the model once.

Workers also embed the claims (:func:`analyse_and_embed`), so the driver never loads the
embedding model: it writes, and groups each article's claims with the stored ones in the
same transaction (:mod:`tealeaves.store.grouping`).

Only the driver writes, one transaction per article, as results come back in input order:
a crash or Ctrl-C loses nothing committed, and the next run skips what is stored. At most
``2 × workers`` chunks are in flight, so memory stays flat however long the stream.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import Analysis, Article
from .pipeline import Options

if TYPE_CHECKING:
    from .store import Store

log = logging.getLogger(__name__)

Result = tuple[str, "Article | InputError"]
#: Event callback: ``(event, source)`` with event in ingested, duplicate, skipped, failed.
OnEvent = Callable[[str, str], None]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
DOC_SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (one object, not twenty parameters)."""

    workers: int = 1
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # tcp://HOST:PORT for dask
    chunk_size: int = 4
    dedup_threshold: float = 0.7
    clean: bool = True
    follow_links: bool = False
    timeout: float = 10.0
    pipeline: Options = field(default_factory=Options)  # checks the language: English only


@dataclass
class BatchReport:
    """What a batch did: counts, and each failure with its reason."""

    ingested: int = 0
    duplicates: int = 0  # near-duplicates ingested and linked to their original
    skipped: int = 0  # already stored, or repeated in the input
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingested": self.ingested, "duplicates": self.duplicates, "skipped": self.skipped,
            "failed": len(self.failed),
            "failures": [{"source": s, "reason": r} for s, r in self.failed],
            "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
            "articles_per_s": round(self.ingested / self.seconds, 3) if self.seconds else None,
        }


# -- reading sources ------------------------------------------------------------------------

def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    from .ingest.warc import is_warc

    if is_warc(name):
        return "warc"
    from .ingest.feeds import FEED_SUFFIXES

    if path.suffix.lower() in FEED_SUFFIXES:
        return "feed"
    if path.suffix.lower() in DOC_SUFFIXES:
        return "doc"
    return None


def _read_doc(path: Path, clean: bool) -> Result:
    from .ingest import read_path

    try:
        return str(path), read_path(path, clean=clean)
    except InputError as exc:
        return str(path), exc


def _read_url(url: str, opts: BatchOptions) -> Iterator[Result]:
    from .ingest import read_bytes
    from .ingest.feeds import iter_entries, parse_feed

    try:
        from .ingest.fetch import fetch_url  # SSRF-safe, timeouts and size caps

        page = fetch_url(url, timeout=opts.timeout)
        ctype = (page.content_type or "").split(";", 1)[0].strip().lower()
        if any(x in ctype for x in ("rss", "atom")) or (
                ctype.endswith("xml") and "xhtml" not in ctype):
            parsed = parse_feed(page.body, url)
            yield from iter_entries(
                parsed, url, clean=opts.clean, follow_links=opts.follow_links,
                fetch=lambda u: fetch_url(u, timeout=opts.timeout))
            return
        yield url, read_bytes(page.body, name=url, clean=opts.clean,
                              content_type=page.content_type, url=page.url or url)
    except InputError as exc:
        yield url, exc


def iter_sources(sources: Iterable[str | Path], opts: BatchOptions | None = None
                 ) -> Iterator[Result]:
    """``(source, Article | InputError)`` for every article in *sources*, streamed.

    A source is a file (``.txt``/``.html``, ``.jsonl``[``.gz``], ``.rss``/``.atom``/``.xml``,
    ``.warc``[``.gz``]), a directory (its files of those kinds, sorted) or an http(s) URL
    (a page or a feed).
    """
    from .ingest.feeds import is_url, iter_feed
    from .ingest.jsonl import iter_jsonl
    from .ingest.warc import iter_warc

    opts = opts or BatchOptions()
    for src in sources:
        name = str(src)
        if is_url(name):
            yield from _read_url(name, opts)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p)
                           and not any(x.startswith(".") for x in p.relative_to(path).parts))
        elif path.exists():
            files = [path]
        else:
            yield name, InputError(name, "no such file, directory or URL")
            continue
        for f in files:
            kind = _kind(f) or "doc"
            if kind == "jsonl":
                yield from iter_jsonl(f, clean=opts.clean)
            elif kind == "warc":
                yield from iter_warc(f, clean=opts.clean)
            elif kind == "feed":
                yield from iter_feed(f, clean=opts.clean, follow_links=opts.follow_links,
                                     timeout=opts.timeout)
            else:
                yield _read_doc(f, opts.clean)


def estimate_total(sources: Iterable[str | Path]) -> int | None:
    """How many articles *sources* hold, if that is cheap to know (files, dirs, JSONL)."""
    from .ingest.jsonl import count_lines

    total = 0
    for src in sources:
        path = Path(str(src))
        if str(src).startswith(("http://", "https://")) or not path.exists():
            return None
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for f in files:
            kind = _kind(f) if path.is_dir() else (_kind(f) or "doc")
            if kind == "doc":
                total += 1
            elif kind == "jsonl":
                total += count_lines(f)
            elif kind is not None:
                return None
    return total


# -- analysing (runs in workers) -------------------------------------------------------------

def _init_worker() -> None:
    from .nlp import load_model

    load_model()


def analyse_chunk(articles: list[Article], options: Options) -> list[Analysis | str]:
    """Parse and analyse *articles* (one model per process); an error string per failure."""
    from .nlp import load_model
    from .pipeline import analyze_doc

    nlp = load_model()
    out: list[Analysis | str] = []
    docs: list[Any]
    try:
        docs = list(nlp.pipe([a.text for a in articles], batch_size=max(1, len(articles))))
    except Exception:  # one bad text must not cost the chunk: parse them one by one
        docs = []
        for a in articles:
            try:
                docs.append(nlp(a.text))
            except Exception as exc:
                docs.append(f"parse failed: {type(exc).__name__}: {exc}")
    for article, doc in zip(articles, docs, strict=True):
        if isinstance(doc, str):
            out.append(doc)
            continue
        try:
            out.append(analyze_doc(doc, article, options))
        except Exception as exc:
            out.append(f"analysis failed: {type(exc).__name__}: {exc}")
    return out


#: What a worker sends back per article: the analysis with its claim vectors (claim id →
#: float16 bytes; empty when the embedding model failed), or an error string.
Analysed = tuple[Analysis, dict[str, bytes]]


def analyse_and_embed(articles: list[Article], options: Options) -> list[Analysed | str]:
    """:func:`analyse_chunk`, then the claim embeddings of the whole chunk in one model call,
    in the worker: the driver only writes (and groups the claims by the vectors it gets)."""
    from .store.grouping import claim_vectors_many

    results = analyse_chunk(articles, options)
    done = [r for r in results if not isinstance(r, str)]
    try:
        vectors = claim_vectors_many(done)
    except Exception as exc:  # noqa: BLE001 - a model failure must not lose the articles
        log.warning("claim embeddings failed for a chunk: %s: %s", type(exc).__name__, exc)
        vectors = [{} for _ in done]
    it = iter(vectors)
    return [r if isinstance(r, str) else (r, next(it)) for r in results]


# -- engines ---------------------------------------------------------------------------------

class _Engine:
    """Submit a chunk, get a handle; ``result(handle)`` waits for it."""

    def submit(self, chunk: list[Article]) -> Any:
        raise NotImplementedError

    def result(self, handle: Any) -> list[Analysed | str]:
        raise NotImplementedError

    def close(self, *, cancel: bool = False) -> None:
        pass


class _InlineEngine(_Engine):
    def __init__(self, options: Options) -> None:
        self.options = options

    def submit(self, chunk: list[Article]) -> Any:
        return chunk

    def result(self, handle: Any) -> list[Analysed | str]:
        return analyse_and_embed(handle, self.options)


class _PoolEngine(_Engine):
    def __init__(self, workers: int, options: Options) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.options = options
        # spawn, not fork: the driver may hold threads (progress bar, database pool).
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                        initializer=_init_worker)

    def submit(self, chunk: list[Article]) -> Any:
        return self.pool.submit(analyse_and_embed, chunk, self.options)

    def result(self, handle: Any) -> list[Analysed | str]:
        res: list[Analysed | str] = handle.result()
        return res

    def close(self, *, cancel: bool = False) -> None:
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)


class _DaskEngine(_Engine):
    def __init__(self, workers: int, scheduler: str | None, options: Options) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - optional extra
            raise RuntimeError("the dask engine needs `pip install tealeaves[dask]`") from exc
        self.options = options
        self.cluster = None
        if scheduler:
            self.client = Client(scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None,
                                        silence_logs=logging.ERROR)
            self.client = Client(self.cluster)

    def submit(self, chunk: list[Article]) -> Any:
        return self.client.submit(analyse_and_embed, chunk, self.options, pure=False)

    def result(self, handle: Any) -> list[Analysed | str]:
        res: list[Analysed | str] = handle.result()
        return res

    def close(self, *, cancel: bool = False) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _engine(opts: BatchOptions) -> _Engine:
    workers = max(1, int(opts.workers))
    if opts.engine == "dask":
        return _DaskEngine(workers, opts.scheduler, opts.pipeline)
    if opts.engine != "local":
        raise ValueError(f"engine must be 'local' or 'dask', not {opts.engine!r}")
    if workers == 1:
        return _InlineEngine(opts.pipeline)
    return _PoolEngine(workers, opts.pipeline)


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else (os.cpu_count() or 1))


# -- the driver ------------------------------------------------------------------------------

def run_batch(
    sources: Iterable[str | Path], store: Store, opts: BatchOptions | None = None,
    *, on_event: OnEvent | None = None,
) -> BatchReport:
    """Ingest *sources* into *store*; return the report. Ctrl-C stops cleanly: what was
    committed stays and the report says ``interrupted`` (the CLI then exits with 130)."""
    import time

    from .corpus.dedup import DuplicateIndex, from_bytes, minhash, to_bytes

    opts = opts or BatchOptions()
    report = BatchReport()
    emit = on_event or (lambda _e, _s: None)
    t0 = time.perf_counter()

    index = DuplicateIndex(opts.dedup_threshold)
    for aid, dup, sig in store.iter_signatures():
        index.add(aid, from_bytes(sig), dup)
    seen: set[str] = set()
    failed_before = {f["source"] for f in store.failures(limit=1_000_000)}

    def fail(source: str, reason: str) -> None:
        report.failed.append((source, reason))
        store.record_failure(source, reason)
        emit("failed", source)

    def chunks() -> Iterator[list[tuple[str, Article, bytes, str | None]]]:
        chunk: list[tuple[str, Article, bytes, str | None]] = []
        for source, item in iter_sources(sources, opts):
            if isinstance(item, InputError):
                fail(source, item.problem)
                continue
            if item.id in seen or store.has(item.id):
                report.skipped += 1
                emit("skipped", source)
                continue
            seen.add(item.id)
            if opts.pipeline.check_language and item.language != "en":
                fail(source, f"the text is in language {item.language!r}; tealeaves "
                             f"analyses English only")
                continue
            sig = minhash(item.text)
            match = index.match(sig)
            dup = match[0] if match else None
            index.add(item.id, sig, dup)
            chunk.append((source, item, to_bytes(sig), dup))
            if len(chunk) >= opts.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    engine = _engine(opts)
    inflight: deque[tuple[Any, list[tuple[str, Article, bytes, str | None]]]] = deque()
    max_inflight = 2 * max(1, int(opts.workers))

    def drain_one() -> None:
        handle, meta = inflight.popleft()
        try:
            results = engine.result(handle)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a worker died: every article of the chunk failed
            results = [f"worker failed: {type(exc).__name__}: {exc}"] * len(meta)
        for (source, _art, sig, dup), res in zip(meta, results, strict=True):
            if isinstance(res, str):
                fail(source, res)
                continue
            analysis, vectors = res  # the vectors come from the worker: no model here
            store.save(analysis, duplicate_of=dup, signature=sig, claim_vectors=vectors)
            if source in failed_before:
                store.clear_failure(source)
            report.ingested += 1
            if dup:
                report.duplicates += 1
            emit("duplicate" if dup else "ingested", source)

    try:
        for chunk in chunks():
            inflight.append((engine.submit([a for _, a, _, _ in chunk]), chunk))
            while len(inflight) >= max_inflight:
                drain_one()
        while inflight:
            drain_one()
        engine.close()
    except KeyboardInterrupt:
        report.interrupted = True
        engine.close(cancel=True)
    finally:
        report.seconds = time.perf_counter() - t0
    return report
