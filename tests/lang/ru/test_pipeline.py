"""The Russian pipeline behind the same Analysis: routing, schema, bad input, real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tealeaves.errors import LanguageError
from tealeaves.ingest import read_bytes
from tealeaves.model import validate
from tests.conftest import DATA, need

pytest.importorskip("natasha", reason="the Russian pipeline needs the 'ru' extra (natasha)")

ARTICLE = (
    "Песков опроверг слухи об отставке Лаврова\n\n"
    "Пресс-секретарь президента Дмитрий Песков заявил журналистам, что глава МИД Сергей "
    "Лавров продолжит работу. «Это не соответствует действительности», — подчеркнул он. "
    "Ранее источник, близкий к Кремлю, рассказал «Коммерсанту», что министра якобы "
    "отправят в отставку. По данным издания, Владимир Путин недоволен подготовкой встречи.\n"
)


def test_analyze_routes_russian_and_keeps_the_contract() -> None:
    from tealeaves import analyze

    a = analyze(ARTICLE)
    assert a.article.language == "ru" and not a.issues
    data = a.to_dict()
    validate(data)
    assert set(data) == {"article", "genre", "actors", "claims", "events", "techniques",
                         "issues", "timings", "schema_version"}
    assert {"parse", "actors", "sourcing", "events", "rhetoric", "stance"} <= set(a.timings)
    ids = {x.id for x in a.actors}
    assert {"dmitry-peskov", "sergey-lavrov", "vladimir-putin"} <= ids
    kinds = {c.source.kind for c in a.claims}
    assert {"named_person", "anonymous"} <= kinds
    for c in a.claims:
        assert a.article.text[c.start:c.end] == c.text
    json.loads(a.to_json())


def test_analyze_many_mixes_languages_in_order() -> None:
    from tealeaves import analyze_many

    english = "The minister said on Tuesday that the talks would go on. " * 3
    out = list(analyze_many([english, ARTICLE, english]))
    assert [x.article.language for x in out] == ["en", "ru", "en"]


def test_ukrainian_is_refused_with_one_line() -> None:
    from tealeaves import analyze

    with pytest.raises(LanguageError, match="Ukrainian .* English and Russian only"):
        analyze("Міністр закордонних справ України заявив у вівторок, що переговори з "
                "сусідами провалилися, і делегація повернеться до Києва вже в середу.")


@pytest.mark.parametrize("codec", ["cp1251", "koi8-r", "utf-8"])
def test_legacy_encodings_decode_to_the_same_text(codec: str) -> None:
    from tealeaves import analyze

    text = ARTICLE
    if codec == "koi8-r":  # KOI8-R has no «», no em dash
        text = text.replace("«", '"').replace("»", '"').replace("—", "-")
    article = read_bytes(text.encode(codec), name=f"ru-{codec}.txt")
    assert article.language == "ru" and article.text.startswith("Песков опроверг")
    assert analyze(article).claims


def test_mixed_russian_and_english_gives_a_clean_result() -> None:
    from tealeaves import analyze

    text = ARTICLE + "\nThe Kremlin said on Monday that the talks would continue.\n"
    a = analyze(text)
    assert a.article.language == "ru" and not a.issues


def test_transliterated_russian_is_a_clean_result_or_one_error() -> None:
    from tealeaves import analyze

    text = ("Press-sekretar prezidenta Dmitrij Peskov zayavil zhurnalistam, chto glava MID "
            "Sergej Lavrov prodolzhit rabotu i ne sobiraetsya v otstavku.")
    try:
        a = analyze(text)
    except LanguageError as exc:
        assert "\n" not in str(exc)
    else:
        assert not a.issues


def test_pre_reform_spelling_is_a_clean_result() -> None:
    from tealeaves import analyze

    a = analyze("Министръ иностранныхъ дѣлъ заявилъ, что переговоры будутъ продолжены. "
                "По словамъ министра, Россія готова къ диалогу съ сосѣдями.")
    assert not a.issues


def test_cli_text_output_for_a_russian_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tealeaves.cli import cli

    p = tmp_path / "ru.txt"
    p.write_bytes(ARTICLE.encode("cp1251"))
    result = CliRunner().invoke(cli, ["analyze", str(p), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["language"] == "ru"


def test_semeval_russian_articles_smoke() -> None:
    from tealeaves import analyze

    root = need(DATA / "semeval2023-ru" / "articles", "SemEval-2023 Russian articles")
    for path in sorted(root.glob("article*.txt"))[:3]:
        a = analyze(path)
        assert a.article.language == "ru" and not a.issues, a.issues
        assert a.actors


def test_one_actor_id_across_english_and_russian() -> None:
    from tealeaves import analyze

    en = analyze("Russian Foreign Minister Sergei Lavrov said on Tuesday that the talks "
                 "with Washington would go on, and Lavrov added that Moscow was ready.")
    ru = analyze(ARTICLE)
    en_ids = {a.id for a in en.actors if a.kind == "person"}
    ru_ids = {a.id for a in ru.actors if a.kind == "person"}
    assert "sergey-lavrov" in en_ids & ru_ids
    name = {a.name for a in en.actors if a.id == "sergey-lavrov"}
    assert name == {a.name for a in ru.actors if a.id == "sergey-lavrov"}


def test_batch_chunks_route_russian_articles() -> None:
    from tealeaves.batch.work import analyse_chunk
    from tealeaves.ingest import read_text
    from tealeaves.pipeline import Options

    english = read_text("The minister said on Tuesday that the talks would go on. " * 3)
    russian = read_text(ARTICLE)
    out = analyse_chunk([english, russian], Options(stages=("actors", "sourcing")))
    assert [getattr(x, "article", x).language for x in out] == ["en", "ru"]  # type: ignore[union-attr]
    assert any(a.id == "dmitry-peskov" for a in out[1].actors)  # type: ignore[union-attr]
