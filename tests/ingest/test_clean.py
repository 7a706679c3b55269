"""Debris cleaning: whole lines only, several languages, nothing else touched."""

from __future__ import annotations

import pytest

from tealeaves.ingest.clean import clean_text, debris_reason, dominant_script, script_of

BODY = (
    "The finance minister resigned on Tuesday after a week of pressure from his own party.\n"
    "Officials said the decision was taken at a late-night meeting in the capital.\n"
)


def _kept_lines_are_a_subsequence(original: str, cleaned: str) -> bool:
    it = iter(original.splitlines(keepends=True))
    return all(any(line == o for o in it) for line in cleaned.splitlines(keepends=True))


def test_text_without_debris_is_returned_unchanged() -> None:
    text = (
        "Share prices fell sharply on Monday as investors weighed the new tariffs.\n"
        "The company said it would share the data with regulators next month.\n"
        "Critics argue that the rules on cookies and tracking are too weak to protect users.\n"
        "Read the full report, the senator urged, before voting on the bill.\n"
        "\n"
        "  Indented line with trailing spaces.   \n"
        "The word Москва appears here inside a long English sentence about the capital city."
    )
    cleaned, removed = clean_text(text)
    assert cleaned == text
    assert removed == []


@pytest.mark.parametrize(
    ("line", "reason_word"),
    [
        ("Share this article on Facebook", "share"),
        ("Click to enlarge", "caption"),
        ("Advertisement", "advertisement"),
        ("We use cookies to give you the best experience on our website.", "cookie"),
        ("Read more: Minister faces confidence vote", "read-more"),
        ("© 2025 Example Media Ltd. All rights reserved.", "copyright"),
        ("Follow us on Twitter", "share"),
        ("Subscribe to our newsletter", "subscription"),
        ("点击查看大图", "caption"),
        ("分享到微信", "share"),
        ("Читайте также: Новые санкции против банков", "read-more"),
        ("Поделиться", "share"),
        ("Zum Vergrößern anklicken", "caption"),
        ("Lesen Sie auch: Die Koalition streitet weiter", "read-more"),
        ("Lire aussi : La réforme des retraites adoptée", "read-more"),
        ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie"),
        ("Publicidad", "advertisement"),
        ("Haz clic para ampliar", "caption"),
        ("Síguenos en Twitter", "share"),
    ],
)
def test_debris_lines_in_several_languages_are_removed(line: str, reason_word: str) -> None:
    text = BODY + line + "\n" + BODY
    cleaned, removed = clean_text(text)
    assert cleaned == BODY + BODY
    assert [r.text for r in removed] == [line]
    assert reason_word in removed[0].reason


def test_removed_lines_keep_order_and_everything_else_is_byte_identical() -> None:
    text = (
        "Headline about the talks\r\n"
        "Share on WhatsApp\r\n"
        "First paragraph of the story, with the facts that matter to readers.\r\n"
        "* * *\r\n"
        "Second paragraph, in which a spokesman declined to comment on the report.\r\n"
        "https://example.com/some/link\r\n"
        "Advertisement"
    )
    cleaned, removed = clean_text(text)
    assert [r.text for r in removed] == [
        "Share on WhatsApp", "* * *", "https://example.com/some/link", "Advertisement",
    ]
    assert cleaned == (
        "Headline about the talks\r\n"
        "First paragraph of the story, with the facts that matter to readers.\r\n"
        "Second paragraph, in which a spokesman declined to comment on the report.\r\n"
    )
    assert _kept_lines_are_a_subsequence(text, cleaned)
    assert "separator" in removed[1].reason and "links" in removed[2].reason


@pytest.mark.parametrize("line", [".", "!”", "“", ").", "?", "…"])
def test_stray_punctuation_on_its_own_line_is_kept(line: str) -> None:
    text = BODY + line + "\n" + BODY
    assert clean_text(text) == (text, [])


@pytest.mark.parametrize("line", ["~~~", "* * *", "[…]", "-----------", "\ufeff",
                                  "https://youtu.be/x | https://example.org/a"])
def test_separator_link_and_invisible_lines_are_removed(line: str) -> None:
    text = BODY + line + "\n" + BODY
    cleaned, removed = clean_text(text)
    assert cleaned == BODY + BODY and len(removed) == 1


def test_short_line_in_another_script_is_removed_by_the_script_heuristic() -> None:
    caption = "Фотография из архива агентства"  # no pattern matches this; the script does
    text = BODY + caption + "\n" + BODY
    cleaned, removed = clean_text(text)
    assert cleaned == BODY + BODY
    assert removed[0].text == caption
    assert "Cyrillic" in removed[0].reason and "Latin" in removed[0].reason


def test_long_line_in_another_script_is_kept() -> None:
    quote = "«" + "Мы не согласны с этим решением и будем добиваться его отмены в суде, " * 2 + "»"
    text = BODY + quote + "\n"
    cleaned, removed = clean_text(text)
    assert cleaned == text
    assert removed == []


