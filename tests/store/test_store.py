"""The store on SQLite and PostgreSQL: upsert, replace in one transaction, queries, search."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tealeaves.store import SCHEMA_VERSION, Store, open_store, resolve_url
from tealeaves.store import schema as s
from tests.store.store_factory import make_analysis

#: The documented keys, in order: the first nine as ever, then those schema version 7 added.
STATS_KEYS = ["articles", "analyses", "actors", "mentions", "claims", "events", "techniques",
              "duplicates", "failures", "failures_input", "failures_error", "failures_crash",
              "failures_timeout", "leases"]


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_save_and_get_round_trip(store: Store) -> None:
    a = make_analysis()
    store.save(a)
    assert store.get(a.article.id) == a
    assert store.get("0" * 64) is None


def test_save_is_idempotent_and_replaces_findings(store: Store) -> None:
    a = make_analysis()
    store.save(a)
    store.save(a)
    assert store.stats()["articles"] == 1
    assert count(store, s.mentions) == 3 and count(store, s.events) == 1
    # Re-analysis with fewer findings (a model upgrade): old rows must go, in one go.
    fewer = make_analysis().__class__(article=a.article, actors=a.actors[:1])
    store.save(fewer)
    assert count(store, s.actors) == 1
    assert count(store, s.claims) == 0 and count(store, s.events) == 0
    assert store.get(a.article.id) == fewer


def test_failed_save_leaves_previous_analysis_intact(store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a = make_analysis()
    store.save(a)

    def boom(*_args, **_kw):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_insert_findings", boom)
    with pytest.raises(RuntimeError):
        store.save(a.__class__(article=a.article))
    monkeypatch.undo()
    assert store.get(a.article.id) == a
    assert count(store, s.actors) == 2 and count(store, s.claims) == 1


def test_repeated_finding_ids_are_kept(store: Store) -> None:
    a = make_analysis()
    doubled = a.__class__(article=a.article, actors=a.actors + a.actors[:1])
    store.save(doubled)
    assert count(store, s.actors) == 3
    assert store.get(a.article.id) == doubled


def test_articles_filters_order_and_counts(store: Store) -> None:
    texts = [("One story about the senate budget vote.", "A", "2016-01-05"),
             ("Two story about the senate budget vote.", "B", "2016-02-05"),
             ("Three story about the senate budget vote.", "A", None)]
    ids = []
    for text, outlet, pub in texts:
        an = make_analysis(text, outlet=outlet, published=pub, title=text[:9])
        store.save(an)
        ids.append(an.article.id)
    rows = store.articles()
    assert [r["id"] for r in rows] == [ids[1], ids[0], ids[2]]  # newest first, undated last
    assert set(rows[0]) >= {"id", "title", "outlet", "published", "url", "n_actors",
                            "n_claims", "n_techniques"}
    assert [r["id"] for r in store.articles(outlet="a")] == [ids[0], ids[2]]
    assert [r["id"] for r in store.articles(since="2016-02-01")] == [ids[1]]
    assert [r["id"] for r in store.articles(until="2016-01-05")] == [ids[0]]
    assert [r["id"] for r in store.articles(limit=1, offset=1)] == [ids[0]]
    with pytest.raises(ValueError):
        store.articles(since="last week")


def test_search_finds_words_and_survives_syntax(store: Store) -> None:
    a = make_analysis("Senator Jane Roe said the budget talks had collapsed in Washington.")
    b = make_analysis("The weather in Paris was mild on Sunday, and nobody talked of money.",
                      title="Weather")
    store.save(a)
    store.save(b)
    hits = store.search("collapsed budget")
    assert [h["id"] for h in hits] == [a.article.id]
    assert set(hits[0]) >= {"id", "title", "outlet", "published", "snippet"}
    assert "collapsed" in hits[0]["snippet"]
    assert (hits[0]["n_actors"], hits[0]["n_claims"]) == (1, 1)
    assert store.search("the")  # stop words only: PostgreSQL falls back to ILIKE
    assert store.search("Paris")[0]["id"] == b.article.id
    assert store.search('"unbalanced AND (') == [] or isinstance(store.search('"unbalanced'), list)
    assert store.search("") == []
    assert store.search("zeppelin") == []


def test_stats_keys_duplicates_and_failures(store: Store) -> None:
    a = make_analysis()
    b = make_analysis("Senator Jane Roe said the budget talks had collapsed, reporters heard.")
    store.save(a)
    store.save(b, duplicate_of=a.article.id)
    store.record_failure("feed.xml#entry3", "empty text")
    store.record_failure("feed.xml#entry3", "empty text")  # a retry does not count twice
    st = store.stats()
    assert list(st) == STATS_KEYS
    assert st["articles"] == 2 and st["analyses"] == 2 and st["duplicates"] == 1
    assert st["failures"] == 1 and st["actors"] == 2 and st["techniques"] == 2
    assert st["failures_input"] == 1 and st["failures_crash"] == 0 and st["leases"] == 0
    assert store.duplicate_of(b.article.id) == a.article.id
    store.clear_failure("feed.xml#entry3")
    assert store.stats()["failures"] == 0


def test_known_ids_and_signatures(store: Store) -> None:
    a = make_analysis()
    store.save(a, signature=b"\x01\x02\x03\x04")
    assert store.known_ids([a.article.id, "f" * 64]) == {a.article.id}
    assert store.has(a.article.id) and not store.has("f" * 64)
    assert list(store.iter_signatures()) == [(a.article.id, None, b"\x01\x02\x03\x04")]


def test_migrations_recorded_and_reopen_is_noop(store: Store) -> None:
    assert store.version == SCHEMA_VERSION
    with store.engine.connect() as conn:
        versions = conn.execute(select(s.schema_version.c.version)).scalars().all()
    assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))


def test_sqlite_file_reopen_keeps_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.db"
    with open_store(path) as st:
        st.save(make_analysis())
    with open_store(f"sqlite:///{path}") as st:
        assert st.stats()["articles"] == 1 and st.version == SCHEMA_VERSION


def test_resolve_url() -> None:
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url(":memory:") == "sqlite://"
    assert resolve_url("a.db").startswith("sqlite:////")
    with pytest.raises(ValueError):
        open_store("mysql://nobody@localhost/x")
