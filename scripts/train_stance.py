"""Train the target-dependent stance model on NewsMTSC (../shared/data/newsmtsc/train.jsonl).

    .venv/bin/python scripts/train_stance.py [--data ../shared/data/newsmtsc] [--out DIR]

Parses every sentence with the project's spaCy model, turns each target into the
sparse features of :func:`tealeaves.stages.stance_features.target_features`, picks the
regularisation strength ``C`` by 5-fold cross-validation on the training file only
(macro-F1, fixed seed), fits a multinomial logistic regression and writes the weights as
``model.json.gz`` into ``src/tealeaves/resources/stance/``. The dev files are scored
once at the end, for reporting; they are never used to choose anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.evaluate.stance import POLARITY, iter_targets, score_file  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.stance_features import target_features  # noqa: E402

SEED = 13
C_GRID = (0.02, 0.05, 0.1)
MIN_COUNT = 2


def featurize(path: Path) -> tuple[list[dict[str, float]], list[str]]:
    """Features and labels of every target in *path* (a fresh parse: the token tensors are features)."""
    rows = list(iter_targets(path))
    nlp = load_model()
    sentences = sorted({r[0] for r in rows})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    feats, labels = [], []
    for sentence, start, end, label in rows:
        doc = docs[sentence]
        feats.append(target_features(doc[:], start, end))
        labels.append(label)
    return feats, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tealeaves" / "resources" / "stance")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)

    X_dicts, y = featurize(args.data / "train.jsonl")
    counts: Counter[str] = Counter(k for d in X_dicts for k in d)
    keep = {k for k, c in counts.items() if c >= MIN_COUNT}
    X_dicts = [{k: v for k, v in d.items() if k in keep} for d in X_dicts]
    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts)
    y_arr = np.array(y)
    print(f"train: {X.shape[0]} targets, {X.shape[1]} features, labels {Counter(y)}")

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    best_c, best_f1 = C_GRID[0], -1.0
    for c in C_GRID:
        scores = []
        for tr, te in folds.split(X, y_arr):
            clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
            clf.fit(X[tr], y_arr[tr])
            scores.append(f1_score(y_arr[te], clf.predict(X[te]), average="macro"))
        mean = float(np.mean(scores))
        print(f"C={c}: 5-fold macro-F1 {mean:.4f}")
        if mean > best_f1:
            best_c, best_f1 = c, mean

    clf = LogisticRegression(C=best_c, max_iter=3000, class_weight="balanced")
    clf.fit(X, y_arr)
    nlp_meta = load_model().meta
    names = list(vec.get_feature_names_out())
    coef = clf.coef_
    model = {
        "classes": [str(c) for c in clf.classes_],
        "intercept": [round(float(b), 6) for b in clf.intercept_],
        "weights": {
            name: [round(float(coef[k, j]), 5) for k in range(coef.shape[0])]
            for j, name in enumerate(names)
            if float(np.abs(coef[:, j]).max()) >= 1e-4
        },
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021), "
            f"{X.shape[0]} targets",
            "C": best_c,
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
