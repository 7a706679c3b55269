"""Claims grouped across articles: which outlets carry the same proposition, on whose word.

Two claims are grouped when they mean the same (cosine of their all-MiniLM-L6-v2 sentence
embeddings, :mod:`tealeaves.embeddings`, at least ``EMB_SIMILAR``) **and** they share an
entity (an actor key mentioned in both claim spans, or the same named source); a very high
similarity alone (``EMB_NEAR_VERBATIM``) also suffices (a verbatim quote with no resolved
actor). Groups are the connected components of those pairs, less members linked only
through a chain (mean cosine with the rest of the group under ``EMB_PRUNE``).

Thresholds were read off real PolNeAR claim pairs (4,000 newest claims of the 840 train
articles, cross-article pairs sampled per 0.05 cosine bin): with a shared entity, pairs at
0.70–0.75 state the same proposition (the Second Amendment remark, the border wall, the Khan
speech), while at 0.60–0.70 most share only a topic ("Clinton's private email account" vs
"hacking into Clinton's server"); without a shared entity, boilerplate ("spoke on condition
of anonymity") still reaches 0.87, so the entity-free threshold is 0.88.

The grouping happens **at write time** (:mod:`tealeaves.store.grouping`: the embeddings
come with each analysis from the batch workers, ``Store.save`` links the new claims to the
stored ones and keeps ``claims.component`` / ``claims.in_group``), so this view is SQL over
stored groups plus the per-group summary. Changes from the query-time grouping it replaces
(same thresholds, same JSON keys):

- every stored claim is grouped (the query-time version looked at the 30,000 newest only);
- ``actor=`` selects the groups with at least one member by or about the actor and shows
  them whole (the query-time version grouped only the actor's claims, so a group could lose
  the members that name the actor differently);
- no TF-IDF fallback: claims stored without a vector (stores written before embeddings)
  stay ungrouped until ``tealeaves claims --db DB --regroup`` (:func:`grouping.regroup`)
  embeds them and rebuilds every group; :func:`grouping.status` says when that is due.

Independence: members are collapsed by near-duplicate cluster (``articles.duplicate_of``:
a republished wire story counts once, under the outlet of its earliest copy), and
``independent_outlets`` counts the outlets left. It is read at query time, so linking a
duplicate needs no regrouping.
"""

from __future__ import annotations

import copy
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from ..store import schema as s
from ..store.grouping import (
    EMB_NEAR_VERBATIM,
    EMB_PRUNE,
    EMB_SIMILAR,
    MIN_WORDS,
    claim_vectors,
    generation,
)
from .actors import resolve_actor

if TYPE_CHECKING:
    from ..store import Store

_KIND_WORDS = {
    "named_person": "named person", "named_organization": "named organisation",
    "anonymous": "anonymous source", "rumour": "rumour", "author": "author",
}
_PLURAL = {"named person": "named people"}


def _count(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else _PLURAL.get(word, word + 's')}"


def _source_label(r: dict[str, Any]) -> str:
    return str(r.get("source_name") or r.get("source_text") or _KIND_WORDS.get(
        r["source_kind"], r["source_kind"]))


def _summary(members: list[dict[str, Any]], n_outlets: int, independent: int) -> str:
    head = f"{n_outlets} outlet{'s' if n_outlets != 1 else ''}"
    if independent < n_outlets:
        head += f" ({independent} independent)"
    kinds = Counter(m["source_kind"] for m in members)
    if len(kinds) == 1:
        kind = next(iter(kinds))
        sources = {" ".join(str(m.get("source_name") or m.get("source_text") or "")
                            .casefold().split()) for m in members}
        if kind == "anonymous":
            one = len(sources) == 1 or independent == 1
            return f"{head}, all citing {'one anonymous source' if one else 'anonymous sources'}"
        if kind == "author":
            return f"{head}, each on its author's own word"
        if kind == "rumour":
            return f"{head}, all passing on a rumour"
        if len(sources) == 1 and "" not in sources:
            return f"{head}, all citing {_source_label(members[0])}"
        return f"{head}, all citing {_count(2, _KIND_WORDS.get(kind, kind)).split(' ', 1)[1]}"
    mix = ", ".join(_count(n, _KIND_WORDS.get(k, k)) for k, n in kinds.most_common())
    return f"{head}; sources: {mix}"


