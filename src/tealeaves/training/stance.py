"""Training the target-dependent stance model on NewsMTSC (``../shared/data/newsmtsc``).

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
``model.json.gz`` into the output folder (``resources/stance/`` when shipping). The dev
files are scored once at the end, for reporting; they are never used to choose anything.

Entry point: ``scripts/train_stance.py`` (:func:`train`, and :func:`time_stage` for
``--time``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

from ..embeddings import DIM
from ..evaluate.stance import POLARITY, iter_targets, score_file
from ..nlp import load_model
from ..stages.stance.assess import dense_layer
from ..stages.stance.features import DENSE_BLOCKS, dense_features, target_features
from ..stages.stance.masked import MASK_BLOCKS
from .stance_mask import mask_arrays
from .stance_tagged import dense_cache_name, dense_source

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
#: Sparse features seen fewer times than this in train are dropped.
MIN_COUNT = 2
DEV_FILES = ("dev-rw.jsonl", "dev-mt.jsonl")


def _lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _svm(c: float) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced")


def featurize(path: Path, cache: Path | None = None, mask: bool = False,
              layer: int | None = None
              ) -> tuple[list[dict[str, float]], dict[str, np.ndarray], list[str], list[str]]:
    """Sparse features, dense blocks (``(n, 384)`` arrays, zero rows where a block has no
    value), labels and sentences (the CV groups) of every target in *path*.

    A fresh parse (the token tensors are features) and one batched MiniLM pass over the
    parsed sentences, as the pipeline shares it. With *cache*, both are kept in that folder
    (keyed by the file's name) and read back on the next run. With *mask*, the
    :data:`MASK_BLOCKS` (one masked encoder call per target, :mod:`.stance_mask`) as well.
    With *layer*, the dense blocks read the span tagger's states after that layer instead
    (:mod:`.stance_tagged`); the sparse features are the same either way.
    """
    rows = list(iter_targets(path))
    if cache is not None:
        sparse_file = cache / f"{path.stem}.sparse.json.gz"
        dense_file = cache / dense_cache_name(path.stem, layer)
        if sparse_file.is_file() and dense_file.is_file():
            with gzip.open(sparse_file, "rt", encoding="utf-8") as fh:
                feats = json.load(fh)
            with np.load(dense_file) as z:
                dense = {k: z[k] for k in z.files}
            if mask:
                dense.update(mask_arrays(rows, dense["sent"], cache / f"{path.stem}.mask.npz"))
            return feats, dense, [r[3] for r in rows], [r[0] for r in rows]
    nlp = load_model()
    sentences = sorted({r[0] for r in rows})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    encoding = dense_source(list(docs.values()), layer)
    feats, labels, groups = [], [], []
    dense = {b: np.zeros((len(rows), DIM), dtype=np.float32) for b in DENSE_BLOCKS}
    for n, (sentence, start, end, label) in enumerate(rows):
        doc = docs[sentence]
        feats.append(target_features(doc[:], start, end))
        for b, v in dense_features(doc[:], start, end, encoding=encoding(doc, start)).items():
            dense[b][n] = v
        labels.append(label)
        groups.append(sentence)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        with gzip.open(sparse_file, "wt", encoding="utf-8") as fh:
            json.dump(feats, fh)
        np.savez(dense_file, **dense)
    if mask:
        mask_file = cache / f"{path.stem}.mask.npz" if cache is not None else None
        dense.update(mask_arrays(rows, dense["sent"], mask_file))
    return feats, dense, labels, groups


@dataclass(frozen=True)
class CvData:
    """The training matrix, its labels and the sentence-grouped folds every choice uses."""

    X: Any  # scipy CSR matrix, 32-bit indices
    y: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]
    classes: np.ndarray

    def oof(self, make: Callable[[], Any], M: Any = None) -> np.ndarray:
        """Out-of-fold decision values of the model *make* builds, over *M* (default X)."""
        M = self.X if M is None else M
        out = np.zeros((M.shape[0], 3))
        for tr, te in self.folds:
            out[te] = make().fit(M[tr], self.y[tr]).decision_function(M[te])
        return out

    def f1(self, scores: np.ndarray) -> float:
        """Mean macro-F1 over the folds of the argmax of *scores*."""
        return float(np.mean([f1_score(self.y[te], self.classes[scores[te].argmax(1)],
                                       average="macro") for _, te in self.folds]))


def sparse_matrix(feats: list[dict[str, float]]) -> tuple[Any, DictVectorizer]:
    """The features seen at least :data:`MIN_COUNT` times as a CSR matrix, and its vectoriser."""
    counts: Counter[str] = Counter(k for d in feats for k in d)
    keep = {k for k, c in counts.items() if c >= MIN_COUNT}
    vec = DictVectorizer()
    X = vec.fit_transform([{k: v for k, v in d.items() if k in keep} for d in feats]).tocsr()
    # liblinear (LinearSVC) accepts only 32-bit sparse indices
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    return X, vec


def cv_data(X: Any, y: list[str], groups: list[str]) -> CvData:
    """Folds grouped by sentence: targets of one sentence never sit on both sides."""
    y_arr = np.array(y)
    splitter = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    return CvData(X, y_arr, list(splitter.split(X, y_arr, groups)), np.array(sorted(set(y))))


@dataclass(frozen=True)
class SparseChoice:
    """The sparse model chosen by CV: LR ``C``, SVM ``C``, the SVM's weight (inf: the SVM
    alone, turned into probabilities by ``scale``), its CV macro-F1 and out-of-fold scores."""

    c: float
    svm_c: float
    mix: float
    f1: float
    scale: float
    oof: np.ndarray


def choose_sparse(cv: CvData) -> SparseChoice:
    """Grid-search the LR + SVM mixture by out-of-fold macro-F1 (printing every setting)."""
    lr_oof = {c: cv.oof(partial(_lr, c)) for c in C_GRID}
    svm_oof = {c: cv.oof(partial(_svm, c)) for c in SVM_C_GRID}
    best = (C_GRID[0], SVM_C_GRID[0], 0.0)
    best_f1 = -1.0
    for c, k in itertools.product(C_GRID, MIX_GRID):
        for sc in SVM_C_GRID if k else SVM_C_GRID[:1]:
            f1 = cv.f1(svm_oof[sc] if math.isinf(k) else lr_oof[c] + k * svm_oof[sc])
            print(f"LR C={c} + {k} x SVM C={sc}: 5-fold macro-F1 {f1:.4f}")
            if f1 > best_f1:
                best, best_f1 = (c, sc, k), f1
    c, sc, mix = best
    print(f"chosen: LR C={c}, SVM C={sc}, mix {mix} (CV macro-F1 {best_f1:.4f})")
    if not math.isinf(mix):
        return SparseChoice(c, sc, mix, best_f1, 1.0, lr_oof[c] + mix * svm_oof[sc])
    scale = svm_scale(cv, svm_oof[sc])
    return SparseChoice(c, sc, mix, best_f1, scale, scale * svm_oof[sc])


def svm_scale(cv: CvData, svm_oof: np.ndarray) -> float:
    """The softmax temperature that makes the SVM's scores probabilities (log-loss)."""
    onehot = (cv.y[:, None] == cv.classes[None, :]).astype(float)

    def log_loss(t: float) -> float:
        z = t * svm_oof
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-(onehot * logp).sum(axis=1).mean())

    scale = min(SCALE_GRID, key=log_loss)
    print(f"SVM softmax scale {scale} (out-of-fold log-loss {log_loss(scale):.4f})")
    return scale


