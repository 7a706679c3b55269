"""An on-disk approximate-nearest-neighbour index of the stored claim vectors (usearch HNSW),
whose heap grows about thirteen times slower than the exact index's (0.15 KB against 2 KB
a claim, measured in docs/growth.md): the store option ``claim_index="ann"``.

The exact :class:`~tealeaves.store.claim_index.ClaimIndex` keeps every claim vector, key and
entity set in memory (about 1.6 KB a claim). This index keeps instead:

* **segments**: immutable usearch files of at most ``segment_size`` vectors each, beside the
  SQLite file (``<db>.claim-ann/``), opened as memory maps (``view``): their pages are the
  operating system's file cache, not the process's heap;
* a **tail**: the vectors added since the last segment, in memory, at most
  ``segment_size`` of them; when full it is written out as a new segment (at the start of
  a save, under the store's write lock, so it holds only committed claims);
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
from collections.abc import Sequence
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


class AnnClaimIndex:
    """The claim index of a store opened with ``claim_index="ann"`` (same interface as
    :class:`~tealeaves.store.claim_index.ClaimIndex` for :mod:`.grouping`)."""

    def __init__(self, directory: str | Path, *, segment_size: int = SEGMENT_SIZE,
                 k: int = K) -> None:
        try:
            import usearch.index  # noqa: F401
        except ImportError:
            raise RuntimeError("claim_index='ann' needs usearch: pip install "
                               "'tealeaves[growth]'") from None
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.segment_size, self.k = segment_size, k
        self.generation: int | None = None
        self.row: dict[str, int] = {}  # nothing kept in memory by key (see grouping)
        self.segments: list[Any] = []
        self.watermark = 0  # labels below it are in segments
        self.tail: Any = None
        self._open()

    # -- files --------------------------------------------------------------------------------
    @property
    def manifest(self) -> Path:
        return self.dir / "manifest.json"

    def _open(self) -> None:
        from usearch.index import Index

        data = json.loads(self.manifest.read_text()) if self.manifest.exists() else {}
        self.watermark = int(data.get("watermark", 0))
        self.segments = [Index.restore(str(self.dir / name), view=True)
                         for name in data.get("segments", [])]
        self.tail = self._new_index()

    def _new_index(self) -> Any:
        from usearch.index import Index

        return Index(ndim=DIM, metric="cos", dtype="f16", connectivity=16,
                     expansion_add=64, expansion_search=64)

    def _flush(self, conn: Connection) -> None:
        """Write the tail out as a new segment (it holds committed claims only)."""
        if len(self.tail) == 0:
            return
        top = _next_label(conn)
        names = json.loads(self.manifest.read_text())["segments"] if self.manifest.exists() \
            else []
        name = f"segment-{len(names):05d}.usearch"
        self.tail.save(str(self.dir / name))
        tmp = self.manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps({"segments": [*names, name], "watermark": top}))
        os.replace(tmp, self.manifest)
        self._open()

    # -- the ClaimIndex interface -------------------------------------------------------------
    def __len__(self) -> int:
        return sum(len(x) for x in self.segments) + len(self.tail)

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
                          np.vstack([x[1] for x in good]), threads=1)

    def _insert(self, conn: Connection, items: Sequence[tuple[str, str, np.ndarray]]) -> None:
        import numpy as np

        if not items:
            return
        top = _next_label(conn)
        labels = np.arange(top, top + len(items), dtype=np.uint64)
        conn.execute(claim_ann.insert(), [
            {"label": int(lab), "article_id": aid, "claim_id": cid}
            for lab, (aid, cid, _) in zip(labels, items, strict=True)])
        self.tail.add(labels, np.vstack([v for _, _, v in items]), threads=1)

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
        wanted: dict[int, set[int]] = {}
        for index in [*self.segments, self.tail]:
            n = len(index)
            if not n:
                continue
            found = index.search(vecs.astype(np.float32), min(self.k, n), threads=1)
            keys = np.asarray(found.keys).reshape(len(vecs), -1)
            dist = np.asarray(found.distances).reshape(len(vecs), -1)
            for i in range(len(vecs)):
                # a margin below the threshold: f16 distances are approximate
                for lab in keys[i][dist[i] <= 1.0 - EMB_SIMILAR + 0.02]:
                    wanted.setdefault(int(lab), set()).add(i)
        if not wanted:
            return []
        return self._check(conn, vecs, ents, article_id, wanted)

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
