"""The stance trainer's pieces on small synthetic data: the feature matrix, the grouped
folds, the choices by cross-validation and the folding of the dense part into one linear
map. (The shipped model itself is pinned by tests/evaluate/test_evaluate_stance.py.)"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pytest

from tealeaves.embeddings import DIM
from tealeaves.stages.stance.features import DENSE_BLOCKS
from tealeaves.training.stance import (
    DenseBlocks,
    DenseChoice,
    SparseChoice,
    _lr,
    choose_dense,
    choose_sparse,
    cv_data,
    fit_final,
    recorded_choices,
    sparse_matrix,
    write_model,
)

LABELS = ("negative", "neutral", "positive")


def synthetic(n_sentences: int = 40, seed: int = 0):  # type: ignore[no-untyped-def]
    """Two targets per sentence; one sparse cue word and the dense 'tgt' block carry the
    label, the other dense blocks are noise."""
    rng = np.random.default_rng(seed)
    feats, y, groups = [], [], []
    for s in range(n_sentences):
        for t in range(2):
            label = LABELS[(s + t) % 3]
            feats.append({f"cue={label}": 1.0, f"noise={rng.integers(5)}": 1.0,
                          f"once={s}-{t}": 1.0})
            y.append(label)
            groups.append(f"sentence {s}")
    n = len(y)
    centre = {lab: rng.normal(size=DIM) for lab in LABELS}
    dense = {b: rng.normal(size=(n, DIM)) for b in DENSE_BLOCKS}
    dense["tgt"] = np.stack([centre[lab] + rng.normal(scale=2.0, size=DIM) for lab in y])
    return feats, {k: v.astype(np.float32) for k, v in dense.items()}, y, groups


def test_sparse_matrix_drops_rare_features_and_uses_32_bit_indices() -> None:
    feats, _, _, _ = synthetic()
    X, vec = sparse_matrix(feats)
    names = list(vec.get_feature_names_out())
    assert not [n for n in names if n.startswith("once=")]  # each seen once
    assert {"cue=negative", "cue=neutral", "cue=positive"} <= set(names)
    assert X.shape == (len(feats), len(names))
    assert X.indices.dtype == np.int32 and X.indptr.dtype == np.int32


def test_folds_keep_the_targets_of_one_sentence_together() -> None:
    feats, _, y, groups = synthetic()
    X, _ = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    assert len(cv.folds) == 5
    assert list(cv.classes) == list(LABELS)
    seen: list[int] = []
    for train, test in cv.folds:
        assert not {groups[i] for i in train} & {groups[i] for i in test}
        seen.extend(test)
    assert sorted(seen) == list(range(len(y)))


def test_the_choices_find_the_signal_and_fold_into_one_linear_map(capsys) -> None:  # type: ignore[no-untyped-def]
    feats, dense_arrays, y, groups = synthetic()
    X, _ = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    sparse = choose_sparse(cv)
    assert sparse.f1 > 0.9  # the cue word gives the label away
    assert "chosen: LR C=" in capsys.readouterr().out
    dense = DenseBlocks(dense_arrays)
    choice = choose_dense(cv, dense, sparse)
    assert choice.mix == 0.0 or choice.f1 > sparse.f1  # a dense part is kept only if it helps

    # force a dense part to check the folding: raw features through the one linear map
    # give the sum of the sparse model's and the weighted dense model's decision values
    forced = DenseChoice(("tgt", "sent"), 0.01, 2.0, choice.f1)
    lr_only = SparseChoice(sparse.c, sparse.svm_c, 0.0, sparse.f1, 1.0, sparse.oof)
    model = fit_final(cv, lr_only, dense, forced)
    raw = X @ model.coef.T + model.intercept
    raw += sum(dense_arrays[b] @ np.array(model.dense_weights[b]).T for b in forced.blocks)
    expected = _lr(sparse.c).fit(X, cv.y).decision_function(X)
    expected += 2.0 * _lr(0.01).fit(dense.matrix(forced.blocks), cv.y).decision_function(
        dense.matrix(forced.blocks))
    assert np.allclose(raw, expected, atol=1e-2)  # weights are rounded to 6 decimals
    assert model.classes == list(LABELS)


def test_the_svm_alone_gets_a_softmax_scale() -> None:
    feats, dense_arrays, y, groups = synthetic()
    X, _ = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    svm_only = SparseChoice(0.05, 0.01, math.inf, 1.0, 2.0, np.zeros((len(y), 3)))
    model = fit_final(cv, svm_only, DenseBlocks(dense_arrays), DenseChoice(("tgt",), 0.01, 0.0, 1.0))
    from tealeaves.training.stance import _svm

    svm = _svm(0.01).fit(X, cv.y)
    assert np.allclose(model.coef, 2.0 * svm.coef_)
    assert model.dense_weights == {}


def test_written_model_is_byte_stable(tmp_path: Path) -> None:
    record = {"classes": list(LABELS), "weights": {"b": [0.1, 0.0, -0.1], "a": [1, 2, 3]}}
    first = write_model(record, tmp_path / "one").read_bytes()
    second = write_model(record, tmp_path / "two").read_bytes()
    assert first == second
    assert json.loads(gzip.decompress(first)) == record


def test_dense_blocks_are_standardised_on_train() -> None:
    rng = np.random.default_rng(1)
    blocks = DenseBlocks({"tgt": rng.normal(3.0, 5.0, size=(50, DIM)),
                          "sent": rng.normal(size=(50, DIM))})
    m = blocks.matrix(("tgt", "sent"))
    assert m.shape == (50, 2 * DIM)
    assert np.allclose(m.mean(axis=0), 0.0, atol=1e-6)
    assert np.allclose(m.std(axis=0), 1 / math.sqrt(2), atol=1e-3)
    with pytest.raises(KeyError):
        blocks.matrix(("gov",))


def test_refit_keeps_the_recorded_configuration(capsys) -> None:  # type: ignore[no-untyped-def]
    feats, dense_arrays, y, groups = synthetic()
    X, _ = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    dense = DenseBlocks(dense_arrays)
    meta = {"C": 0.05, "svm_C": 0.005, "svm_mix": 4.0, "dense_blocks": ["tgt", "sent"],
            "dense_C": 0.003, "dense_mix": 8.0}
    sparse, choice = recorded_choices(cv, dense, meta)
    assert (sparse.c, sparse.svm_c, sparse.mix, sparse.scale) == (0.05, 0.005, 4.0, 1.0)
    assert (choice.blocks, choice.c, choice.mix) == (("tgt", "sent"), 0.003, 8.0)
    from tealeaves.training.stance import _svm

    expected = cv.oof(lambda: _lr(0.05)) + 4.0 * cv.oof(lambda: _svm(0.005))
    assert np.allclose(sparse.oof, expected)
    assert sparse.f1 == cv.f1(expected) > 0.9
    assert "recorded configuration: LR C=0.05 + 4.0 x SVM" in capsys.readouterr().out
    with pytest.raises(ValueError, match="LR"):
        recorded_choices(cv, dense, {**meta, "svm_mix": "svm only"})


def test_refit_can_swap_the_dense_blocks(capsys) -> None:  # type: ignore[no-untyped-def]
    feats, dense_arrays, y, groups = synthetic()
    X, _ = sparse_matrix(feats)
    cv = cv_data(X, y, groups)
    dense = DenseBlocks(dense_arrays)
    meta = {"C": 0.05, "svm_C": 0.005, "svm_mix": 4.0, "dense_blocks": ["sent"],
            "dense_C": 0.003, "dense_mix": 8.0}
    _sparse, recorded = recorded_choices(cv, dense, meta)
    _sparse, swapped = recorded_choices(cv, dense, meta, ("tgt", "sent"))
    assert recorded.blocks == ("sent",) and swapped.blocks == ("tgt", "sent")
    assert (swapped.c, swapped.mix) == (0.003, 8.0)  # the recorded C and weight
    assert "over tgt+sent" in capsys.readouterr().out


def test_mask_arrays_are_the_inference_call_and_are_cached(tmp_path: Path) -> None:
    from tealeaves.embeddings import embed
    from tealeaves.stages.stance.masked import masked_call
    from tealeaves.training.stance_mask import mask_arrays

    rows = [("Critics said the minister had lied.", 13, 25, "negative"),
            ("Voters cheered the mayor.", 14, 24, "positive")]
    sent = embed([r[0] for r in rows])
    cache = tmp_path / "train.mask.npz"
    got = mask_arrays(rows, sent, cache)
    assert set(got) == {"mask_vec", "mask_ph", "mask_diff"}
    vec, ph = masked_call(*rows[1][:3])
    assert np.allclose(got["mask_vec"][1], vec) and ph is not None
    assert np.allclose(got["mask_ph"][1], ph)
    assert np.allclose(got["mask_diff"], got["mask_vec"] - sent)
    assert cache.is_file()
    again = mask_arrays(rows, np.zeros_like(sent), cache)  # read back, no encoder call
    assert np.array_equal(again["mask_vec"], got["mask_vec"])
    assert np.allclose(again["mask_diff"], got["mask_vec"])
