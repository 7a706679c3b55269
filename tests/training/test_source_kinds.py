"""The source-kind trainer on invented examples: vocabulary, policy, sign test, the
cross-validated choice, and a byte-stable model file that the runtime reads back."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tealeaves.stages.sourcing.kind_model import KindModel
from tealeaves.training import source_kinds as sk


def _examples(noisy_rules: bool) -> list[sk.Example]:
    """Twelve articles; the feature ``head:anon_noun`` marks the anonymous sources. The rules
    are right everywhere, or (``noisy_rules``) call half the anonymous sources persons."""
    out = []
    for art in range(12):
        for i in range(8):
            anon = i % 2 == 0
            gold = "anonymous" if anon else "named_person"
            rule = "named_person" if noisy_rules and anon and i % 4 == 0 else gold
            feats = {"bias": 1.0, f"rule={rule}": 1.0,
                     ("head:anon_noun" if anon else "actor=person"): 1.0}
            out.append(sk.Example(f"a{art}", feats, rule, gold))
    return out


def test_vocabulary_keeps_features_seen_often_enough() -> None:
    ex = [sk.Example("a", {"x": 1.0, "y": 1.0}, "anonymous", "anonymous"),
          sk.Example("b", {"x": 1.0}, "anonymous", "anonymous")]
    assert sk.vocabulary_of(ex, min_count=2) == ["x"]
    assert sk.matrix(ex, ["x", "y"]).tolist() == [[1.0, 1.0], [1.0, 0.0]]


def test_decide_keeps_rumour_and_low_confidence() -> None:
    classes = ["anonymous", "named_person"]
    probs = np.array([[0.9, 0.1], [0.6, 0.4], [0.9, 0.1]])
    rules = ["named_person", "named_person", "rumour"]
    assert sk.decide(rules, probs, classes, 0.7) == ["anonymous", "named_person", "rumour"]


def test_sign_test() -> None:
    assert sk.sign_test(0, 0) == 1.0
    assert sk.sign_test(5, 2) == pytest.approx(29 / 128)
    assert sk.sign_test(10, 0) == pytest.approx(1 / 1024)


def test_figures() -> None:
    f = sk.figures(["anonymous", "anonymous", "named_person"],
                   ["anonymous", "named_person", "anonymous"])
    assert f["kind_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert f["anonymous_precision"] == 0.5 and f["anonymous_recall"] == 0.5


def test_the_model_overrules_the_rules_only_on_evidence() -> None:
    right = sk.cross_validate(_examples(noisy_rules=False))
    assert right["threshold"] == sk.NEVER  # nothing to fix: the rules decide
    noisy = sk.cross_validate(_examples(noisy_rules=True))
    assert noisy["rules"]["kind_accuracy"] == pytest.approx(0.75)
    assert noisy["threshold"] < 1.0 and noisy["combined"]["kind_accuracy"] == 1.0
    assert noisy["best_threshold"]["fixes"] == 24 and noisy["best_threshold"]["breaks"] == 0


def test_written_model_is_byte_stable_and_read_back(tmp_path: Path) -> None:
    ex = _examples(noisy_rules=True)
    cv = sk.cross_validate(ex)
    record = sk.train(ex, cv)
    first = sk.write_model(record, tmp_path / "one").read_bytes()
    second = sk.write_model(sk.train(ex, cv), tmp_path / "two").read_bytes()
    assert first == second
    model = KindModel(json.loads(first))
    anon = model.probabilities({"bias": 1.0, "rule=named_person": 1.0, "head:anon_noun": 1.0})
    assert max(anon, key=lambda k: anon[k]) == "anonymous"
    assert model.decide("named_person", {"bias": 1.0, "rule=named_person": 1.0,
                                         "head:anon_noun": 1.0})[0] == "anonymous"
