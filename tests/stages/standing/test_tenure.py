"""Kinds of failure found on real 2025 pages (issue 18, third round), each fixed by a general
rule and tested on invented sentences: the start of a tenure the article reports ending is
background, not a rise; an exit tendered under a foreseen verb is a predicted exit."""

from __future__ import annotations

import pytest

from tests.stages.standing.test_types import kinds, standing


@pytest.mark.parametrize("text", [
    # a temporal phrase: the appointment dates the tenure now ending
    "Sidorov dismissed Ivanov just over a year after appointing him.",
    # a relative clause
    "Ivanov, who was appointed in May 2024, was removed on Monday.",
    # dated with a year, in another sentence of the same report
    "Ivanov was appointed defence minister in May 2024. Sidorov sacked Ivanov on Monday.",
    # a temporal clause
    "Ivanov resigned on Friday, two years after he was promoted to the post.",
])
def test_a_tenure_start_beside_its_end_is_background(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    got = kinds(standing(nlp, text), "ivanov")
    assert got and all(direction == "falling" for _, direction in got), got


@pytest.mark.parametrize(("text", "kind"), [
    # no exit reported: the appointment is the actor's own news, background or not
    ("Ivanov, who was appointed in May 2024, met the press on Monday.", "appointed"),
    ("Ivanov was appointed defence minister in May 2024.", "appointed"),
    # a soft landing in the same clause as the exit is news
    ("Sidorov sacked Ivanov and appointed him as ambassador to Ankara.", "appointed"),
])
def test_a_rise_that_is_news_stays(nlp, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert (kind, "rising") in kinds(standing(nlp, text), "ivanov")


def test_a_foreseen_or_denied_exit_does_not_make_a_tenure_background(nlp) -> None:  # type: ignore[no-untyped-def]
    """Only a done exit ends a tenure: beside a denied rumour or a foreseen exit the
    appointment still stands."""
    found = standing(nlp, "Ivanov, who was appointed in May 2024, may be sacked next week.")
    assert kinds(found, "ivanov") == {("appointed", "rising"), ("rumoured_ouster", "falling")}


@pytest.mark.parametrize("text", [
    "The newspaper reported that Ivanov would announce his resignation by August.",
    "The newspaper reported that Ivanov intended to announce his resignation by August.",
    "Ivanov is expected to tender his resignation on Friday.",
])
def test_a_foreseen_tendering_of_an_exit_is_a_predicted_exit(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {("rumoured_ouster", "falling")}


def test_a_done_tendering_is_an_exit(nlp) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, "Ivanov tendered his resignation on Friday."), "ivanov") == {
        ("resigned", "falling")}
