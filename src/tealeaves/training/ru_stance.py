"""Training the Russian target-stance model on RuSentNE-2023 (``train_data.csv``).

Each row is a sentence, a target span in it and a label (−1 negative, 0 neutral, 1
positive). The sentences are parsed with the project's natasha parse (many at once, joined
by paragraph breaks, so each keeps its own sentences), the target's features come from
:mod:`tealeaves.lang.ru.stance_features` (the functions the pipeline runs), and a
multinomial logistic regression reads the sparse features and the navec blocks (scaled by
one weight). Settings are chosen by 5-fold cross-validation grouped by sentence (every
target of a sentence in the same fold) on the official measure, the macro-F1 over the
positive and negative classes; the 3-class macro-F1 and the majority baseline are reported
beside it. A temperature fitted on the out-of-fold scores calibrates the confidences
(cross-fitted ECE reported). The model is written as gzipped JSON: feature names with
their three weights, the dense matrix, the intercept, the temperature and the figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability,
    top_confidence,
)
from ..lang.ru.parse import parse
from ..lang.ru.stance_features import dense_features, sparse_features, target_tokens
from .stance_calibration import cross_fitted

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
GOLD = {"-1": 0, "0": 1, "1": 2}
SEED = 13
FOLDS = 5
#: Sentences parsed in one natasha call.
CHUNK = 200
#: Features seen in fewer training rows are dropped (a smaller model, no single-row cues).
MIN_COUNT = 2
#: The grid the grouped CV searches: inverse regularisation and the dense blocks' weight,
#: with balanced class weights (the measure is over the two rare classes), plus one
#: unweighted setting for reference.
#: (A first, coarser pass over C 0.1–1 and dense weights 0–2 found the lower C better.)
GRID_C = (0.01, 0.03, 0.1)
GRID_DENSE = (0.5, 1.0)
GRID: tuple[tuple[float, str | None, float], ...] = tuple(
    (c, "balanced", d) for c in GRID_C for d in GRID_DENSE) + (
    (0.1, "balanced", 0.0), (0.03, None, 0.5))


@dataclass
class Rows:
    """The featurised training rows."""

    sparse: list[dict[str, float]]
    dense: np.ndarray
    gold: np.ndarray
    groups: np.ndarray


def read_rows(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """The rows of a RuSentNE file (tab-separated, with a header), the first *limit* only."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return rows[:limit] if limit else rows


def featurize(rows: list[dict[str, str]]) -> Rows:
    """Parse the sentences (by chunks) and read each row's target features."""
    sentences = list(dict.fromkeys(r["sentence"] for r in rows))
    where: dict[str, tuple[Any, int]] = {}
    for k in range(0, len(sentences), CHUNK):
        chunk = sentences[k:k + CHUNK]
        doc = parse("\n\n".join(chunk))
        base = 0
        for s in chunk:
            where[s] = (doc, base)
            base += len(s) + 2
    sparse, dense, gold, groups = [], [], [], []
    index = {s: i for i, s in enumerate(sentences)}
    skipped = 0
    for r in rows:
        doc, base = where[r["sentence"]]
        start, end = int(r["entity_pos_start_rel"]), int(r["entity_pos_end_rel"])
        toks = target_tokens(doc, base + start, base + end)
        if not toks:
            skipped += 1
            continue
        sparse.append(sparse_features(doc, toks, r["entity_tag"]))
        dense.append(dense_features(doc, toks))
        gold.append(GOLD[r["label"]])
        groups.append(index[r["sentence"]])
    if skipped:
        log.warning("%d rows with no token under the target were skipped", skipped)
    return Rows(sparse, np.asarray(dense, dtype=np.float32), np.asarray(gold),
                np.asarray(groups))


def _vocabulary(feats: list[dict[str, float]]) -> dict[str, int]:
    counts = Counter(name for f in feats for name in f)
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    return {n: i for i, n in enumerate(names)}


def _matrix(feats: list[dict[str, float]], vocab: dict[str, int], dense: np.ndarray,
            dense_weight: float) -> Any:
    from scipy.sparse import csr_matrix, hstack

    data, cols, ptr = [], [], [0]
    for f in feats:
        for name, v in f.items():
            j = vocab.get(name)
            if j is not None:
                cols.append(j)
                data.append(v)
        ptr.append(len(cols))
    sp = csr_matrix((data, cols, ptr), shape=(len(feats), len(vocab)), dtype=np.float64)
    if not dense_weight:
        return sp
    return hstack([sp, csr_matrix(dense * dense_weight)], format="csr")


def _fit(rows: Rows, idx: np.ndarray, c: float, weight: str | None, dense_w: float
         ) -> tuple[Any, dict[str, int]]:
    from sklearn.linear_model import LogisticRegression

    feats = [rows.sparse[i] for i in idx]
    vocab = _vocabulary(feats)
    clf = LogisticRegression(C=c, class_weight=weight, max_iter=2000)
    clf.fit(_matrix(feats, vocab, rows.dense[idx], dense_w), rows.gold[idx])
    return clf, vocab


