"""The cue-sense model (``stages/sourcing/cue_sense.py``) on invented sentences: the features
say the subject's class, the complement's form and the verb's form; the probability is a
probability; the veto is on by default (2026-12-03, sixth session) and drops only a
noun-phrase use that the model says reports nobody, never a that-clause report."""

from __future__ import annotations

import pytest

from tealeaves.stages.sourcing import cue_sense, find_claims
from tests.stages.sourcing.claim_helpers import attributed


def _verb(doc, lemma: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.lemma_.lower() == lemma)


def test_features_name_subject_complement_and_form(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The move would signal a shift in policy.")
    feats = cue_sense.features(_verb(doc, "signal"))
    assert "lemma=signal" in feats and "modal" in feats and "comp=np" in feats
    assert "subjhead=move" in feats and "lemma=signal|modal" in feats
    said = nlp("The senator said that the bill would pass.")
    tok = _verb(said, "say")
    assert cue_sense.complement(tok) == "that"
    assert cue_sense.subject_class(tok) in ("speaker", "person")
    assert "tag=VBD" in cue_sense.features(tok)
    gerund = nlp("The report appeared on Monday, highlighting the risks of the plan.")
    assert "bare_participle" in cue_sense.features(_verb(gerund, "highlight"))


def test_only_noun_phrase_uses_are_open() -> None:
    assert cue_sense.open_sense("np") and cue_sense.open_sense("none")
    assert not cue_sense.open_sense("that") and not cue_sense.open_sense("inf")
    assert not cue_sense.open_sense("quote+np")  # a quotation in the sentence: the rules'


def test_a_report_is_likelier_than_a_seizure(nlp) -> None:  # type: ignore[no-untyped-def]
    said = cue_sense.reports(_verb(nlp("Officials said the ceasefire would hold."), "say"))
    seized = cue_sense.reports(_verb(nlp("Rebels could seize the airport."), "seize"))
    assert 0.0 < seized < said < 1.0
    assert said > 0.9


def test_the_veto_is_on_by_default_and_can_be_switched_off(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebels could seize the airport.")
    assert cue_sense.VETO
    assert cue_sense.vetoed(_verb(doc, "seize"))
    assert attributed(find_claims(doc, [])) == []
    report = nlp("Officials said the ceasefire would hold.")
    assert [c.text for c in attributed(find_claims(report, []))] == ["the ceasefire would hold"]
    with cue_sense.rules_alone():
        assert [c.text for c in attributed(find_claims(doc, []))] == ["the airport"]
        assert not cue_sense.vetoed(_verb(doc, "seize"))


@pytest.mark.parametrize("lemma", ["say", "tell", "claim"])
def test_the_polnear_prior_knows_the_common_cues(lemma: str) -> None:
    weights, threshold = cue_sense._load("cue_sense_polnear.json")
    assert f"lemma={lemma}" in weights and 0.0 < threshold < 1.0


def test_the_sense_model_weighs_the_prior_and_negation() -> None:
    weights, threshold = cue_sense._model()
    assert 0.0 < threshold < 1.0 and "lemma=say" in weights
    assert all(f"prior>={c}" in weights for c in cue_sense.PRIOR_CUTS)
    assert weights["prior>=0.5"] > 0.0 and weights["negscope"] < 0.0


def test_an_apostrophe_is_no_quotation_mark(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.sourcing.cue_sense import complement
    # possessives and contractions leave a sentence unquoted (fresh40q/r, h8's finding)
    for text in ("The party\u2019s leader pressed his agenda.",
                 "They're pressing their agenda.",
                 "The voters\u2019 choice pressed the agenda."):
        cue = next(t for t in nlp(text) if t.lower_.startswith("press"))
        assert complement(cue) == "np", text
    cue = next(t for t in nlp('He pressed the point: "We will win."') if t.lower_ == "pressed")
    assert complement(cue).startswith("quote+")
