"""Rows of one article's analysis: the ``articles`` upsert and the finding tables, written
inside :meth:`Store.save`'s transaction."""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from ..model import Actor, Analysis, Article, StandingSignal
from . import schema as s


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def unique_ids(ids: Iterable[str]) -> list[str]:
    """Ids made unique within one article: a repeat of ``x`` becomes ``x#2``, ``x#3``…
    (a stage that emits the same id twice must not cost the article its findings)."""
    seen: Counter[str] = Counter()
    out = []
    for i in ids:
        seen[i] += 1
        out.append(i if seen[i] == 1 else f"{i}#{seen[i]}")
    return out


def polarity(actor: Actor) -> float | None:
    if actor.stance is None:
        return None
    sign = {"positive": 1.0, "negative": -1.0}.get(actor.stance.label, 0.0)
    return sign * float(actor.stance.score)


def actor_key(name: str, kind: str) -> str:
    """The cross-article identity of an actor: its canonical name (case- and space-folded)
    and kind."""
    return f"{' '.join(name.split()).casefold()}|{kind}"[:300]


_KIND_WORDS = {"named_person": "a named person", "named_organization": "a named organisation",
               "anonymous": "anonymous sources", "rumour": "rumour", "author": "the author"}


def contesters(a: Analysis) -> dict[str, tuple[str | None, str]]:
    """Claim id -> (source actor id, the source in words) for naming who contests a
    standing signal: the source actor's name, else the source's own words, else its kind."""
    names = {x.id: x.name for x in a.actors}
    out: dict[str, tuple[str | None, str]] = {}
    for c in a.claims:
        src = c.source
        actor = src.actor if src.actor in names else None
        out.setdefault(c.id, (actor, names.get(actor or "") or src.text
                              or _KIND_WORDS.get(src.kind, src.kind)))
    return out


def _standing_row(aid: str, actor_id: str, x: StandingSignal,
                  who: dict[str, tuple[str | None, str]]) -> dict[str, Any]:
    by = x.contested_by if x.contested else None
    denier = who.get(by) if by else None
    return {"article_id": aid, "actor_id": actor_id, "signal": x.signal,
            "direction": x.direction, "start_char": x.start, "end_char": x.end,
            "text": x.text, "type": x.type, "claim_id": x.claim,
            "source_kind": x.source_kind, "contested": bool(x.contested),
            "contested_by": by, "contested_by_actor": denier[0] if denier else None,
            "contested_by_name": denier[1] if denier else None}


def upsert_article(conn: Connection, art: Article, duplicate_of: str | None) -> None:
    """Insert or update the ``articles`` row of *art* (its first ``ingested_at`` kept)."""
    values = {
        "id": art.id, "url": art.url, "outlet": art.outlet, "published": art.published,
        "title": art.title, "language": art.language, "text": art.text,
        "duplicate_of": duplicate_of, "ingested_at": now(),
    }
    insert: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(s.articles).values(**values)
    update = {k: stmt.excluded[k] for k in values if k not in ("id", "ingested_at")}
    conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=update))


def insert_findings(conn: Connection, a: Analysis, vectors: Mapping[str, bytes]) -> None:
    """The ``analyses`` row (the whole Analysis, compressed) and one row per finding."""
    aid = a.article.id
    data = a.to_dict()
    data["article"] = {k: v for k, v in data["article"].items() if k != "text"}
    conn.execute(s.analyses.insert().values(
        article_id=aid, schema_version=a.schema_version,
        data="", data_z=zlib.compress(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6),
        genre=a.genre.label if a.genre else None,
        n_actors=len(a.actors), n_claims=len(a.claims), n_events=len(a.events),
        n_techniques=len(a.techniques), n_issues=len(a.issues), analyzed_at=now(),
    ))
    actor_rows, name_rows, mention_rows, standing_rows = [], [], [], []
    who = contesters(a)
    actor_ids = unique_ids(x.id for x in a.actors)
    for actor, actor_id in zip(a.actors, actor_ids, strict=True):
        actor_rows.append({
            "article_id": aid, "actor_id": actor_id, "key": actor_key(actor.name, actor.kind),
            "name": actor.name, "kind": actor.kind,
            "roles": json.dumps(list(actor.roles), ensure_ascii=False),
            "aliases": json.dumps(list(actor.aliases), ensure_ascii=False),
            "n_mentions": len(actor.mentions),
            "stance_label": actor.stance.label if actor.stance else None,
            "stance_score": actor.stance.score if actor.stance else None,
            "polarity": polarity(actor),
            "rising": sum(1 for x in actor.standing if x.direction == "rising"),
            "falling": sum(1 for x in actor.standing if x.direction == "falling"),
        })
        names = {" ".join(n.split()).casefold() for n in (actor.name, *actor.aliases)}
        name_rows += [{"article_id": aid, "actor_id": actor_id, "name_lower": n[:300]}
                      for n in sorted(names) if n]
        mention_rows += [{"article_id": aid, "actor_id": actor_id, "start_char": m.start,
                          "end_char": m.end, "text": m.text, "form": m.form}
                         for m in actor.mentions]
        standing_rows += [_standing_row(aid, actor_id, x, who) for x in actor.standing]
    claim_rows = [{
        "article_id": aid, "claim_id": cid, "start_char": c.start, "end_char": c.end,
        "text": c.text, "quote": bool(c.quote), "source_kind": c.source.kind,
        "source_actor": c.source.actor, "source_text": c.source.text,
        "cue": c.cue.text if c.cue else None, "via": c.via, "n_hedges": len(c.hedges),
        "vector": vectors.get(c.id),
    } for c, cid in zip(a.claims, unique_ids(c.id for c in a.claims), strict=True)]
    event_rows = [{
        "article_id": aid, "event_id": eid, "category": e.category, "actor": e.actor,
        "target": e.target, "action": e.action.text, "start_char": e.start,
        "end_char": e.end, "negated": bool(e.negated),
    } for e, eid in zip(a.events, unique_ids(e.id for e in a.events), strict=True)]
    technique_rows = [{
        "article_id": aid, "seq": i, "technique": t.technique, "start_char": t.start,
        "end_char": t.end, "text": t.text, "score": float(t.score),
    } for i, t in enumerate(a.techniques)]
    for table, rows in (
        (s.actors, actor_rows), (s.actor_names, name_rows), (s.mentions, mention_rows),
        (s.standing, standing_rows), (s.claims, claim_rows), (s.events, event_rows),
        (s.techniques, technique_rows),
    ):
        if rows:
            conn.execute(table.insert(), rows)