def folds_of(rows: Rows, folds: int = FOLDS) -> list[np.ndarray]:
    """Test indices per fold, grouped by sentence (shuffled groups, fixed seed)."""
    from sklearn.model_selection import GroupKFold

    rng = np.random.default_rng(SEED)
    perm = rng.permutation(int(rows.groups.max()) + 1)
    cv = GroupKFold(n_splits=folds)
    return [te for _, te in cv.split(rows.gold, groups=perm[rows.groups])]


def scores(gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    """Macro-F1 over positive and negative (the task's measure), 3-class macro-F1, accuracy."""
    from sklearn.metrics import f1_score

    per = f1_score(gold, pred, labels=[0, 1, 2], average=None, zero_division=0)
    return {"pn_macro_f1": round(float((per[0] + per[2]) / 2), 4),
            "macro_f1": round(float(per.mean()), 4),
            "accuracy": round(float((gold == pred).mean()), 4),
            "f1_negative": round(float(per[0]), 4), "f1_positive": round(float(per[2]), 4)}


def oof(rows: Rows, folds: list[np.ndarray], c: float, weight: str | None, dense_w: float
        ) -> np.ndarray:
    """Out-of-fold decision scores ``(n, 3)``."""
    out = np.zeros((len(rows.gold), 3))
    for te in folds:
        tr = np.setdiff1d(np.arange(len(rows.gold)), te)
        clf, vocab = _fit(rows, tr, c, weight, dense_w)
        out[te] = clf.decision_function(_matrix([rows.sparse[i] for i in te], vocab,
                                                rows.dense[te], dense_w))
    return out


def cross_validate(rows: Rows, grid: list[tuple[float, str | None, float]] | None = None
                   ) -> dict[str, Any]:
    """Grouped CV over the grid; the best setting by macro-F1 over positive and negative,
    its figures, the majority baseline and the calibration of its out-of-fold scores."""
    folds = folds_of(rows)
    grid = grid or list(GRID)
    results = []
    best: tuple[float, Any, np.ndarray] | None = None
    for c, w, d in grid:
        s = oof(rows, folds, c, w, d)
        got = scores(rows.gold, s.argmax(axis=1))
        results.append({"C": c, "class_weight": w, "dense_weight": d, **got})
        log.info("C=%s weight=%s dense=%s: %s", c, w, d, got)
        if best is None or got["pn_macro_f1"] > best[0]:
            best = (got["pn_macro_f1"], (c, w, d), s)
    assert best is not None
    (c, w, d), s = best[1], best[2]
    majority = np.full(len(rows.gold), int(np.bincount(rows.gold).argmax()))
    conf, ok = cross_fitted(s, rows.gold, folds)
    raw_top, raw_conf = top_confidence(s)
    return {
        "rows": len(rows.gold), "sentences": int(len(set(rows.groups.tolist()))),
        "grid": results, "best": {"C": c, "class_weight": w, "dense_weight": d},
        "cv": scores(rows.gold, s.argmax(axis=1)),
        "majority": scores(rows.gold, majority),
        "temperature": fit_temperature(s, rows.gold),
        "ece_cross_fitted": round(expected_calibration_error(conf.tolist(), ok.tolist()), 4),
        "ece_uncalibrated": round(expected_calibration_error(
            raw_conf.tolist(), (raw_top == rows.gold).tolist()), 4),
        "reliability": [b.__dict__ for b in reliability(conf.tolist(), ok.tolist())],
    }


def train(rows: Rows, c: float, weight: str | None, dense_w: float) -> dict[str, Any]:
    """The model on every row, as the JSON the run time reads (:mod:`tealeaves.lang.ru.stance`)."""
    clf, vocab = _fit(rows, np.arange(len(rows.gold)), c, weight, dense_w)
    n = len(vocab)
    coef = clf.coef_
    weights = {name: [round(float(x), 5) for x in coef[:, j]] for name, j in vocab.items()
               if np.abs(coef[:, j]).max() >= 1e-4}
    dense = (coef[:, n:] * dense_w).round(6).tolist() if dense_w else []
    return {"classes": list(LABELS), "intercept": [float(x) for x in clf.intercept_],
            "weights": weights, "dense": dense}


def write_model(model: dict[str, Any], cv: dict[str, Any], out: Path, data: Path) -> Path:
    """Write the model with its temperature and provenance (gzipped JSON)."""
    model = dict(model, temperature=cv["temperature"], meta={
        "data": f"RuSentNE-2023 {data.name} ({cv['rows']} targets, {cv['sentences']} "
                "sentences; MIT)",
        "trained": dt.date.today().isoformat(), "settings": cv["best"], "cv": cv["cv"],
        "majority": cv["majority"], "ece_cross_fitted": cv["ece_cross_fitted"],
        "ece_uncalibrated": cv["ece_uncalibrated"]})
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
    return out
