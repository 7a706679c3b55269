"""Source spans: a news dateline glued to a report's first sentence is never the source."""

from __future__ import annotations

import pytest

from tealeaves.stages.sourcing.source_spans import dateline_end
from tests.stages.sourcing.claim_helpers import attributed, claims_of, one_containing

# Invented report openings: place in capitals, optional state, optional date, optional agency.
DATELINES = [
    ("OAKVILLE (Wire) — Senator Jane Doe said the bridge would reopen in May.", "Senator Jane Doe"),
    ("PORT HAVEN, Ore. - Mayor Tom Brandt said the budget was balanced.", "Mayor Tom Brandt"),
    ("GREENFIELD, March 3 (Newsline) — Governor Ann Ruiz told reporters that taxes would fall.",
     "Governor Ann Ruiz"),
    ("Oct 12 (Wire) - Finance Minister Paul Kern said on Tuesday that the deficit would shrink.",
     "Finance Minister Paul Kern"),
    ("LAKETOWN (Wire) - The city council said on Monday that the vote was postponed.",
     "The city council"),
    ("ST. ALBANS, Vt. -- Two local officials said the plant would close.", "Two local officials"),
]


@pytest.mark.parametrize(("text", "source"), DATELINES)
def test_a_dateline_is_cut_from_the_source(nlp, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    claims = attributed(claims_of(nlp, text))
    assert claims, text
    assert claims[0].source.text == source


def test_dateline_pattern_on_invented_lines(nlp) -> None:  # type: ignore[no-untyped-def]
    for text, prefix in [
        ("RIVERDALE, N.H., Jan. 5 (Wire) — The count went on.", "RIVERDALE, N.H., Jan. 5 (Wire) — "),
        ("NEW BRIGHTON — The count went on.", "NEW BRIGHTON — "),
    ]:
        sent = nlp(text)[:]  # the whole line (the parser may split it at the dash)
        assert dateline_end(sent) == len(prefix), text
    for text in (
        "US - Russia talks resumed on Monday.",  # two capitals and a dash: no dateline
        "The senator - a former mayor - said the plan would pass.",
        "NATO said the drills were planned.",
    ):
        assert dateline_end(nlp(text)[:]) is None, text


def test_no_dateline_keeps_the_whole_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Former Senator Jane Doe of Ohio said the talks had failed."
    c = one_containing(attributed(claims_of(nlp, text)), "talks had failed")
    assert c.source.text == "Former Senator Jane Doe of Ohio"
