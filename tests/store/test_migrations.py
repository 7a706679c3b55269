"""Numbered migrations: an older store is brought up to date and keeps its data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, select, update

from tealeaves.store import SCHEMA_VERSION, open_store
from tealeaves.store import schema as s
from tealeaves.store.migrations import MIGRATIONS, current_version, migrate
from tests.store.store_factory import make_analysis


def test_version_4_store_is_upgraded_and_old_rows_still_read(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    a = make_analysis()
    with open_store(path) as store:
        store.save(a)
        # Turn the row into what version 4 wrote: plain JSON in ``data``, no ``data_z``.
        data = a.to_dict()
        data["article"] = {k: v for k, v in data["article"].items() if k != "text"}
        with store.engine.begin() as conn:
            conn.execute(update(s.analyses).values(data=json.dumps(data), data_z=None))
            conn.execute(s.schema_version.delete().where(s.schema_version.c.version >= 5))
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 4
    engine.dispose()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.get(a.article.id) == a


def test_each_migration_runs_once_from_empty(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert current_version(engine) == 0
    assert migrate(engine) == len(MIGRATIONS)
    assert migrate(engine) == len(MIGRATIONS)  # idempotent
    with engine.connect() as conn:
        rows = conn.execute(select(s.schema_version.c.version,
                                   s.schema_version.c.applied_at)).all()
    assert [r[0] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
    assert all(datetime.fromisoformat(r[1]) <= datetime.now(UTC) for r in rows)
    engine.dispose()


def test_a_migrator_that_read_a_stale_version_does_not_reapply(tmp_path: Path,
                                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Two processes open a fresh store at once: both read version 0, one migrates first.
    The other must re-read the version under the write lock instead of applying the
    migrations again (which failed with a UNIQUE error on schema_version)."""
    import tealeaves.store.migrations as mig

    db = tmp_path / "fresh.db"
    open_store(db).close()  # the winner has migrated
    engine = create_engine(f"sqlite:///{db}")
    monkeypatch.setattr(mig, "current_version", lambda engine: 0)  # the loser's stale read
    assert mig.migrate(engine) == mig.LATEST
    monkeypatch.undo()
    with engine.connect() as conn:
        versions = conn.execute(select(s.schema_version.c.version)).scalars().all()
    assert sorted(versions) == list(range(1, mig.LATEST + 1))
    engine.dispose()


#: What migration 11 added (who contests a standing signal).
_UNDO_11 = ("ALTER TABLE standing DROP COLUMN contested_by",
            "ALTER TABLE standing DROP COLUMN contested_by_actor",
            "ALTER TABLE standing DROP COLUMN contested_by_name",
            "DELETE FROM schema_version WHERE version = 11")
#: What migration 10 added on SQLite (the language index; its full-text index is PostgreSQL's).
_UNDO_10 = (*_UNDO_11, "DROP INDEX ix_articles_language",
            "DELETE FROM schema_version WHERE version = 10")
#: What migration 9 added, undone after 10 (back to what version 8 wrote).
_UNDO_9 = (*_UNDO_10, "DROP TABLE watch_feeds", "DROP TABLE watch_items",
           "DROP TABLE alert_queries", "DROP TABLE alerts", "DROP TABLE claim_ann",
           "DELETE FROM schema_version WHERE version = 9")
#: What migration 8 added, undone after 9 (back to what version 7 wrote).
_UNDO_8 = (*_UNDO_9, "DROP INDEX ix_standing_direction", "ALTER TABLE standing DROP COLUMN type",
           "ALTER TABLE standing DROP COLUMN claim_id",
           "ALTER TABLE standing DROP COLUMN source_kind",
           "ALTER TABLE standing DROP COLUMN contested",
           "DELETE FROM schema_version WHERE version = 8")
#: What migration 7 added, undone (back to what version 6 wrote), after undoing 9 and 8.
_UNDO_7 = (*_UNDO_8, "DROP TABLE leases", "DROP INDEX ix_failures_article",
           "ALTER TABLE failures DROP COLUMN kind", "ALTER TABLE failures DROP COLUMN article_id",
           "DELETE FROM schema_version WHERE version = 7")


