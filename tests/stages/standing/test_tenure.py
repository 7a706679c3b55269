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


def test_falling_out_of_favour_with_someone_is_the_subjects_fall(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Ivanov had fallen out of favour with Sidorov.")
    assert kinds(found, "ivanov") == {("losing_ground", "falling")}
    assert not found.get("sidorov")
    # without "fall" the phrase still goes to whom it describes
    assert kinds(standing(nlp, "Ivanov is out of favour with Sidorov."), "ivanov") == {
        ("losing_ground", "falling")}


def test_an_unresolved_pronoun_subject_gives_the_idiom_to_nobody_else(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "A report suggested that he had fallen out of favour with Sidorov.")
    assert not found.get("sidorov")


@pytest.mark.parametrize("text", [
    "Ivanov, an ally of Petrov, submitted his resignation on Monday.",
    "Ivanov, one of Petrov's closest associates, has tendered his resignation.",
])
def test_a_tendered_resignation_is_the_subjects(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, text)
    assert kinds(found, "ivanov") == {("resigned", "falling")}
    assert not found.get("petrov")


def test_an_accepted_resignation_is_not_bound_to_the_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    """Only tendering binds: "Sidorov accepted his resignation" is someone else's."""
    found = standing(nlp, "Ivanov met Sidorov on Monday. Sidorov accepted his resignation.")
    assert not any(t == "resigned" for t, _ in kinds(found, "sidorov"))


@pytest.mark.parametrize("text", [
    "First of all, you've got to fire Ivanov.",
    "Ivanov has got to go.",
    "Sidorov has to sack Ivanov.",
    "Sidorov needs to fire Ivanov.",
])
def test_a_present_semi_modal_of_obligation_is_a_call(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {("called_to_resign", "falling")}


@pytest.mark.parametrize(("text", "kind"), [
    ("Ivanov had to resign after the scandal.", "resigned"),
    ("Sidorov had to sack Ivanov.", "dismissed"),
])
def test_a_past_obligation_tells_what_happened(nlp, text: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert kinds(standing(nlp, text), "ivanov") == {(kind, "falling")}
