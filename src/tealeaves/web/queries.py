"""Read-only queries the web pages need beyond the store and corpus APIs.

Everything here reads the store's tables (``tealeaves.store.schema``) through
``store.engine`` and never writes. The corpus views (``tealeaves.corpus``) are used
where they exist; these queries cover what the pages need on top of them: the home
page's aggregates, URL-safe actor keys, an actor's relations and the claims by and
about them with evidence offsets, and filters the corpus functions do not take.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine

from ..store import schema as s


def slugify(name: str) -> str:
    """A URL-safe key for an actor's canonical name: ``"Sergei Lavrov"`` → ``"sergei-lavrov"``.

    Letters of any script are kept (lower-cased, Latin accents dropped); everything else
    becomes ``-``.
    """
    text = "".join(_fold(c) for c in unicodedata.normalize("NFC", name)).lower()
    slug = re.sub(r"[^\w]+|_", "-", text).strip("-")
    return slug or "actor"


def _fold(char: str) -> str:
    """Latin letters lose their accents (é → e); other scripts keep theirs (й stays й)."""
    base = unicodedata.normalize("NFKD", char)
    return base[0] if base and base[0].isascii() else char


def version(engine: Engine) -> tuple[int, str]:
    """A cheap fingerprint of the store's content, for caching derived views."""
    with engine.connect() as conn:
        row = conn.execute(select(func.count(), func.max(s.analyses.c.analyzed_at))).one()
    return int(row[0]), str(row[1] or "")


def analysis_stamp(engine: Engine, article_id: str) -> tuple[Any, ...] | None:
    """What changes when *article_id* is re-analysed or its metadata change (``None``: no
    such analysis): ``analyzed_at``, the stored analysis's size, the article's metadata.
    One read by primary key, for checking a cached page on every request."""
    an, art = s.analyses, s.articles
    q = (select(an.c.analyzed_at, func.length(an.c.data_z), an.c.n_actors, an.c.n_claims,
                an.c.n_events, an.c.n_techniques, art.c.title, art.c.outlet, art.c.published,
                art.c.url)
         .join(art, art.c.id == an.c.article_id).where(an.c.article_id == article_id))
    with engine.connect() as conn:
        row = conn.execute(q).first()
    return None if row is None else tuple(row)


def actor_index(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every actor across the corpus by slug: name, kind, keys, mentions and article counts.

    Names that share a slug (the same name as a person and an organisation, or two
    spellings that differ only in punctuation) are merged under one slug; ``name`` is the
    spelling with the most mentions.
    """
    a = s.actors
    q = (
        select(a.c.key, a.c.name, a.c.kind, func.sum(a.c.n_mentions), func.count(a.c.article_id))
        .group_by(a.c.key, a.c.name, a.c.kind)
    )
    out: dict[str, dict[str, Any]] = {}
    with engine.connect() as conn:
        for key, name, kind, mentions, n_articles in conn.execute(q):
            slug = slugify(name)
            entry = out.setdefault(slug, {
                "slug": slug, "name": name, "kind": kind, "keys": [], "mentions": 0,
                "articles": 0, "_best": -1,
            })
            entry["keys"].append(key)
            entry["mentions"] += int(mentions or 0)
            entry["articles"] += int(n_articles or 0)
            if int(mentions or 0) > entry["_best"]:
                entry.update(name=name, kind=kind, key=key, key_articles=int(n_articles or 0),
                             _best=int(mentions or 0))
    for entry in out.values():
        entry.pop("_best")
        entry["keys"] = sorted(set(entry["keys"]))
    return out


def overview(engine: Engine) -> dict[str, Any]:
    """The home page's aggregates: articles by day, outlets, source-kind mix, genres."""
    art, cl, an = s.articles, s.claims, s.analyses
    day = func.substr(art.c.published, 1, 10)
    with engine.connect() as conn:
        by_day = [
            {"day": d, "articles": int(n)}
            for d, n in conn.execute(
                select(day, func.count()).where(art.c.published.is_not(None))
                .where(art.c.duplicate_of.is_(None)).group_by(day).order_by(day)
            )
        ]
        undated = conn.execute(
            select(func.count()).where(art.c.published.is_(None))
        ).scalar_one()
        outlets = [
            {"outlet": o or "(unknown)", "articles": int(n)}
            for o, n in conn.execute(
                select(art.c.outlet, func.count()).group_by(art.c.outlet)
                .order_by(func.count().desc(), art.c.outlet)
            )
        ]
        kinds = [
            {"kind": k, "claims": int(n)}
            for k, n in conn.execute(
                select(cl.c.source_kind, func.count()).group_by(cl.c.source_kind)
                .order_by(func.count().desc())
            )
        ]
        genres = [
            {"genre": g or "(none)", "articles": int(n)}
            for g, n in conn.execute(
                select(an.c.genre, func.count()).group_by(an.c.genre).order_by(func.count().desc())
            )
        ]
    return {"by_day": by_day, "undated": int(undated), "outlets": outlets,
            "source_kinds": kinds, "genres": genres}


def outlets(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.articles.c.outlet).where(s.articles.c.outlet.is_not(None))
            .group_by(s.articles.c.outlet).order_by(s.articles.c.outlet)
        )
        return [str(r[0]) for r in rows]


def standing_signals(engine: Engine, keys: list[str]) -> list[dict[str, Any]]:
    """Standing signals of the actor stored under *keys*, counted by signal and direction,
    each with ``by_source``: the count per who says so (``unknown`` before store version 8)."""
    a, st = s.actors, s.standing
    q = (select(st.c.signal, st.c.direction, st.c.source_kind, func.count().label("n"))
         .join(a, and_(a.c.article_id == st.c.article_id, a.c.actor_id == st.c.actor_id))
         .where(a.c.key.in_(keys)).group_by(st.c.signal, st.c.direction, st.c.source_kind))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    with engine.connect() as conn:
        for signal, direction, kind, n in conn.execute(q):
            row = rows.setdefault((signal, direction), {
                "signal": signal, "direction": direction, "count": 0, "by_source": {}})
            row["count"] += int(n)
            row["by_source"][kind or "unknown"] = int(n)
    return sorted(rows.values(), key=lambda r: (-r["count"], r["signal"], r["direction"]))


def claim_offsets(engine: Engine, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[int, int]]:
    """``(article_id, claim_id) → (start, end)`` for the given claims."""
    wanted = set(pairs)
    articles = sorted({p[0] for p in wanted})
    cl = s.claims
    out: dict[tuple[str, str], tuple[int, int]] = {}
    with engine.connect() as conn:
        for i in range(0, len(articles), 400):
            q = (select(cl.c.article_id, cl.c.claim_id, cl.c.start_char, cl.c.end_char)
                 .where(cl.c.article_id.in_(articles[i:i + 400])))
            for aid, cid, start, end in conn.execute(q):
                if (aid, cid) in wanted:
                    out[(aid, cid)] = (int(start), int(end))
    return out
