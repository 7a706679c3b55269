"""The pieces of the score calibration: right/wrong, reliability, the calibrator, min score."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from tealeaves.stages.rhetoric.calibration import raw_features
from tealeaves.training import rhetoric_scores as rs


def test_a_finding_is_right_when_a_gold_span_of_its_technique_overlaps_it() -> None:
    gold = [(10, 20, "Doubt"), (30, 40, "Loaded_Language")]
    assert rs.is_right(15, 25, "Doubt", gold)
    assert not rs.is_right(15, 25, "Loaded_Language", gold)  # overlaps, other technique
    assert not rs.is_right(20, 30, "Doubt", gold)  # touches, no character in common


def test_reliability_of_perfectly_calibrated_and_of_overconfident_scores() -> None:
    rng = np.random.default_rng(0)
    scores = rng.uniform(0, 1, 20000)
    right = rng.uniform(0, 1, 20000) < scores
    ece, table = rs.reliability(scores, right.astype(float))
    assert ece < 0.02 and len(table) == rs.BINS
    assert sum(r["n"] for r in table) == len(scores)
    over, _ = rs.reliability(np.full(1000, 0.9), np.array([1.0] * 500 + [0.0] * 500))
    assert over == pytest.approx(0.4)


def test_fitted_calibrator_recovers_the_rate_of_right_findings() -> None:
    rng = np.random.default_rng(1)
    span = rng.uniform(0.2, 0.9, 4000)
    tech = rng.uniform(0.1, 1.0, 4000)
    truth = 1 / (1 + np.exp(-(2.0 * np.log(tech / (1 - np.minimum(tech, 0.999))) - 0.5)))
    right = (rng.uniform(0, 1, 4000) < truth).astype(float)
    x = np.array([raw_features(a, b, False) for a, b in zip(span, tech, strict=True)])
    cal = rs.fit_calibrator(x, right)
    assert cal.weights[1] > 1.0 and abs(cal.weights[0]) < 0.3
    got = np.array([cal.score_raw(v) for v in x])
    ece, _ = rs.reliability(got, right)
    assert ece < 0.03


def _item(art_id: str, spans: list[tuple[int, int, str]]) -> Any:
    return SimpleNamespace(article=SimpleNamespace(id=art_id, spans=tuple(spans)))


def test_best_min_score_trades_precision_for_recall() -> None:
    items = [_item("a", [(0, 5, "Doubt"), (10, 15, "Doubt")])]
    f = raw_features(0.5, 0.5, False)
    rows = [("a", 0, 5, "Doubt", f, True), ("a", 10, 15, "Doubt", f, True),
            ("a", 20, 25, "Doubt", f, False), ("a", 30, 35, "Doubt", f, False)]
    scores = np.array([0.9, 0.6, 0.3, 0.2])
    best, table = rs.best_min_score(rows, scores, items, grid=(0.0, 0.25, 0.5, 0.75))
    assert best == 0.5  # both right findings kept, both wrong ones gone: F1 1.0
    by = {r["min_score"]: r for r in table}
    assert by[0.0]["precision"] == 0.5 and by[0.0]["recall"] == 1.0
    assert by[0.75]["recall"] == 0.5 and by[0.5]["f1"] == 1.0
