"""Wire datelines glued to the first paragraph: cut, listed with a reason, kept as metadata.

Every line here is invented, in the forms wire services use.
"""

from __future__ import annotations

import pytest

from tealeaves.ingest import read_text
from tealeaves.ingest.clean import clean_text
from tealeaves.ingest.dateline import DATELINE_REASON, find_dateline
from tealeaves.ingest.files import headline
from tealeaves.model import Article

BODY = "The finance minister resigned on Tuesday after a week of pressure from his party.\n"


@pytest.mark.parametrize(("line", "place", "date", "agency"), [
    ("OSLO, March 3 (Reuters) - ", "OSLO", "March 3", "Reuters"),
    ("LISBON (AP) — ", "LISBON", None, "AP"),
    ("Vilnius, 4 May (AFP) - ", "Vilnius", "4 May", "AFP"),
    ("Tallinn, Oct. 12 — ", "Tallinn", "Oct. 12", None),
    ("HELSINKI — ", "HELSINKI", None, None),
    ("SAN ANTONIO, Texas -- ", "SAN ANTONIO, Texas", None, None),
    ("RIGA, Latvia, Nov. 3, 2025 (UPI) -- ", "RIGA, Latvia", "Nov. 3, 2025", "UPI"),
    ("LONDON (Reuters) -", "LONDON", None, "Reuters"),
    ("ЯРОСЛАВЛЬ, 3 марта. /ТАСС/. ", "ЯРОСЛАВЛЬ", "3 марта", "ТАСС"),
])
def test_datelines_in_their_forms_are_found(line: str, place: str, date: str | None,
                                            agency: str | None) -> None:
    found = find_dateline(line + "The minister said on Tuesday he would stay.")
    assert found is not None
    assert (found.place, found.date, found.agency) == (place, date, agency)
    assert found.end == len(line)


@pytest.mark.parametrize("line", [
    "Smith — who had resigned a week earlier — said nothing on Tuesday.",
    "Jones (R-Ohio) — a critic of the bill — voted against it.",
    "NATO — the alliance, that is — will meet in June.",
    "UN — The word appears first here.",
    '"Paris — that is where it began," the minister said.',
    "The envoy flew to WASHINGTON — the word was written in capitals — on Monday.",
    "Monday's meeting — the third this year — ended early.",
    "Markets fell in Tokyo, March 3 being a holiday elsewhere.",
    "EXCLUSIVE – The minister told this newspaper he would stay.",
    "SMITH--John, 98, of Springfield, died on Tuesday.",
])
def test_sentences_that_start_like_datelines_stay(line: str) -> None:
    assert find_dateline(line) is None
    cleaned, removed = clean_text(line + "\n" + BODY)
    assert cleaned == line + "\n" + BODY
    assert removed == []


def test_the_cleaner_cuts_the_dateline_and_lists_it() -> None:
    text = "Minister quits over budget\n\nOSLO, March 3 (Reuters) - " + BODY + "He left.\n"
    cleaned, removed = clean_text(text)
    assert cleaned == "Minister quits over budget\n\n" + BODY + "He left.\n"
    assert [(r.text, r.reason) for r in removed] == [
        ("OSLO, March 3 (Reuters) -", DATELINE_REASON)]


def test_only_the_first_paragraph_is_looked_at() -> None:
    later = "HELSINKI — Another dispatch pasted below the first story began here.\n"
    text = "Minister quits\n\n" + BODY + "\n" + later
    cleaned, removed = clean_text(text)
    assert cleaned == text and removed == []


def test_only_one_dateline_is_cut() -> None:
    text = "LISBON (AP) — " + BODY + "OSLO (AP) — Second line.\n"
    cleaned, removed = clean_text(text)
    assert cleaned == BODY + "OSLO (AP) — Second line.\n"
    assert len(removed) == 1


def test_read_text_keeps_place_and_agency_as_metadata() -> None:
    art = read_text("Minister quits\n\nVilnius, 4 May (AFP) - " + BODY)
    assert art.dateline is not None
    assert (art.dateline.place, art.dateline.date, art.dateline.agency) == (
        "Vilnius", "4 May", "AFP")
    assert art.text.startswith("Minister quits\n\nThe finance minister")
    again = Article.from_dict(art.to_dict())
    assert again.dateline == art.dateline


def test_no_clean_keeps_the_dateline_in_the_text() -> None:
    text = "LISBON (AP) — " + BODY
    art = read_text(text, clean=False)
    assert art.text == text and art.dateline is None


def test_a_first_paragraph_with_a_dateline_is_no_headline() -> None:
    assert headline("LISBON (AP) — The minister resigned.\nHe left on Tuesday.\n") is None
    assert headline("Minister resigns\nLISBON (AP) — The minister resigned.\n") == (
        "Minister resigns")
