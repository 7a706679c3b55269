"""Claim links across languages: a Russian claim and an English one.

The claim vectors come from all-MiniLM-L6-v2, an English-only encoder: the cosine of a
Russian and an English claim says nothing, so the embedding rule of
:mod:`tealeaves.store.grouping` never links them. No multilingual sentence encoder ships its
weights inside a PyPI package within the project's model budget (checked 2026-12-03: the
English–Russian encoders are hub downloads of 0.5–2 GB), so the link is a rule over what the
two claims name:

two claims of articles in *different languages* are **linked** when

1. both have at least ``MIN_WORDS`` content words and a stored vector (as for any link);
2. they share an actor key: an actor mentioned inside both claim spans, or the same named
   source (a Russian mention that resolves to the knowledge base carries the English key,
   "Лавров" and "Lavrov" are both ``sergey lavrov|person``); and
3. they share a date or a quantity, normalised across the two languages by
   :func:`tealeaves.lang.quantities.quantities` ("15 октября" = "October 15", "3,5 млрд" =
   "3.5 billion", "12 процентов" = "12%"; plain numbers of 10 or more that are not years).

The link's stored ``score`` is the (meaningless across languages, but honest) cosine of the
two vectors. Claims of one language are linked only by the embedding rule, unchanged. A
component's pruning judges only its English members by their vectors
(:func:`tealeaves.store.components.write_components`); a claim in another language stays in
by its links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, or_, select

from . import schema as s
from .claim_index import claim_key, groupable, to_vector

if TYPE_CHECKING:
    import numpy as np

Link = tuple[str, str, float]


def claim_facts(text: str, language: str) -> frozenset[str]:
    """The normalised dates and quantities of a claim (see the module docstring)."""
    from ..lang.quantities import quantities

    return quantities(text, language)


def _stored(conn: Connection, keys: Sequence[str], *, article_id: str | None = None,
            language: str | None = None
            ) -> dict[str, tuple[str, str, set[str], bytes]]:
    """Claim key → (text, language, actor keys among *keys*, vector) of the stored claims
    with a vector that mention one of *keys* (all claims when *keys* is empty), outside
    *article_id* and of a language other than *language*."""
    e, c, a = s.claim_entities, s.claims, s.articles
    q = (select(e.c.article_id, e.c.claim_id, e.c.key, c.c.text, a.c.language, c.c.vector)
         .select_from(e.join(c, and_(c.c.article_id == e.c.article_id,
                                     c.c.claim_id == e.c.claim_id))
                      .join(a, a.c.id == e.c.article_id))
         .where(c.c.vector.is_not(None)))
    if article_id is not None:
        q = q.where(e.c.article_id != article_id)
    if language is not None:
        q = q.where(a.c.language != language)
    out: dict[str, tuple[str, str, set[str], bytes]] = {}
    chunks = [list(keys[lo:lo + 400]) for lo in range(0, len(keys), 400)] if keys else [[]]
    for part in chunks:
        for aid, cid, key, text, lang, vec in conn.execute(
                q.where(e.c.key.in_(part)) if part else q):
            k = claim_key(aid, cid)
            if k not in out:
                out[k] = (text, lang, set(), vec)
            out[k][2].add(key)
    return out


def other_language(conn: Connection, language: str) -> bool:
    """Whether the store holds an article in a language other than *language* (two range
    scans of ``ix_articles_language``, so an English-only store pays next to nothing)."""
    a = s.articles
    return conn.execute(select(a.c.id).where(
        or_(a.c.language < language, a.c.language > language)).limit(1)).first() is not None


def _cos(a: np.ndarray, raw: bytes) -> float | None:
    v = to_vector(raw)
    return None if v is None else float(a @ v)


def matches(conn: Connection, article_id: str, language: str, texts: Sequence[str],
            ents: Sequence[frozenset[str]], vecs: Sequence[np.ndarray]
            ) -> list[tuple[int, str, float]]:
    """``(new row, stored key, cosine)`` for the new claims of one article (*texts*, their
    actor keys *ents* and vectors *vecs*) linked across languages to stored claims."""
    facts = [claim_facts(t, language) if e else frozenset() for t, e in zip(texts, ents,
                                                                              strict=True)]
    wanted = sorted({k for f, e in zip(facts, ents, strict=True) if f for k in e})
    if not wanted or not other_language(conn, language):
        return []
    out: list[tuple[int, str, float]] = []
    for key, (text, lang, keys, raw) in sorted(_stored(conn, wanted, article_id=article_id,
                                                       language=language).items()):
        if not groupable(text):
            continue
        theirs = claim_facts(text, lang)
        for i, (f, e) in enumerate(zip(facts, ents, strict=True)):
            if f & theirs and e & keys:
                cos = _cos(vecs[i], raw)
                if cos is not None:
                    out.append((i, key, cos))
    return out


def all_links(conn: Connection, known: Iterable[tuple[str, str]] = ()) -> list[Link]:
    """Every cross-language link among the stored claims (for a rebuild), leaving out the
    pairs in *known* (already linked by the embedding rule). Claims are bucketed by (actor
    key, fact), so only claims that share both are compared."""
    import numpy as np

    if not other_language(conn, "en"):
        return []  # English only: nothing to link across
    claims = _stored(conn, [])
    buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, (text, lang, keys, _raw) in claims.items():
        if not groupable(text):
            continue
        for fact in claim_facts(text, lang):
            for actor in keys:
                buckets[(actor, fact)].append(key)
    done = {tuple(sorted(p)) for p in known}
    links: list[Link] = []
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (min(a, b), max(a, b))
                if (claims[a][1] == claims[b][1] or pair in done
                        or a.partition(":")[0] == b.partition(":")[0]):
                    continue
                done.add(pair)
                va, vb = to_vector(claims[a][3]), to_vector(claims[b][3])
                if va is not None and vb is not None:
                    links.append((pair[0], pair[1], float(np.dot(va, vb))))
    return sorted(links)
