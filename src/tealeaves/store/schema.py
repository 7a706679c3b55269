"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Findings are kept twice on purpose: the whole :class:`~tealeaves.model.Analysis` as JSON in
``analyses.data`` (so :meth:`Store.get` returns exactly what was saved), and one row per
actor, mention, standing signal, claim, event and technique, indexed for the corpus views.
Character offsets are called ``start_char``/``end_char`` (``end`` is an SQL keyword).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = String(64)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("published", String(40)),
    Column("title", Text),
    Column("language", String(16), nullable=False, default="en"),
    Column("text", Text, nullable=False),
    Column("duplicate_of", ID),
    Column("ingested_at", String(32), nullable=False),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_published", "published"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
    Index("ix_articles_language", "language"),  # schema version 10
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("schema_version", String(8), nullable=False),
    Column("data", Text, nullable=False),  # the Analysis as JSON (empty when data_z is set)
    Column("data_z", LargeBinary),  # the same JSON, zlib-compressed (schema version 5 on)
    Column("genre", String(16)),
    Column("n_actors", Integer, nullable=False, default=0),
    Column("n_claims", Integer, nullable=False, default=0),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_techniques", Integer, nullable=False, default=0),
    Column("n_issues", Integer, nullable=False, default=0),
    Column("analyzed_at", String(32), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", String(64), primary_key=True),
    Column("key", String(300), nullable=False),  # lower-cased canonical name + "|" + kind
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("roles", Text, nullable=False, default="[]"),  # JSON list
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("stance_label", String(16)),
    Column("stance_score", Float),  # the stance stage's confidence in its label, 0..1
    Column("polarity", Float),  # signed stance: +score positive, -score negative, 0 neutral
    Column("rising", Integer, nullable=False, default=0),
    Column("falling", Integer, nullable=False, default=0),
    Index("ix_actors_key", "key"),
)

actor_names = Table(
    "actor_names",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("name_lower", String(300), nullable=False),
    Index("ix_actor_names_name", "name_lower"),
    Index("ix_actor_names_article", "article_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("form", String(16), nullable=False),
    Index("ix_mentions_article_actor", "article_id", "actor_id"),
)

standing = Table(
    "standing",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("signal", String(64), nullable=False),
    Column("direction", String(16), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # who says so (migration 8): the type, the claim it rests on and its source kind
    Column("type", String(32), nullable=True),
    Column("claim_id", String(64), nullable=True),
    Column("source_kind", String(32), nullable=True),
    Column("contested", Boolean, nullable=True),
    # who contests it (migration 11): the denier's claim, its source actor and in words
    Column("contested_by", String(64), nullable=True),
    Column("contested_by_actor", String(64), nullable=True),
    Column("contested_by_name", Text, nullable=True),
    Index("ix_standing_article_actor", "article_id", "actor_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(64), primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("quote", Boolean, nullable=False),
    Column("source_kind", String(32), nullable=False),
    Column("source_actor", String(64)),
    Column("source_text", Text),
    Column("cue", Text),
    Column("via", Text),
    Column("n_hedges", Integer, nullable=False, default=0),
    Column("vector", LargeBinary),  # sentence embedding (float16), filled by batch or lazily
    # Claim grouping (schema version 6, kept at write time by tealeaves.store.grouping):
    # the connected component of claims linked to this one (the key "article_id:claim_id"
    # of one member; NULL when linked to none), and whether the claim stays in its group
    # after chain pruning.
    Column("component", String(160)),
    Column("in_group", Boolean),
    Index("ix_claims_source_actor", "article_id", "source_actor"),
    Index("ix_claims_component", "component"),
)

claim_entities = Table(
    "claim_entities",
    metadata,
    # Actor keys a claim is about (mentioned inside its span) or by (its named source).
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", String(64), primary_key=True),
    Column("key", String(300), primary_key=True),
    Index("ix_claim_entities_key", "key"),
    sqlite_with_rowid=False,  # the primary key is the row: no second copy in an index
)

claim_links = Table(
    "claim_links",
    metadata,
    # Pairs of claims in different articles that state the same proposition (the grouping
    # rule of tealeaves.store.grouping); components of this graph are the claim groups.
    Column("a_article", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("a_claim", String(64), primary_key=True),
    Column("b_article", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("b_claim", String(64), primary_key=True),
    Column("score", Float, nullable=False),
    Index("ix_claim_links_b", "b_article", "b_claim"),
    sqlite_with_rowid=False,
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("category", String(64), nullable=False),
    Column("actor", String(64)),
    Column("target", String(64)),
    Column("action", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("negated", Boolean, nullable=False, default=False),
    Index("ix_events_category", "category"),
)

techniques = Table(
    "techniques",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("technique", String(64), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("score", Float, nullable=False),
    Index("ix_techniques_technique", "technique"),
)

signatures = Table(
    "signatures",
    metadata,
    Column("article_id", ID, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", LargeBinary, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("key", String(64), primary_key=True),  # sha1 of the source, so a retry updates
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
    # Schema version 7: what failed. ``input`` (the source could not be read, or is not
    # English; no article id) is tried again on every run; ``error`` (the analysis raised),
    # ``crash`` (the worker died) and ``timeout`` (it overran its time budget) name the
    # article, which later runs skip unless asked to retry.
    Column("kind", String(16)),
    Column("article_id", ID),
    Index("ix_failures_article", "article_id"),
)

leases = Table(
    "leases",
    metadata,
    # Schema version 7: an article being analysed by one ingest run (``owner``), so that
    # two runs on one store split the work. Taken before the analysis, dropped when its
    # result (or failure) is written; a lease whose ``expires`` (Unix seconds) has passed,
    # or whose owner is known to be dead, may be taken over.
    Column("article_id", ID, primary_key=True),
    Column("owner", String(120), nullable=False),
    Column("expires", Float, nullable=False),
    Column("taken_at", String(32), nullable=False),
    Index("ix_leases_owner", "owner"),
)

#: Tables holding one article's findings, deleted and rewritten together on re-analysis.
FINDING_TABLES = (actor_names, mentions, standing, actors, claim_entities, claims, events,
                  techniques)
