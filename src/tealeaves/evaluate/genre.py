"""Scoring genre: accuracy, per-class precision and recall, and calibration.

:func:`score_genre` compares predicted labels with gold ones; :func:`reliability` bins the
predicted probabilities of opinion and :func:`expected_calibration_error` sums the gap between
the mean probability and the share of opinion in each bin, weighted by the bin's size (Naeini
et al., AAAI 2015; ten equal-width bins). :func:`score_folder` runs the genre stage over a
folder of articles with gold genres (the ``realnews-dev`` layout: ``articles/*.txt`` and
``gold/<name>.json`` holding ``"genre"``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

LABELS: tuple[str, ...] = ("opinion", "reporting", "satire")


@dataclass(frozen=True)
class ClassScore:
    """Precision, recall and support of one label."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int


@dataclass(frozen=True)
class Bin:
    """One reliability bin: predicted P(opinion) in ``[low, high)``."""

    low: float
    high: float
    n: int
    mean_probability: float
    opinion_share: float


@dataclass(frozen=True)
class GenreScores:
    """Accuracy, per-class scores and (when probabilities were given) calibration."""

    n: int
    accuracy: float
    majority: float
    classes: dict[str, ClassScore]
    ece: float | None = None
    bins: list[Bin] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _prf(gold: Sequence[str], pred: Sequence[str], label: str) -> ClassScore:
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    n_gold = sum(g == label for g in gold)
    n_pred = sum(p == label for p in pred)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return ClassScore(round(prec, 4), round(rec, 4), round(f1, 4), n_gold, n_pred)


def reliability(y_opinion: Sequence[int], p_opinion: Sequence[float], n_bins: int = 10) -> list[Bin]:
    """Equal-width bins of P(opinion) with the share of gold opinion in each (empty bins left
    out); the last bin includes 1.0."""
    if len(y_opinion) != len(p_opinion):
        raise ValueError("one probability per gold label is needed")
    if n_bins < 1:
        raise ValueError("n_bins must be positive")
    out = []
    for b in range(n_bins):
        lo, hi = b / n_bins, (b + 1) / n_bins
        idx = [i for i, p in enumerate(p_opinion) if lo <= p < hi or (b == n_bins - 1 and p == hi)]
        if not idx:
            continue
        mean_p = sum(p_opinion[i] for i in idx) / len(idx)
        share = sum(y_opinion[i] for i in idx) / len(idx)
        out.append(Bin(round(lo, 2), round(hi, 2), len(idx), round(mean_p, 4), round(share, 4)))
    return out


def expected_calibration_error(y_opinion: Sequence[int], p_opinion: Sequence[float],
                               n_bins: int = 10) -> float:
    """ECE of P(opinion): the size-weighted mean gap between mean probability and observed
    share over :func:`reliability` bins (0 is perfectly calibrated)."""
    bins = reliability(y_opinion, p_opinion, n_bins)
    n = sum(b.n for b in bins)
    if not n:
        return 0.0
    return sum(b.n * abs(b.mean_probability - b.opinion_share) for b in bins) / n


def score_genre(gold: Sequence[str], pred: Sequence[str],
                p_opinion: Sequence[float] | None = None,
                names: Sequence[str] | None = None) -> GenreScores:
    """Scores of *pred* against *gold* (labels from :data:`LABELS`); with *p_opinion* (the
    predicted probability of opinion per article) also the reliability bins and ECE, computed
    over the articles whose gold label is opinion or reporting."""
    if len(gold) != len(pred):
        raise ValueError("one prediction per gold label is needed")
    unknown = {x for x in (*gold, *pred) if x not in LABELS}
    if unknown:
        raise ValueError(f"unknown genre labels: {sorted(unknown)}")
    n = len(gold)
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / n if n else 0.0
    counts = [sum(g == lab for g in gold) for lab in LABELS]
    majority = max(counts) / n if n else 0.0
    present = [lab for lab in LABELS if lab in gold or lab in pred]
    classes = {lab: _prf(gold, pred, lab) for lab in present}
    ece = None
    bins: list[Bin] = []
    if p_opinion is not None:
        keep = [i for i, g in enumerate(gold) if g != "satire"]
        y = [int(gold[i] == "opinion") for i in keep]
        p = [float(p_opinion[i]) for i in keep]
        bins = reliability(y, p)
        ece = round(expected_calibration_error(y, p), 4)
    errors = [
        {"article": names[i] if names else i, "gold": g, "predicted": p_}
        for i, (g, p_) in enumerate(zip(gold, pred, strict=True)) if g != p_
    ]
    return GenreScores(n, round(acc, 4), round(majority, 4), classes, ece, bins, errors)


def read_gold_folder(folder: Path) -> list[tuple[str, Path, str]]:
    """``(name, article path, gold genre)`` for every ``gold/<name>.json`` with a genre whose
    article is ``articles/<name>.txt``; :class:`InputError` when the layout is not there."""
    gold_dir, art_dir = folder / "gold", folder / "articles"
    if not gold_dir.is_dir() or not art_dir.is_dir():
        raise InputError(str(folder), "expected articles/ and gold/ folders")
    out = []
    for g in sorted(gold_dir.glob("*.json")):
        try:
            genre = json.loads(g.read_text(encoding="utf-8")).get("genre")
        except json.JSONDecodeError as exc:
            raise InputError(str(g), f"not JSON ({exc.msg})") from exc
        art = art_dir / f"{g.stem}.txt"
        if genre in LABELS and art.is_file():
            out.append((g.stem, art, str(genre)))
    if not out:
        raise InputError(str(folder), "no article with a gold genre")
    return out


def score_folder(folder: Path, nlp: Any = None) -> tuple[GenreScores, list[dict[str, Any]]]:
    """Run the genre stage on each article of *folder* (:func:`read_gold_folder`) and score
    it; also return one row per article (name, gold, label, confidence, features)."""
    from ..nlp import load_model
    from ..stages.rhetoric.genre import (
        article_inputs,
        load_genre_model,
        opinion_probability,
        predict_genre,
    )
    from ..stages.rhetoric.genre.reading import Reading
    from ..stages.rhetoric.techniques import find_techniques

    items = read_gold_folder(folder)
    nlp = nlp if nlp is not None else load_model()
    texts = [p.read_text(encoding="utf-8") for _n, p, _g in items]
    rows, pred, p_op = [], [], []
    for (name, _p, gold), doc in zip(items, nlp.pipe(texts), strict=True):
        techniques = find_techniques(doc)  # as in the pipeline: the genre model reads them
        g = predict_genre(doc, techniques)
        feats, vector = article_inputs(doc, techniques=techniques,
                                       reading=Reading.of_model(load_genre_model()))
        p = opinion_probability(feats, load_genre_model(), vector)
        pred.append(g.label)
        p_op.append(p)
        rows.append({"article": name, "gold": gold, "label": g.label,
                     "confidence": g.confidence,
                     "features": {k: round(v, 4) for k, v in feats.items()}})
    gold_labels = [g for _n, _p, g in items]
    return score_genre(gold_labels, pred, p_op, [n for n, _p, _g in items]), rows