class DenseBlocks:
    """The MiniLM blocks of every target, standardised on train."""

    def __init__(self, dense: dict[str, np.ndarray]) -> None:
        self.dense = dense
        self.mu = {b: v.mean(axis=0) for b, v in dense.items()}
        self.sd = {b: v.std(axis=0) + 1e-6 for b, v in dense.items()}

    def matrix(self, blocks: tuple[str, ...]) -> np.ndarray:
        return np.hstack([(self.dense[b] - self.mu[b]) / self.sd[b]
                          for b in blocks]) / math.sqrt(len(blocks))


@dataclass(frozen=True)
class DenseChoice:
    """The dense part chosen by CV: blocks, LR ``C``, weight in the sum (0: none), CV F1."""

    blocks: tuple[str, ...]
    c: float
    mix: float
    f1: float
    oof: np.ndarray | None = None  # out-of-fold scores of the sparse + dense sum


def choose_dense(cv: CvData, dense: DenseBlocks, sparse: SparseChoice) -> DenseChoice:
    """A logistic regression over standardised MiniLM blocks, its scores added with a weight
    to the sparse model's (out-of-fold on the same folds); kept only if CV F1 rises."""
    best = DenseChoice(DENSE_SETS[0], DENSE_C_GRID[0], 0.0, sparse.f1, sparse.oof)
    for blocks in DENSE_SETS:
        M = dense.matrix(blocks)
        for dc in DENSE_C_GRID:
            d_oof = cv.oof(partial(_lr, dc), M)
            for k in DENSE_MIX_GRID[1:]:
                f1 = cv.f1(sparse.oof + k * d_oof)
                print(f"+ {k} x dense LR C={dc} over {'+'.join(blocks)}: 5-fold macro-F1 {f1:.4f}")
                if f1 > best.f1:
                    best = DenseChoice(blocks, dc, k, f1, sparse.oof + k * d_oof)
    print(f"chosen dense part: {'+'.join(best.blocks) if best.mix else 'none'}, C={best.c}, "
          f"mix {best.mix} (CV macro-F1 {best.f1:.4f})")
    return best


