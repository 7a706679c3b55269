"""What runs in a worker: parse and analyse a chunk of articles, embed their claims, and the
worker process's loop (:func:`worker_main`).

A worker loads the language model and the embedding model once, says it is ready, then
answers each ``(task id, articles)`` it receives on its pipe with ``(task id, results)``,
one result per article: the analysis with its claim vectors, or an error string. It ignores
Ctrl-C (the driver handles it and stops the workers), dies with its driver
(:mod:`.lifeline`), and ends on end-of-file or ``None`` from the driver.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..model import Analysis, Article
from ..pipeline import Options
from . import hooks

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

#: What a worker sends back per article: the analysis with its claim vectors (claim id →
#: float16 bytes; empty when the embedding model failed), or an error string.
Analysed = tuple[Analysis, dict[str, bytes]]


def analyse_chunk(articles: list[Article], options: Options) -> list[Analysis | str]:
    """Parse and analyse *articles* (one model per process); an error string per failure.

    One article at a time: parse, analyse, let the Doc go. Parsing the chunk together
    (``nlp.pipe`` over its four texts) held every Doc, with the tagger's states and the
    sentence encodings in its ``user_data``, until the last was analysed, and the parse of
    four long texts at once was what set a worker's peak memory (a chunk of 13,600 tokens:
    +210 MB while parsing, +114 MB one by one); the parses are the same either way (tags,
    dependencies, entities, sentences and lemmas of the first 60 PolNeAR train articles
    compared) and took the same CPU time (docs/benchmarks.md, 2026-12-03 fifth session).
    """
    return [res for res, _doc in _analysed_docs(articles, options)]


def _analysed_docs(articles: list[Article], options: Options
                   ) -> Iterator[tuple[Analysis | str, Any]]:
    """``(analysis or error string, its Doc or None)`` for each of *articles* in turn, each
    Doc let go before the next article is parsed (Russian articles give no Doc)."""
    from ..nlp import load_model

    hooks.before_chunk(articles)
    if any(a.language == "ru" for a in articles):  # Russian goes through lang.ru, one by one
        yield from ((res, None) for res in _analyse_mixed(articles, options))
        return
    nlp = load_model()
    for article in articles:
        yield _analyse_one(nlp, article, options)


def _analyse_one(nlp: Any, article: Article, options: Options) -> tuple[Analysis | str, Any]:
    """Parse and analyse one English *article*: the analysis (or an error string if either
    fails) and the Doc (None if the parse failed)."""
    from ..pipeline import analyze_doc

    try:
        doc = nlp(article.text)
    except Exception as exc:  # one bad text must not cost the chunk
        return f"parse failed: {type(exc).__name__}: {exc}", None
    try:
        return analyze_doc(doc, article, options), doc
    except Exception as exc:
        return f"analysis failed: {type(exc).__name__}: {exc}", doc


def _analyse_mixed(articles: list[Article], options: Options) -> list[Analysis | str]:
    from ..pipeline import analyze

    out: list[Analysis | str] = []
    for article in articles:
        try:
            out.append(analyze(article, options))
        except Exception as exc:
            out.append(f"analysis failed: {type(exc).__name__}: {exc}")
    return out


#: How many recent claim texts (with their vectors) a worker remembers: a wire story's copies
#: and a story's updates repeat claims word for word, and each text is encoded alone, so a
#: remembered vector is the one the encoder would give again. 2,048 float32 rows: 3 MB.
RECENT_CLAIMS = 2048


class RecentVectors:
    """The vectors of the last *size* distinct claim texts embedded in this process."""

    def __init__(self, size: int = RECENT_CLAIMS) -> None:
        self.size = size
        self.rows: OrderedDict[str, np.ndarray] = OrderedDict()

    def known(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        """Those of *texts* remembered, with their vectors (marked as recently used)."""
        out: dict[str, np.ndarray] = {}
        for t in texts:
            if t in self.rows:
                self.rows.move_to_end(t)
                out[t] = self.rows[t]
        return out

    def remember(self, vectors: Mapping[str, np.ndarray]) -> None:
        for t, v in vectors.items():
            self.rows[t] = v.copy()  # a row of a whole call's matrix would keep it all alive
            self.rows.move_to_end(t)
        while len(self.rows) > self.size:
            self.rows.popitem(last=False)


_recent = RecentVectors()


def embed_claims(analysis: Analysis, doc: Any, recent: RecentVectors | None = None
                 ) -> dict[str, bytes]:
    """Claim id → float16 vector bytes for *analysis* (as ``Store.save`` takes them), taking
    the vector of a claim whose text is a whole sentence the stages encoded from *doc*'s
    cache (18 % of the distinct claim texts of 30 PolNeAR train articles), and of a text
    embedded recently from *recent*; the rest go through the encoder, one text per call. The
    bytes are those :func:`tealeaves.store.grouping.claim_vectors` gives."""
    import numpy as np

    from ..embeddings import embed, encoded_sentence_vectors
    from ..store.grouping import claim_vectors_many

    texts = list(dict.fromkeys(c.text for c in analysis.claims))
    if not texts:
        return {}
    known = encoded_sentence_vectors(doc) if doc is not None else {}
    if recent is not None:
        known.update(recent.known(t for t in texts if t not in known))
    todo = [t for t in texts if t not in known]
    if todo:
        known.update(zip(todo, np.asarray(embed(todo)), strict=True))
    if recent is not None:
        recent.remember({t: known[t] for t in texts})
    return claim_vectors_many([analysis], known=known)[0]


def analyse_and_embed(articles: list[Article], options: Options) -> list[Analysed | str]:
    """:func:`analyse_chunk`, embedding each article's claims while its Doc is still held
    (:func:`embed_claims`), in the worker: the driver only writes (and groups the claims by
    the vectors it gets)."""
    out: list[Analysed | str] = []
    for res, doc in _analysed_docs(articles, options):
        if isinstance(res, str):
            out.append(res)
            continue
        try:
            vectors = embed_claims(res, doc, _recent)
        except Exception as exc:  # noqa: BLE001 - a model failure must not lose the article
            log.warning("claim embeddings failed for %s: %s: %s", res.article.id[:12],
                        type(exc).__name__, exc)
            vectors = {}
        out.append((res, vectors))
        del doc
    return out


#: Libraries a worker never uses that scikit-learn imports if they are installed
#: (``sklearn.utils.fixes`` tries ``import pandas``, and pandas imports pyarrow): unpickling
#: the technique classifier imports scikit-learn, and with them a worker held about 65 MB
#: more. Blocked in worker processes only (:func:`skip_unused_libraries`).
UNUSED_IN_WORKERS = ("pandas", "pyarrow")


def skip_unused_libraries() -> None:
    """Make ``import pandas`` (and pyarrow) fail in this process, so that libraries which
    import them only if they can (scikit-learn) go without. For worker processes, which run
    the pipeline and nothing else; a library already imported is left as it is."""
    for name in UNUSED_IN_WORKERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


@contextmanager
def blas_threads(n: int) -> Iterator[None]:
    """At most *n* BLAS threads (numpy's OpenBLAS) while the block runs (threadpoolctl, a
    dependency of scikit-learn; nothing is changed without it).

    OpenBLAS starts a thread per core in every process and its threads spin while they wait,
    so with two workers and the driver on two cores a product large enough to be split (the
    driver's 30 × 1,000 claim cosines) fought the workers for the cores: on the shared
    2-core machine (load 8) it took 30 ms of wall clock and 10 ms of CPU on two threads,
    1.2 ms and 0.4 ms on one. The analyses and claim vectors of 60 PolNeAR articles, and the
    stores written from them, were byte-identical either way."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - installed with scikit-learn
        yield
        return
    with threadpool_limits(limits=max(1, n), user_api="blas"):
        yield


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    return trim


#: glibc's ``mallopt`` parameter number for the mmap threshold, and the threshold a worker
#: sets: an allocation this large or larger gets pages of its own, given back when freed.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 20


def map_large_allocations(threshold: int = MMAP_THRESHOLD) -> bool:
    """Serve allocations of *threshold* bytes or more from their own pages (glibc's
    ``mallopt(M_MMAP_THRESHOLD)``), unless ``MALLOC_MMAP_THRESHOLD_`` already says; whether
    it took. glibc raises its threshold as large blocks are freed (up to 32 MB), after which
    the parser's and the encoders' buffers of a long article land in the heap and stay there.
    A fixed 1 MB lowered a worker's peak RSS by 26 MB (596 → 570) on the first 48 PolNeAR train
    articles at the same CPU per article (0.767 and 0.770 s, side by side); 128 KB lowered it
    by 37 MB for 11 % more CPU."""
    if os.environ.get("MALLOC_MMAP_THRESHOLD_"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # glibc only
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, int(threshold)) == 1)


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing
    elsewhere). A worker calls it after each chunk: parsing and the encoders free what they
    allocate, but glibc keeps the pages, so the worker's resident size crept up with each
    long article."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def warm_up() -> None:
    """Load the language model and the embedding model (once per process)."""
    from ..embeddings import embed
    from ..nlp import load_model

    load_model()
    embed(["warm up"])


def worker_main(conn: Any, options: Options, parent_pid: int) -> None:
    """The loop of a worker process; *conn* is its end of a duplex pipe to the driver."""
    from ..embeddings import threads
    from .lifeline import bind_to_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    bind_to_parent(parent_pid)
    skip_unused_libraries()
    map_large_allocations()
    n = threads()  # one worker per core: as many BLAS threads as encoder threads
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(n))  # for BLAS libraries loaded later
    import numpy  # noqa: F401 - loads its BLAS now, so that the limit below reaches it

    with blas_threads(n):
        _serve(conn, options)


def _serve(conn: Any, options: Options) -> None:
    try:
        warm_up()
    except Exception as exc:  # noqa: BLE001 - reported to the driver, which stops the batch
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):  # the driver is gone
            return
        if msg is None:
            return
        task_id, articles = msg
        results = analyse_and_embed(articles, options)
        try:
            conn.send((task_id, results))
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
            conn.send((task_id, [f"result could not be sent: {type(exc).__name__}: {exc}"]
                       * len(articles)))
        del msg, articles, results
        release_free_memory()  # while the driver writes what was sent
