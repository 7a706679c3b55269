"""Numbered schema migrations, each run in one transaction with the version bump.

``MIGRATIONS[n - 1]`` brings a store from version ``n - 1`` to ``n``. A migration is a
plain function of an open :class:`~sqlalchemy.engine.Connection`; it must work on SQLite
and PostgreSQL (branch on ``conn.dialect.name`` where they differ). Add new steps at the
end; never edit one that has shipped (sqlite-utils ``migrations.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, inspect, select, text

from . import schema as s
from .tx import write_tx

log = logging.getLogger(__name__)


def _m001_tables(conn: Connection) -> None:
    """Articles, analyses, findings, signatures and failures.

    ``schema.metadata`` describes the latest shape, so later steps that add a column check
    first whether this step already created it.
    """
    tables = [
        s.articles, s.analyses, s.actors, s.actor_names, s.mentions, s.standing,
        s.claims, s.events, s.techniques, s.signatures, s.failures,
    ]
    s.metadata.create_all(conn, tables=tables)


def _m002_fulltext(conn: Connection) -> None:
    """Full-text search: an FTS5 table on SQLite, a GIN tsvector index on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "article_id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')"
        ))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE INDEX ix_articles_fts ON articles USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        ))


def _m003_view_indexes(conn: Connection) -> None:
    """Indexes for the corpus views: events by actor and target, claims by article."""
    conn.execute(text("CREATE INDEX ix_events_actor ON events (article_id, actor)"))
    conn.execute(text("CREATE INDEX ix_events_target ON events (article_id, target)"))
    conn.execute(text("CREATE INDEX ix_actors_article ON actors (article_id)"))


def _m004_actor_polarity(conn: Connection) -> None:
    """A signed stance per actor (``polarity``) so views can average it."""
    if "polarity" not in {c["name"] for c in inspect(conn).get_columns("actors")}:
        conn.execute(text("ALTER TABLE actors ADD COLUMN polarity FLOAT"))
    conn.execute(text(
        "UPDATE actors SET polarity = CASE stance_label WHEN 'positive' THEN stance_score "
        "WHEN 'negative' THEN -stance_score WHEN 'neutral' THEN 0 ELSE NULL END"
    ))


def _m005_compressed_analyses(conn: Connection) -> None:
    """Analyses stored zlib-compressed (``data_z``), about a fifth of the JSON's size."""
    if "data_z" not in {c["name"] for c in inspect(conn).get_columns("analyses")}:
        kind = "BYTEA" if conn.dialect.name == "postgresql" else "BLOB"
        conn.execute(text(f"ALTER TABLE analyses ADD COLUMN data_z {kind}"))


def _m006_claim_groups(conn: Connection) -> None:
    """Claim groups kept at write time: ``claims.component`` / ``claims.in_group``, the
    ``claim_entities`` and ``claim_links`` tables, and ``store_meta``. A store that already
    holds claims is marked ``claim_groups = stale`` until ``tealeaves claims --regroup``
    rebuilds the groups (and embeds claims stored without vectors)."""
    have = {c["name"] for c in inspect(conn).get_columns("claims")}
    kind = "BOOLEAN"
    if "component" not in have:
        conn.execute(text("ALTER TABLE claims ADD COLUMN component VARCHAR(160)"))
    if "in_group" not in have:
        conn.execute(text(f"ALTER TABLE claims ADD COLUMN in_group {kind}"))
    indexes = {i["name"] for i in inspect(conn).get_indexes("claims")}
    if "ix_claims_component" not in indexes:
        conn.execute(text("CREATE INDEX ix_claims_component ON claims (component)"))
    s.metadata.create_all(conn, tables=[s.claim_entities, s.claim_links, s.store_meta])
    n_claims = conn.execute(select(func.count()).select_from(s.claims)).scalar() or 0
    rows = [{"key": "claims_generation", "value": "0"},
            {"key": "claim_groups", "value": "stale" if n_claims else "current"}]
    for row in rows:
        if conn.execute(select(s.store_meta.c.value)
                        .where(s.store_meta.c.key == row["key"])).first() is None:
            conn.execute(s.store_meta.insert().values(**row))


def _m007_failure_kinds_and_leases(conn: Connection) -> None:
    """``failures.kind`` and ``failures.article_id`` (an article whose analysis crashed,
    timed out or raised is skipped by later runs unless retried), and the ``leases`` table
    (an article being analysed by one of several ingest runs on the store). Failures
    recorded before carry no article: they are read again, as before."""
    have = {c["name"] for c in inspect(conn).get_columns("failures")}
    if "kind" not in have:
        conn.execute(text("ALTER TABLE failures ADD COLUMN kind VARCHAR(16)"))
    if "article_id" not in have:
        conn.execute(text("ALTER TABLE failures ADD COLUMN article_id VARCHAR(64)"))
    if "ix_failures_article" not in {i["name"] for i in inspect(conn).get_indexes("failures")}:
        conn.execute(text("CREATE INDEX ix_failures_article ON failures (article_id)"))
    conn.execute(text("UPDATE failures SET kind = 'input' WHERE kind IS NULL"))
    s.metadata.create_all(conn, tables=[s.leases])


