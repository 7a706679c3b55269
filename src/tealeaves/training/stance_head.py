"""Training the stance model's target head (:mod:`tealeaves.stages.stance.head`) with torch.

The head reads the span tagger's hidden states over each NewsMTSC target's sentence
(:func:`~tealeaves.stages.stance.head.head_inputs`, the function inference uses). It is trained
on CPU (AdamW, one-cycle learning rate 1e-3, 8 epochs, batches of 32, class-balanced
cross-entropy, dropout 0.1, fixed seed) on the same 5 sentence-grouped folds as the linear
model for its out-of-fold log-probabilities, which choose the weight it joins the linear
model's scores with, then once on all of train; the weights are written as plain arrays
(``head.npz``). Needs torch (the ``train`` extra); nothing here runs at inference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.stance import iter_targets
from ..nlp import load_model
from ..stages.stance.head import PARAMS, head_inputs

SEED = 13
HIDDEN = 128
HEADS = 4
EPOCHS = 8
BATCH = 32
LR = 1e-3
#: Weights tried for the head's log-probabilities in the sum with the linear model's scores.
MIX_GRID = (0.5, 1.0, 1.5, 2.0)
CLASSES = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class HeadRows:
    """Every target's head inputs: the pieces of all rows concatenated (float16), each row's
    ``[start, end)`` in them, the target mask over the same pieces, and the labels."""

    states: np.ndarray
    bounds: np.ndarray
    mask: np.ndarray
    y: np.ndarray


def head_rows(path: Path, layer: int, cache: Path | None = None) -> HeadRows:
    """The head inputs of every target in *path* (a NewsMTSC file): each sentence parsed and
    run through the tagger (:mod:`tealeaves.stages.stance.tagged`), kept in *cache* as
    ``<stem>.head<layer>.npz``."""
    from .stance_tagged import dense_source

    kept = cache / f"{path.stem}.head{layer}.npz" if cache is not None else None
    if kept is not None and kept.is_file():
        with np.load(kept) as z:
            return HeadRows(z["states"], z["bounds"], z["mask"], z["y"])
    rows = list(iter_targets(path))
    nlp = load_model()
    sentences = sorted({r[0] for r in rows})
    docs = dict(zip(sentences, nlp.pipe(sentences, batch_size=256), strict=True))
    encoding_at = dense_source(list(docs.values()), layer)  # the tagger, once per sentence
    parts, masks, bounds, n = [], [], [], 0
    for sentence, start, end, _label in rows:
        hit = encoding_at(docs[sentence], start)
        got = None if hit is None else head_inputs(hit[1], start - hit[0], end - hit[0])
        if got is None:
            raise ValueError(f"no word piece for a target in {sentence!r}")
        parts.append(got[0].astype(np.float16))
        masks.append(got[1])
        bounds.append((n, n + len(got[1])))
        n += len(got[1])
    out = HeadRows(np.concatenate(parts), np.asarray(bounds, dtype=np.int64),
                   np.concatenate(masks), np.searchsorted(CLASSES, [r[3] for r in rows]))
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        np.savez(kept, states=out.states, bounds=out.bounds, mask=out.mask, y=out.y)
    return out


def _batch(rows: HeadRows, idx: np.ndarray) -> tuple[Any, Any, Any]:
    import torch

    width = int(max(rows.bounds[i, 1] - rows.bounds[i, 0] for i in idx))
    x = np.zeros((len(idx), width, rows.states.shape[1]), np.float32)
    valid = np.zeros((len(idx), width), bool)
    mask = np.zeros((len(idx), width), bool)
    for r, i in enumerate(idx):
        a, b = rows.bounds[i]
        x[r, :b - a] = rows.states[a:b]
        valid[r, :b - a] = True
        mask[r, :b - a] = rows.mask[a:b]
    return torch.from_numpy(x), torch.from_numpy(valid), torch.from_numpy(mask)


def _module(width: int = 384) -> Any:
    """The head as a torch module; its parameter names are :data:`PARAMS`."""
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.tflag = nn.Parameter(torch.zeros(width))
            self.norm = nn.LayerNorm(width)
            self.q = nn.Linear(width, HIDDEN)
            self.k = nn.Linear(width, HIDDEN)
            self.v = nn.Linear(width, HIDDEN)
            self.mlp = nn.Sequential(nn.Dropout(0.1), nn.Linear(width + HIDDEN, HIDDEN),
                                     nn.GELU(), nn.Dropout(0.1), nn.Linear(HIDDEN, 3))

        def forward(self, x: Any, valid: Any, mask: Any) -> Any:
            x = self.norm(x + mask[..., None].float() * self.tflag)
            m = mask.float()[..., None]
            t = (x * m).sum(1) / m.sum(1).clamp(min=1)
            b, n, _ = x.shape
            dh = HIDDEN // HEADS
            q = self.q(t).view(b, HEADS, dh)
            k = self.k(x).view(b, n, HEADS, dh)
            v = self.v(x).view(b, n, HEADS, dh)
            s = torch.einsum("bhd,bthd->bht", q, k) / math.sqrt(dh)
            att = s.masked_fill(~valid[:, None, :], -1e4).softmax(-1)
            c = torch.einsum("bht,bthd->bhd", att, v).reshape(b, -1)
            return self.mlp(torch.cat([t, c], -1))

    return Head()


def fit_head(rows: HeadRows, train_idx: np.ndarray, seed: int = SEED) -> Any:
    """The head trained on the rows *train_idx*."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = _module(rows.states.shape[1])
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    counts = np.bincount(rows.y[train_idx], minlength=3)
    loss_fn = nn.CrossEntropyLoss(weight=torch.tensor(len(train_idx) / (3 * counts),
                                                      dtype=torch.float32))
    steps = EPOCHS * math.ceil(len(train_idx) / BATCH)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, LR, total_steps=steps)
    for _epoch in range(EPOCHS):
        model.train()
        order = rng.permutation(train_idx)
        for i in range(0, len(order), BATCH):
            idx = order[i:i + BATCH]
            loss = loss_fn(model(*_batch(rows, idx)), torch.from_numpy(rows.y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model


def predict(model: Any, rows: HeadRows, idx: np.ndarray) -> np.ndarray:
    """Log-probabilities ``(len(idx), 3)`` of the rows *idx*."""
    import torch

    out = np.zeros((len(idx), 3), np.float32)
    with torch.no_grad():
        for i in range(0, len(idx), 128):
            out[i:i + 128] = torch.log_softmax(model(*_batch(rows, idx[i:i + 128])), -1).numpy()
    return out


def head_oof(rows: HeadRows, folds: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Out-of-fold log-probabilities of the head on *folds*."""
    out = np.zeros((len(rows.y), 3), np.float32)
    for k, (tr, te) in enumerate(folds):
        out[te] = predict(fit_head(rows, tr), rows, te)
        print(f"head fold {k + 1}/{len(folds)} done", flush=True)
    return out


def save_head(model: Any, target: Path) -> Path:
    """Write the head's parameters (:data:`PARAMS`) as an ``.npz`` of float32 arrays."""
    state = {k: v.detach().numpy().astype(np.float32) for k, v in model.state_dict().items()}
    if set(state) != set(PARAMS):
        raise RuntimeError(f"unexpected head parameters: {sorted(state)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, heads=np.int64(HEADS), **state)
    return target


def settings() -> dict[str, Any]:
    """The head's recorded settings (in the model's ``meta``)."""
    return {"hidden": HIDDEN, "heads": HEADS, "epochs": EPOCHS, "batch": BATCH, "lr": LR,
            "seed": SEED}


def cached_oof(data: Path, cache: Path | None, folds: list[tuple[np.ndarray, np.ndarray]],
               layer: int, rows: HeadRows | None = None) -> np.ndarray:
    """The head's out-of-fold log-probabilities on train (:func:`head_oof`), kept in *cache*
    as ``train.head<layer>.oof.npy`` (the calibration reads them back)."""
    kept = cache / f"train.head{layer}.oof.npy" if cache is not None else None
    if kept is not None and kept.is_file():
        return np.asarray(np.load(kept))
    oof = head_oof(rows or head_rows(data / "train.jsonl", layer, cache), folds)
    if kept is not None:
        np.save(kept, oof)
    return oof


def train_head(data: Path, out: Path, cache: Path | None, cv: Any, linear: Any,
               layer: int | None, recorded: dict[str, Any] | None = None) -> dict[str, Any]:
    """Cross-validate the head on the trainer's folds (*cv*), choose its weight against the
    linear model's out-of-fold scores (*linear*: the trainer's ``DenseChoice``; with
    *recorded*, the recorded weight), fit it on all of train and write ``out/head.npz``;
    returns the ``meta["head"]`` record."""
    if layer is None:
        raise ValueError("the target head reads the span tagger's states: give --tagger-layer")
    rows = head_rows(data / "train.jsonl", layer, cache)
    oof = cached_oof(data, cache, cv.folds, layer, rows)
    base = linear.oof
    for w in MIX_GRID:
        print(f"+ {w} x head: 5-fold macro-F1 {cv.f1(base + w * oof):.4f}", flush=True)
    mix = float(recorded["mix"]) if recorded else max(MIX_GRID, key=lambda w: cv.f1(base + w * oof))
    f1 = cv.f1(base + mix * oof)
    print(f"head alone {cv.f1(oof):.4f}; chosen weight {mix}: 5-fold macro-F1 {f1:.4f}",
          flush=True)
    target = save_head(fit_head(rows, np.arange(len(rows.y))), out / "head.npz")
    print(f"wrote {target} ({target.stat().st_size} bytes)", flush=True)
    return {"file": "head.npz", "layer": layer, "mix": mix, "cv_macro_f1_alone":
            round(cv.f1(oof), 4), "cv_macro_f1": round(f1, 4), **settings()}