def test_version_6_failures_become_input_failures_and_leases_appear(tmp_path: Path) -> None:
    """Migration 7: a failure recorded before it is an ``input`` failure naming no article
    (read again by the next run, as before), and the ``leases`` table is there, empty."""
    from sqlalchemy import inspect, text

    path = tmp_path / "v6.db"
    with open_store(path) as store:
        store.save(make_analysis())
        with store.engine.begin() as conn:
            for sql in _UNDO_7:
                conn.execute(text(sql))
            conn.execute(text("INSERT INTO failures (key, source, reason, at) "
                              "VALUES ('k', 'feed.xml#3', 'empty text', '2016-01-01')"))
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 6
    assert not inspect(engine).has_table("leases")
    engine.dispose()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.failures() == [{"source": "feed.xml#3", "reason": "empty text",
                                     "at": "2016-01-01", "kind": "input", "article_id": None}]
        assert store.failed_article_ids() == set()
        st = store.stats()
        assert (st["failures"], st["failures_input"], st["leases"], st["articles"]) == (1, 1, 0, 1)


def test_version_5_store_with_claims_is_marked_stale_until_regrouped(tmp_path: Path) -> None:
    """Migration 6 adds the claim-group columns and tables; a store that already holds
    claims (written before embeddings: no vectors) needs ``regroup``, which embeds them."""
    from sqlalchemy import text

    from tealeaves.corpus import group_claims
    from tealeaves.store import grouping
    from tests.corpus.corpus_data import corroboration_set

    path = tmp_path / "v5.db"
    with open_store(path) as store:
        for an in corroboration_set():
            store.save(an, claim_vectors={})
        with store.engine.begin() as conn:  # back to what version 5 wrote
            for sql in ("DROP TABLE claim_entities", "DROP TABLE claim_links",
                        "DROP TABLE store_meta", "DROP INDEX ix_claims_component",
                        "ALTER TABLE claims DROP COLUMN component",
                        "ALTER TABLE claims DROP COLUMN in_group",
                        *_UNDO_7, "DELETE FROM schema_version WHERE version = 6"):
                conn.execute(text(sql))
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 5
    engine.dispose()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert grouping.status(store) == {"claims": 4, "without_vector": 4, "stale": True}
        assert group_claims(store) == []
        rep = grouping.regroup(store)
        assert rep["embedded"] == 4 and rep["components"] == 1
        assert grouping.status(store) == {"claims": 4, "without_vector": 0, "stale": False}
        assert group_claims(store)[0]["n_outlets"] == 3


def test_fresh_store_is_not_stale(tmp_path: Path) -> None:
    from tealeaves.store import grouping

    with open_store(tmp_path / "new.db") as store:
        assert grouping.status(store) == {"claims": 0, "without_vector": 0, "stale": False}


def test_version_7_standing_gets_who_says_so_columns(tmp_path: Path) -> None:
    """Migration 8: standing signals stored before keep their rows, with NULL type and
    source; signals saved after it carry both."""
    from dataclasses import replace

    from sqlalchemy import inspect, text

    from tealeaves.model import StandingSignal

    path = tmp_path / "v7.db"
    analysis = make_analysis()
    old = StandingSignal(signal="sidelined", direction="falling", start=0, end=4, text="text")
    actor = replace(analysis.actors[0], standing=(old,))
    with open_store(path) as store:
        store.save(replace(analysis, actors=(actor, *analysis.actors[1:])))
        with store.engine.begin() as conn:
            for sql in _UNDO_8:
                conn.execute(text(sql))
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 7
    assert "source_kind" not in {c["name"] for c in inspect(engine).get_columns("standing")}
    engine.dispose()
    with open_store(path) as store:
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT signal, type, source_kind FROM standing")).all()
        assert [tuple(r) for r in rows] == [("sidelined", None, None)]
        new = replace(old, type="sidelined", claim="c1", source_kind="anonymous")
        store.save(replace(analysis, actors=(replace(actor, standing=(new,)),
                                             *analysis.actors[1:])))
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT type, claim_id, source_kind, contested "
                                     "FROM standing")).all()
        assert [tuple(r) for r in rows] == [("sidelined", "c1", "anonymous", 0)]


def test_version_8_store_gets_the_watch_and_alert_tables(tmp_path: Path) -> None:
    """Migration 9 adds the watcher's and the alerts' tables, empty, keeping what is stored."""
    from sqlalchemy import inspect, text

    path = tmp_path / "v8.db"
    with open_store(path) as store:
        store.save(make_analysis())
        with store.engine.begin() as conn:
            for sql in _UNDO_9:
                conn.execute(text(sql))
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 8 and not inspect(engine).has_table("alerts")
    engine.dispose()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION and store.stats()["articles"] == 1
        names = set(inspect(store.engine).get_table_names())
        assert {"watch_feeds", "watch_items", "alert_queries", "alerts"} <= names
