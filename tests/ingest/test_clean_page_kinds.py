"""Kinds of page debris found in a sweep over real news pages (2026-12-03).

Every line here is invented: the kinds (comment forms, page controls, bylines and wire
credits, time stamps, captions with an agency credit, template code, a caption printed
twice) come from real pages; the words do not. Each kind is paired with article sentences
that look alike and must stay.
"""

from __future__ import annotations

import pytest

from tealeaves.ingest.clean import clean_text, debris_reason
from tealeaves.ingest.files import headline


@pytest.mark.parametrize(
    ("line", "reason_word"),
    [
        ("The best of our reporting, delivered directly to your inbox.", "newsletter"),
        ("Sign up for the Daily Example in your inbox", "newsletter"),
        ("From our morning briefing to a weekly digest of good news, get the best of Example Weekly delivered directly to your inbox.", "newsletter"),
        ("We have more than 2 million followers on Facebook. Join them!", "social"),
        ("LEAVE A REPLY", "comment"),
        ("Please enter your comment!", "comment"),
        ("Please enter your name here", "comment"),
        ("3. Marta Oakhill says:", "comment"),
        ("Skip to main content", "navigation"),
        ("All news", "navigation"),
        ("More In World", "navigation"),
        ("Share:", "navigation"),
        ("Previous articleFarm output rises for a third year", "navigation"),
        ("Next story", "navigation"),
        ("Меню", "navigation"),
        ("Ошибка в тексте? Выделите её и нажмите Ctrl + Enter", "navigation"),
        ("Хочу получать новости:", "navigation"),
        ("By Tomas Brennick", "byline"),
        ("By Ana Velde, Senior Diplomatic Correspondent", "byline"),
        ("By Ana Velde and Piet Moor", "byline"),
        ("Wire Staff", "byline"),
        ("4 Min Read", "byline"),
        ("Reporting by Ana Velde; Writing by Piet Moor; Editing by Lena Ortiz", "byline"),
        ("Reporting By Ana Velde, Writing by Piet Moor; Editing by Lena Ortiz", "byline"),
        ("Our Standards: The Example Trust Principles.", "byline"),
        ("First published by Example News.", "byline"),
        ("via e-mail", "byline"),
        ("March 3, 2025", "time stamp"),
        ("Tuesday, March 3, 2025", "time stamp"),
        ("3 March 2025", "time stamp"),
        ("March 3, 2025 / 10:44 PM / 2 years ago", "time stamp"),
        ("March 3, 14:05 UTC+3 KYIV", "time stamp"),
        ("a year ago", "time stamp"),
        ("Updated: 2025-03-03 14:05", "time stamp"),
        ("3 марта 2025, 14:05", "time stamp"),
        ("FILE PHOTO: A view of a ministry building in a capital. REUTERS/Jan Novak", "caption"),
        ("The minister arrives at a summit on March 3, 2025. REUTERS/Jan Novak", "caption"),
        ("A minister speaks to reporters (Photo by Jan Novak/Getty Images)", "caption"),
        ("A minister in parliament, Jan Novak/Press service/TASS", "caption"),
        ("Farm output rises for a third yearEconomy & Business March 3, 20:29", "related"),
        ("{{item.title}} {{item.date}}", "code"),
        ("(function(w, d) { w.queue = w.queue || []; })(window, 'ads');", "code"),
    ],
)
def test_a_kind_of_page_debris_is_removed(line: str, reason_word: str) -> None:
    reason = debris_reason(line)
    assert reason is not None, line
    assert reason_word in reason


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the troops had left the town and the talks resumed.",
        "By the end of the week, the minister said, the decree would be signed.",
        "Reporting by the state broadcaster suggested the minister had resigned.",
        "Reacting, the spokesman said:",
        "Officials say the breadth of topics suggests an insider leaked the papers.",
        "The ministry said on March 3, 2025 that the talks would resume.",
        "First published in 1995, the memoir was banned in the country for a decade.",
        "MOSCOW, March 3. /TASS/. A spokesman denied reports that the minister would resign.",
        "Next week the minister will travel to the capital for talks.",
        "Comments by the minister angered the opposition.",
        "He said the reports were false, adding: \"Close the file and move on.\"",
        "В Кремле опровергли слухи об отставке министра, заявив журналистам, что это не так.",
        "The talks began at 10:30 on March 3, 2025.",
        "The minister said the leaked memo landed in his inbox on Monday.",
        "The party lost followers on Telegram, officials said.",
        "He has two million followers on X.",
    ],
)
def test_article_sentences_that_look_like_debris_stay(line: str) -> None:
    assert debris_reason(line) is None, line