def _add_columns(conn: Connection, table: str, columns: Sequence[tuple[str, str]]) -> None:
    """Add each ``(name, SQL type)`` of *columns* to *table* unless it is there already (a
    step run again on a store that has some of them)."""
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, kind in columns:
        if name not in have:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {kind}"))


def _m008_standing_sources(conn: Connection) -> None:
    """Standing signals with their type and who says so: ``standing.type``, ``claim_id``,
    ``source_kind`` and ``contested``, and an index by actor for the standing board. Signals
    stored before stay NULL there (shown as ``unknown``) until their article is analysed
    again."""
    _add_columns(conn, "standing", (("type", "VARCHAR(32)"), ("claim_id", "VARCHAR(64)"),
                                    ("source_kind", "VARCHAR(32)"), ("contested", "BOOLEAN")))
    if "ix_standing_direction" not in {i["name"] for i in inspect(conn).get_indexes("standing")}:
        conn.execute(text("CREATE INDEX ix_standing_direction ON standing (direction)"))


def _m009_watch_and_alerts(conn: Connection) -> None:
    """The watcher's feed state and seen entries, saved queries and their alerts
    (:mod:`.watch_tables`)."""
    from .watch_tables import TABLES

    s.metadata.create_all(conn, tables=TABLES)


def _m010_fulltext_by_language(conn: Connection) -> None:
    """PostgreSQL full text by the article's language: a Russian article (``language``
    ``ru``) is indexed with the ``russian`` configuration (Snowball Russian stemmer for
    Cyrillic words, English stemming for ASCII words), every other with ``english``. The
    English-only index of step 2 is replaced. SQLite's FTS5 table is unchanged (a Russian
    query word becomes a prefix query there, :func:`.search.fts5_query`). Both get an index
    on ``articles.language`` (is there an article of another language to link claims
    across, :mod:`.crosslang`)."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_language ON articles (language)"))
    if conn.dialect.name != "postgresql":
        return
    conn.execute(text("DROP INDEX IF EXISTS ix_articles_fts"))
    conn.execute(text(
        "CREATE INDEX IF NOT EXISTS ix_articles_fts_lang ON articles USING GIN "
        "(to_tsvector(CASE WHEN language = 'ru' THEN 'russian'::regconfig "
        "ELSE 'english'::regconfig END, coalesce(title, '') || ' ' || text))"
    ))


def _m011_standing_contesters(conn: Connection) -> None:
    """Who contests a standing signal: ``standing.contested_by`` (the id of the denier's
    claim, as in the Analysis), ``contested_by_actor`` (that claim's source actor, an id of
    the same article) and ``contested_by_name`` (the denier in words: the actor's name, the
    source's own words or its kind). Signals stored before stay NULL there until their
    article is analysed again."""
    _add_columns(conn, "standing", (("contested_by", "VARCHAR(64)"),
                                    ("contested_by_actor", "VARCHAR(64)"),
                                    ("contested_by_name", "TEXT")))


MIGRATIONS: list[Callable[[Connection], None]] = [
    _m001_tables,
    _m002_fulltext,
    _m003_view_indexes,
    _m004_actor_polarity,
    _m005_compressed_analyses,
    _m006_claim_groups,
    _m007_failure_kinds_and_leases,
    _m008_standing_sources,
    _m009_watch_and_alerts,
    _m010_fulltext_by_language,
    _m011_standing_contesters,
]

LATEST = len(MIGRATIONS)


def current_version(engine: Engine) -> int:
    """The schema version of the store behind *engine* (0 for an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("schema_version"):
            return 0
        return int(conn.execute(select(func.max(s.schema_version.c.version))).scalar() or 0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = current_version(engine)
    if version >= LATEST:  # the common case: a read, no write lock taken
        return version
    with write_tx(engine) as conn:
        s.schema_version.create(conn, checkfirst=True)
    version = current_version(engine)
    for number, step in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        with write_tx(engine) as conn:
            # Serialise concurrent migrators (two processes opening a fresh store): SQLite's
            # write transaction already holds the database lock; PostgreSQL takes an
            # advisory lock. Under the lock, re-read what another process has applied.
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7011)"))
            done = conn.execute(select(func.max(s.schema_version.c.version))).scalar()
            if done is not None and int(done) >= number:
                version = max(version, int(done))
                continue
            step(conn)
            conn.execute(s.schema_version.insert().values(
                version=number, applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
            ))
        log.info("store migrated to version %d (%s)", number, step.__name__)
        version = number
    return version
