"""Calibrated technique scores: the logistic map, its file, and the scores find_techniques gives."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tealeaves.stages.rhetoric import calibration
from tealeaves.stages.rhetoric.calibration import Calibrator, raw_features
from tealeaves.stages.rhetoric.techniques import finding_score, model_dir


def test_raw_features_are_logits_and_the_nested_flag() -> None:
    x = raw_features(0.5, 0.9, nested=True)
    assert x[0] == pytest.approx(0.0)
    assert x[1] == pytest.approx(np.log(9.0))
    assert x[2] == 1.0
    # probabilities of 0 and 1 are clipped, not infinite
    assert np.isfinite(raw_features(0.0, 1.0, nested=False)).all()


def test_calibrator_is_a_logistic_map_and_round_trips() -> None:
    cal = Calibrator((1.0, 2.0, -0.5), -1.0, 0.3)
    assert cal.score(0.5, 0.5) == pytest.approx(round(1 / (1 + np.exp(1.0)), 3))
    # more evidence, higher score; nested costs what its weight says
    assert cal.score(0.9, 0.9) > cal.score(0.5, 0.9) > cal.score(0.5, 0.2)
    assert cal.score(0.9, 0.9, nested=True) < cal.score(0.9, 0.9)
    assert 0.0 <= cal.score(1e-9, 1e-9) <= cal.score(1.0, 1.0) <= 1.0
    assert Calibrator.from_dict(json.loads(json.dumps(cal.to_dict()))) == cal


def test_finding_score_without_a_calibrator_is_the_raw_product() -> None:
    assert finding_score(None, 0.5, 0.8, nested=False) == 0.4
    cal = Calibrator((1.0, 1.0, 0.0), 0.0)
    assert finding_score(cal, 0.5, 0.5, nested=False) == 0.5


def test_shipped_calibration_file_loads_with_its_cross_validated_figures() -> None:
    path = model_dir() / calibration.CALIBRATION_FILE
    if not path.is_file():
        pytest.skip("no score calibration shipped")
    data = json.loads(path.read_text(encoding="utf-8"))
    cal = calibration.load_calibrator()
    assert cal is not None and len(cal.weights) == 3
    assert 0.0 <= calibration.default_min_score() == data["min_score"] < 1.0
    assert data["ece_cv"] <= 0.05  # the bar, measured by cross-validation
    # the technique probability counts for the finding being right
    assert cal.weights[1] > 0


def test_find_techniques_scores_are_probabilities(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric import find_techniques

    doc = nlp("Critics called the plan a shameless betrayal of voters! This disgraceful, "
              "reckless scheme will destroy our great nation, a traitor's gift to our enemies.")
    found = find_techniques(doc)
    assert found
    assert all(0.0 <= t.score <= 1.0 for t in found)
