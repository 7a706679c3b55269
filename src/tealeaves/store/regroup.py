"""Status and rebuild of the claim groups (:func:`regroup`), for stores written before the
groups were kept at write time and after a change of the rule (see
:mod:`tealeaves.store.grouping`)."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, func, select, update

from . import crosslang
from . import schema as s
from .claim_index import (
    DIM,
    EMB_NEAR_VERBATIM,
    EMB_SIMILAR,
    ClaimIndex,
    generation,
    read_meta,
    split_key,
    write_meta,
)
from .components import UnionFind, write_components
from .tx import write_tx

if TYPE_CHECKING:
    import numpy as np

    from .store import Store

Progress = Callable[[str, int, int], None]
Link = tuple[str, str, float]


def status(store: Store) -> dict[str, Any]:
    """``claims``, ``without_vector`` (claims no embedding was stored for), ``stale`` (the
    store was written before groups were kept at write time and needs :func:`regroup`)."""
    with store.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(s.claims)).scalar() or 0
        missing = conn.execute(select(func.count()).select_from(s.claims)
                               .where(s.claims.c.vector.is_(None))).scalar() or 0
        stale = read_meta(conn, "claim_groups") == "stale"
    return {"claims": int(n), "without_vector": int(missing), "stale": bool(stale)}


def regroup(store: Store, *, backfill: bool = True, batch: int = 512,
            progress: Progress | None = None) -> dict[str, Any]:
    """Rebuild every claim group from scratch: embed claims stored without a vector (when
    *backfill*; committed in batches, so an interrupted run keeps what it embedded), refill
    ``claim_entities`` from the stored analyses, then link all pairs, find the components
    and prune them. Returns counts: ``embedded``, ``claims``, ``links``, ``components``,
    ``grouped`` (claims kept in a component of two or more)."""
    import time

    say = progress or (lambda _what, _done, _total: None)
    t0 = time.perf_counter()
    embedded = _backfill(store, batch, say) if backfill else 0
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
    c = s.claims
    with write_tx(store.engine) as conn:
        gen = generation(conn, lock=True)
        index.load(conn)
        n = len(index)
        _, links = _link_all(index)
        links = crosslang.readable_links(conn, links)
        links += [x for x in crosslang.all_links(conn, ((a, b) for a, b, _ in links))
                  if x[0] in index.row and x[1] in index.row]
        uf = UnionFind()
        for a, b, _ in links:
            uf.union(a, b)
        say("linked", n, n)
        _write_links(conn, links)
        conn.execute(update(c).values(component=None, in_group=None))
        parts = uf.sets()
        write_components(conn, parts, {}, index.vector)
        write_meta(conn, "claim_groups", "current")
        write_meta(conn, "claims_generation", str(gen + 1))
        grouped = conn.execute(select(func.count()).select_from(c).where(
            c.c.component.is_not(None), c.c.in_group.is_(True))).scalar() or 0
    return {"embedded": embedded, "claims": n, "links": len(links),
            "components": sum(1 for p in parts if len(p) >= 2), "grouped": grouped,
            "seconds": round(time.perf_counter() - t0, 2)}


def _backfill(store: Store, batch: int, say: Progress) -> int:
    """Embed the claims stored without a vector, committing every *batch*."""
    import numpy as np

    from ..embeddings import embed

    c = s.claims
    with store.engine.connect() as conn:
        todo = conn.execute(select(c.c.article_id, c.c.claim_id, c.c.text)
                            .where(c.c.vector.is_(None))
                            .order_by(c.c.article_id, c.c.claim_id)).all()
    embedded = 0
    for lo in range(0, len(todo), batch):
        part = todo[lo:lo + batch]
        half = embed([r[2] for r in part]).astype(np.float16)
        store.set_claim_vectors((r[0], r[1], v.tobytes())
                                for r, v in zip(part, half, strict=True))
        embedded += len(part)
        say("embedded", embedded, len(todo))
    return embedded


def _link_all(index: ClaimIndex) -> tuple[UnionFind, list[Link]]:
    """Every pair of the index passing the linking rule, and their union-find."""
    import numpy as np

    n = len(index)
    vecs: np.ndarray = (index.vecs[:n] if index.vecs is not None
                        else np.zeros((0, DIM), np.float32))
    uf = UnionFind()
    links: list[Link] = []
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
    return uf, links


def _write_links(conn: Connection, links: list[Link]) -> None:
    conn.execute(delete(s.claim_links))
    for lo in range(0, len(links), 5000):
        rows = []
        for a, b, cos in links[lo:lo + 5000]:
            (aa, ac), (ba, bc) = split_key(a), split_key(b)
            rows.append({"a_article": aa, "a_claim": ac, "b_article": ba, "b_claim": bc,
                         "score": round(cos, 4)})
        conn.execute(s.claim_links.insert(), rows)


def _article_ids(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(s.claims.c.article_id).distinct()
                                 .order_by(s.claims.c.article_id)).scalars())


def _entity_rows_from_db(conn: Connection, ids: list[str]) -> list[dict[str, str]]:
    """claim_entities rows for the claims of *ids*, from the stored mention and actor rows
    (mentions inside the claim span, and the claim's named source)."""
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
