"""The work ledger of ingest runs: failures (what could not be ingested, and why) and leases
(which run is analysing which article right now).

A **failure** is keyed by its source, so a retry of the same source overwrites it. Its
``kind`` says what failed: ``input`` (the source could not be read, or is not English: read
again on every run), or, for an article that was read, ``error`` (the analysis raised),
``crash`` (the process analysing it died: a segmentation fault, ``os._exit``, the kernel's
out-of-memory killer) and ``timeout`` (it overran its time budget). Those three carry the
article id; later runs skip the article unless asked to retry.

A **lease** is taken before an article is analysed: one row per article with its owner (one
ingest run) and an expiry in Unix seconds. :func:`claim` takes a lease when there is none,
when it has expired, or when its owner is one the caller knows to be dead; it then drops the
leases of articles another run finished meanwhile. Writing the article's analysis or its
failure drops the lease in the same transaction, so two runs on one store never analyse one
article twice while both are alive, and a run that dies leaves leases that expire.

On PostgreSQL (read committed) the insert of a lease waits for a concurrent writer of the same
row, and the check for a finished analysis runs after it, in a statement that sees what that
writer committed; on SQLite write transactions are serial.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, func, or_, select, update

from . import schema as s
from .rows import now as _now

#: Failure kinds that name an article, skipped by later runs unless retried.
ARTICLE_KINDS = ("error", "crash", "timeout")
KINDS = ("input", *ARTICLE_KINDS)


def failure_key(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()


def record_failure(conn: Connection, source: str, reason: str, kind: str = "input",
                   article_id: str | None = None) -> None:
    if kind not in KINDS:
        raise ValueError(f"failure kind must be one of {KINDS}, not {kind!r}")
    key = failure_key(source)
    conn.execute(delete(s.failures).where(s.failures.c.key == key))
    conn.execute(s.failures.insert().values(key=key, source=source, reason=reason[:2000],
                                            at=_now(), kind=kind, article_id=article_id))


def clear_failures(conn: Connection, *, source: str | None = None,
                   article_id: str | None = None) -> None:
    """Forget the failure of *source* and every failure naming *article_id*."""
    f = s.failures
    if source is not None:
        conn.execute(delete(f).where(f.c.key == failure_key(source)))
    if article_id is not None:
        conn.execute(delete(f).where(f.c.article_id == article_id))


def failed_articles(engine: Engine) -> set[str]:
    """Ids of the articles whose analysis failed (kinds ``error``, ``crash``, ``timeout``)."""
    f = s.failures
    with engine.connect() as conn:
        return set(conn.execute(select(f.c.article_id).where(
            f.c.article_id.is_not(None), f.c.kind.in_(ARTICLE_KINDS))).scalars())


def list_failures(engine: Engine, limit: int) -> list[dict[str, Any]]:
    f = s.failures
    q = (select(f.c.source, f.c.reason, f.c.at, f.c.kind, f.c.article_id)
         .order_by(f.c.at.desc()).limit(limit))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def counts(conn: Connection, now: float) -> dict[str, int]:
    """``failures_<kind>`` for every kind, and ``leases`` (those not yet expired)."""
    f = s.failures
    kind = func.coalesce(f.c.kind, "input")
    by_kind = {str(k): int(n) for k, n in conn.execute(
        select(kind, func.count()).group_by(kind))}
    out = {f"failures_{k}": int(by_kind.get(k, 0)) for k in KINDS}
    out["leases"] = int(conn.execute(select(func.count()).select_from(s.leases)
                                     .where(s.leases.c.expires >= now)).scalar() or 0)
    return out


# -- leases ----------------------------------------------------------------------------------

@dataclass
class Claimed:
    """What :func:`claim` found for each article id asked about."""

    claimed: list[str] = field(default_factory=list)  # leased to the caller now
    busy: dict[str, str] = field(default_factory=dict)  # id -> owner of a live lease
    done: list[str] = field(default_factory=list)  # an analysis is stored
    failed: list[str] = field(default_factory=list)  # a failure names it (not retried)


def _insert(conn: Connection, values: dict[str, Any]) -> bool:
    insert: Any
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(s.leases).values(**values).on_conflict_do_nothing(
        index_elements=["article_id"]).returning(s.leases.c.article_id)
    # RETURNING, not rowcount: on PostgreSQL a Core insert reports no true rowcount here
    return conn.execute(stmt).first() is not None


def claim(conn: Connection, ids: Sequence[str], owner: str, ttl: float, now: float, *,
          dead: Collection[str] = (), retry_failed: bool = False) -> Claimed:
    """Lease those of *ids* that no live run holds to *owner* for *ttl* seconds (a lease
    of *owner* itself, an expired one, or one whose owner is in *dead* is taken over);
    then give back the leases of articles already analysed, or failed before (unless
    *retry_failed*). Runs in the caller's write transaction."""
    lk = s.leases
    out = Claimed()
    values = {"owner": owner, "expires": now + ttl, "taken_at": _now()}
    for aid in dict.fromkeys(ids):
        if _insert(conn, {"article_id": aid, **values}):
            out.claimed.append(aid)
            continue
        free = [lk.c.expires < now, lk.c.owner == owner]
        if dead:
            free.append(lk.c.owner.in_(list(dead)))
        taken = conn.execute(update(lk).where(lk.c.article_id == aid, or_(*free))
                             .values(**values))
        if taken.rowcount:
            out.claimed.append(aid)
        else:  # a live lease of another run (or one released just now: asked again later)
            out.busy[aid] = conn.execute(select(lk.c.owner).where(lk.c.article_id == aid)
                                         ).scalar() or ""
    if out.claimed:
        done = set(conn.execute(select(s.analyses.c.article_id).where(
            s.analyses.c.article_id.in_(out.claimed))).scalars())
        failed: set[str] = set()
        if not retry_failed:
            f = s.failures
            failed = set(conn.execute(select(f.c.article_id).where(
                f.c.article_id.in_(out.claimed), f.c.kind.in_(ARTICLE_KINDS))).scalars())
        out.done = [a for a in out.claimed if a in done]
        out.failed = [a for a in out.claimed if a in failed and a not in done]
        out.claimed = [a for a in out.claimed if a not in done and a not in failed]
        release(conn, [*out.done, *out.failed], owner)
    return out


def release(conn: Connection, ids: Iterable[str], owner: str) -> None:
    """Drop *owner*'s leases of *ids* (a lease another run took over stays)."""
    ids = list(ids)
    if ids:
        conn.execute(delete(s.leases).where(and_(s.leases.c.article_id.in_(ids),
                                                 s.leases.c.owner == owner)))


def release_all(conn: Connection, owner: str) -> int:
    return int(conn.execute(delete(s.leases).where(s.leases.c.owner == owner)).rowcount or 0)


def renew(conn: Connection, owner: str, ttl: float, now: float) -> int:
    """Push back the expiry of every lease *owner* holds; how many it holds."""
    lk = s.leases
    return int(conn.execute(update(lk).where(lk.c.owner == owner)
                            .values(expires=now + ttl)).rowcount or 0)


def holders(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[str, float]]:
    """Article id → (owner, expires) of the leases of *ids*."""
    lk = s.leases
    return {a: (o, float(e)) for a, o, e in conn.execute(
        select(lk.c.article_id, lk.c.owner, lk.c.expires).where(lk.c.article_id.in_(list(ids))))}
