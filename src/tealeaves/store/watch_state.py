"""The watcher's state in the store: feeds (validators, schedule, backoff, counters) and
the entry links seen, so that a restarted watcher resumes where it stopped and never
fetches an entry twice. Plain functions over an :class:`~sqlalchemy.engine.Engine`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, func, select, update

from .tx import write_tx
from .watch_tables import watch_feeds, watch_items

#: An entry whose page could not be fetched is tried again on later polls, this many times.
MAX_ATTEMPTS = 3


def feed_state(engine: Engine, url: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(watch_feeds).where(watch_feeds.c.url == url)).mappings().first()
    return dict(row) if row is not None else None


def ensure_feed(engine: Engine, url: str, kind: str, every_s: float) -> dict[str, Any]:
    """The stored state of *url*, created (due at once) if new; its interval and kind are
    updated to what the configuration says now."""
    with write_tx(engine) as conn:
        row = conn.execute(select(watch_feeds).where(watch_feeds.c.url == url)).mappings().first()
        if row is None:
            conn.execute(watch_feeds.insert().values(url=url, kind=kind, every_s=every_s,
                                                     next_due=0.0, failures=0, polls=0,
                                                     n_entries=0, n_stored=0))
        elif row["every_s"] != every_s or row["kind"] != kind:
            conn.execute(update(watch_feeds).where(watch_feeds.c.url == url)
                         .values(every_s=every_s, kind=kind))
    state = feed_state(engine, url)
    assert state is not None
    return state


def update_feed(engine: Engine, url: str, **values: Any) -> None:
    with write_tx(engine) as conn:
        conn.execute(update(watch_feeds).where(watch_feeds.c.url == url).values(**values))


def add_counts(engine: Engine, url: str, *, entries: int = 0, stored: int = 0) -> None:
    if not entries and not stored:
        return
    f = watch_feeds
    with write_tx(engine) as conn:
        conn.execute(update(f).where(f.c.url == url).values(
            n_entries=f.c.n_entries + entries, n_stored=f.c.n_stored + stored))


def feeds(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(watch_feeds).order_by(watch_feeds.c.url))
                .mappings()]


def unseen(engine: Engine, links: Sequence[str]) -> list[str]:
    """Those of *links* never seen, or failed fewer than ``MAX_ATTEMPTS`` times (in order)."""
    i = watch_items
    done: set[str] = set()
    with engine.connect() as conn:
        for lo in range(0, len(links), 500):
            chunk = list(links[lo:lo + 500])
            q = select(i.c.link).where(i.c.link.in_(chunk), (i.c.state != "failed")
                                       | (i.c.attempts >= MAX_ATTEMPTS))
            done.update(conn.execute(q).scalars())
    return [x for x in dict.fromkeys(links) if x not in done]


def mark_items(engine: Engine, feed: str, rows: Iterable[tuple[str, str, str | None, str | None]],
               now: float) -> int:
    """Record ``(link, state, article_id, error)`` rows; a failed link counts an attempt.
    Returns how many links were new."""
    i = watch_items
    new = 0
    with write_tx(engine) as conn:
        for link, state, article_id, error in rows:
            old = conn.execute(select(i.c.attempts).where(i.c.link == link)).first()
            if old is None:
                new += 1
                conn.execute(i.insert().values(link=link, feed=feed, first_seen=now, state=state,
                                               attempts=1, article_id=article_id, error=error))
            else:
                conn.execute(update(i).where(i.c.link == link).values(
                    state=state, attempts=old[0] + 1, article_id=article_id, error=error))
    return new


def item_counts(engine: Engine) -> dict[str, int]:
    """Entries seen by state (``stored``, ``skipped``, ``failed``)."""
    i = watch_items
    with engine.connect() as conn:
        return {str(k): int(n) for k, n in conn.execute(
            select(i.c.state, func.count()).group_by(i.c.state))}
