"""Full-text search: FTS5 on SQLite, a tsvector index on PostgreSQL by the article's language
(``russian`` for Russian articles, ``english`` for the rest; ILIKE when that finds nothing).
Both return the same row shape."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Engine, func, or_, select, text

from . import schema as s

_FTS_WORD = re.compile(r"\w+", re.UNICODE)


#: Russian inflection endings (nouns, adjectives, names), longest first, for
#: :func:`russian_prefix`; from the case tables of any Russian grammar (Русская грамматика,
#: 1980), not a full stemmer.
_RU_ENDINGS = tuple(sorted(
    ("ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ов", "ев", "ей", "ой", "ом",
     "ем", "ам", "ям", "ах", "ях", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий",
     "а", "я", "у", "ю", "е", "ы", "и", "о", "ь", "й"), key=len, reverse=True))
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def russian_prefix(word: str) -> str:
    """A Russian word without its inflection ending, kept to at least four letters: a
    prefix query on it finds every case form ("Лаврова" → "лавров", matching "Лаврову",
    "Лавровым"). Light stemming: it can also match a longer word of the same prefix."""
    w = word.lower()
    for ending in _RU_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 4:
            return w[: -len(ending)]
    return w


def fts5_query(query: str) -> str:
    """User text to a safe FTS5 query: every word quoted, all required; a Russian word
    becomes a prefix query on its stem (:func:`russian_prefix`)."""
    words = _FTS_WORD.findall(query)
    return " ".join(f'"{russian_prefix(w)}"*' if _CYRILLIC.search(w) else f'"{w}"'
                    for w in words)


def search_sqlite(engine: Engine, query: str, limit: int) -> list[dict[str, Any]]:
    match = fts5_query(query)
    if not match:
        return []
    sql = text(
        "SELECT f.article_id AS id, a.title AS title, a.outlet AS outlet, "
        "a.published AS published, a.url AS url, "
        "snippet(articles_fts, 2, '[', ']', '…', 16) AS snippet, "
        "bm25(articles_fts) AS score, coalesce(n.n_actors, 0) AS n_actors, "
        "coalesce(n.n_claims, 0) AS n_claims, coalesce(n.n_techniques, 0) AS n_techniques "
        "FROM articles_fts f JOIN articles a ON a.id = f.article_id "
        "LEFT JOIN analyses n ON n.article_id = a.id "
        "WHERE articles_fts MATCH :q ORDER BY score LIMIT :n"
    )
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sql, {"q": match, "n": limit}).mappings()]
    for r in rows:  # bm25 is "smaller is better"; report a positive relevance
        r["score"] = round(-float(r["score"]), 4)
    return rows


#: The text-search configuration of an article on PostgreSQL, by its language: the same
#: expression as the index of migration 10 (``ix_articles_fts_lang``), so the planner uses
#: that index. ``russian`` stems Cyrillic words with the Snowball Russian stemmer and ASCII
#: words with the English one; ``english`` keeps a Cyrillic word whole.
PG_CONFIG = ("CASE WHEN a.language = 'ru' THEN 'russian'::regconfig "
             "ELSE 'english'::regconfig END")
_PG_DOC = f"to_tsvector({PG_CONFIG}, coalesce(a.title, '') || ' ' || a.text)"


def search_pg(engine: Engine, query: str, limit: int) -> list[dict[str, Any]]:
    """The query is parsed twice, as English (``qe``) and as Russian (``qr``): an article
    matches either (an English article's words stem alike under both; a Russian article's
    Cyrillic words match ``qr``'s Russian stems, so "Лаврова" finds "Лаврову"). Rank and
    snippet use the query of the article's own configuration."""
    q_own = "CASE WHEN a.language = 'ru' THEN qr ELSE qe END"
    sql = text(
        f"SELECT a.id, a.title, a.outlet, a.published, a.url, "
        f"ts_headline({PG_CONFIG}, a.text, {q_own}, "
        f"'StartSel=[,StopSel=],MaxWords=24,MinWords=10') AS snippet, "
        f"greatest(ts_rank({_PG_DOC}, qe), ts_rank({_PG_DOC}, qr)) AS score, "
        f"coalesce(n.n_actors, 0) AS n_actors, coalesce(n.n_claims, 0) AS n_claims, "
        f"coalesce(n.n_techniques, 0) AS n_techniques "
        f"FROM articles a LEFT JOIN analyses n ON n.article_id = a.id, "
        f"plainto_tsquery('english', :q) qe, plainto_tsquery('russian', :q) qr "
        f"WHERE ({_PG_DOC} @@ qe OR {_PG_DOC} @@ qr) ORDER BY score DESC, a.id LIMIT :n"
    )
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(sql, {"q": query, "n": limit}).mappings()]
        if not rows:  # only stop words, or a partial word: fall back to ILIKE
            rows = _search_ilike(conn, query, limit)
    for r in rows:
        r["score"] = round(float(r["score"]), 4)
    return rows


def _search_ilike(conn: Connection, query: str, limit: int) -> list[dict[str, Any]]:
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    a = s.articles
    an = s.analyses
    q = (select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url,
                func.substr(a.c.text, 1, 200).label("snippet"),
                func.coalesce(an.c.n_actors, 0).label("n_actors"),
                func.coalesce(an.c.n_claims, 0).label("n_claims"),
                func.coalesce(an.c.n_techniques, 0).label("n_techniques"))
         .select_from(a.outerjoin(an, an.c.article_id == a.c.id))
         .where(or_(a.c.title.ilike(like, escape="\\"), a.c.text.ilike(like, escape="\\")))
         .order_by(a.c.id).limit(limit))
    return [dict(r) | {"score": 0.0} for r in conn.execute(q).mappings()]