def test_run_in_another_script_glued_after_the_last_sentence_is_cut() -> None:
    text = BODY + "The minister's future now looks uncertain at best.查看原图大图"
    cleaned, removed = clean_text(text)
    assert cleaned == BODY + "The minister's future now looks uncertain at best."
    assert [r.text for r in removed] == ["查看原图大图"]
    assert "another script" in removed[0].reason


def test_glued_run_with_space_and_newline_keeps_the_line_end() -> None:
    text = "The talks ended without any agreement on the main issues. Фото 1\nNext line here.\n"
    cleaned, removed = clean_text(text)
    assert cleaned == "The talks ended without any agreement on the main issues.\nNext line here.\n"
    assert removed[0].text == "Фото 1"


def test_foreign_word_at_the_end_of_a_sentence_is_not_cut_without_sentence_end() -> None:
    text = 'In Russian the capital is simply called "Москва".\n'
    cleaned, removed = clean_text(text)
    assert cleaned == text and removed == []


def test_dominant_script_and_script_of() -> None:
    assert script_of("a") == "LATIN"
    assert script_of("ж") == "CYRILLIC"
    assert script_of("中") == "CJK" and script_of("の") == "CJK"
    assert script_of("1") is None
    assert dominant_script("Hello мир world") == "LATIN"
    assert dominant_script("Привет, world") == "CYRILLIC"
    assert dominant_script("123", language_hint="ru") == "CYRILLIC"


def test_cleaning_a_russian_article_keeps_russian_lines() -> None:
    text = (
        "Министр иностранных дел прибыл в Анкару во вторник.\n"
        "Реклама\n"
        "Переговоры продлятся два дня, сообщили в министерстве.\n"
    )
    cleaned, removed = clean_text(text)
    assert cleaned == (
        "Министр иностранных дел прибыл в Анкару во вторник.\n"
        "Переговоры продлятся два дня, сообщили в министерстве.\n"
    )
    assert [r.text for r in removed] == ["Реклама"]


def test_a_sentence_longer_than_a_pattern_allows_is_kept() -> None:
    line = ("Advertisement revenue at the state broadcaster fell by a third last year, "
            "according to figures published by the audit office.")
    assert debris_reason(line, "LATIN") is None


def test_resource_file_covers_the_required_languages() -> None:
    from importlib import resources

    import yaml

    text = resources.files("tealeaves").joinpath("resources/debris.yaml").read_text("utf-8")
    assert text.startswith("#") and "Source:" in text.split("\n\n")[0]
    data = yaml.safe_load(text)
    languages = {lang for cat in data["categories"].values() for lang in cat["patterns"]}
    assert {"en", "zh", "ru", "de", "fr", "es"} <= languages


def test_founding_article_caption_is_removed_on_its_own_line_or_glued() -> None:
    from tests.conftest import FOUNDING, need

    source = need(FOUNDING, "the founding article").read_text("utf-8")
    last_break = source.rstrip().rfind("\n")
    body, caption = source[:last_break], source[last_break + 1:]
    cleaned, removed = clean_text(source)
    assert cleaned == body + "\n"
    assert [r.text for r in removed] == [caption.strip()]
    glued = body + caption  # the same caption pasted without a line break
    cleaned, removed = clean_text(glued)
    assert cleaned == body
    assert [r.text for r in removed] == [caption.strip()]


@pytest.mark.parametrize("line", [
    "(Reporting by Ann Lee in Oslo; editing by Tom Fry and Mary Ng)",
    "(Additional reporting by Ann Lee; Writing by Tom Fry; Editing by Mary Ng.)",
    "Written by Ann Lee for Baltic Wire ->",
    "Editorial Board",
    "The Springfield Courier Editorial Board",
    "Ann Lee 1 minute ago Wed 08th March 2023 | 02:05 PM",
    "March 18, 2023 — 04:41 pm EDT",
    "No comments:",
])
def test_credit_and_furniture_lines_of_real_pages_are_removed(line: str) -> None:
    cleaned, removed = clean_text("Headline of a story\n" + line + "\n" + BODY_LINE)
    assert cleaned == "Headline of a story\n" + BODY_LINE
    assert [r.text for r in removed] == [line]


@pytest.mark.parametrize("line", [
    "Written by a committee for the people, the bill passed.",
    "The editorial board met on Tuesday to discuss whether to endorse the candidate.",
    "Reporting by the newspaper (editing by nobody) caused a stir among ministers.",
    "No comments were made by the ministry about the resignation on Tuesday.",
    "Ann Lee said 10 minutes ago that she would stay in the cabinet.",
])
def test_sentences_like_credits_are_kept(line: str) -> None:
    text = "Headline of a story\n" + line + "\n" + BODY_LINE
    assert clean_text(text) == (text, [])


BODY_LINE = "The finance minister resigned on Tuesday after a week of pressure.\n"