@dataclass
class LinearModel:
    """The fitted model as one linear map: sparse coefficients, intercept, dense weights."""

    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    dense_weights: dict[str, list[list[float]]]


def fit_final(cv: CvData, sparse: SparseChoice, dense: DenseBlocks,
              choice: DenseChoice) -> LinearModel:
    """Fit the chosen models on all of train and fold them into one linear map."""
    X, y = cv.X, cv.y
    if math.isinf(sparse.mix):
        svm = _svm(sparse.svm_c).fit(X, y)
        clf: Any = svm
        coef, intercept = sparse.scale * svm.coef_, sparse.scale * svm.intercept_
    else:
        clf = _lr(sparse.c).fit(X, y)
        coef, intercept = clf.coef_.copy(), clf.intercept_.copy()
        if sparse.mix:
            svm = _svm(sparse.svm_c).fit(X, y)
            coef += sparse.mix * svm.coef_
            intercept += sparse.mix * svm.intercept_
    dense_weights: dict[str, list[list[float]]] = {}
    if choice.mix:
        dlr = _lr(choice.c).fit(dense.matrix(choice.blocks), y)
        if list(dlr.classes_) != list(clf.classes_):
            raise RuntimeError("class order differs between the sparse and the dense model")
        intercept = intercept + choice.mix * dlr.intercept_
        root = math.sqrt(len(choice.blocks))
        for j, b in enumerate(choice.blocks):
            # fold the standardisation in: w . (x - mu) / (sd * root) = (w / (sd * root)) . x - ...
            w = choice.mix * dlr.coef_[:, j * DIM:(j + 1) * DIM] / (dense.sd[b] * root)
            intercept = intercept - w @ dense.mu[b]
            dense_weights[b] = [[round(float(x), 6) for x in row] for row in w]
    return LinearModel([str(c) for c in clf.classes_], coef, intercept, dense_weights)


def model_record(model: LinearModel, names: list[str], n_targets: int, sparse: SparseChoice,
                 dense: DenseChoice, layer: int | None = None) -> dict[str, Any]:
    """The JSON the stance stage loads: weights by feature name, dense blocks, provenance."""
    coef = model.coef
    nlp_meta = load_model().meta
    inf = math.isinf(sparse.mix)
    return {
        "classes": model.classes,
        "intercept": [round(float(b), 6) for b in model.intercept],
        "weights": {
            name: [round(float(coef[k, j]), 5) for k in range(coef.shape[0])]
            for j, name in enumerate(names)
            if float(np.abs(coef[:, j]).max()) >= 1e-4
        },
        "dense": model.dense_weights,
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": f"NewsMTSC train.jsonl (Hamborg & Donnay 2021), {n_targets} targets",
            "C": None if inf else sparse.c,
            "svm_C": sparse.svm_c if sparse.mix else None,
            "svm_mix": "svm only" if inf else sparse.mix,
            "svm_scale": sparse.scale,
            "cv": "5-fold StratifiedGroupKFold, grouped by sentence",
            "cv_macro_f1_sparse": round(sparse.f1, 4),
            "dense_blocks": list(dense.blocks) if dense.mix else [],
            "dense_C": dense.c if dense.mix else None,
            "dense_mix": dense.mix,
            "dense_encoder": "all-MiniLM-L6-v2 int8 ONNX (tealeaves.embeddings), "
                             "one pass per sentence" if layer is None else
                             f"the fine-tuned span tagger's hidden states after layer {layer} "
                             "(resources/rhetoric/si_encoder.onnx, the rhetoric stage's pass)",
            "dense_source": "frozen" if layer is None else "tagger",
            "dense_layer": layer,
            "cv_macro_f1": round(dense.f1, 4),
            "seed": SEED,
            "min_count": MIN_COUNT,
            "spacy_model": f"{nlp_meta['lang']}_{nlp_meta['name']} {nlp_meta['version']}",
            "polarity_map": {str(k): v for k, v in POLARITY.items()},
        },
    }


