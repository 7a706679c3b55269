"""Train the target-dependent stance model on NewsMTSC (../shared/data/newsmtsc/train.jsonl).

    .venv/bin/python scripts/train_stance.py [--data ../shared/data/newsmtsc] [--out DIR]
                                             [--cache DIR]
    .venv/bin/python scripts/train_stance.py --time ARTICLE...   # time the stage only

Parses every sentence with the project's spaCy model and runs the shared MiniLM encoder
once over the parsed sentences; turns each target into the sparse features of
:func:`tealeaves.stages.stance.features.target_features` and the dense blocks of
:func:`~tealeaves.stages.stance.features.dense_features`; picks the logistic regression's
``C``, the LinearSVC's ``C`` and the weight with which the SVM's decision values join the
LR's (0 = LR alone), then which dense blocks a second logistic regression reads, its
``C`` and the weight of its scores in the sum (0 = none), all by 5-fold cross-validation
on the training file only (folds grouped by sentence, macro-F1, fixed seed). It fits them
on all of train and writes the resulting linear weights (sparse weights by feature name,
one ``(3, 384)`` matrix per dense block with the standardisation folded in) as
``model.json.gz`` into ``src/tealeaves/resources/stance/``. The dev files are scored once
at the end, for reporting; they are never used to choose anything.
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

from tealeaves.embeddings import DIM, encode_docs  # noqa: E402
from tealeaves.evaluate.stance import POLARITY, iter_targets, score_file  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.stance.features import (  # noqa: E402
    DENSE_BLOCKS,
    dense_features,
    target_features,
)

SEED = 13
C_GRID = (0.05,)
#: LinearSVC strengths, and the weights with which its decision values join the LR's
#: (0 = logistic regression alone, inf = the SVM alone); all linear, so whatever is
#: chosen is one weight matrix.
SVM_C_GRID = (0.005, 0.01)
MIX_GRID = (0.0, 1.0, 4.0, math.inf)
#: Dense blocks (MiniLM states, :data:`DENSE_BLOCKS`) tried as a second logistic regression
#: whose scores join the sparse model's, its ``C`` and its weight in the sum (0 = no dense
#: part); each block is standardised on train and divided by the root of the block count.
DENSE_SETS: tuple[tuple[str, ...], ...] = (
    ("tgt", "sent"),
    ("tgt", "sent", "left", "right", "gov"),
    DENSE_BLOCKS,
)
DENSE_C_GRID = (0.003, 0.01)
DENSE_MIX_GRID = (0.0, 2.0, 4.0, 8.0, 16.0)
#: Softmax temperatures tried to turn the SVM's decision values into probabilities
#: (chosen by out-of-fold log-loss on train).
SCALE_GRID = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


def _lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _svm(c: float) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced")


MIN_COUNT = 2


def featurize(path: Path, cache: Path | None = None
              ) -> tuple[list[dict[str, float]], dict[str, np.ndarray], list[str], list[str]]:
    """Sparse features, dense blocks (``(n, 384)`` arrays, zero rows where a block has no
    value), labels and sentences (the CV groups) of every target in *path*.

    A fresh parse (the token tensors are features) and one batched MiniLM pass over the
    parsed sentences, as the pipeline shares it. With *cache*, both are kept in that folder
    (keyed by the file's name) and read back on the next run.
    """
    rows = list(iter_targets(path))
    if cache is not None:
        sparse_file = cache / f"{path.stem}.sparse.json.gz"
        dense_file = cache / f"{path.stem}.dense.npz"
        if sparse_file.is_file() and dense_file.is_file():
            with gzip.open(sparse_file, "rt", encoding="utf-8") as fh:
                feats = json.load(fh)
            with np.load(dense_file) as z:
                dense = {k: z[k] for k in z.files}
            return feats, dense, [r[3] for r in rows], [r[0] for r in rows]
    nlp = load_model()
    sentences = sorted({r[0] for r in rows})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    encode_docs(list(docs.values()))
    feats, labels, groups = [], [], []
    dense = {b: np.zeros((len(rows), DIM), dtype=np.float32) for b in DENSE_BLOCKS}
    for n, (sentence, start, end, label) in enumerate(rows):
        doc = docs[sentence]
        feats.append(target_features(doc[:], start, end))
        for b, v in dense_features(doc[:], start, end).items():
            dense[b][n] = v
        labels.append(label)
        groups.append(sentence)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        with gzip.open(sparse_file, "wt", encoding="utf-8") as fh:
            json.dump(feats, fh)
        np.savez(dense_file, **dense)
    return feats, dense, labels, groups


def time_stage(paths: list[Path]) -> None:
    """Seconds the stance stage takes on each article, without and with the shared MiniLM
    pass (:func:`tealeaves.embeddings.sentence_encodings`, which the rhetoric stage runs
    first in the pipeline), for the shipped model and for its sparse part alone (the model
    before the dense blocks); best of 3 runs each."""
    import dataclasses
    import time

    from tealeaves.embeddings import sentence_encodings, set_sentence_encodings
    from tealeaves.ingest import read_path
    from tealeaves.stages.actors.build import find_actors
    from tealeaves.stages.events.extract import find_events
    from tealeaves.stages.rhetoric.techniques import find_techniques
    from tealeaves.stages.stance import assess as stance

    nlp = load_model()
    shipped = stance.load_stance_model()
    sparse_only = dataclasses.replace(shipped, dense={})
    loader = stance.load_stance_model
    for path in paths:
        article = read_path(path)
        doc = nlp(article.text)
        actors = find_actors(doc, article)
        events = find_events(doc, actors)
        techniques = find_techniques(doc)
        mentions = sum(len(a.mentions) for a in actors)
        for name, model in (("sparse only", sparse_only), ("shipped", shipped)):
            stance.load_stance_model = lambda model=model: model  # type: ignore[misc]
            enc, stage = [], []
            for _ in range(3):
                set_sentence_encodings(doc, None)
                t0 = time.perf_counter()
                sentence_encodings(doc)
                t1 = time.perf_counter()
                stance.assess_actors(doc, actors, techniques, events)
                stage.append(time.perf_counter() - t1)
                enc.append(t1 - t0)
            extra = f", with it {min(stage) + min(enc):.3f} s" if model.dense else ""
            print(f"{path.name} ({len(doc)} tokens, {mentions} mentions), {name}: stance stage "
                  f"{min(stage):.3f} s; shared encoder pass {min(enc):.3f} s{extra}", flush=True)
    stance.load_stance_model = loader  # type: ignore[misc]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tealeaves" / "resources" / "stance")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder to keep the parsed features and encodings in between runs")
    ap.add_argument("--time", type=Path, nargs="+", default=None, metavar="ARTICLE",
                    help="only time the stance stage on these articles (no training)")
    args = ap.parse_args()
    if args.time:
        time_stage(args.time)
        return
    random.seed(SEED)
    np.random.seed(SEED)

    X_dicts, dense, y, groups = featurize(args.data / "train.jsonl", args.cache)
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

    sparse_oof = svm_oof[best_svm_c] if math.isinf(mix) else lr_oof[best_c] + mix * svm_oof[best_svm_c]
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
        sparse_oof = scale * sparse_oof

    # The dense part: a logistic regression over standardised MiniLM blocks, its scores added
    # with a weight to the sparse model's (out-of-fold on the same folds).
    mu = {b: v.mean(axis=0) for b, v in dense.items()}
    sd = {b: v.std(axis=0) + 1e-6 for b, v in dense.items()}

    def dense_matrix(blocks: tuple[str, ...]) -> np.ndarray:
        return np.hstack([(dense[b] - mu[b]) / sd[b] for b in blocks]) / math.sqrt(len(blocks))

    dense_best: tuple[tuple[str, ...], float, float] = (DENSE_SETS[0], DENSE_C_GRID[0], 0.0)
    dense_f1 = best_f1
    for blocks in DENSE_SETS:
        M = dense_matrix(blocks)
        for dc in DENSE_C_GRID:
            d_oof = np.zeros((M.shape[0], 3))
            for tr, te in folds:
                d_oof[te] = _lr(dc).fit(M[tr], y_arr[tr]).decision_function(M[te])
            for k in DENSE_MIX_GRID[1:]:
                f1 = cv_f1(sparse_oof + k * d_oof)
                print(f"+ {k} x dense LR C={dc} over {'+'.join(blocks)}: 5-fold macro-F1 {f1:.4f}")
                if f1 > dense_f1:
                    dense_best, dense_f1 = (blocks, dc, k), f1
    dense_blocks, dense_c, dense_mix = dense_best
    print(f"chosen dense part: {'+'.join(dense_blocks) if dense_mix else 'none'}, C={dense_c}, "
          f"mix {dense_mix} (CV macro-F1 {dense_f1:.4f})")

    if math.isinf(mix):
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
    dense_weights: dict[str, list[list[float]]] = {}
    if dense_mix:
        dlr = _lr(dense_c).fit(dense_matrix(dense_blocks), y_arr)
        if list(dlr.classes_) != list(clf.classes_):
            raise RuntimeError("class order differs between the sparse and the dense model")
        intercept = intercept + dense_mix * dlr.intercept_
        root = math.sqrt(len(dense_blocks))
        for j, b in enumerate(dense_blocks):
            # fold the standardisation in: w . (x - mu) / (sd * root) = (w / (sd * root)) . x - ...
            w = dense_mix * dlr.coef_[:, j * DIM:(j + 1) * DIM] / (sd[b] * root)
            intercept = intercept - w @ mu[b]
            dense_weights[b] = [[round(float(x), 6) for x in row] for row in w]
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
        "dense": dense_weights,
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021), "
            f"{X.shape[0]} targets",
            "C": None if math.isinf(mix) else best_c,
            "svm_C": best_svm_c if mix else None,
            "svm_mix": "svm only" if math.isinf(mix) else mix,
            "svm_scale": scale,
            "cv": "5-fold StratifiedGroupKFold, grouped by sentence",
            "cv_macro_f1_sparse": round(best_f1, 4),
            "dense_blocks": list(dense_blocks) if dense_mix else [],
            "dense_C": dense_c if dense_mix else None,
            "dense_mix": dense_mix,
            "dense_encoder": "all-MiniLM-L6-v2 int8 ONNX (tealeaves.embeddings), one pass per sentence",
            "cv_macro_f1": round(dense_f1, 4),
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
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(model['weights'])} weights, "
          f"{len(dense_weights)} dense blocks, CV macro-F1 {dense_f1:.4f})")

    from tealeaves.stages.stance import assess as stance

    stance.load_stance_model.cache_clear()
    for name in ("dev-rw.jsonl", "dev-mt.jsonl"):
        result = score_file(args.data / name)
        print(f"{name}: macro-F1 {result['macro_f1']:.4f} accuracy {result['accuracy']:.4f} n={result['n']}")


if __name__ == "__main__":
    main()