def test_a_menu_bar_run_together_is_removed_but_brand_names_stay() -> None:
    assert debris_reason("NewsWorld BusinessMarkets SportCulture") is not None
    menu = "HomeWorld BusinessMarkets SportCulture Opinion"
    cleaned, removed = clean_text(menu + "\n" + "YouTube, PayPal and LinkedIn were fined on Tuesday.\n")
    assert [r.text for r in removed] == [menu]
    assert "menu" in removed[0].reason
    assert cleaned == "YouTube, PayPal and LinkedIn were fined on Tuesday.\n"


def test_a_label_printed_twice_in_a_row_loses_one_copy() -> None:
    text = "Wire\nWire\nPolitics\nThe minister resigned, officials said.\nPolitics\n"
    cleaned, removed = clean_text(text)
    assert [r.text for r in removed] == ["Wire"]
    # the same one-word label further down is not a copy printed in a row
    assert cleaned == "Wire\nPolitics\nThe minister resigned, officials said.\nPolitics\n"


def test_a_caption_printed_twice_loses_its_second_copy_only() -> None:
    text = (
        "Minister resigns after a week of pressure\n"
        "Government spokesman Ivan Example\n"
        "Government spokesman Ivan Example\n"
        "The minister resigned on Tuesday, two officials said.\n"
        "PRESIDENT:\n"
        "We will not back down.\n"
        "PRESIDENT:\n"
        "We will not back down.\n"
        "— Jane Example (@jexample) March 3, 2025\n"
        "— Jane Example (@jexample) March 3, 2025\n"
    )
    cleaned, removed = clean_text(text)
    assert [r.text for r in removed] == ["Government spokesman Ivan Example"]
    assert "repeated" in removed[0].reason
    assert cleaned.count("Government spokesman Ivan Example") == 1
    # transcript labels, a refrain and an embedded post's signature are never dropped
    assert cleaned.count("PRESIDENT:") == 2
    assert cleaned.count("We will not back down.") == 2
    assert cleaned.count("@jexample") == 2


def test_a_wire_page_keeps_its_body_and_drops_its_furniture() -> None:
    text = (
        "Skip to main content\n"
        "Minister to step down, sources say\n"
        "March 3, 2025 / 10:44 PM / a year ago\n"
        "By Ana Velde\n"
        "3 Min Read\n"
        "CAPITAL (Wire) - The minister will step down this week, two government sources said.\n"
        "The ministry did not respond to a request for comment.\n"
        "Reporting by Ana Velde; Editing by Lena Ortiz\n"
        "LEAVE A REPLY\n"
    )
    cleaned, removed = clean_text(text)
    assert cleaned == (
        "Minister to step down, sources say\n"
        "The minister will step down this week, two government sources said.\n"
        "The ministry did not respond to a request for comment.\n"
    )
    assert len(removed) == 7  # the dateline glued to the first paragraph is cut too
    assert removed[-1].text == "CAPITAL (Wire) -"


def test_the_headline_skips_page_debris_above_it() -> None:
    text = "Skip to main content\nMarch 3, 2025\nMinister to step down\nThe body follows here.\n"
    assert headline(text) == "Minister to step down"
