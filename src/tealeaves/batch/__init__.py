"""Batch ingest: many sources → articles → analyses → the store, resumable, parallel, and
proof against an article that crashes or hangs its worker.

The driver (:mod:`.driver`) reads the sources as a stream (:mod:`.sources`: files,
directories, JSONL, RSS/Atom, WARC, URLs), skips articles already stored (resume) or whose
analysis failed before (unless ``retry_failed``), links near-duplicates (MinHash, see
:mod:`tealeaves.corpus.dedup`), leases each article in the store so that several runs on
one store split the work (:mod:`.leases`), and hands small chunks to an engine
(:mod:`.engines`):

- ``local`` (default): *workers* processes under a watchdog (:mod:`.pool`), each loading
  the models once; a worker that dies or overruns ``article_timeout`` per article costs
  only its chunk, whose articles are then analysed again one by one, so only the culprit
  is recorded as failed. Workers die with their driver (:mod:`.lifeline`);
- ``dask``: a Dask distributed cluster;
- ``inline``: in the calling process, for debugging.

Workers also embed the claims (:func:`analyse_and_embed`), so the driver never loads the
embedding model: it writes, and groups each article's claims with the stored ones in the
same transaction (:mod:`tealeaves.store.grouping`). Test-only fault hooks (a crashing,
hanging or waiting article; a log of analyses) are in :mod:`.hooks`, off unless
``TEALEAVES_TEST_HOOKS`` is set.
"""

from __future__ import annotations

from .driver import (
    ARTICLE_TIMEOUT,
    LEASE_TTL,
    BatchOptions,
    BatchReport,
    OnEvent,
    default_workers,
    run_batch,
)
from .engines import Failure
from .sources import estimate_total, iter_sources
from .work import Analysed, analyse_and_embed, analyse_chunk

__all__ = [
    "ARTICLE_TIMEOUT", "LEASE_TTL", "Analysed", "BatchOptions", "BatchReport", "Failure",
    "OnEvent", "analyse_and_embed", "analyse_chunk", "default_workers", "estimate_total",
    "iter_sources", "run_batch",
]
