"""The cue-sense veto trained on the strict labels (``data/cue-senses/``), on invented
sentences: each sense kind it now vetoes (a sign or a cause as subject, a participle making
something evident, a negated or withheld report, "seek" as "try to win", "claim" as "take",
an order acted on) and the reporting senses it must keep (criticize, accuse, deny, a poll's
finding, express, call for, defend, praise, warn), with clause complements never touched."""

from __future__ import annotations

import pytest

from tealeaves.stages.sourcing import cue_sense, find_claims
from tests.stages.sourcing.claim_helpers import attributed


def _verb(doc, lemma: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.lemma_.lower() == lemma)


VETOED = [
    ("The decision would signal a shift in policy.", "signal"),  # a sign, not a speaker
    ("The figures, highlighting the risks of the plan, were released on Friday.", "highlight"),
    ("The minister did not mention the strike.", "mention"),  # nobody is reported to say it
    ("The senator left the room without mentioning the report.", "mention"),
    ("The incumbent is not seeking a third term.", "seek"),  # try to win
    ("A judge ordered the release of the files.", "order"),  # an act, no statement
]

KEPT = [
    ("The senator criticized the plan.", "criticize", "the plan"),
    ("The opposition leader accused the minister of lying.", "accuse", "the minister of lying"),
    ("The ministry denied any role in the attack.", "deny", "any role in the attack"),
    ("The union expressed concern about the cuts.", "express", "concern about the cuts"),
    ("The president called for a ban on the imports.", "call", "a ban on the imports"),
    ("The senator defended his record on trade.", "defend", "his record on trade"),
    ("The mayor praised the volunteers for their work.", "praise",
     "the volunteers for their work"),
    ("The envoy warned of a wider war.", "warn", "a wider war"),
]


@pytest.mark.parametrize(("text", "lemma"), VETOED)
def test_a_sense_that_reports_nobody_is_vetoed(nlp, text: str, lemma: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tok = _verb(doc, lemma)
    assert cue_sense.reports(tok) < cue_sense._model()[1]
    assert cue_sense.vetoed(tok)
    assert not [c for c in attributed(find_claims(doc, [])) if c.cue is not None
                and c.cue.start == tok.idx]
    with cue_sense.rules_alone():  # the rules alone gave it a claim
        assert [c for c in attributed(find_claims(doc, [])) if c.cue is not None
                and c.cue.start == tok.idx]


@pytest.mark.parametrize(("text", "lemma", "content"), KEPT)
def test_a_reporting_sense_is_kept(nlp, text: str, lemma: str, content: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    assert not cue_sense.vetoed(_verb(doc, lemma))
    assert content in [c.text for c in attributed(find_claims(doc, []))]


def test_an_expectation_stays_when_its_verb_is_vetoed(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The mayor is expected to claim the nomination next week.")
    assert cue_sense.vetoed(_verb(doc, "claim"))  # "claim" as "take": nobody's claim
    claims = attributed(find_claims(doc, []))
    # but "is expected to" still reports an expectation, with the whole clause
    assert len(claims) == 1 and claims[0].cue is not None and "expected" in claims[0].cue.text
    assert "claim the nomination" in claims[0].text


def test_a_clause_complement_is_never_vetoed(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The minister did not mention that the strike had ended.")
    tok = _verb(doc, "mention")
    assert not cue_sense.open_sense(cue_sense.complement(tok))
    assert not cue_sense.vetoed(tok)


def test_negation_over_the_verb_is_a_feature(nlp) -> None:  # type: ignore[no-untyped-def]
    assert "negscope" in cue_sense.features(_verb(nlp("He refused to not mention it."),
                                                  "mention"))
    assert "negscope" in cue_sense.features(
        _verb(nlp("She spoke for an hour without mentioning the budget."), "mention"))
    assert "negscope" not in cue_sense.features(
        _verb(nlp("She mentioned the budget twice."), "mention"))
    obj = cue_sense.features(_verb(nlp("The senator criticized Clinton."), "criticize"))
    assert "objclass=person" in obj


@pytest.mark.parametrize(("text", "lemma"), [
    ("Critics see the vote as a test of the plan.", "see"),
    ("My father referred to the senator as a traitor.", "refer"),
    ("He described the plan as a failure.", "describe"),
])
def test_an_object_with_its_as_predicate_is_a_report_form(nlp, text: str, lemma: str) -> None:  # type: ignore[no-untyped-def]
    tok = _verb(nlp(text), lemma)
    assert cue_sense.complement(tok) == "as"  # a small clause: "the vote is a test"
    assert not cue_sense.vetoed(tok)


def test_a_plain_object_is_no_as_predicate(nlp) -> None:  # type: ignore[no-untyped-def]
    assert cue_sense.complement(_verb(nlp("The farmers saw the flood from the hill."),
                                      "see")) == "np"
    assert cue_sense.complement(_verb(nlp("As a senator, he backed the bill."), "back")) == "np"
