"""Train the target-dependent stance model on NewsMTSC (../shared/data/newsmtsc/train.jsonl).

    .venv/bin/python scripts/train_stance.py [--data ../shared/data/newsmtsc] [--out DIR]

Parses every sentence with the project's spaCy model, turns each target into the
sparse features of :func:`tealeaves.stages.stance_features.target_features`, picks the
logistic regression's ``C``, the LinearSVC's ``C`` and the weight with which the SVM's
decision values join the LR's (0 = LR alone) by 5-fold cross-validation on the training
file only (folds grouped by sentence, macro-F1, fixed seed), fits both on all of train and
writes the one resulting linear weight matrix as ``model.json.gz`` into
``src/tealeaves/resources/stance/``. The dev files are scored
once at the end, for reporting; they are never used to choose anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import itertools
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.evaluate.stance import POLARITY, iter_targets, score_file  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.stance_features import target_features  # noqa: E402

SEED = 13
C_GRID = (0.05,)
#: LinearSVC strengths, and the weights with which its decision values join the LR's
#: (0 = logistic regression alone, inf = the SVM alone); all linear, so whatever is
#: chosen is one weight matrix.
SVM_C_GRID = (0.005, 0.01)
MIX_GRID = (0.0, 1.0, 4.0, math.inf)
#: Softmax temperatures tried to turn the SVM's decision values into probabilities
#: (chosen by out-of-fold log-loss on train).
SCALE_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def _lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _svm(c: float) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced")


MIN_COUNT = 2


def featurize(path: Path) -> tuple[list[dict[str, float]], list[str], list[str]]:
    """Features, labels and sentences (the CV groups) of every target in *path*.

    A fresh parse: the token tensors are features.
    """
    rows = list(iter_targets(path))
    nlp = load_model()
    sentences = sorted({r[0] for r in rows})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    feats, labels, groups = [], [], []
    for sentence, start, end, label in rows:
        doc = docs[sentence]
        feats.append(target_features(doc[:], start, end))
        labels.append(label)
        groups.append(sentence)
    return feats, labels, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tealeaves" / "resources" / "stance")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)

    X_dicts, y, groups = featurize(args.data / "train.jsonl")
    counts: Counter[str] = Counter(k for d in X_dicts for k in d)
    keep = {k for k, c in counts.items() if c >= MIN_COUNT}
    X_dicts = [{k: v for k, v in d.items() if k in keep} for d in X_dicts]
    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts).tocsr()
    # liblinear (LinearSVC) accepts only 32-bit sparse indices
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    y_arr = np.array(y)
    print(f"train: {X.shape[0]} targets, {X.shape[1]} features, labels {Counter(y)}")

    # Folds grouped by sentence: targets of one sentence never sit on both sides.
    folds = list(StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED).split(X, y_arr, groups))

    def oof(make: Callable[[], Any]) -> np.ndarray:
        """Out-of-fold decision values of the model *make* builds."""
        out = np.zeros((X.shape[0], 3))
        for tr, te in folds:
            out[te] = make().fit(X[tr], y_arr[tr]).decision_function(X[te])
        return out

    classes = np.array(sorted(set(y)))

    def cv_f1(scores: np.ndarray) -> float:
        return float(np.mean([f1_score(y_arr[te], classes[scores[te].argmax(1)], average="macro") for _, te in folds]))

    lr_oof = {c: oof(lambda c=c: _lr(c)) for c in C_GRID}
    svm_oof = {c: oof(lambda c=c: _svm(c)) for c in SVM_C_GRID}
    best = (C_GRID[0], SVM_C_GRID[0], 0.0)
    best_f1 = -1.0
    for c, k in itertools.product(C_GRID, MIX_GRID):
        for sc in SVM_C_GRID if k else SVM_C_GRID[:1]:
            f1 = cv_f1(svm_oof[sc] if math.isinf(k) else lr_oof[c] + k * svm_oof[sc])
            print(f"LR C={c} + {k} x SVM C={sc}: 5-fold macro-F1 {f1:.4f}")
            if f1 > best_f1:
                best, best_f1 = (c, sc, k), f1
    best_c, best_svm_c, mix = best
    print(f"chosen: LR C={best_c}, SVM C={best_svm_c}, mix {mix} (CV macro-F1 {best_f1:.4f})")

    scale = 1.0
    if math.isinf(mix):
        # the SVM alone: a softmax temperature makes its scores probabilities
        onehot = (y_arr[:, None] == classes[None, :]).astype(float)

        def log_loss(t: float) -> float:
            z = t * svm_oof[best_svm_c]
            z -= z.max(axis=1, keepdims=True)
            logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            return float(-(onehot * logp).sum(axis=1).mean())

        scale = min(SCALE_GRID, key=log_loss)
        print(f"SVM softmax scale {scale} (out-of-fold log-loss {log_loss(scale):.4f})")
        svm = _svm(best_svm_c).fit(X, y_arr)
        clf: Any = svm
        coef, intercept = scale * svm.coef_, scale * svm.intercept_
    else:
        clf = _lr(best_c).fit(X, y_arr)
        coef, intercept = clf.coef_.copy(), clf.intercept_.copy()
        if mix:
            svm = _svm(best_svm_c).fit(X, y_arr)
            coef += mix * svm.coef_
            intercept += mix * svm.intercept_
    nlp_meta = load_model().meta
    names = list(vec.get_feature_names_out())
    model = {
        "classes": [str(c) for c in clf.classes_],
        "intercept": [round(float(b), 6) for b in intercept],
        "weights": {
            name: [round(float(coef[k, j]), 5) for k in range(coef.shape[0])]
            for j, name in enumerate(names)
            if float(np.abs(coef[:, j]).max()) >= 1e-4
        },
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021), "
            f"{X.shape[0]} targets",
            "C": None if math.isinf(mix) else best_c,
            "svm_C": best_svm_c if mix else None,
            "svm_mix": "svm only" if math.isinf(mix) else mix,
            "svm_scale": scale,
            "cv": "5-fold StratifiedGroupKFold, grouped by sentence",
            "cv_macro_f1": round(best_f1, 4),
            "seed": SEED,
            "min_count": MIN_COUNT,
            "spacy_model": f"{nlp_meta['lang']}_{nlp_meta['name']} {nlp_meta['version']}",
            "polarity_map": {str(k): v for k, v in POLARITY.items()},
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "model.json.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as fh:
        fh.write(json.dumps(model, sort_keys=True).encode("utf-8"))
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(model['weights'])} weights, C={best_c})")

    from tealeaves.stages import stance

    stance.load_model.cache_clear()
    for name in ("dev-rw.jsonl", "dev-mt.jsonl"):
        result = score_file(args.data / name)
        print(f"{name}: macro-F1 {result['macro_f1']:.4f} accuracy {result['accuracy']:.4f} n={result['n']}")


if __name__ == "__main__":
    main()
