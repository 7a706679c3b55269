"""The trained source-kind classifier: its features on invented sentences, its calibrated
probabilities, the decision policy, and that it can be switched off for training."""

from __future__ import annotations

import pytest

from tealeaves.model import Actor, Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.sourcing import find_claims, kind_model
from tealeaves.stages.sourcing.cues import vocabulary
from tealeaves.stages.sourcing.kind_model import KindModel, SpanContext, span_features
from tealeaves.stages.sourcing.quotes import find_quotes
from tealeaves.stages.syntax import MentionIndex
from tests.stages.sourcing.claim_helpers import attributed, one_containing


def _features(nlp, text: str, source: str, rule: str = "anonymous"  # type: ignore[no-untyped-def]
              ) -> tuple[dict[str, float], list[Actor]]:
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    ctx = SpanContext(doc, MentionIndex(actors), vocabulary(), find_quotes(text))
    start = text.index(source)
    span = (start, start + len(source))
    actor = MentionIndex(actors).actor_at(*span)
    return span_features(ctx, span, None, rule, actor), actors


def test_counted_unnamed_people_with_an_anonymity_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Two officials, who asked not to be identified because the talks were private, "
            "said the deal was close.")
    f, _ = _features(nlp, text, "Two officials")
    assert f["head:number"] == 1.0 and f["head:anon_noun"] == 1.0
    assert f["ctx:anonymity"] == 1.0 and f["tag=NNS"] == 1.0 and f["rule=anonymous"] == 1.0


def test_a_named_person_resolved_by_the_actors_stage(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Jane Whitfield said on Monday that the bill would pass."
    f, _ = _features(nlp, text, "Senator Jane Whitfield", rule="named_person")
    assert f["actor=person"] == 1.0 and f["actor:covers_head"] == 1.0
    assert f["span:given_name"] == 1.0 and "ctx:anonymity" not in f


def test_a_pronoun_carries_what_it_was_resolved_to(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin rejected the offer. It said the terms were unacceptable."
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    kremlin = next(a for a in actors if "Kremlin" in a.name)
    ctx = SpanContext(doc, MentionIndex(actors), vocabulary(), find_quotes(text))
    start = text.index("It said")
    f = span_features(ctx, (start, start + 2), None, "named_organization", kremlin)
    assert f["pron=it"] == 1.0 and f["actor=organization"] == 1.0
    assert "actor:covers_head" not in f  # the pronoun is not a mention of the name


def _toy(threshold: float) -> KindModel:
    return KindModel({"classes": ["anonymous", "named_person"], "features": ["a", "b"],
                      "coef": [[2.0, 0.0], [0.0, 2.0]], "intercept": [0.0, 0.0],
                      "temperature": 2.0, "policy": {"threshold": threshold}})


def test_probabilities_are_a_tempered_softmax() -> None:
    p = _toy(0.5).probabilities({"a": 1.0, "unknown": 5.0})
    assert p["anonymous"] + p["named_person"] == pytest.approx(1.0)
    # scores (2, 0) / T=2 -> softmax (1, 0): e / (e + 1)
    assert p["anonymous"] == pytest.approx(2.718281828 / (2.718281828 + 1.0))


def test_the_model_overrules_only_at_its_threshold() -> None:
    feats = {"a": 1.0}  # the model says anonymous with p = 0.731
    assert _toy(0.7).decide("named_person", feats)[0] == "anonymous"
    assert _toy(0.8).decide("named_person", feats)[0] == "named_person"
    kind, p = _toy(0.8).decide("anonymous", feats)
    assert kind == "anonymous" and p == pytest.approx(0.731, abs=1e-3)


def test_the_shipped_model_loads_with_calibrated_probabilities() -> None:
    model = kind_model.load_model()
    assert model is not None
    assert set(model.classes) <= set(kind_model.KINDS)
    assert 0.0 < model.threshold <= 1.01 and model.temperature > 0
    p = model.probabilities({"rule=anonymous": 1.0, "head:anon_noun": 1.0, "bias": 1.0})
    assert sum(p.values()) == pytest.approx(1.0)
    assert max(p, key=lambda k: p[k]) == "anonymous"


def test_rules_only_switches_the_model_off(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    always = _toy(0.0)
    monkeypatch.setattr(kind_model, "load_model", lambda: always)
    monkeypatch.setattr(kind_model, "span_features", lambda *a: {"a": 1.0})
    ctx = None  # not read: the features are stubbed
    assert kind_model.refine(ctx, (0, 1), None, "named_person", None) == "anonymous"  # type: ignore[arg-type]
    with kind_model.rules_only():
        assert kind_model.refine(ctx, (0, 1), None, "named_person", None) == "named_person"  # type: ignore[arg-type]
    assert kind_model.refine(ctx, (0, 1), None, "rumour", None) == "rumour"  # type: ignore[arg-type]


def test_the_guides_examples_keep_their_kinds(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Dmitry Peskov said the talks would go ahead. The Kremlin said the date was set. "
            "A senior Western diplomat said the meeting was doomed. People familiar with the "
            "matter said the venue had changed. Two sources told Reuters the plan was dead.")
    doc = nlp(text)
    claims = attributed(find_claims(doc, find_actors(doc, Article.from_text(text))))
    expected = {"the talks would go ahead": "named_person",
                "the date was set": "named_organization",
                "the meeting was doomed": "anonymous", "the venue had changed": "anonymous",
                "the plan was dead": "anonymous"}
    for words, kind in expected.items():
        assert one_containing(claims, words).source.kind == kind, words
