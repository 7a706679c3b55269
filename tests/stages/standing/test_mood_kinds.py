"""Kinds of failure found on real pages (issue 18, last round), each fixed by a general rule
and tested here on invented sentences: no-choice calls, reports in a copula, exits under a
negated noun phrase, rumoured and listed demotions, absences of several, tips."""

from __future__ import annotations

from tealeaves.model import Claim, Source, Span, StandingSignal
from tests.stages.standing.test_types import kinds, standing


def _rumour(text: str, content: str, cue: str) -> Claim:
    start, c = text.index(content), text.index(cue)
    return Claim(id="c1", start=start, end=start + len(content), text=content, quote=False,
                 source=Source(kind="rumour"), cue=Span(start=c, end=c + len(cue), text=cue))


def _sigs(found: dict[str, list[StandingSignal]], actor: str) -> list[tuple[str | None, str | None]]:
    return [(s.type, s.source_kind) for s in found.get(actor, [])]


def test_no_other_option_but_to_resign_is_a_call(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Ivanov has no other option but to resign.")
    assert kinds(found, "ivanov") == {("called_to_resign", "falling")}
    found = standing(nlp, "Ivanov had no choice but to resign.")
    assert ("resigned", "falling") not in kinds(found, "ivanov")
    # an option that is there is no call
    found = standing(nlp, "Ivanov resigned on Monday.")
    assert kinds(found, "ivanov") == {("resigned", "falling")}


def test_the_reports_were_that_is_a_rumour(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "The reports were that Ivanov had resigned.")
    assert _sigs(found, "ivanov") == [("rumoured_ouster", "rumour")]
    found = standing(nlp, "The fact was that Ivanov had resigned.")
    assert _sigs(found, "ivanov") == [("resigned", "author")]


def test_an_exit_under_a_negated_noun_phrase_gives_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not standing(nlp, "Sidorov has not made the mistake of sacking Ivanov.").get("ivanov")
    assert not standing(nlp, "Sidorov has no intention of firing Ivanov.").get("ivanov")
    found = standing(nlp, "Sidorov made the mistake of sacking Ivanov.")
    assert ("dismissed", "falling") in kinds(found, "ivanov")


def test_rumoured_to_be_at_risk_of_demotion(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ivanov is among those rumoured to be at risk of demotion."
    found = standing(nlp, text, [_rumour(text, "to be at risk of demotion", "rumoured")])
    assert _sigs(found, "ivanov") == [("rumoured_ouster", "rumour")]
    assert not standing(nlp, "Ivanov is not at risk of demotion.").get("ivanov")


def test_a_list_of_foreseen_demotions_names_everyone(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "The demotions would include Ivanov, Petrov and Volkov.")
    for who in ("ivanov", "petrov", "volkov"):
        assert kinds(found, who) == {("rumoured_ouster", "falling")}, who


def test_absent_from_the_front_bench_for_each_conjunct(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Ivanov and Petrov were absent from the front bench.")
    assert kinds(found, "ivanov") == kinds(found, "petrov") == {("absent", "falling")}


def test_responded_by_firing(nlp) -> None:  # type: ignore[no-untyped-def]
    found = standing(nlp, "Sidorov responded by firing Ivanov.")
    assert kinds(found, "ivanov") == {("dismissed", "falling")}
    assert not found.get("sidorov")


def test_a_tip_rests_on_its_source_not_the_author(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Petrov is tipped to replace Ivanov."
    found = standing(nlp, text, [_rumour(text, "to replace Ivanov", "tipped")])
    assert {s.source_kind for s in found["ivanov"] + found["petrov"]} == {"rumour"}
    assert ("rumoured_ouster", "falling") in kinds(found, "ivanov")
    # a tip to leave is no promotion
    found = standing(nlp, "Ivanov is tipped to be sacked.")
    assert kinds(found, "ivanov") == {("rumoured_ouster", "falling")}