def write_model(record: dict[str, Any], out: Path) -> Path:
    """``out/model.json.gz``, byte-stable (sorted keys, no time stamp in the gzip header)."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "model.json.gz"
    with gzip.GzipFile(target, "wb", mtime=0) as fh:
        fh.write(json.dumps(record, sort_keys=True).encode("utf-8"))
    return target


def recorded_choices(cv: CvData, dense: DenseBlocks, meta: dict[str, Any],
                     blocks: tuple[str, ...] | None = None) -> tuple[SparseChoice, DenseChoice]:
    """The configuration a shipped model's *meta* records (LR ``C``, SVM ``C`` and weight,
    dense blocks, ``C`` and weight), with its out-of-fold CV macro-F1 on the current
    features: no grid search, so a refit on new encoder vectors keeps the chosen recipe.
    *blocks*, when given, replace the recorded dense blocks (same ``C`` and weight)."""
    if meta["svm_mix"] == "svm only":
        raise ValueError("refit expects the LR (+ SVM) mix; re-run the grid search instead")
    mix = float(meta["svm_mix"])
    scores = cv.oof(partial(_lr, float(meta["C"])))
    if mix and meta.get("svm_C"):
        scores = scores + mix * cv.oof(partial(_svm, float(meta["svm_C"])))
    sparse = SparseChoice(float(meta["C"]), float(meta.get("svm_C") or SVM_C_GRID[0]), mix,
                          cv.f1(scores), 1.0, scores)
    blocks = blocks or tuple(meta.get("dense_blocks") or DENSE_SETS[0])
    dense_mix = float(meta.get("dense_mix") or 0.0)
    dense_c = float(meta.get("dense_C") or DENSE_C_GRID[0])
    total = scores
    if dense_mix:
        total = scores + dense_mix * cv.oof(partial(_lr, dense_c), dense.matrix(blocks))
    print(f"recorded configuration: LR C={sparse.c} + {mix} x SVM C={sparse.svm_c} "
          f"(CV macro-F1 {sparse.f1:.4f}) + {dense_mix} x dense LR C={dense_c} over "
          f"{'+'.join(blocks)}: 5-fold macro-F1 {cv.f1(total):.4f}", flush=True)
    return sparse, DenseChoice(blocks, dense_c, dense_mix, cv.f1(total), total)


def train(data: Path, out: Path, cache: Path | None = None, refit: bool = False,
          blocks: tuple[str, ...] | None = None, layer: int | None = None,
          head: bool = False) -> Path:
    """Train on ``data/train.jsonl``, write ``out/model.json.gz`` and print the dev scores.

    With *refit*, the configuration recorded in ``out/model.json.gz`` is fitted again on
    freshly computed features (say, after an encoder change) instead of being re-chosen;
    *blocks* (with *refit*) replace its dense blocks. *layer*: the dense blocks read the span
    tagger's states after that layer (with *refit*, default: the recorded source). *head*
    (or a recorded head): train the target head over those states as well (torch;
    :mod:`.stance_head`) and add its log-probabilities with a weight chosen by the same CV.
    """
    random.seed(SEED)
    np.random.seed(SEED)
    recorded = _recorded_meta(out) if refit else None
    wanted = blocks or tuple((recorded or {}).get("dense_blocks") or ())
    if layer is None and recorded is not None:
        layer = dense_layer(recorded)
    feats, dense_arrays, y, groups = featurize(data / "train.jsonl", cache,
                                               mask=bool(set(wanted) & set(MASK_BLOCKS)),
                                               layer=layer)
    X, vec = sparse_matrix(feats)
    print(f"train: {X.shape[0]} targets, {X.shape[1]} features, labels {Counter(y)}")
    cv = cv_data(X, y, groups)
    dense = DenseBlocks(dense_arrays)
    if recorded is not None:
        sparse, choice = recorded_choices(cv, dense, recorded, blocks)
    else:
        sparse = choose_sparse(cv)
        choice = choose_dense(cv, dense, sparse)
    model = fit_final(cv, sparse, dense, choice)
    record = model_record(model, list(vec.get_feature_names_out()), X.shape[0], sparse, choice,
                          layer)
    if head or (recorded or {}).get("head"):
        from .stance_head import train_head

        record["meta"]["head"] = train_head(data, out, cache, cv, choice, layer,
                                            (recorded or {}).get("head"))
    target = write_model(record, out)
    print(f"wrote {target} ({target.stat().st_size} bytes, {len(record['weights'])} weights, "
          f"{len(model.dense_weights)} dense blocks, CV macro-F1 {choice.f1:.4f})")

    from ..stages.stance import assess as stance

    stance.load_stance_model.cache_clear()  # the dev scores read the model in resources/
    for name in DEV_FILES:
        result = score_file(data / name)
        print(f"{name}: macro-F1 {result['macro_f1']:.4f} accuracy {result['accuracy']:.4f} "
              f"n={result['n']}")
    return target


def _recorded_meta(out: Path) -> dict[str, Any]:
    """The ``meta`` block of the model already in *out* (what :func:`recorded_choices` reads)."""
    target = out / "model.json.gz"
    if not target.is_file():
        raise FileNotFoundError(f"{target}: no model to refit (train without --refit first)")
    with gzip.open(target, "rt", encoding="utf-8") as fh:
        return dict(json.load(fh)["meta"])


def time_stage(paths: list[Path]) -> None:
    """Seconds the stance stage takes on each article, without and with the shared MiniLM
    pass (:func:`tealeaves.embeddings.sentence_encodings`, which the rhetoric stage runs
    first in the pipeline), for the shipped model and for its sparse part alone (the model
    before the dense blocks); best of 3 runs each."""
    import dataclasses

    from ..ingest import read_path
    from ..stages.actors.build import find_actors
    from ..stages.events.extract import find_events
    from ..stages.rhetoric.techniques import find_techniques
    from ..stages.stance import assess as stance

    nlp = load_model()
    shipped = stance.load_stance_model()
    sparse_only = dataclasses.replace(shipped, dense={})
    loader = stance.load_stance_model
    try:
        for path in paths:
            article = read_path(path)
            doc = nlp(article.text)
            actors = find_actors(doc, article)
            events = find_events(doc, actors)
            techniques = find_techniques(doc)
            mentions = sum(len(a.mentions) for a in actors)
            for name, model in (("sparse only", sparse_only), ("shipped", shipped)):
                stance.load_stance_model = partial(_same, model)  # type: ignore[assignment]
                stage, enc = _best_of_3(
                    doc, partial(stance.assess_actors, doc, actors, techniques, events))
                extra = f", with it {stage + enc:.3f} s" if model.dense else ""
                print(f"{path.name} ({len(doc)} tokens, {mentions} mentions), {name}: stance "
                      f"stage {stage:.3f} s; shared encoder pass {enc:.3f} s{extra}", flush=True)
    finally:
        stance.load_stance_model = loader


def _same(model: Any) -> Any:
    return model


def _best_of_3(doc: Any, run_stage: Callable[[], object]) -> tuple[float, float]:
    """Best of 3 seconds of *run_stage* and of the shared encoder pass before it."""
    import time

    from ..embeddings import sentence_encodings, set_sentence_encodings

    enc, stage = [], []
    for _ in range(3):
        set_sentence_encodings(doc, None)
        t0 = time.perf_counter()
        sentence_encodings(doc)
        t1 = time.perf_counter()
        run_stage()
        stage.append(time.perf_counter() - t1)
        enc.append(t1 - t0)
    return min(stage), min(enc)
