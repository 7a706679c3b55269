"""Claim groups kept at write time, so the ``claims`` view is SQL over stored groups.

The rule (the same as when the view grouped at query time; thresholds in
:mod:`tealeaves.corpus.corroboration`'s docstring): two claims of *different* articles are
**linked** when the cosine of their all-MiniLM-L6-v2 embeddings is at least ``EMB_SIMILAR``
and they share an entity (an actor key mentioned inside both claim spans, or the same named
source), or when it is at least ``EMB_NEAR_VERBATIM``. Claims of fewer than ``MIN_WORDS``
content words are never linked. A **component** is a connected component of the links;
its members whose mean cosine with the other members is under ``EMB_PRUNE`` are pruned
(``in_group`` false), so a chain A≈B≈C does not put unrelated A and C together.

What is stored (schema version 6): ``claim_entities`` (the actor keys of each claim),
``claim_links`` (every linked pair with its cosine), ``claims.component`` (the key
``article_id:claim_id`` of one member of the claim's component, NULL for a claim linked to
none) and ``claims.in_group``. :func:`on_save` keeps them right inside the transaction that
writes an article's findings:

1. a re-analysed article's old links are deleted and the components its old claims were in
   are recomputed from the links that remain (they may split);
2. the new claims are compared with every stored claim vector (a float32 matrix kept in
   memory by the :class:`ClaimIndex` of the store, loaded once and then extended, so one
   article costs one ``(claims × stored claims)`` product), the pairs passing the rule are
   stored as links, and the components they touch are merged and pruned again.

A ``store_meta`` generation number, read under the write lock and bumped by every save,
tells the in-memory index whether another writer changed the store since (then it is
reloaded). :func:`regroup` rebuilds everything from scratch (and embeds claims stored
without vectors, as stores written before embeddings have them); components are
order-independent, so an incremental store and a rebuilt one hold the same groups.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from . import schema as s
from .tx import write_tx

if TYPE_CHECKING:
    import numpy as np

    from ..model import Analysis
    from . import Store

log = logging.getLogger(__name__)

#: Embedding cosine above which two claims sharing an entity state the same proposition.
EMB_SIMILAR = 0.70
#: Embedding cosine above which two claims are linked even without a shared entity.
EMB_NEAR_VERBATIM = 0.88
#: Members whose mean embedding cosine with the rest of their component is lower are pruned.
EMB_PRUNE = 0.45
#: Claims with fewer content words (after stop words) are too short to group ("Minimum Wage").
MIN_WORDS = 3

DIM = 384
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    text = resources.files("tealeaves").joinpath("resources/corpus_stopwords_en.txt")
    return frozenset(w.strip() for w in text.read_text("utf-8").splitlines()
                     if w.strip() and not w.startswith("#"))


def groupable(text: str) -> bool:
    """Whether a claim has at least ``MIN_WORDS`` content words."""
    stop = stop_words()
    return sum(1 for w in _TOKEN.findall(text.lower()) if w not in stop) >= MIN_WORDS


def claim_key(article_id: str, claim_id: str) -> str:
    return f"{article_id}:{claim_id}"


def _split(key: str) -> tuple[str, str]:
    aid, _, cid = key.partition(":")
    return aid, cid


def _vec(raw: bytes | None) -> np.ndarray | None:
    import numpy as np

    if raw is None:
        return None
    v = np.frombuffer(bytes(raw), dtype=np.float16)
    return v.astype(np.float32) if v.shape == (DIM,) else None


def claim_vectors(analysis: Analysis, batch_size: int = 32) -> dict[str, bytes]:
    """Claim id → float16 embedding bytes for every claim of *analysis* (one model batch
    per article), as :meth:`Store.save` takes them in ``claim_vectors``."""
    return claim_vectors_many([analysis], batch_size)[0]


def claim_vectors_many(analyses: Sequence[Analysis], batch_size: int = 32
                       ) -> list[dict[str, bytes]]:
    """:func:`claim_vectors` of several analyses in one model call (a batch worker embeds
    its whole chunk at once)."""
    import numpy as np

    from ..embeddings import embed

    texts = [c.text for a in analyses for c in a.claims]
    if not texts:
        return [{} for _ in analyses]
    vecs = embed(texts, batch_size=batch_size).astype(np.float16)
    out: list[dict[str, bytes]] = []
    k = 0
    for a in analyses:
        out.append({c.id: vecs[k + i].tobytes() for i, c in enumerate(a.claims)})
        k += len(a.claims)
    return out


# -- the in-memory index of stored claim vectors -------------------------------------------

class ClaimIndex:
    """Every stored, groupable claim with a vector: key, article, entities and a float32
    matrix (about 1.5 KB a claim), grown by doubling. Rows of a re-analysed article are
    zeroed (they can never reach a threshold) and forgotten."""

    def __init__(self) -> None:
        self.generation: int | None = None
        self._reset()

    def _reset(self) -> None:
        self.keys: list[str] = []
        self.articles: list[str] = []
        self.entities: list[frozenset[str]] = []
        self.by_article: dict[str, list[int]] = defaultdict(list)
        self.row: dict[str, int] = {}
        self.vecs: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: str, article_id: str, entities: frozenset[str], vec: np.ndarray) -> None:
        import numpy as np

        n = len(self.keys)
        if self.vecs is None or n >= len(self.vecs):
            grown = np.zeros((max(1024, 2 * n), DIM), dtype=np.float32)
            if self.vecs is not None:
                grown[:n] = self.vecs[:n]
            self.vecs = grown
        self.vecs[n] = vec
        self.keys.append(key)
        self.articles.append(article_id)
        self.entities.append(entities)
        self.by_article[article_id].append(n)
        self.row[key] = n

    def drop_article(self, article_id: str) -> None:
        for i in self.by_article.pop(article_id, []):
            assert self.vecs is not None
            self.vecs[i] = 0.0
            self.entities[i] = frozenset()
            self.row.pop(self.keys[i], None)

    def vector(self, key: str) -> np.ndarray | None:
        i = self.row.get(key)
        return None if i is None or self.vecs is None else self.vecs[i]

    def matches(self, vecs: np.ndarray, ents: Sequence[frozenset[str]], article_id: str
                ) -> list[tuple[int, str, float]]:
        """``(new row, stored key, cosine)`` for the pairs passing the linking rule."""
        import numpy as np

        n = len(self.keys)
        if not n or not len(vecs) or self.vecs is None:
            return []
        sims = vecs @ self.vecs[:n].T
        out = []
        for i, j in zip(*np.nonzero(sims >= EMB_SIMILAR), strict=True):
            if self.articles[j] == article_id or self.keys[j] not in self.row:
                continue
            cos = float(sims[i, j])
            if cos >= EMB_NEAR_VERBATIM or ents[i] & self.entities[j]:
                out.append((int(i), self.keys[j], cos))
        return out

    def load(self, conn: Connection) -> None:
        """(Re)read every groupable claim with a vector from the store."""
        self._reset()
        ents = _entities_of(conn)
        c = s.claims
        q = (select(c.c.article_id, c.c.claim_id, c.c.text, c.c.vector)
             .where(c.c.vector.is_not(None)).order_by(c.c.article_id, c.c.claim_id))
        for aid, cid, text, raw in conn.execute(q):
            v = _vec(raw)
            if v is not None and groupable(text):
                self.add(claim_key(aid, cid), aid, ents.get((aid, cid), frozenset()), v)


def _entities_of(conn: Connection, article_ids: Iterable[str] | None = None
                 ) -> dict[tuple[str, str], frozenset[str]]:
    e = s.claim_entities
    q = select(e.c.article_id, e.c.claim_id, e.c.key)
    if article_ids is not None:
        q = q.where(e.c.article_id.in_(list(article_ids)))
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for aid, cid, key in conn.execute(q):
        found[(aid, cid)].add(key)
    return {k: frozenset(v) for k, v in found.items()}


# -- generation (under the write lock) ---------------------------------------------------

def _meta(conn: Connection, key: str, *, lock: bool = False) -> str | None:
    q = select(s.store_meta.c.value).where(s.store_meta.c.key == key)
    if lock:
        q = q.with_for_update()
    return conn.execute(q).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    done = conn.execute(update(s.store_meta).where(s.store_meta.c.key == key)
                        .values(value=value)).rowcount
    if not done:
        conn.execute(s.store_meta.insert().values(key=key, value=value))


def generation(conn: Connection, *, lock: bool = False) -> int:
    return int(_meta(conn, "claims_generation", lock=lock) or 0)


# -- components ------------------------------------------------------------------------------

class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, i: str) -> str:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: str, j: str) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def sets(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for i in list(self.parent):
            out[self.find(i)].append(i)
        return list(out.values())


def prune(vecs: np.ndarray) -> np.ndarray:
    """Which rows of a component's vectors stay: mean cosine with the other rows at least
    ``EMB_PRUNE`` (every row of a component of one or two). Uses Σ_j v_i·v_j = v_i·Σ_j v_j,
    so a component of k members costs k dot products, not k²."""
    import numpy as np

    k = len(vecs)
    if k < 3:
        return np.ones(k, dtype=bool)
    total = vecs.sum(axis=0)
    self_sim = np.einsum("ij,ij->i", vecs, vecs)
    mean = (vecs @ total - self_sim) / (k - 1)
    keep: np.ndarray = mean >= EMB_PRUNE
    return keep


def _members(conn: Connection, components: Iterable[str]) -> dict[str, tuple[str | None, Any]]:
    """Key → (component, in_group) of every claim in *components* (ids), plus the claims
    whose own key is one of them (a singleton has no component of its own)."""
    comps = sorted(set(components))
    c = s.claims
    out: dict[str, tuple[str | None, Any]] = {}
    for lo in range(0, len(comps), 400):
        part = comps[lo:lo + 400]
        for aid, cid, comp, flag in conn.execute(
                select(c.c.article_id, c.c.claim_id, c.c.component, c.c.in_group)
                .where(c.c.component.in_(part))):
            out[claim_key(aid, cid)] = (comp, flag)
        for key in part:
            if key not in out:
                aid, cid = _split(key)
                row = conn.execute(select(c.c.component, c.c.in_group).where(
                    c.c.article_id == aid, c.c.claim_id == cid)).first()
                if row is not None:
                    out[key] = (row[0], row[1])
    return out


_SET = (update(s.claims)
        .where(s.claims.c.article_id == bindparam("a"), s.claims.c.claim_id == bindparam("c"))
        .values(component=bindparam("comp"), in_group=bindparam("flag")))


def _write_components(conn: Connection, parts: list[list[str]],
                      old: Mapping[str, tuple[str | None, Any]],
                      vector: Callable[[str], np.ndarray | None]) -> None:
    """Give each part (a list of member keys) its component id and pruned flags, writing
    only the rows that change."""
    import numpy as np

    rows = []
    for part in parts:
        comp_id: str | None
        flags: list[bool | None]
        if len(part) < 2:
            comp_id, flags = None, [None] * len(part)
        else:
            # keep the id most members already carry, so a merge rewrites the smaller side
            counts: dict[str, int] = defaultdict(int)
            inside = set(part)
            for k in part:
                if old.get(k, (None, None))[0] in inside:
                    counts[old[k][0]] += 1  # type: ignore[index]
            comp_id = max(counts, key=lambda x: (counts[x], x)) if counts else min(part)
            vecs = [vector(k) for k in part]
            if any(v is None for v in vecs):  # cannot happen: links need vectors
                flags = [True] * len(part)
            else:
                flags = [bool(x) for x in prune(np.vstack([v for v in vecs if v is not None]))]
        for key, flag in zip(part, flags, strict=True):
            was = old.get(key, (None, None))
            if was[0] != comp_id or (was[1] is None) != (flag is None) or (
                    flag is not None and bool(was[1]) != flag):
                aid, cid = _split(key)
                rows.append({"a": aid, "c": cid, "comp": comp_id, "flag": flag})
    if rows:
        conn.execute(_SET, rows)


def _links_within(conn: Connection, components: Iterable[str]) -> list[tuple[str, str]]:
    comps = sorted(set(components))
    lk, c = s.claim_links, s.claims
    out = []
    for lo in range(0, len(comps), 400):
        q = (select(lk.c.a_article, lk.c.a_claim, lk.c.b_article, lk.c.b_claim)
             .select_from(lk.join(c, and_(c.c.article_id == lk.c.a_article,
                                          c.c.claim_id == lk.c.a_claim)))
             .where(c.c.component.in_(comps[lo:lo + 400])))
        out += [(claim_key(a, b), claim_key(x, y)) for a, b, x, y in conn.execute(q)]
    return out


def _vector_from_db(conn: Connection) -> Callable[[str], np.ndarray | None]:
    c = s.claims

    def get(key: str) -> np.ndarray | None:
        aid, cid = _split(key)
        return _vec(conn.execute(select(c.c.vector).where(
            c.c.article_id == aid, c.c.claim_id == cid)).scalar())
    return get


# -- on save -------------------------------------------------------------------------------

def before_replace(conn: Connection, index: ClaimIndex | None, article_id: str) -> None:
    """An article's findings are about to be replaced: drop its links, and recompute the
    components its claims were in from the links that remain (they may split)."""
    c, lk = s.claims, s.claim_links
    comps = set(conn.execute(select(c.c.component).where(
        c.c.article_id == article_id, c.c.component.is_not(None))).scalars())
    conn.execute(delete(lk).where(or_(lk.c.a_article == article_id,
                                      lk.c.b_article == article_id)))
    if index is not None:
        index.drop_article(article_id)
    if not comps:
        return
    old = {k: v for k, v in _members(conn, comps).items() if _split(k)[0] != article_id}
    uf = _UnionFind()
    for k in old:
        uf.find(k)
    for a, b in _links_within(conn, comps):
        if a in old and b in old:
            uf.union(a, b)
    fallback = _vector_from_db(conn)

    def vector(k: str) -> np.ndarray | None:
        return index.vector(k) if index is not None and k in index.row else fallback(k)

    _write_components(conn, uf.sets(), old, vector)


def entity_rows(analysis: Analysis, claim_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """Stored claim id → actor keys mentioned inside the claim span, plus its named source."""
    import bisect

    from .store import actor_key

    keys: dict[str, str] = {}
    spans: list[tuple[int, int, str]] = []
    for actor in analysis.actors:
        key = actor_key(actor.name, actor.kind)
        keys.setdefault(actor.id, key)
        spans += [(m.start, m.end, key) for m in actor.mentions]
    spans.sort()
    out: dict[str, frozenset[str]] = {}
    for claim, cid in zip(analysis.claims, claim_ids, strict=True):
        found = set()
        lo = bisect.bisect_left(spans, (claim.start, -1, ""))
        for start, end, k in spans[lo:]:
            if start >= claim.end:
                break
            if end <= claim.end:
                found.add(k)
        if claim.source.actor and claim.source.actor in keys:
            found.add(keys[claim.source.actor])
        out[cid] = frozenset(found)
    return out


def on_save(conn: Connection, index: ClaimIndex, analysis: Analysis,
            claim_ids: Sequence[str], vectors: Mapping[str, bytes],
            entities: Mapping[str, frozenset[str]]) -> None:
    """Link the just-inserted claims of *analysis* (stored under *claim_ids*) to the stored
    claims, and merge and prune the components they touch."""
    import numpy as np

    aid = analysis.article.id
    new_keys, new_vecs, new_ents = [], [], []
    for claim, cid in zip(analysis.claims, claim_ids, strict=True):
        v = _vec(vectors.get(claim.id))
        if v is None or not groupable(claim.text):
            continue
        new_keys.append(claim_key(aid, cid))
        new_vecs.append(v)
        new_ents.append(entities.get(cid, frozenset()))
    if not new_keys:
        return
    mat = np.vstack(new_vecs)
    pairs = index.matches(mat, new_ents, aid)
    for key, v, ents in zip(new_keys, new_vecs, new_ents, strict=True):
        index.add(key, aid, ents, v)
    if not pairs:
        return
    link_rows = []
    for i, other, cos in pairs:
        a, b = sorted((new_keys[i], other))
        (aa, ac), (ba, bc) = _split(a), _split(b)
        link_rows.append({"a_article": aa, "a_claim": ac, "b_article": ba, "b_claim": bc,
                          "score": round(cos, 4)})
    conn.execute(s.claim_links.insert(), link_rows)
    # Components touched: those of the linked stored claims (a singleton's id is its key).
    touched = _members(conn, {other for _, other, _ in pairs})
    comp_of = {k: (v[0] or k) for k, v in touched.items()}
    comps = {comp_of.get(other, other) for _, other, _ in pairs}
    old = _members(conn, comps)
    uf = _UnionFind()
    for k, (comp, _) in old.items():
        uf.union(k, comp or k)
    for i, other, _ in pairs:
        uf.union(new_keys[i], comp_of.get(other, other))
    _write_components(conn, uf.sets(), old, index.vector)


def before_save(conn: Connection, index: ClaimIndex) -> int:
    """Take the grouping lock (the ``store_meta`` row, under the write transaction), bring
    *index* up to date if another writer moved the store on, and return the generation."""
    gen = generation(conn, lock=True)
    if index.generation != gen:
        index.load(conn)
    index.generation = None  # until the transaction commits
    return gen


def after_save(conn: Connection, gen: int) -> int:
    _set_meta(conn, "claims_generation", str(gen + 1))
    return gen + 1


# -- status and rebuild ------------------------------------------------------------------

def status(store: Store) -> dict[str, Any]:
    """``claims``, ``without_vector`` (claims no embedding was stored for), ``stale`` (the
    store was written before groups were kept at write time and needs :func:`regroup`)."""
    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(s.claims)).scalar() or 0
        missing = conn.execute(select(func.count()).select_from(s.claims)
                               .where(s.claims.c.vector.is_(None))).scalar() or 0
        stale = _meta(conn, "claim_groups") == "stale"
    return {"claims": int(n), "without_vector": int(missing), "stale": bool(stale)}


def regroup(store: Store, *, backfill: bool = True, batch: int = 512,
            progress: Callable[[str, int, int], None] | None = None) -> dict[str, Any]:
    """Rebuild every claim group from scratch: embed claims stored without a vector (when
    *backfill*; committed in batches, so an interrupted run keeps what it embedded), refill
    ``claim_entities`` from the stored analyses, then link all pairs, find the components
    and prune them. Returns counts: ``embedded``, ``claims``, ``links``, ``components``,
    ``grouped`` (claims kept in a component of two or more)."""
    import time

    import numpy as np

    from ..embeddings import embed

    say = progress or (lambda _what, _done, _total: None)
    t0 = time.perf_counter()
    c = s.claims
    embedded = 0
    if backfill:
        with store.engine.connect() as conn:
            todo = conn.execute(select(c.c.article_id, c.c.claim_id, c.c.text)
                                .where(c.c.vector.is_(None))
                                .order_by(c.c.article_id, c.c.claim_id)).all()
        for lo in range(0, len(todo), batch):
            part = todo[lo:lo + batch]
            half = embed([r[2] for r in part]).astype(np.float16)
            store.set_claim_vectors((r[0], r[1], v.tobytes())
                                    for r, v in zip(part, half, strict=True))
            embedded += len(part)
            say("embedded", embedded, len(todo))
    # entities, from the stored analyses' rows
    ids = _article_ids(store)
    with write_tx(store.engine) as conn:
        generation(conn, lock=True)
        conn.execute(delete(s.claim_entities))
        for lo in range(0, len(ids), 200):
            rows = _entity_rows_from_db(conn, ids[lo:lo + 200])
            if rows:
                conn.execute(s.claim_entities.insert(), rows)
    say("entities", len(ids), len(ids))
    index = ClaimIndex()
    with write_tx(store.engine) as conn:
        gen = generation(conn, lock=True)
        index.load(conn)
        n = len(index)
        vecs = index.vecs[:n] if index.vecs is not None else np.zeros((0, DIM), np.float32)
        uf = _UnionFind()
        links = []
        for lo in range(0, n, 1024):
            sims = vecs[lo:lo + 1024] @ vecs.T
            ii, jj = np.nonzero(sims >= EMB_SIMILAR)
            for i, j in zip((ii + lo).tolist(), jj.tolist(), strict=True):
                if i >= j or index.articles[i] == index.articles[j]:
                    continue
                cos = float(sims[i - lo, j])
                if cos >= EMB_NEAR_VERBATIM or index.entities[i] & index.entities[j]:
                    a, b = sorted((index.keys[i], index.keys[j]))
                    uf.union(a, b)
                    links.append((a, b, cos))
        say("linked", n, n)
        conn.execute(delete(s.claim_links))
        for lo in range(0, len(links), 5000):
            conn.execute(s.claim_links.insert(), [
                {"a_article": _split(a)[0], "a_claim": _split(a)[1], "b_article": _split(b)[0],
                 "b_claim": _split(b)[1], "score": round(cos, 4)}
                for a, b, cos in links[lo:lo + 5000]])
        conn.execute(update(c).values(component=None, in_group=None))
        parts = uf.sets()
        _write_components(conn, parts, {}, index.vector)
        _set_meta(conn, "claim_groups", "current")
        after_save(conn, gen)
        grouped = conn.execute(select(func.count()).select_from(c).where(
            c.c.component.is_not(None), c.c.in_group.is_(True))).scalar() or 0
    return {"embedded": embedded, "claims": n, "links": len(links),
            "components": sum(1 for p in parts if len(p) >= 2), "grouped": grouped,
            "seconds": round(time.perf_counter() - t0, 2)}


def _article_ids(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(s.claims.c.article_id).distinct()
                                 .order_by(s.claims.c.article_id)).scalars())


def _entity_rows_from_db(conn: Connection, ids: list[str]) -> list[dict[str, str]]:
    """claim_entities rows for the claims of *ids*, from the stored mention and actor rows
    (mentions inside the claim span, and the claim's named source)."""
    import bisect

    c, a, m = s.claims, s.actors, s.mentions
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for aid, start, end, k in conn.execute(
            select(m.c.article_id, m.c.start_char, m.c.end_char, a.c.key).select_from(
                m.join(a, and_(a.c.article_id == m.c.article_id, a.c.actor_id == m.c.actor_id)))
            .where(m.c.article_id.in_(ids))):
        spans[aid].append((start, end, k))
    for found in spans.values():
        found.sort()
    src = a.alias("src")
    rows: set[tuple[str, str, str]] = set()
    for aid, cid, start, end, skey in conn.execute(
            select(c.c.article_id, c.c.claim_id, c.c.start_char, c.c.end_char, src.c.key)
            .select_from(c.outerjoin(src, and_(src.c.article_id == c.c.article_id,
                                               src.c.actor_id == c.c.source_actor)))
            .where(c.c.article_id.in_(ids))):
        found = spans.get(aid, [])
        lo = bisect.bisect_left(found, (start, -1, ""))
        for s0, e0, k in found[lo:]:
            if s0 >= end:
                break
            if e0 <= end:
                rows.add((aid, cid, k))
        if skey:
            rows.add((aid, cid, skey))
    return [{"article_id": x, "claim_id": y, "key": z} for x, y, z in sorted(rows)]


__all__ = ["ClaimIndex", "claim_vectors", "claim_vectors_many", "regroup", "status"]
