"""Model loading and language detection."""

from __future__ import annotations

import pytest

from tealeaves import nlp
from tests.conftest import EXAMPLE, FOUNDING, need


def test_load_model_is_cached_and_english() -> None:
    model = nlp.load_model()
    assert model is nlp.load_model()
    assert model.lang == "en"
    assert model.max_length == nlp.MAX_CHARS
    doc = model("Sergey Lavrov met Marco Rubio in Budapest on Friday.")
    assert {e.label_ for e in doc.ents} & {"PERSON", "GPE"}


@pytest.mark.parametrize("path", [FOUNDING, EXAMPLE])
def test_real_articles_are_english(path) -> None:  # type: ignore[no-untyped-def]
    code, prob = nlp.detect_language(need(path).read_text("utf-8"))
    assert code == "en" and prob > 0.9


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Министр иностранных дел заявил во вторник, что переговоры с соседями провалились, "
         "и что делегация вернётся в Москву уже в среду вечером.", "ru"),
        ("Die Regierung hat am Dienstag beschlossen, die Steuern für kleine Unternehmen im "
         "kommenden Jahr deutlich zu senken, teilte das Ministerium mit.", "de"),
        ("外交部发言人周二表示，双方的谈判已经破裂，代表团将于周三返回北京。", "zh"),
    ],
)
def test_other_languages_are_recognised(text: str, code: str) -> None:
    assert nlp.detect_language(text)[0] == code
    assert nlp.is_supported_language(code) == (code == "ru" and nlp.russian_available())


def test_short_or_letterless_text_is_undetermined() -> None:
    assert nlp.detect_language("Putin met Trump.")[0] == "und"
    assert nlp.detect_language("12345 67 -- 89") == ("und", 0.0)
    assert nlp.is_supported_language("und") and nlp.is_supported_language("en")


def test_language_name() -> None:
    assert nlp.language_name("ru") == "Russian"
    assert nlp.language_name("xx") == "xx"


def test_a_paragraph_break_starts_a_sentence_but_a_hard_wrap_does_not() -> None:
    model = nlp.load_model()
    assert "tealeaves_paragraphs" in model.pipe_names
    text = (
        "“How dare you endanger the lives of our officers.”\n"
        "ICE officials caught 232 immigrants but said that hundreds more escaped.\n"
        "The foreign minister of the republic said on Tuesday that the long talks in Geneva\n"
        "had failed because of the new sanctions."
    )
    sents = [s.text.strip() for s in model(text).sents]
    assert sents == [
        "“How dare you endanger the lives of our officers.”",
        "ICE officials caught 232 immigrants but said that hundreds more escaped.",
        "The foreign minister of the republic said on Tuesday that the long talks in Geneva\n"
        "had failed because of the new sanctions.",
    ]
