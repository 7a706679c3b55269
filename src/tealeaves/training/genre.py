"""Training the genre model (opinion or reporting) on hand-labelled PolNeAR articles.

A logistic regression over :func:`tealeaves.stages.rhetoric.genre.genre_features`, which
read the span finder's findings: the model is refitted whenever the span finder changes
(``scripts/train_rhetoric.py`` does both).
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..stages.rhetoric import genre as genre_mod
from .rhetoric import SEED

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from ..stages.rhetoric.techniques import SpanFinder

log = logging.getLogger(__name__)


def read_labels(labels: Path) -> list[dict[str, str]]:
    """The rows of the labels file (tab-separated ``file``, ``label``; ``#`` comment lines)."""
    with open(labels, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def genre_matrix(nlp: Any, finder: SpanFinder, texts: list[str]) -> np.ndarray:
    """The genre features of each text, with *finder*'s spans as its techniques."""
    from ..model import Technique

    x = []
    for doc in nlp.pipe(texts, batch_size=16):
        spans = finder.spans(doc)
        techs = [Technique("Loaded_Language", s, e, doc.text[s:e], sc) for s, e, sc in spans]
        x.append(genre_mod.vectorise(genre_mod.genre_features(doc, techs)))
    return np.array(x)


def _make() -> Pipeline:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000, random_state=SEED)
    return Pipeline([("scale", StandardScaler()), ("lr", lr)])


def train_genre(labels: Path, polnear: Path, out: Path, nlp: Any, finder: SpanFinder,
                meta: dict[str, Any]) -> None:
    """Fit the genre logistic regression on the articles *labels* names (texts in
    *polnear*), write it into *out* and record its 5-fold CV accuracy in *meta*."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    rows = read_labels(labels)
    texts = [(polnear / f"{r['file']}.txt").read_text(encoding="utf-8") for r in rows]
    y = np.array([r["label"] == "opinion" for r in rows], dtype=int)
    xa = genre_matrix(nlp, finder, texts)
    cvp = cross_val_predict(_make(), xa, y, cv=StratifiedKFold(5, shuffle=True, random_state=SEED))
    acc = float((cvp == y).mean())
    majority = float(max(y.mean(), 1 - y.mean()))
    pipe = _make().fit(xa, y)
    scaler, lr = pipe.named_steps["scale"], pipe.named_steps["lr"]
    model = {
        "features": list(genre_mod.FEATURES),
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": lr.coef_[0].tolist(),
        "intercept": float(lr.intercept_[0]),
        "trained_on": len(rows),
        "opinion": int(y.sum()),
        "cv_accuracy": round(acc, 4),
        "majority_baseline": round(majority, 4),
        "labels": str(labels.name),
    }
    (out / genre_mod.GENRE_MODEL).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    meta["genre"] = {"n": len(rows), "cv_accuracy": round(acc, 4), "majority": round(majority, 4)}
    log.info("genre: %d articles, 5-fold CV accuracy %.3f (majority %.3f)", len(rows), acc, majority)
