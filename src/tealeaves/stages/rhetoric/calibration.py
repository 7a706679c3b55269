"""Calibrated technique scores: the probability that a finding is right.

A finding's raw evidence is the span finder's mean token probability over the span, the
technique classifier's probability of the chosen technique, and whether it is a name
calling nested in a longer span. A logistic regression over those (:func:`raw_features`),
fitted on findings in articles that no model saw (``training.rhetoric_scores``), turns them
into the probability that a gold annotation of the same technique overlaps the finding; its
weights, its expected calibration error from cross-validation and the default minimum score
chosen on the same folds are in ``resources/rhetoric/score_calibration.json``
(resources/rhetoric/README.md, docs/stages/rhetoric.md).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ...errors import ModelError

CALIBRATION_FILE = "score_calibration.json"
_EPS = 1e-4


def _logit(p: float) -> float:
    p = min(max(float(p), _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def raw_features(span_prob: float, technique_prob: float, nested: bool) -> np.ndarray:
    """The calibrator's inputs: logits of the two probabilities and the nested flag."""
    return np.array([_logit(span_prob), _logit(technique_prob), 1.0 if nested else 0.0])


@dataclass(frozen=True)
class Calibrator:
    """``P(right) = σ(w · raw_features + b)``."""

    weights: tuple[float, ...]
    bias: float
    #: findings under this calibrated score are left out by default (``--min-score``)
    min_score: float = 0.0

    def score_raw(self, x: np.ndarray) -> float:
        z = float(np.dot(self.weights, x)) + self.bias
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def score(self, span_prob: float, technique_prob: float, nested: bool = False) -> float:
        """The calibrated probability that the finding is right, rounded to 3 places."""
        return round(self.score_raw(raw_features(span_prob, technique_prob, nested)), 3)

    def to_dict(self) -> dict[str, Any]:
        return {"weights": list(self.weights), "bias": self.bias, "min_score": self.min_score}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Calibrator:
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]),
                   float(data.get("min_score", 0.0)))


@lru_cache(maxsize=1)
def load_calibrator() -> Calibrator | None:
    """The shipped calibrator (None when the file is absent: raw scores are reported)."""
    path = resources.files("tealeaves.resources").joinpath(f"rhetoric/{CALIBRATION_FILE}")
    if not path.is_file():
        return None
    try:
        return Calibrator.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"broken score calibration {path}: {exc}") from exc


def default_min_score() -> float:
    """The minimum technique score applied when the user gives none (0 without calibration)."""
    cal = load_calibrator()
    return cal.min_score if cal is not None else 0.0
