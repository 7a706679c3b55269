"""Actors across the corpus: a ranking, and everything known about one actor.

An actor's cross-article identity is its canonical name (case- and space-folded) plus its
kind (``store.actor_key``). Near-duplicate articles are left out of counts, so a wire story
republished five times counts once.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, desc, func, select

from ..store import actor_key, article_filters
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store


def rank_actors(
    store: Store, *, since: Any = None, until: Any = None, outlet: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Actors ranked by mentions: name, kind, key, mentions, articles, roles, stance_mean."""
    a, ar = s.actors, s.articles
    where = [*article_filters(outlet=outlet, since=since, until=until, include_duplicates=False)]
    mentions = func.sum(a.c.n_mentions).label("mentions")
    q = (select(a.c.key, mentions, func.count(func.distinct(a.c.article_id)).label("articles"),
                func.avg(a.c.polarity).label("stance_mean"))
         .select_from(a.join(ar, ar.c.id == a.c.article_id))
         .where(*where).group_by(a.c.key)
         .order_by(desc("mentions"), desc("articles"), a.c.key).limit(max(0, int(limit))))
    with store.engine.connect() as conn:
        ranked = [dict(r) for r in conn.execute(q).mappings()]
        details = _names_and_roles(conn, [r["key"] for r in ranked], where)
    out = []
    for r in ranked:
        name, kind, roles = details.get(r["key"], (r["key"].rsplit("|", 1)[0], "", []))
        sm = r["stance_mean"]
        out.append({
            "name": name, "kind": kind, "key": r["key"], "mentions": int(r["mentions"] or 0),
            "articles": int(r["articles"]), "roles": roles,
            "stance_mean": None if sm is None else round(float(sm), 3),
        })
    return out


def _names_and_roles(
    conn: Any, keys: list[str], where: list[Any]
) -> dict[str, tuple[str, str, list[str]]]:
    """For each key: its most frequent spelling, its kind, and its roles by frequency."""
    if not keys:
        return {}
    a, ar = s.actors, s.articles
    names: dict[str, Counter[str]] = {k: Counter() for k in keys}
    roles: dict[str, Counter[str]] = {k: Counter() for k in keys}
    kinds: dict[str, str] = {}
    for i in range(0, len(keys), 400):
        q = (select(a.c.key, a.c.name, a.c.kind, a.c.roles)
             .select_from(a.join(ar, ar.c.id == a.c.article_id))
             .where(a.c.key.in_(keys[i:i + 400]), *where))
        for key, name, kind, role_json in conn.execute(q):
            names[key][name] += 1
            kinds[key] = kind
            roles[key].update(r.strip() for r in json.loads(role_json or "[]") if r.strip())
    return {
        k: (names[k].most_common(1)[0][0] if names[k] else k, kinds.get(k, ""),
            [r for r, _ in roles[k].most_common(10)])
        for k in keys
    }


def resolve_actor(store: Store, name: str) -> str | None:
    """The actor key that *name* refers to: an exact canonical name first, then an alias.

    *name* may also be a key (``"donald trump|person"``). Among several candidates, the one
    seen in most articles wins.
    """
    name = " ".join(name.split())
    if not name:
        return None
    a, n = s.actors, s.actor_names
    with store.engine.connect() as conn:
        if "|" in name:
            base, kind = name.rsplit("|", 1)
            key = actor_key(base, kind)
            if conn.execute(select(a.c.key).where(a.c.key == key).limit(1)).first():
                return key
        folded = name.casefold()
        like = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "|%"
        q = (select(a.c.key, func.count().label("n")).where(a.c.key.like(like, escape="\\"))
             .group_by(a.c.key).order_by(desc("n"), a.c.key).limit(1))
        row = conn.execute(q).first()
        if row:
            return str(row[0])
        q = (select(a.c.key, func.count().label("n"))
             .select_from(n.join(a, and_(a.c.article_id == n.c.article_id,
                                         a.c.actor_id == n.c.actor_id)))
             .where(n.c.name_lower == folded[:300])
             .group_by(a.c.key).order_by(desc("n"), a.c.key).limit(1))
        row = conn.execute(q).first()
        return str(row[0]) if row else None


def _claim_dict(r: Any) -> dict[str, Any]:
    return {
        "article_id": r["article_id"], "claim_id": r["claim_id"], "text": r["text"],
        "quote": bool(r["quote"]), "source_kind": r["source_kind"],
        "source": r.get("source_name") or r["source_text"], "cue": r["cue"],
        "outlet": r["outlet"], "published": r["published"],
        "start": r["start_char"], "end": r["end_char"],
    }


