"""Claim groups kept at write time, so the ``claims`` view is SQL over stored groups.

The rule (the same as when the view grouped at query time; thresholds in
:mod:`tealeaves.corpus.corroboration`'s docstring): two claims of *different* articles are
**linked** when the cosine of their all-MiniLM-L6-v2 embeddings is at least ``EMB_SIMILAR``
and they share an entity (an actor key mentioned inside both claim spans, or the same named
source), or when it is at least ``EMB_NEAR_VERBATIM``. Claims of fewer than ``MIN_WORDS``
content words are never linked. A **component** is a connected component of the links;
its members whose mean cosine with the other members is under ``EMB_PRUNE`` are pruned
(``in_group`` false), so a chain A≈B≈C does not put unrelated A and C together.

A pair with a claim not in English (Russian–English, Russian–Russian) is one the English
encoder cannot judge: the embedding rule keeps it only at a cosine of 0.95 or above, and
otherwise it is linked when the two share a person (or their named source) and a date or a
quantity
(:mod:`tealeaves.store.crosslang`), and pruning judges only the English members.

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
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, or_, select

from . import crosslang
from . import schema as s
from .claim_index import (
    DIM,
    EMB_NEAR_VERBATIM,
    EMB_PRUNE,
    EMB_SIMILAR,
    MIN_WORDS,
    ClaimIndex,
    claim_key,
    generation,
    groupable,
    split_key,
    stop_words,
    to_vector,
    write_meta,
)
from .components import UnionFind, links_within, members, prune, vector_from_db, write_components
from .regroup import regroup, status

if TYPE_CHECKING:
    import numpy as np

    from ..model import Analysis
    from .ann_index import AnnClaimIndex

log = logging.getLogger(__name__)


def claim_vectors(analysis: Analysis, batch_size: int = 32) -> dict[str, bytes]:
    """Claim id → float16 embedding bytes for every claim of *analysis* (one model batch
    per article), as :meth:`Store.save` takes them in ``claim_vectors``."""
    return claim_vectors_many([analysis], batch_size)[0]


def claim_vectors_many(analyses: Sequence[Analysis], batch_size: int = 32, *,
                       known: Mapping[str, np.ndarray] | None = None
                       ) -> list[dict[str, bytes]]:
    """:func:`claim_vectors` of several analyses in one model call (a batch worker embeds
    its whole chunk at once). *known* maps texts to vectors already computed for them alone
    (the sentences the stages encoded, a worker's recent claims: see
    :mod:`tealeaves.batch.work`); those texts are not run through the encoder again."""
    import numpy as np

    from ..embeddings import embed

    # each distinct text once: the encoder reads one text per call (embeddings.MAX_BATCH), so
    # a text's vector does not depend on the others (45 of the 2,223 claims of the first 60
    # PolNeAR train articles repeat a text of their own article)
    texts = list(dict.fromkeys(c.text for a in analyses for c in a.claims))
    if not texts:
        return [{} for _ in analyses]
    known = known or {}
    todo = [t for t in texts if t not in known]
    fresh = dict(zip(todo, embed(todo, batch_size=batch_size), strict=True)) if todo else {}
    half = {t: np.asarray(known[t] if t in known else fresh[t]).astype(np.float16).tobytes()
            for t in texts}
    return [{c.id: half[c.text] for c in a.claims} for a in analyses]


# -- on save -------------------------------------------------------------------------------

def before_replace(conn: Connection, index: ClaimIndex | AnnClaimIndex | None,
                   article_id: str) -> None:
    """An article's findings are about to be replaced: drop its links, and recompute the
    components its claims were in from the links that remain (they may split)."""
    c, lk = s.claims, s.claim_links
    comps = set(conn.execute(select(c.c.component).where(
        c.c.article_id == article_id, c.c.component.is_not(None))).scalars())
    conn.execute(delete(lk).where(or_(lk.c.a_article == article_id,
                                      lk.c.b_article == article_id)))
    if index is not None:
        index.drop_article(article_id, conn=conn)
    if not comps:
        return
    old = {k: v for k, v in members(conn, comps).items() if split_key(k)[0] != article_id}
    uf = UnionFind()
    for k in old:
        uf.find(k)
    for a, b in links_within(conn, comps):
        if a in old and b in old:
            uf.union(a, b)
    fallback = vector_from_db(conn)

    def vector(k: str) -> np.ndarray | None:
        return index.vector(k) if index is not None and k in index.row else fallback(k)

    write_components(conn, uf.sets(), old, vector)


def entity_rows(analysis: Analysis, claim_ids: Sequence[str]) -> dict[str, frozenset[str]]:
    """Stored claim id → actor keys mentioned inside the claim span, plus its named source."""
    import bisect

    from .rows import actor_key

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


def on_save(conn: Connection, index: ClaimIndex | AnnClaimIndex, analysis: Analysis,
            claim_ids: Sequence[str], vectors: Mapping[str, bytes],
            entities: Mapping[str, frozenset[str]]) -> None:
    """Link the just-inserted claims of *analysis* (stored under *claim_ids*) to the stored
    claims, and merge and prune the components they touch."""
    import numpy as np

    aid = analysis.article.id
    from .rows import actor_key

    keys_of = {a.id: actor_key(a.name, a.kind) for a in analysis.actors}
    new_keys, new_vecs, new_ents, new_texts = [], [], [], []
    new_srcs: list[str | None] = []
    for claim, cid in zip(analysis.claims, claim_ids, strict=True):
        v = to_vector(vectors.get(claim.id))
        if v is None or not groupable(claim.text):
            continue
        new_keys.append(claim_key(aid, cid))
        new_vecs.append(v)
        new_ents.append(entities.get(cid, frozenset()))
        new_texts.append(claim.text)
        new_srcs.append(keys_of.get(claim.source.actor) if claim.source.actor else None)
    if not new_keys:
        return
    mat = np.vstack(new_vecs)
    pairs = crosslang.readable(conn, analysis.article.language,
                               index.matches(mat, new_ents, aid, conn=conn))
    seen = {(i, other) for i, other, _ in pairs}
    pairs += [p for p in crosslang.matches(conn, aid, analysis.article.language, new_texts,
                                           new_ents, new_srcs, new_vecs)
              if (p[0], p[1]) not in seen]
    index.add_all(new_keys, aid, new_ents, new_vecs, conn=conn)
    if not pairs:
        return
    link_rows = []
    for i, other, cos in pairs:
        a, b = sorted((new_keys[i], other))
        (aa, ac), (ba, bc) = split_key(a), split_key(b)
        link_rows.append({"a_article": aa, "a_claim": ac, "b_article": ba, "b_claim": bc,
                          "score": round(cos, 4)})
    conn.execute(s.claim_links.insert(), link_rows)
    # Components touched: those of the linked stored claims (a singleton's id is its key).
    touched = members(conn, {other for _, other, _ in pairs})
    comp_of = {k: (v[0] or k) for k, v in touched.items()}
    comps = {comp_of.get(other, other) for _, other, _ in pairs}
    old = members(conn, comps)
    uf = UnionFind()
    for k, (comp, _) in old.items():
        uf.union(k, comp or k)
    for i, other, _ in pairs:
        uf.union(new_keys[i], comp_of.get(other, other))
    fallback = vector_from_db(conn)

    def vector(k: str) -> np.ndarray | None:
        return index.vector(k) if k in index.row else fallback(k)

    write_components(conn, uf.sets(), old, vector)


def before_save(conn: Connection, index: ClaimIndex | AnnClaimIndex) -> int:
    """Take the grouping lock (the ``store_meta`` row, under the write transaction), bring
    *index* up to date if another writer moved the store on, and return the generation."""
    gen = generation(conn, lock=True)
    if index.generation != gen:
        index.load(conn)
    index.prepare(conn)
    index.generation = None  # until the transaction commits
    return gen


def after_save(conn: Connection, gen: int) -> int:
    write_meta(conn, "claims_generation", str(gen + 1))
    return gen + 1


__all__ = [
    "DIM", "EMB_NEAR_VERBATIM", "EMB_PRUNE", "EMB_SIMILAR", "MIN_WORDS", "ClaimIndex",
    "after_save", "before_replace", "before_save", "claim_key", "claim_vectors",
    "claim_vectors_many", "entity_rows", "generation", "groupable", "on_save", "prune",
    "regroup", "status", "stop_words",
]
