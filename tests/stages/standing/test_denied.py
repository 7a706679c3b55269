"""A later sentence that calls "the reports" false contests the hearsay before it
(``stages/standing/denied.py``). All sentences are invented."""

from __future__ import annotations

import pytest

from tealeaves.model import StandingSignal
from tealeaves.stages.events import find_events
from tealeaves.stages.sourcing import find_claims
from tealeaves.stages.standing import find_standing
from tests.stages.standing.test_types import actors_in


def _signals(nlp, text: str) -> list[StandingSignal]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = actors_in(text)
    found = find_standing(doc, actors, find_events(doc, actors), find_claims(doc, actors))
    return found.get("ivanov", [])


RUMOUR = "Two officials said Ivanov would be sacked after the vote. "


@pytest.mark.parametrize("denial", [
    "The ministry denied the reports on Friday.",
    "The ministry described the information as fake.",
    "A spokesman called the claims baseless and unfounded.",
    "The reports are untrue, the ministry said.",
])
def test_a_later_denial_of_the_reports_contests_the_rumour(nlp, denial: str) -> None:  # type: ignore[no-untyped-def]
    (sig,) = _signals(nlp, RUMOUR + denial)
    assert (sig.direction, sig.source_kind) == ("falling", "anonymous")
    assert sig.contested, denial


@pytest.mark.parametrize("other", [
    "The ministry declined to comment.",  # no denial
    "The ministry did not deny the reports.",  # negated
    "The ministry denied reports that the budget would be cut.",  # a new report, own clause
    "The ministry called the vote a success.",  # nothing called false
])
def test_what_is_no_denial_of_the_reports_leaves_the_rumour_alone(nlp, other: str) -> None:  # type: ignore[no-untyped-def]
    (sig,) = _signals(nlp, RUMOUR + other)
    assert not sig.contested, other


def test_a_denial_far_after_the_rumour_contests_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    filler = " ".join(f"The budget debate went on for a {n} day in the regional assembly."
                      for n in ("first", "second", "third", "fourth", "fifth", "sixth",
                                "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
                                "thirteenth", "fourteenth", "fifteenth", "sixteenth"))
    (sig,) = _signals(nlp, RUMOUR + filler + " The ministry denied the reports on Friday.")
    assert not sig.contested


def test_a_denial_before_the_rumour_contests_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry denied the reports about the budget. " + RUMOUR
    (sig,) = _signals(nlp, text)
    assert not sig.contested


def test_a_done_dismissal_told_by_the_author_is_not_contested(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov was sacked on Monday. Petrov called the reports of a rift false."
    assert all(not s.contested for s in _signals(nlp, text))


def _all(nlp, text: str) -> dict[str, list[StandingSignal]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = actors_in(text)
    return find_standing(doc, actors, find_events(doc, actors), find_claims(doc, actors))


@pytest.mark.parametrize("text", [
    "Ivanov resigned as governor in March to assume the post of deputy minister.",
    "Ivanov stepped down as mayor in order to become ambassador to Chile.",
])
def test_leaving_a_post_to_take_another_is_no_fall(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert not [s for s in _all(nlp, text).get("ivanov", []) if s.type == "resigned"], text


@pytest.mark.parametrize("text", [
    "Ivanov resigned as governor in March to protest against the budget.",
    "Ivanov resigned as governor in March to take responsibility for the floods.",
    "Ivanov resigned as governor in March to accept responsibility for the failures.",
])
def test_leaving_a_post_for_no_other_is_still_a_fall(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = _all(nlp, text)
    assert [s.type for s in found.get("ivanov", [])] == ["resigned"], text


def test_who_a_report_of_an_exit_is_attributed_to_does_not_bear_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The rumoured dismissal, attributed to a statement by the adviser Petrov, was "
            "never confirmed.")
    assert "petrov" not in _all(nlp, text)
    # the possessor still bears a noun cue
    assert "ivanov" in _all(nlp, "Ivanov's dismissal, announced by Petrov, surprised nobody.")
