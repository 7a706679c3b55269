"""Russian articles in the store: FTS5 finds Cyrillic words in any case form, and a
Russian and an English article about one person share one actor key."""

from __future__ import annotations

from pathlib import Path

from tealeaves.model import Actor, Analysis, Article, Mention
from tealeaves.store import actor_key, open_store
from tealeaves.store.search import fts5_query, russian_prefix


def _analysis(text: str, name: str, mention: str, language: str) -> Analysis:
    art = Article.from_text(text, language=language, title=text.split(".")[0])
    s = text.index(mention)
    actor = Actor(id="sergey-lavrov", name=name, kind="person",
                  mentions=(Mention(s, s + len(mention), mention),))
    return Analysis(article=art, actors=(actor,))


def test_russian_prefix_strips_case_endings_but_keeps_four_letters() -> None:
    assert russian_prefix("Лаврова") == "лавров"
    assert russian_prefix("Лавров") == "лавр"
    assert russian_prefix("министерству") == "министерств"
    assert russian_prefix("МИД") == "мид"
    assert fts5_query("Лаврова Kremlin") == "\"лавров\"* \"Kremlin\""


def test_sqlite_search_finds_russian_case_forms_and_one_actor_key(tmp_path: Path) -> None:
    store = open_store(tmp_path / "ru.db")
    try:
        ru = _analysis("Министр Сергей Лавров прибыл в Анкару. Переговоры продлятся два дня.",
                       "Sergey Lavrov", "Сергей Лавров", "ru")
        en = _analysis("Foreign Minister Sergei Lavrov arrived in Ankara on Tuesday.",
                       "Sergey Lavrov", "Sergei Lavrov", "en")
        store.save(ru, claim_vectors={})
        store.save(en, claim_vectors={})
        assert [h["id"] for h in store.search("Лаврова")] == [ru.article.id]
        assert [h["id"] for h in store.search("переговорах")] == [ru.article.id]
        assert store.get(ru.article.id) == ru
        keys = {actor_key(a.name, a.kind) for x in (ru, en) for a in x.actors}
        assert keys == {"sergey lavrov|person"}
        from tealeaves.corpus.actors import actor_detail

        detail = actor_detail(store, "Sergey Lavrov")
        assert detail is not None
        assert {row["id"] for row in detail["articles"]} == {ru.article.id, en.article.id}
    finally:
        store.close()
