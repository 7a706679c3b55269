"""An on-disk approximate-nearest-neighbour index of the stored claim vectors (usearch HNSW)
whose heap does not grow with the corpus: the store option ``claim_index="ann"``.

The exact :class:`~tealeaves.store.claim_index.ClaimIndex` keeps every claim vector, key and
entity set in memory (about 1.6 KB a claim). This index keeps instead:

* **segments**: sealed, immutable usearch files of about ``segment_size`` vectors each,
  beside the SQLite file (``<db>.claim-ann/``), opened as memory-mapped views: their pages
  are the operating system's file cache, not the process's heap. A view still costs some
  heap: usearch's table of node offsets (8 bytes a vector; its key-lookup hash table, about
  70 bytes a vector more, is switched off since a search does not need it). So only the
  first ``open_segments`` views stay open; each later one is opened for a search and closed
  after it (about 2 ms for 50,000 vectors against about 6 ms for the search itself): the
  heap is bounded by the tail plus ``open_segments + 1`` views, whatever the corpus size
  (:meth:`AnnClaimIndex.memory_bytes`);
* a **tail** (the active shard): the vectors added since the last segment, in memory, at
  most ``segment_size`` of them (plus one article); when full it is sealed as a new segment
  (at the start of a save, under the store's write lock, so it holds only committed claims);
* the ``claim_ann`` table: label (an integer, the usearch key) → article and claim. A claim
  of a re-analysed article loses its row, so a label found in a segment but no longer in
  the table is ignored (segments are never rewritten).

A search asks every segment and the tail for the ``k`` nearest labels of each new claim;
the candidates' article, entities and *stored* vectors are then read from the store and the
linking rule (:mod:`tealeaves.store.grouping`) is applied on the exact cosine. So the index
can only miss links (recall, measured by ``benchmarks/bench_growth.py``), never add one the
exact rule would not. Another writer's saves are picked up from the table (labels at or
above the manifest's watermark are the tail's). Needs the ``growth`` extra (usearch).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, select

from . import schema as s
from .claim_index import DIM, EMB_NEAR_VERBATIM, EMB_SIMILAR, claim_key, groupable, to_vector
from .watch_tables import claim_ann

if TYPE_CHECKING:
    import numpy as np

#: Vectors per segment file (and at most in memory, in the tail).
SEGMENT_SIZE = 50_000
#: Nearest neighbours asked of each segment for each new claim.
K = 32
#: Candidates kept while searching the HNSW graph (usearch's expansion_search): at 64, 6 % of
#: the links to sealed segments were missed at a million simulated claims, at 128 0.8 %, at 256
#: none, for about 1.2 and 2 times the search time (docs/growth.md).
EXPANSION_SEARCH = 128
#: Sealed segments whose views stay open between searches (the others are opened per search).
OPEN_SEGMENTS = 8


class AnnClaimIndex:
    """The claim index of a store opened with ``claim_index="ann"`` (same interface as
    :class:`~tealeaves.store.claim_index.ClaimIndex` for :mod:`.grouping`)."""

    def __init__(self, directory: str | Path, *, segment_size: int = SEGMENT_SIZE,
                 k: int = K, open_segments: int = OPEN_SEGMENTS) -> None:
        try:
            import usearch.index  # noqa: F401
        except ImportError:
            raise RuntimeError("claim_index='ann' needs usearch: pip install "
                               "'tealeaves[growth]'") from None
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.segment_size, self.k, self.open_segments = segment_size, k, open_segments
        #: Threads for adding to the tail (1 in a save; a bulk load may use more).
        self.threads = 1
        self.generation: int | None = None
        self.row: dict[str, int] = {}  # nothing kept in memory by key (see grouping)
        self.segments: list[str] = []  # file names of the sealed segments, oldest first
        self.sizes: list[int] = []  # their vector counts
        self.views: dict[int, Any] = {}  # the open views, by position in ``segments``
        self.watermark = 0  # labels below it are in segments
        self.tail: Any = None
        self._open()

    # -- files --------------------------------------------------------------------------------
    @property
    def manifest(self) -> Path:
        return self.dir / "manifest.json"

    def _read_manifest(self) -> dict[str, Any]:
        return json.loads(self.manifest.read_text()) if self.manifest.exists() else {}

    def _open(self) -> None:
        data = self._read_manifest()
        self.watermark = int(data.get("watermark", 0))
        self.views = {}
        self.segments = list(data.get("segments", []))
        sizes = data.get("sizes")  # absent in a manifest written before 2026-12-03
        if sizes is None or len(sizes) != len(self.segments):
            sizes = []
            for i in range(len(self.segments)):
                with self._segment(i) as view:
                    sizes.append(len(view))
        self.sizes = [int(n) for n in sizes]
        for i in range(min(self.open_segments, len(self.segments))):
            self.views[i] = self._view(i)
        self.tail = self._new_index()

    def _view(self, i: int) -> Any:
        """A memory-mapped view of segment *i*, without usearch's key-lookup table."""
        view = self._new_index(enable_key_lookups=False)
        view.view(str(self.dir / self.segments[i]))
        return view

    @contextmanager
    def _segment(self, i: int) -> Iterator[Any]:
        """Segment *i*'s open view, or one opened for the caller and closed after."""
        if i in self.views:
            yield self.views[i]
            return
        view = self._view(i)
        try:
            yield view
        finally:
            view.reset()  # unmaps the file and frees the node table now

    @staticmethod
    def _new_index(*, enable_key_lookups: bool = True) -> Any:
        from usearch.index import Index

        return Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16,
                     expansion_add=64, expansion_search=EXPANSION_SEARCH,
                     enable_key_lookups=enable_key_lookups)

    def memory_bytes(self) -> int:
        """The heap usearch holds for this index (its own count): the tail and the open
        views' node tables; the segments' mapped pages are not counted (file cache)."""
        return int(self.tail.memory_usage) + sum(int(v.memory_usage)
                                                 for v in self.views.values())

    def _flush(self, conn: Connection) -> None:
        """Write the tail out as a new segment (it holds committed claims only)."""
        if len(self.tail) == 0:
            return
        top = _next_label(conn)
        data = self._read_manifest()  # another writer may have sealed a segment meanwhile
        names = list(data.get("segments", []))
        sizes = data.get("sizes") or self.sizes
        name = f"segment-{len(names):05d}.usearch"
        self.tail.save(str(self.dir / name))
        tmp = self.manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps({"segments": [*names, name],
                                   "sizes": [*sizes[:len(names)], len(self.tail)],
                                   "watermark": top}))
        os.replace(tmp, self.manifest)
        self._open()

    # -- the ClaimIndex interface -------------------------------------------------------------
    def __len__(self) -> int:
        return sum(self.sizes) + len(self.tail)

    def load(self, conn: Connection) -> None:
        """Bring the index up to date with the store (another writer saved meanwhile): reread
        the manifest, rebuild the tail from the table's labels above the watermark, and index
        the stored claims that have no label yet (a store written before, or regrouped)."""
        self._open()
        c, a = s.claims, claim_ann
        q = (select(a.c.label, c.c.vector).join(c, (c.c.article_id == a.c.article_id)
                                                 & (c.c.claim_id == a.c.claim_id))
             .where(a.c.label >= self.watermark).order_by(a.c.label))
        self._add_rows(conn.execute(q).all())
        missing = (select(c.c.article_id, c.c.claim_id, c.c.text, c.c.vector)
                   .outerjoin(a, (c.c.article_id == a.c.article_id)
                              & (c.c.claim_id == a.c.claim_id))
                   .where(a.c.label.is_(None), c.c.vector.is_not(None))
                   .order_by(c.c.article_id, c.c.claim_id))
        batch = []
        for aid, cid, text, raw in conn.execute(missing):
            v = to_vector(raw)
            if v is not None and groupable(text):
                batch.append((aid, cid, v))
            if len(batch) >= 10_000:
                self._insert(conn, batch)
                batch = []
        self._insert(conn, batch)
        if len(self.tail) >= self.segment_size:
            self._flush(conn)

    def prepare(self, conn: Connection) -> None:
        """At the start of a save (under the write lock): write a full tail out."""
        if len(self.tail) >= self.segment_size:
            self._flush(conn)

    def _add_rows(self, rows: Sequence[tuple[int, bytes]]) -> None:
        import numpy as np

        vecs = [(label, to_vector(raw)) for label, raw in rows]
        good = [(label, v) for label, v in vecs if v is not None]
        if good:
            self.tail.add(np.array([x[0] for x in good], dtype=np.uint64),
                          np.vstack([x[1] for x in good]), threads=self.threads)

    def _insert(self, conn: Connection, items: Sequence[tuple[str, str, np.ndarray]]) -> None:
        import numpy as np

        if not items:
            return
        top = _next_label(conn)
        labels = np.arange(top, top + len(items), dtype=np.uint64)
        conn.execute(claim_ann.insert(), [
            {"label": int(lab), "article_id": aid, "claim_id": cid}
            for lab, (aid, cid, _) in zip(labels, items, strict=True)])
        self.tail.add(labels, np.vstack([v for _, _, v in items]), threads=self.threads)

    def add_batch(self, conn: Connection, items: Sequence[tuple[str, str, np.ndarray]]) -> None:
        """Index stored claims ``(article id, claim id, vector)`` in one call (a bulk load:
        use :attr:`threads`); seal the tail first if it is full."""
        self.prepare(conn)
        self._insert(conn, items)

    def add(self, key: str, article_id: str, entities: frozenset[str], vec: np.ndarray, *,
            conn: Connection | None = None) -> None:
        self.add_all([key], article_id, [entities], [vec], conn=conn)

    def add_all(self, keys: Sequence[str], article_id: str, entities: Sequence[frozenset[str]],
                vecs: Sequence[np.ndarray], *, conn: Connection | None = None) -> None:
        """Add one article's claims in one batch (one label query, one index call)."""
        assert conn is not None, "the ANN index adds inside the save's transaction"
        self._insert(conn, [(article_id, k.partition(":")[2], v)
                            for k, v in zip(keys, vecs, strict=True)])

    def drop_article(self, article_id: str, *, conn: Connection | None = None) -> None:
        if conn is not None:
            conn.execute(delete(claim_ann).where(claim_ann.c.article_id == article_id))

    def vector(self, key: str) -> np.ndarray | None:
        return None  # read from the store (grouping falls back to it)

    def matches(self, vecs: np.ndarray, ents: Sequence[frozenset[str]], article_id: str, *,
                conn: Connection | None = None) -> list[tuple[int, str, float]]:
        """``(new row, stored key, cosine)`` for the pairs passing the linking rule, among
        the ``k`` nearest neighbours of each new row in every segment and the tail."""
        import numpy as np

        assert conn is not None
        if not len(vecs) or len(self) == 0:
            return []
        queries = vecs.astype(np.float32)
        wanted: dict[int, set[int]] = {}
        for i in range(len(self.segments)):
            with self._segment(i) as view:
                self._search(view, queries, wanted)
        self._search(self.tail, queries, wanted)
        if not wanted:
            return []
        return self._check(conn, vecs, ents, article_id, wanted)

    def _search(self, index: Any, queries: np.ndarray, wanted: dict[int, set[int]]) -> None:
        """Add to *wanted* the labels among *index*'s ``k`` nearest of each query that may
        pass the threshold (label → query rows)."""
        import numpy as np

        n = len(index)
        if not n:
            return
        found = index.search(queries, min(self.k, n), threads=1)
        keys = np.asarray(found.keys).reshape(len(queries), -1)
        dist = np.asarray(found.distances).reshape(len(queries), -1)
        for i in range(len(queries)):
            # a margin below the threshold: f16 distances are approximate
            for lab in keys[i][dist[i] <= 1.0 - EMB_SIMILAR + 0.02]:
                wanted.setdefault(int(lab), set()).add(i)

    def _check(self, conn: Connection, vecs: np.ndarray, ents: Sequence[frozenset[str]],
               article_id: str, wanted: dict[int, set[int]]) -> list[tuple[int, str, float]]:
        c, a, e = s.claims, claim_ann, s.claim_entities
        out: list[tuple[int, str, float]] = []
        labels = sorted(wanted)
        for lo in range(0, len(labels), 500):
            chunk = labels[lo:lo + 500]
            q = (select(a.c.label, a.c.article_id, a.c.claim_id, c.c.vector)
                 .join(c, (c.c.article_id == a.c.article_id) & (c.c.claim_id == a.c.claim_id))
                 .where(a.c.label.in_(chunk), a.c.article_id != article_id))
            for label, aid, cid, raw in conn.execute(q).all():
                v = to_vector(raw)
                if v is None:
                    continue
                theirs: frozenset[str] | None = None
                for i in sorted(wanted[label]):
                    cos = float(vecs[i] @ v)
                    if cos < EMB_SIMILAR:
                        continue
                    if cos < EMB_NEAR_VERBATIM:
                        if theirs is None:
                            theirs = frozenset(conn.execute(select(e.c.key).where(
                                e.c.article_id == aid, e.c.claim_id == cid)).scalars())
                        if not ents[i] & theirs:
                            continue
                    out.append((i, claim_key(aid, cid), cos))
        return out


def _next_label(conn: Connection) -> int:
    top = conn.execute(select(func.max(claim_ann.c.label))).scalar()
    return 0 if top is None else int(top) + 1


def ann_directory(url: str) -> Path | None:
    """Where a SQLite store's ANN segments live (``<db>.claim-ann``); None in memory."""
    from sqlalchemy.engine import make_url

    db = make_url(url).database
    return Path(f"{db}.claim-ann") if db and db != ":memory:" else None
