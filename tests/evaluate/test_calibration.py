"""Reliability tables, ECE and temperature scaling on invented confidences."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.evaluate.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability,
    table_markdown,
    top_confidence,
)


def test_perfectly_calibrated_bins_have_no_error() -> None:
    # 10 findings at 0.8, 8 right; 10 at 0.3, 3 right
    conf = [0.8] * 10 + [0.3] * 10
    ok = [True] * 8 + [False] * 2 + [True] * 3 + [False] * 7
    assert expected_calibration_error(conf, ok) == pytest.approx(0.0)
    table = reliability(conf, ok)
    assert [(b.n, round(b.accuracy, 2)) for b in table] == [(10, 0.3), (10, 0.8)]
    assert "| 0.8–0.9 | 10 | 0.800 | 0.800 |" in table_markdown(table)


def test_overconfidence_is_the_weighted_gap() -> None:
    conf = [0.95] * 4 + [1.0] * 4
    ok = [True, False, True, False] * 2
    # bin 0.9-1.0 holds all 8: mean confidence 0.975, accuracy 0.5
    assert expected_calibration_error(conf, ok) == pytest.approx(0.475)


def test_mismatched_lengths_raise() -> None:
    with pytest.raises(ValueError):
        expected_calibration_error([0.5], [True, False])
    with pytest.raises(ValueError):
        expected_calibration_error([], [])


def test_temperature_softens_overconfident_scores() -> None:
    rng = np.random.default_rng(0)
    n = 600
    gold = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), gold] += 1.0  # right about 60% of the time
    sharp = logits * 8  # the same ranking, far too sure
    t = fit_temperature(sharp, gold)
    assert t > 3
    top, raw = top_confidence(sharp, 1.0)
    _, cal = top_confidence(sharp, t)
    ok = (top == gold).tolist()
    assert expected_calibration_error(cal.tolist(), ok) < expected_calibration_error(raw.tolist(), ok)
    assert (top_confidence(sharp, t)[0] == top).all()  # labels unchanged
