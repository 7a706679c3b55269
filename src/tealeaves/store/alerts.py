"""Saved queries and their alerts in the store (:mod:`.watch_tables`): add, list, remove,
record (once per query and evidence key), read. What a query means is decided above the
store, in :mod:`tealeaves.corpus.alerts`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select, update

from . import schema as s
from .tx import write_tx
from .watch_tables import alert_queries as q_t
from .watch_tables import alerts as a_t


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def add_query(engine: Engine, name: str, kind: str, params: dict[str, Any]) -> int:
    """Save a query; ValueError if the name is taken."""
    with write_tx(engine) as conn:
        if conn.execute(select(q_t.c.id).where(q_t.c.name == name)).first() is not None:
            raise ValueError(f"an alert named {name!r} exists already")
        res = conn.execute(q_t.insert().values(name=name, kind=kind, created_at=_now(),
                                               params=json.dumps(params, sort_keys=True)))
        return int(res.inserted_primary_key[0])  # type: ignore[index]


def list_queries(engine: Engine) -> list[dict[str, Any]]:
    """Saved queries with how many alerts each raised."""
    n = (select(a_t.c.query_id, func.count().label("n")).group_by(a_t.c.query_id)
         .subquery())
    stmt = (select(q_t, func.coalesce(n.c.n, 0).label("n_alerts"))
            .select_from(q_t.outerjoin(n, n.c.query_id == q_t.c.id)).order_by(q_t.c.id))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    for r in rows:
        r["params"] = json.loads(r["params"])
    return rows


def get_query(engine: Engine, ref: str | int) -> dict[str, Any] | None:
    """A saved query by id or name."""
    return next((q for q in list_queries(engine)
                 if str(q["id"]) == str(ref) or q["name"] == ref), None)


def remove_query(engine: Engine, ref: str | int) -> bool:
    found = get_query(engine, ref)
    if found is None:
        return False
    with write_tx(engine) as conn:
        conn.execute(delete(a_t).where(a_t.c.query_id == found["id"]))
        conn.execute(delete(q_t).where(q_t.c.id == found["id"]))
    return True


def record(engine: Engine, query_id: int, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Store new alerts of *query_id* (``article_id``, ``key``, ``title``, ``evidence``,
    ``start_char``, ``end_char``, ``score``); one already raised under the same key is
    skipped. The ids of the new alerts."""
    new: list[int] = []
    with write_tx(engine) as conn:
        for row in rows:
            seen = conn.execute(select(a_t.c.id).where(a_t.c.query_id == query_id,
                                                       a_t.c.key == row["key"])).first()
            if seen is None:
                res = conn.execute(a_t.insert().values(query_id=query_id, created_at=_now(),
                                                       delivered=0, **row))
                new.append(int(res.inserted_primary_key[0]))  # type: ignore[index]
    return new


def list_alerts(engine: Engine, *, query_id: int | None = None, limit: int = 100,
                ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Alerts, newest first, with their query's name and the article's title, outlet, url."""
    a = s.articles
    stmt = (select(a_t, q_t.c.name.label("query"), q_t.c.kind, a.c.title.label("article_title"),
                   a.c.outlet, a.c.url, a.c.published)
            .select_from(a_t.join(q_t, q_t.c.id == a_t.c.query_id)
                         .outerjoin(a, a.c.id == a_t.c.article_id))
            .order_by(a_t.c.id.desc()).limit(max(1, int(limit))))
    if query_id is not None:
        stmt = stmt.where(a_t.c.query_id == query_id)
    if ids is not None:
        stmt = stmt.where(a_t.c.id.in_(list(ids)))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def mark_delivered(engine: Engine, ids: Iterable[int]) -> None:
    with write_tx(engine) as conn:
        conn.execute(update(a_t).where(a_t.c.id.in_(list(ids))).values(delivered=1))
