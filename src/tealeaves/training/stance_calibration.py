"""Calibrating the stance model's confidences: one softmax temperature from out-of-fold scores.

The shipped stance model (``resources/stance/model.json.gz``, :mod:`.stance`) sums a
logistic regression, a LinearSVC and a dense logistic regression into one linear score per
class; the sum's softmax is not a calibrated probability (the SVM's margins and the weights
of the mix stretch it). This re-runs the shipped configuration (the ``C`` values and weights
recorded in the model's ``meta``) over the same 5 sentence-grouped folds of NewsMTSC
``train.jsonl`` as the trainer, keeps each target's out-of-fold scores, and fits the
temperature ``T`` that minimises their log-loss (:func:`tealeaves.evaluate.calibration.
fit_temperature`). Dividing scores by ``T`` changes no label, so macro-F1 is unchanged.

The reported ECE is cross-fitted: each fold's confidences use a temperature fitted on the
other four folds' out-of-fold scores. The dev files are scored afterwards with the shipped
temperature, for reporting only. Writes ``calibration.json`` beside the model.

Entry point: ``scripts/train_stance.py --calibrate``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.calibration import (
    expected_calibration_error,
    fit_temperature,
    reliability,
    top_confidence,
)
from ..evaluate.stance import iter_targets
from ..stages.stance.assess import dense_layer
from ..stages.stance.masked import MASK_BLOCKS
from .stance import DEV_FILES, DenseBlocks, _lr, _svm, cv_data, featurize, sparse_matrix


def _shipped_meta(model_dir: Path) -> dict[str, Any]:
    with gzip.open(model_dir / "model.json.gz", "rt", encoding="utf-8") as fh:
        return dict(json.load(fh)["meta"])


def oof_scores(data: Path, meta: dict[str, Any], cache: Path | None
               ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Out-of-fold summed scores of the shipped configuration on train, the gold column of
    each target and the folds' test indices (kept in *cache* as ``oof.npz`` when given)."""
    kept = cache / "oof.npz" if cache is not None else None
    if kept is not None and kept.is_file():
        with np.load(kept) as z:
            return z["scores"], z["gold"], [z[f"fold{i}"] for i in range(int(z["k"]))]
    mask = bool(set(meta.get("dense_blocks") or ()) & set(MASK_BLOCKS))
    feats, dense_arrays, y, groups = featurize(data / "train.jsonl", cache, mask=mask,
                                               layer=dense_layer(meta))
    X, _vec = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    if meta["svm_mix"] == "svm only":
        raise ValueError("calibration expects the LR (+ SVM) mix the shipped model records")
    scores = cv.oof(partial(_lr, meta["C"]))
    if meta.get("svm_C") and meta["svm_mix"]:
        scores = scores + float(meta["svm_mix"]) * cv.oof(partial(_svm, meta["svm_C"]))
    if meta.get("dense_mix"):
        blocks = tuple(meta["dense_blocks"])
        M = DenseBlocks(dense_arrays).matrix(blocks)
        scores = scores + float(meta["dense_mix"]) * cv.oof(partial(_lr, meta["dense_C"]), M)
    if meta.get("head"):  # the target head's out-of-fold log-probabilities (torch)
        from .stance_head import cached_oof

        head = meta["head"]
        scores = scores + float(head["mix"]) * cached_oof(data, cache, cv.folds,
                                                          int(head["layer"]))
    gold = np.array([list(cv.classes).index(label) for label in cv.y])
    folds = [te for _tr, te in cv.folds]
    if kept is not None:
        arrays: dict[str, Any] = {"scores": scores, "gold": gold, "k": np.array(len(folds))}
        arrays.update({f"fold{i}": te for i, te in enumerate(folds)})
        np.savez(kept, **arrays)
    return scores, gold, folds


def cross_fitted(scores: np.ndarray, gold: np.ndarray, folds: list[np.ndarray]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Top confidence and correctness per target, each fold scaled by a temperature fitted
    on the other folds."""
    conf = np.zeros(len(gold))
    ok = np.zeros(len(gold), dtype=bool)
    for te in folds:
        rest = np.setdiff1d(np.arange(len(gold)), te)
        t = fit_temperature(scores[rest], gold[rest])
        top, c = top_confidence(scores[te], t)
        conf[te], ok[te] = c, top == gold[te]
    return conf, ok


def dev_confidences(data: Path) -> dict[str, float]:
    """ECE of the shipped, calibrated model on each dev file (measured, never fitted)."""
    from ..stages.stance.assess import target_probabilities_many

    out = {}
    for name in DEV_FILES:
        rows = list(iter_targets(data / name))
        probs = target_probabilities_many([(s, a, b) for s, a, b, _ in rows])
        conf = [max(p.values()) for p in probs]
        ok = [max(p, key=lambda c: p[c]) == r[3] for p, r in zip(probs, rows, strict=True)]
        out[name] = round(expected_calibration_error(conf, ok), 4)
    return out


def calibrate(data: Path, model_dir: Path, cache: Path | None = None) -> Path:
    """Fit the temperature, write ``model_dir/calibration.json`` and print the figures."""
    meta = _shipped_meta(model_dir)
    scores, gold, folds = oof_scores(data, meta, cache)
    raw_top, raw_conf = top_confidence(scores, 1.0)
    raw_ece = expected_calibration_error(raw_conf.tolist(), (raw_top == gold).tolist())
    conf, ok = cross_fitted(scores, gold, folds)
    ece = expected_calibration_error(conf.tolist(), ok.tolist())
    temperature = fit_temperature(scores, gold)
    table = [b.__dict__ for b in reliability(conf.tolist(), ok.tolist())]
    record: dict[str, Any] = {
        "temperature": temperature,
        "meta": {
            "fitted": dt.date.today().isoformat(),
            "data": f"NewsMTSC train.jsonl, {len(gold)} targets, out-of-fold scores of the "
                    "shipped configuration, 5 folds grouped by sentence (seed 13)",
            "ece_uncalibrated": round(raw_ece, 4),
            "ece_cross_fitted": round(ece, 4),
            "reliability_cross_fitted": [{k: round(v, 4) if isinstance(v, float) else v
                                          for k, v in b.items()} for b in table],
        },
    }
    target = model_dir / "calibration.json"
    target.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"temperature {temperature}; CV ECE {raw_ece:.4f} uncalibrated -> {ece:.4f} "
          f"cross-fitted; wrote {target}", flush=True)
    from ..stages.stance import assess

    assess.load_stance_model.cache_clear()
    record["meta"]["ece_dev"] = dev_confidences(data)
    target.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"dev ECE (calibrated): {record['meta']['ece_dev']}")
    return target
