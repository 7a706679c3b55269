"""Migration 11: who contests a standing signal (``contested_by``, ``contested_by_actor``,
``contested_by_name``). A store written with the version-10 DDL opens, upgrades, keeps its
rows (NULL in the new columns) and then stores and reads the denier."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from tealeaves.corpus import actor_standing, standing_board, timeline
from tealeaves.store import SCHEMA_VERSION, open_store
from tealeaves.store.migrations import current_version
from tests.corpus.standing_data import standing_set

#: The ``standing`` table as schema version 10 created it (migrations 1 and 8).
_V10_STANDING = """
CREATE TABLE standing (
    article_id VARCHAR(64) NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    actor_id VARCHAR(64) NOT NULL,
    signal VARCHAR(64) NOT NULL,
    direction VARCHAR(16) NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    type VARCHAR(32),
    claim_id VARCHAR(64),
    source_kind VARCHAR(32),
    contested BOOLEAN
)"""


def _version_10_store(path: Path) -> str:
    """A store whose ``standing`` table has the version-10 DDL and one contested signal
    written by version 10 (no denier kept); returns its article id."""
    denial = standing_set()[2]
    with open_store(path) as store:
        store.save(denial)
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE standing"))
            conn.execute(text(_V10_STANDING))
            conn.execute(text(
                "CREATE INDEX ix_standing_article_actor ON standing (article_id, actor_id)"))
            conn.execute(text("CREATE INDEX ix_standing_direction ON standing (direction)"))
            conn.execute(text(
                "INSERT INTO standing (article_id, actor_id, signal, direction, start_char, "
                "end_char, text, type, claim_id, source_kind, contested) VALUES (:a, 'ivanov', "
                "'rumoured_ouster', 'falling', 32, 49, 'Ivanov was sacked', 'rumoured_ouster', "
                "'c1', 'rumour', 1)"), {"a": denial.article.id})
            conn.execute(text("DELETE FROM schema_version WHERE version = 11"))
    return denial.article.id


def test_a_version_10_store_upgrades_and_old_rows_get_null(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    aid = _version_10_store(path)
    engine = create_engine(f"sqlite:///{path}")
    assert current_version(engine) == 10
    assert "contested_by" not in {c["name"] for c in inspect(engine).get_columns("standing")}
    engine.dispose()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION == 11
        with store.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT article_id, contested, contested_by, contested_by_actor, "
                "contested_by_name FROM standing")).all()
        assert [tuple(r) for r in rows] == [(aid, 1, None, None, None)]
        # the old row still reads: contested, its denier unknown
        sig = actor_standing(store, "ivanov|person")["signals"][0]  # type: ignore[index]
        assert sig["contested"] and sig["contested_by"] is None
        assert sig["contested_by_name"] is None and sig["contested_by_key"] is None
        assert actor_standing(store, "ivanov|person")["contested_by"] == {  # type: ignore[index]
            "unattributed": 1}


def test_after_the_upgrade_a_save_keeps_the_denier(tmp_path: Path) -> None:
    path = tmp_path / "v10.db"
    _version_10_store(path)
    with open_store(path) as store:
        store.save(standing_set()[2])  # analysed again: rows rewritten with the denier
        with store.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT text, contested_by, contested_by_actor, contested_by_name "
                "FROM standing WHERE contested")).all()
        assert [tuple(r) for r in rows] == [("Ivanov was sacked", "c1", "kremlin", "Kremlin")]


def test_round_trip_through_the_views(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.db") as store:
        for a in standing_set():
            store.save(a)
        ivanov = standing_board(store)["down"][0]
        assert ivanov["name"] == "Ivanov" and ivanov["contested_by"] == {"Kremlin": 1}
        denied = [s for s in ivanov["signals"] if s["contested"]]
        assert [(s["contested_by"], s["contested_by_name"], s["contested_by_key"])
                for s in denied] == [("c1", "Kremlin", "kremlin|organization")]
        plain = [s for s in ivanov["signals"] if not s["contested"]]
        assert all(s["contested_by"] is None and s["contested_by_name"] is None for s in plain)
        rows = timeline(store, "Ivanov", by="month")
        assert [(r["period"], r["contested"], r["contested_by"]) for r in rows] == [
            ("2025-03", 0, {}), ("2025-04", 1, {"Kremlin": 1})]
        # the Analysis itself round-trips with the denier's claim id
        got = store.get(denied[0]["article_id"])
        assert got is not None
        sig = next(s for a in got.actors for s in a.standing if s.contested)
        assert sig.contested_by == "c1"


def test_an_uncontested_signal_never_keeps_a_denier(tmp_path: Path) -> None:
    """A ``contested_by`` on a signal not marked contested is not stored (the two agree)."""
    from dataclasses import replace

    a = standing_set()[0]
    actor = a.actors[0]
    odd = replace(actor, standing=(replace(actor.standing[0], contested_by="c9"),))
    with open_store(tmp_path / "x.db") as store:
        store.save(replace(a, actors=(odd, *a.actors[1:])))
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT contested_by FROM standing")).scalars().all() == [
                None, None]


def test_a_postgres_store_of_version_10_upgrades(tmp_path: Path) -> None:
    """The same upgrade on PostgreSQL (``TEALEAVES_TEST_PG``): the version-10 columns, one
    old row, then migration 11 and a re-save that keeps the denier."""
    import uuid

    import pytest

    from tests.store.store_factory import PG_URL

    if not PG_URL:
        pytest.skip("TEALEAVES_TEST_PG is not set")
    from tealeaves.store import resolve_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    denial = standing_set()[2]
    try:
        with open_store(PG_URL, schema=schema) as store:
            store.save(denial)
            with store.engine.begin() as conn:
                for col in ("contested_by", "contested_by_actor", "contested_by_name"):
                    conn.execute(text(f"ALTER TABLE standing DROP COLUMN {col}"))
                conn.execute(text("DELETE FROM schema_version WHERE version = 11"))
        with open_store(PG_URL, schema=schema) as store:
            assert store.version == SCHEMA_VERSION == 11
            with store.engine.connect() as conn:
                rows = conn.execute(text("SELECT contested, contested_by, contested_by_name "
                                         "FROM standing WHERE contested")).all()
            assert [tuple(r) for r in rows] == [(True, None, None)]
            store.save(denial)
            sig = actor_standing(store, "ivanov|person")["signals"]  # type: ignore[index]
            assert [(s["contested_by"], s["contested_by_name"], s["contested_by_key"])
                    for s in sig if s["contested"]] == [("c1", "Kremlin", "kremlin|organization")]
    finally:
        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
