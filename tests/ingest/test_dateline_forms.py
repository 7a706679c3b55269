"""Datelines in the agency-first, date-first and Russian regional forms, and a dateline after
a long headline (real-page kinds of 2026-12-03). Every line here is invented."""

from __future__ import annotations

import pytest

from tealeaves.ingest import read_text
from tealeaves.ingest.clean import clean_text
from tealeaves.ingest.dateline import DATELINE_REASON, find_dateline

RU_BODY = "Министр финансов ушёл в отставку во вторник после недели давления партии.\n"
BODY = "The finance minister resigned on Tuesday after a week of pressure from his party.\n"


@pytest.mark.parametrize(("line", "place", "date", "agency"), [
    ("(Agence Nord – OSLO, May 4, 2021) ", "OSLO", "May 4, 2021", "Agence Nord"),
    ("(Baltic Wire - Tallinn) ", "Tallinn", None, "Baltic Wire"),
    ("Mar 3 (Reuters) - ", "", "Mar 3", "Reuters"),
    ("12 June 2024 (AFP) — ", "", "12 June 2024", "AFP"),
    ("Самара, ИА Волга24. ", "Самара", None, "ИА Волга24"),
    ("НИЖНИЙ НОВГОРОД, ИА Окский вестник. ", "НИЖНИЙ НОВГОРОД", None, "ИА Окский вестник"),
])
def test_other_dateline_forms_are_found(line: str, place: str, date: str | None,
                                        agency: str | None) -> None:
    found = find_dateline(line + "Министр ушёл в отставку." if "ИА" in line
                          else line + "The minister said on Tuesday he would stay.")
    assert found is not None
    assert (found.place, found.date, found.agency) == (place, date, agency)
    assert found.end == len(line)


@pytest.mark.parametrize("line", [
    "(Smith – who had resigned) said nothing on Tuesday.",
    "(The minister – a critic of the bill) voted against it.",
    "March 3 (R-Texas) - a date and a party tag, not an agency.",
    "May 4 (Monday) was the day the vote fell.",
    "Самара, река и город, стоит на Волге.",
    "Иванов, ИА как он сам говорит, ушёл.",
])
def test_sentences_like_the_other_forms_stay(line: str) -> None:
    body = RU_BODY if line[0] >= "А" else BODY
    cleaned, removed = clean_text(line + "\n" + body)
    assert cleaned == line + "\n" + body
    assert removed == []


def test_a_long_headline_without_a_full_stop_is_no_paragraph() -> None:
    head = "As the government weighs sweeping budget changes, ministers want the old rules kept"
    text = head + "\n\nHELSINKI — " + BODY
    cleaned, removed = clean_text(text)
    assert cleaned == head + "\n\n" + BODY
    assert [(r.text, r.reason) for r in removed] == [("HELSINKI —", DATELINE_REASON)]


def test_a_long_first_paragraph_still_ends_the_search() -> None:
    first = "The finance minister resigned on Tuesday after a week of pressure from his party."
    text = first + "\n\nHELSINKI — Another dispatch pasted below began here.\n"
    assert clean_text(text) == (text, [])


def test_lower_case_after_a_capitals_em_dash_still_stays() -> None:
    head = "As the government weighs sweeping budget changes, ministers want the old rules kept"
    text = head + "\n\nNATO — the alliance, that is — will meet in June.\n"
    assert clean_text(text) == (text, [])


def test_agency_first_dateline_is_metadata() -> None:
    art = read_text("Minister quits\n\n(Agence Nord – OSLO, May 4, 2021) " + BODY)
    assert art.dateline is not None
    assert (art.dateline.place, art.dateline.agency) == ("OSLO", "Agence Nord")
    assert art.text == "Minister quits\n\n" + BODY