def actor_detail(store: Store, name: str, *, limit: int = 200) -> dict[str, Any] | None:
    """Everything stored about one actor, or ``None`` if no article mentions it.

    Keys: name, kind, key, aliases, roles, mentions, articles (id, title, outlet, published,
    mentions, stance, stance_score), claims_by, claims_about, events_as_actor,
    events_as_target.
    """
    key = resolve_actor(store, name)
    if key is None:
        return None
    a, ar = s.actors, s.articles
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(a, ar.c.title, ar.c.outlet, ar.c.published, ar.c.duplicate_of)
            .select_from(a.join(ar, ar.c.id == a.c.article_id)).where(a.c.key == key)
            .order_by(ar.c.published.is_(None), ar.c.published.desc(), ar.c.id)
        ).mappings().all()
        names: Counter[str] = Counter()
        aliases: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        for r in rows:
            names[r["name"]] += 1
            aliases.update(json.loads(r["aliases"] or "[]"))
            roles.update(x for x in json.loads(r["roles"] or "[]") if x.strip())
        display = names.most_common(1)[0][0]
        articles = [{
            "id": r["article_id"], "title": r["title"], "outlet": r["outlet"],
            "published": r["published"], "mentions": r["n_mentions"],
            "stance": r["stance_label"], "stance_score": r["stance_score"],
            "rising": r["rising"], "falling": r["falling"], "duplicate_of": r["duplicate_of"],
        } for r in rows[:limit]]
        return {
            "name": display, "kind": rows[0]["kind"], "key": key,
            "aliases": sorted({x for x in (*names, *aliases) if x != display}),
            "roles": [x for x, _ in roles.most_common(20)],
            "mentions": sum(int(r["n_mentions"]) for r in rows if not r["duplicate_of"]),
            "articles": articles,
            "claims_by": _claims_by(conn, key, limit),
            "claims_about": _claims_about(conn, key, limit),
            "events_as_actor": _events(conn, key, "actor", limit),
            "events_as_target": _events(conn, key, "target", limit),
        }


def _claim_columns() -> tuple[Any, ...]:
    c, ar = s.claims, s.articles
    return (c.c.article_id, c.c.claim_id, c.c.text, c.c.quote, c.c.source_kind,
            c.c.source_text, c.c.cue, c.c.start_char, c.c.end_char, ar.c.outlet, ar.c.published)


def _claims_by(conn: Any, key: str, limit: int) -> list[dict[str, Any]]:
    """Claims whose source is the actor *key*."""
    a, ar, c = s.actors, s.articles, s.claims
    rows = conn.execute(
        select(*_claim_columns(), a.c.name.label("source_name"))
        .select_from(c.join(a, and_(a.c.article_id == c.c.article_id,
                                    a.c.actor_id == c.c.source_actor))
                     .join(ar, ar.c.id == c.c.article_id))
        .where(a.c.key == key).order_by(ar.c.published, c.c.article_id, c.c.start_char)
        .limit(limit)
    ).mappings().all()
    return [_claim_dict(r) for r in rows]


def _claims_about(conn: Any, key: str, limit: int) -> list[dict[str, Any]]:
    """Claims that mention the actor *key* and are not its own."""
    a, ar, c, m = s.actors, s.articles, s.claims, s.mentions
    src = a.alias("src")
    rows = conn.execute(
        select(*_claim_columns(), src.c.name.label("source_name")).distinct()
        .select_from(
            c.join(m, and_(m.c.article_id == c.c.article_id,
                           m.c.start_char >= c.c.start_char, m.c.end_char <= c.c.end_char))
            .join(a, and_(a.c.article_id == m.c.article_id, a.c.actor_id == m.c.actor_id))
            .join(ar, ar.c.id == c.c.article_id)
            .outerjoin(src, and_(src.c.article_id == c.c.article_id,
                                 src.c.actor_id == c.c.source_actor)))
        .where(a.c.key == key, func.coalesce(src.c.key, "") != key)
        .order_by(ar.c.published, c.c.article_id, c.c.start_char).limit(limit)
    ).mappings().all()
    return [_claim_dict(r) for r in rows]


def _events(conn: Any, key: str, role: str, limit: int) -> list[dict[str, Any]]:
    """Events in which the actor *key* is the ``actor`` or the ``target`` (*role*)."""
    a, ar, e = s.actors, s.articles, s.events
    tgt = a.alias("tgt")
    me, other = (e.c.actor, e.c.target) if role == "actor" else (e.c.target, e.c.actor)
    q = (select(e.c.article_id, e.c.event_id, e.c.category, e.c.action, e.c.negated,
                e.c.start_char, e.c.end_char, tgt.c.name.label("other"),
                ar.c.outlet, ar.c.published)
         .select_from(e.join(a, and_(a.c.article_id == e.c.article_id, a.c.actor_id == me))
                      .join(ar, ar.c.id == e.c.article_id)
                      .outerjoin(tgt, and_(tgt.c.article_id == e.c.article_id,
                                           tgt.c.actor_id == other)))
         .where(a.c.key == key).order_by(ar.c.published, e.c.article_id, e.c.start_char)
         .limit(limit))
    other_name = "target" if role == "actor" else "actor"
    return [{
        "article_id": r["article_id"], "event_id": r["event_id"],
        "category": r["category"], "action": r["action"], "negated": bool(r["negated"]),
        other_name: r["other"], "outlet": r["outlet"], "published": r["published"],
        "start": r["start_char"], "end": r["end_char"],
    } for r in conn.execute(q).mappings()]
