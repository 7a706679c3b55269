"""The sentence subjectivity model the genre features read (``genre/subjectivity.py``):
a logistic regression over sentence vectors, trained on the English sentences of the CLEF
CheckThat! subjectivity task (``../shared/data/subjectivity-en``), and the cross-validation
on its training file that chooses where the vectors come from (the frozen MiniLM, or a layer
of the fine-tuned span tagger's hidden states: issue 19's shared pass).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .rhetoric import SEED

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def _subjectivity_rows(shared: Path, name: str) -> tuple[list[str], np.ndarray]:
    """The sentences of one CheckThat! subjectivity file and their labels (1 = SUBJ)."""
    with open(shared / "subjectivity-en" / name, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["sentence"] for r in rows], np.array([r["label"] == "SUBJ" for r in rows],
                                                   dtype=int)


def sentence_vectors_for(texts: Sequence[str], layer: int | None) -> np.ndarray:
    """Vectors of single sentences as the subjectivity model reads them: the frozen MiniLM
    sentence vector (*layer* None) or the shipped span tagger's states after *layer*
    (``encoder.text_state_vectors``)."""
    if layer is None:
        from ..embeddings import embed

        return np.asarray(embed(list(texts)))
    from ..stages.rhetoric.encoder import PieceTagger, text_state_vectors
    from ..stages.rhetoric.techniques import SI_ENCODER, model_dir

    return text_state_vectors(PieceTagger(model_dir() / SI_ENCODER), texts, layer)


def subjectivity_layer_cv(shared: Path = SHARED, layers: Sequence[int | None] = (None,),
                          c: float = 1.0, k: int = 5) -> dict[str, float]:
    """Macro-F1 of the subjectivity regression by stratified *k*-fold cross-validation on
    ``train_en.tsv`` alone, per source of sentence vectors (None: the frozen encoder; K:
    the span tagger's layer K), to choose the layer without the dev files."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    xs, ys = _subjectivity_rows(shared, "train_en.tsv")
    out: dict[str, float] = {}
    for layer in layers:
        x = sentence_vectors_for(xs, layer)
        pred = np.zeros(len(ys), dtype=int)
        for tr, te in StratifiedKFold(k, shuffle=True, random_state=SEED).split(x, ys):
            lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced",
                                    random_state=SEED).fit(x[tr], ys[tr])
            pred[te] = lr.predict(x[te])
        out["frozen" if layer is None else f"tagger_layer_{layer}"] = round(
            float(f1_score(ys, pred, average="macro")), 4)
    return out


def train_subjectivity(shared: Path = SHARED, c: float = 1.0,
                       layer: int | None = None) -> dict[str, Any]:
    """The sentence subjectivity model: a logistic regression over sentence vectors (the
    frozen MiniLM's, or with *layer* the span tagger's states after that layer), fitted on
    ``subjectivity-en/train_en.tsv`` and scored on ``dev_en.tsv`` and ``dev_test_en.tsv``
    (macro-F1 and accuracy, in the returned dict)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score

    xs, ys = _subjectivity_rows(shared, "train_en.tsv")
    lr = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=SEED)
    lr.fit(sentence_vectors_for(xs, layer), ys)
    scores: dict[str, Any] = {}
    for part in ("dev_en.tsv", "dev_test_en.tsv"):
        xt, yt = _subjectivity_rows(shared, part)
        pred = lr.predict(sentence_vectors_for(xt, layer))
        scores[part.removesuffix(".tsv")] = {
            "n": len(yt), "accuracy": round(float(accuracy_score(yt, pred)), 4),
            "macro_f1": round(float(f1_score(yt, pred, average="macro")), 4)}
    return {
        "coef": [round(float(v), 6) for v in lr.coef_[0]],
        "intercept": float(lr.intercept_[0]),
        "trained_on": "subjectivity-en/train_en.tsv (CLEF CheckThat! subjectivity, English)",
        "n": len(ys), "C": c, "class_weight": "balanced", "scores": scores,
        **({} if layer is None else {
            "tagger_layer": layer,
            "vectors": f"unit-length mean of the span tagger's states after layer {layer}"}),
    }
