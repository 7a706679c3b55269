"""Calibration of confidences: reliability table, expected calibration error, temperature.

A confidence is calibrated when, among the findings given confidence about *p*, a share
of about *p* is right. :func:`reliability` bins confidences into equal-width bins and
reports, per bin, how many findings fell in it, their mean confidence and the share that
was right; :func:`expected_calibration_error` is the count-weighted mean gap between the
two (Guo et al., "On calibration of modern neural networks", ICML 2017, section 2).
:func:`fit_temperature` picks the one scale of a softmax's scores that minimises the
log-loss (temperature scaling, same paper, section 4.2): the arg-max, hence every label
and F1, is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Temperatures tried by :func:`fit_temperature`: a geometric grid from 0.25 to 64, 2% apart
#: (fine enough that no optimiser is needed).
TEMPERATURES: tuple[float, ...] = tuple(round(0.25 * 1.02 ** i, 4) for i in range(281))


@dataclass(frozen=True)
class Bin:
    """One bin of a reliability table: confidences in ``[low, high)``."""

    low: float
    high: float
    n: int
    confidence: float
    accuracy: float


def reliability(confidence: Sequence[float], correct: Sequence[bool],
                bins: int = 10) -> list[Bin]:
    """Equal-width bins over ``[0, 1]`` (the last one closed); empty bins are left out."""
    if len(confidence) != len(correct):
        raise ValueError("confidence and correct differ in length")
    conf = np.asarray(confidence, dtype=float)
    ok = np.asarray(correct, dtype=float)
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    out = []
    for b in range(bins):
        sel = idx == b
        n = int(sel.sum())
        if n:
            out.append(Bin(b / bins, (b + 1) / bins, n, float(conf[sel].mean()),
                           float(ok[sel].mean())))
    return out


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool],
                               bins: int = 10) -> float:
    """The count-weighted mean of ``|accuracy - confidence|`` over the bins."""
    table = reliability(confidence, correct, bins)
    total = sum(b.n for b in table)
    if not total:
        raise ValueError("no confidences")
    return sum(b.n * abs(b.accuracy - b.confidence) for b in table) / total


def softmax(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of a ``(n, classes)`` score matrix."""
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def log_loss(scores: np.ndarray, gold: np.ndarray) -> float:
    """Mean negative log-probability of the gold column (*gold*: column indices)."""
    p = softmax(scores)[np.arange(len(gold)), gold]
    return float(-np.log(np.maximum(p, 1e-12)).mean())


def fit_temperature(scores: np.ndarray, gold: np.ndarray) -> float:
    """The temperature ``T`` (scores divided by it) with the least log-loss on *gold*."""
    if scores.ndim != 2 or len(scores) != len(gold) or not len(gold):
        raise ValueError("scores must be (n, classes) with one gold index per row")
    return min(TEMPERATURES, key=lambda t: log_loss(scores / t, gold))


def top_confidence(scores: np.ndarray, temperature: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """The arg-max column and its softmax probability at *temperature*, per row."""
    p = softmax(scores / temperature)
    top = p.argmax(axis=1)
    return top, p[np.arange(len(p)), top]


def table_markdown(table: list[Bin]) -> str:
    """A reliability table as Markdown rows (bin, n, mean confidence, accuracy)."""
    rows = ["| confidence bin | n | mean confidence | share right |", "|---|---|---|---|"]
    for b in table:
        rows.append(f"| {b.low:.1f}–{b.high:.1f} | {b.n} | {b.confidence:.3f} | {b.accuracy:.3f} |")
    return "\n".join(rows)
