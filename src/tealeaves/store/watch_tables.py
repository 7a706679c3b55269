"""Tables of the watcher and the alerts (schema version 8): feed state, the entries seen
in each feed, saved queries and the alerts they raised; and the labels of the on-disk
ANN claim index.

Kept apart from :mod:`.schema` so that the findings' tables stay in one place; they share
its ``metadata``.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from .schema import ID, metadata

#: One row per watched feed or sitemap: its conditional-GET validators, when it is next
#: due, how many times in a row it failed, and its counters.
watch_feeds = Table(
    "watch_feeds",
    metadata,
    Column("url", String(1000), primary_key=True),
    Column("kind", String(16), nullable=False, default="feed"),  # feed | sitemap
    Column("every_s", Float, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("next_due", Float, nullable=False, default=0.0),
    Column("failures", Integer, nullable=False, default=0),  # in a row; drives the backoff
    Column("last_status", String(32)),  # ok | not-modified | error
    Column("last_error", Text),
    Column("last_polled", Float),
    Column("polls", Integer, nullable=False, default=0),
    Column("n_entries", Integer, nullable=False, default=0),  # distinct entries seen
    Column("n_stored", Integer, nullable=False, default=0),  # articles stored from it
)

#: Every entry link seen in a watched feed: fetched once (``article_id`` when stored), or
#: retried up to a limit when its page could not be fetched.
watch_items = Table(
    "watch_items",
    metadata,
    Column("link", String(1000), primary_key=True),
    Column("feed", String(1000), nullable=False),
    Column("first_seen", Float, nullable=False),
    Column("state", String(16), nullable=False),  # stored | skipped | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("article_id", ID),
    Column("error", Text),
    Index("ix_watch_items_feed", "feed"),
)

#: Saved queries over findings (see tealeaves.corpus.alerts for the kinds).
alert_queries = Table(
    "alert_queries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("params", Text, nullable=False),  # JSON object
    Column("created_at", String(32), nullable=False),
)

#: What the saved queries found, once per (query, evidence): the article and the offsets
#: of the evidence sentence.
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("query_id", Integer, nullable=False),
    Column("article_id", ID, nullable=False),
    Column("key", String(400), nullable=False),  # what makes the alert unique in its query
    Column("title", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("score", Float),
    Column("created_at", String(32), nullable=False),
    Column("delivered", Integer, nullable=False, default=0),  # webhook: 0 not yet, 1 done
    Index("ix_alerts_query", "query_id", "id"),
    Index("ux_alerts_key", "query_id", "key", unique=True),
)

#: Labels of the on-disk ANN claim index (store option ``claim_index="ann"``; see
#: tealeaves.store.ann_index): usearch key → claim.
claim_ann = Table(
    "claim_ann",
    metadata,
    Column("label", Integer, primary_key=True, autoincrement=False),
    Column("article_id", ID, nullable=False),
    Column("claim_id", String(64), nullable=False),
    Index("ix_claim_ann_claim", "article_id", "claim_id"),
)

TABLES = [watch_feeds, watch_items, alert_queries, alerts, claim_ann]
