"""PostgreSQL full text by the article's language (migration 10): a Russian article is
indexed with the ``russian`` configuration, an English one with ``english``, and one query
finds both. The PostgreSQL tests need TEALEAVES_TEST_PG (skipped without it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tealeaves.model import Analysis, Article
from tealeaves.store import SCHEMA_VERSION, Store, open_store, resolve_url
from tealeaves.store import schema as s
from tests.store.store_factory import PG_URL


def pg(f):  # type: ignore[no-untyped-def]
    return pytest.mark.postgres(
        pytest.mark.skipif(not PG_URL, reason="TEALEAVES_TEST_PG is not set")(f))

RU = ("Министр иностранных дел Сергей Лавров позвонил коллеге. Лаврову передали письмо "
      "министров, сообщили в МИД.")
EN = "The foreign minister said on Tuesday that the talks would resume in Geneva."
EN_CYR = "The banner outside read «Лаврова» in large letters, a reporter said."


def _article(body: str, language: str) -> Analysis:
    return Analysis(article=Article.from_text(body, language=language,
                                              title=body.split(".")[0][:40]))


@pytest.fixture
def schema() -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    engine = create_engine(resolve_url(PG_URL or ""))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    engine.dispose()


def _ids(store: Store, query: str) -> set[str]:
    return {h["id"] for h in store.search(query)}


def _indexes(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(text(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles' "
            "AND schemaname = current_schema()")).scalars())


@pg
def test_russian_stems_match_across_case_forms_and_english_still_stems(schema: str) -> None:
    with open_store(PG_URL or "", schema=schema) as store:
        ru, en, en_cyr = _article(RU, "ru"), _article(EN, "en"), _article(EN_CYR, "en")
        for a in (ru, en, en_cyr):
            store.save(a, claim_vectors={})
        ru_id, en_id, cyr_id = ru.article.id, en.article.id, en_cyr.article.id
        # Russian Snowball: "Лаврова" and "Лаврову" share the stem "лавров".
        assert _ids(store, "Лаврова") == {ru_id, cyr_id}
        assert _ids(store, "министра") == {ru_id}  # министров / министр
        assert _ids(store, "письмами") == {ru_id}
        # English stemming is unchanged: "ministers" finds "minister".
        assert _ids(store, "ministers") == {en_id}
        assert _ids(store, "resuming talk") == {en_id}
        # An English article keeps a Cyrillic word whole: another case form misses it.
        assert cyr_id not in _ids(store, "Лаврову")
        # One query of both languages: each word must be in the article.
        assert _ids(store, "Лавров МИД") == {ru_id}
        hit = next(h for h in store.search("Лаврову") if h["id"] == ru_id)
        assert "[" in hit["snippet"] and hit["score"] > 0
        assert "ix_articles_fts_lang" in _indexes(store)
        assert "ix_articles_fts" not in _indexes(store)


@pg
def test_the_language_index_serves_the_search(schema: str) -> None:
    from tealeaves.store.search import _PG_DOC

    with open_store(PG_URL or "", schema=schema) as store:
        store.save(_article(RU, "ru"), claim_vectors={})
        with store.engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(conn.execute(text(
                f"EXPLAIN SELECT a.id FROM articles a, plainto_tsquery('russian', 'Лаврова') q "
                f"WHERE {_PG_DOC} @@ q")).scalars())
    assert "ix_articles_fts_lang" in plan


@pg
def test_a_version_9_store_is_upgraded_to_the_language_index(schema: str) -> None:
    url = PG_URL or ""
    ru = _article(RU, "ru")
    with open_store(url, schema=schema) as store:
        store.save(ru, claim_vectors={})
        with store.engine.begin() as conn:  # turn it into what version 9 had
            conn.execute(text("DROP INDEX ix_articles_fts_lang"))
            conn.execute(text("DROP INDEX ix_articles_language"))
            conn.execute(text(
                "CREATE INDEX ix_articles_fts ON articles USING GIN "
                "(to_tsvector('english', coalesce(title, '') || ' ' || text))"))
            conn.execute(s.schema_version.delete().where(s.schema_version.c.version >= 10))
    with open_store(url, schema=schema) as store:
        assert store.version == SCHEMA_VERSION >= 10
        assert _indexes(store) >= {"ix_articles_fts_lang", "ix_articles_language"}
        assert "ix_articles_fts" not in _indexes(store)
        assert _ids(store, "Лаврова") == {ru.article.id}
        assert store.get(ru.article.id) == ru


def test_sqlite_search_is_unchanged_by_migration_10(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store:
        ru, en = _article(RU, "ru"), _article(EN, "en")
        store.save(ru, claim_vectors={})
        store.save(en, claim_vectors={})
        assert store.version == SCHEMA_VERSION >= 10
        assert _ids(store, "Лаврова") == {ru.article.id}
        assert _ids(store, "minister") == {en.article.id}