def group_claims(
    store: Store, *, actor: str | None = None, limit: int = 100, min_articles: int = 2,
) -> list[dict[str, Any]]:
    """Groups of claims stating the same proposition in at least *min_articles* articles.

    Each group: id, text (earliest member's), members (article_id, claim_id, text, outlet,
    published, title, source_kind, source, duplicate_of), outlets, n_outlets,
    independent_outlets, original_source (name, kind, article_id, outlet, published),
    source_kinds (kind → count), summary. Sorted by independent outlets, then members.
    With *actor*, only the groups with a member by or about that actor.
    """
    key = None
    if actor:
        key = resolve_actor(store, actor)
        if key is None:
            return []
    with store.engine.connect() as conn:
        gen = generation(conn)
    # the engine's identity tells apart stores that share a URL (PostgreSQL schemas)
    cache_key = (str(store.engine.url), id(store.engine), key, int(limit), int(min_articles),
                 gen)
    if cache_key in _CACHE:
        return copy.deepcopy(_CACHE[cache_key])
    groups = _groups(store, key, limit, min_articles)
    if len(_CACHE) >= 16:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[cache_key] = copy.deepcopy(groups)
    return groups


_CACHE: dict[tuple[Any, ...], list[dict[str, Any]]] = {}


def _load_members(store: Store, key: str | None, min_articles: int) -> list[dict[str, Any]]:
    """The kept members of every stored group spanning at least *min_articles* articles
    (with *key*: of the groups with a member by or about that actor)."""
    c, ar, a, e = s.claims, s.articles, s.actors, s.claim_entities
    inner = c.alias("g")
    comps = (select(inner.c.component)
             .where(inner.c.component.is_not(None), inner.c.in_group.is_(True))
             .group_by(inner.c.component)
             .having(func.count(func.distinct(inner.c.article_id)) >= max(2, min_articles)))
    if key is not None:
        by = c.alias("by")
        comps = comps.where(inner.c.component.in_(
            select(by.c.component).select_from(by.join(e, and_(
                e.c.article_id == by.c.article_id, e.c.claim_id == by.c.claim_id)))
            .where(e.c.key == key, by.c.in_group.is_(True))))
    src = a.alias("src")
    q = (select(c.c.component, c.c.article_id, c.c.claim_id, c.c.text, c.c.source_kind,
                c.c.source_text, c.c.start_char, src.c.name.label("source_name"),
                ar.c.outlet, ar.c.published, ar.c.title, ar.c.duplicate_of)
         .select_from(c.join(ar, ar.c.id == c.c.article_id)
                      .outerjoin(src, and_(src.c.article_id == c.c.article_id,
                                           src.c.actor_id == c.c.source_actor)))
         .where(c.c.in_group.is_(True), c.c.component.in_(comps)))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def _groups(store: Store, key: str | None, limit: int, min_articles: int
            ) -> list[dict[str, Any]]:
    by_comp: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _load_members(store, key, min_articles):
        by_comp[r["component"]].append(r)
    groups = []
    for rows in by_comp.values():
        members = sorted(rows, key=lambda r: (r["published"] or "9999", r["article_id"],
                                              r["start_char"]))
        outlets = sorted({m["outlet"] or "(unknown)" for m in members})
        first_by_root: dict[str, dict[str, Any]] = {}
        for m in members:
            first_by_root.setdefault(m["duplicate_of"] or m["article_id"], m)
        independent = len({m["outlet"] or "(unknown)" for m in first_by_root.values()})
        first = members[0]
        groups.append({
            "id": f"{first['article_id'][:12]}:{first['claim_id']}",
            "text": first["text"],
            "members": [{
                "article_id": m["article_id"], "claim_id": m["claim_id"], "text": m["text"],
                "outlet": m["outlet"], "published": m["published"], "title": m["title"],
                "source_kind": m["source_kind"], "source": m["source_name"] or m["source_text"],
                "duplicate_of": m["duplicate_of"],
            } for m in members],
            "outlets": outlets,
            "n_outlets": len(outlets),
            "independent_outlets": independent,
            "original_source": {
                "name": first["source_name"] or first["source_text"], "kind": first["source_kind"],
                "article_id": first["article_id"], "outlet": first["outlet"],
                "published": first["published"],
            },
            "source_kinds": dict(Counter(m["source_kind"] for m in members).most_common()),
            "summary": _summary(members, len(outlets), independent),
        })
    groups.sort(key=lambda g: (-g["independent_outlets"], -len(g["members"]), g["id"]))
    return groups[:max(0, int(limit))]


__all__ = ["EMB_NEAR_VERBATIM", "EMB_PRUNE", "EMB_SIMILAR", "MIN_WORDS", "claim_vectors",
           "group_claims"]
