"""A small trained target head over the span tagger's hidden states (issue 19's "target head
for stance"), run in numpy.

The span tagger's states after one layer (:mod:`.tagged`) over the pieces of the target's
sentence go in; the target's own pieces get a learned offset, the states are layer-normalised,
the target's mean state asks (4-head attention) which pieces of the sentence bear on it, and
a two-layer MLP reads the target's mean state and what it attended to into three class
scores (log-probabilities). Trained with torch on NewsMTSC train (``training.stance_head``);
the weights are plain arrays in ``resources/stance/head.npz`` (no pickle, no torch at run
time). Its log-probabilities join the linear model's scores with the weight recorded in the
model's ``meta`` (``head.mix``, chosen by grouped cross-validation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

if TYPE_CHECKING:
    from ...embeddings import Encoding

#: Most pieces of the sentence the head reads: a longer sentence is cut to this many around
#: the target.
MAX_PIECES = 128
#: The arrays a head file holds (torch's parameter names).
PARAMS = ("tflag", "norm.weight", "norm.bias", "q.weight", "q.bias", "k.weight", "k.bias",
          "v.weight", "v.bias", "mlp.1.weight", "mlp.1.bias", "mlp.4.weight", "mlp.4.bias")


def head_window(enc: Encoding, start: int, end: int, max_pieces: int = MAX_PIECES
                ) -> tuple[int, int, np.ndarray] | None:
    """``(a, b, target mask (b - a,))``: the pieces ``[a, b)`` of *enc*'s sentence the head
    reads for the target at ``[start, end)`` (offsets in *enc*'s text), cut to *max_pieces*
    around the target; a target with no piece of its own marks the piece where it starts.
    None for a sentence with no piece."""
    offs = enc.offsets
    n = len(offs)
    if n == 0:
        return None
    lo = int(np.searchsorted(offs[:, 1], start, side="right"))
    hi = max(lo, int(np.searchsorted(offs[:, 0], end, side="left")))
    a, b = 0, n
    if n > max_pieces:
        c = (lo + hi) // 2
        a = max(0, min(c - max_pieces // 2, n - max_pieces))
        b = a + max_pieces
    mask = np.zeros(b - a, dtype=bool)
    t0, t1 = max(lo, a) - a, min(max(hi, lo + 1), b) - a
    if t1 > t0:
        mask[t0:t1] = True
    else:
        mask[:] = True
    return a, b, mask


def head_inputs(enc: Encoding, start: int, end: int, max_pieces: int = MAX_PIECES
                ) -> tuple[np.ndarray, np.ndarray] | None:
    """``(states (T, 384), target mask (T,))`` of the target at ``[start, end)`` (offsets in
    *enc*'s text, i.e. from its sentence start): the sentence's piece states, cut to
    *max_pieces* around the target (:func:`head_window`). None for a sentence with no
    piece."""
    got = head_window(enc, start, end, max_pieces)
    if got is None:
        return None
    a, b, mask = got
    return np.asarray(enc.states[a:b], dtype=np.float32), mask


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact GELU (torch's default) of a vector: ``math.erf`` mapped over its values (the
    same function ``np.vectorize`` would call, without its per-call set-up)."""
    erf = np.fromiter(map(math.erf, (x / math.sqrt(2.0)).tolist()), dtype=np.float64,
                      count=len(x))
    return np.asarray(0.5 * x * (1.0 + erf))


@dataclass(frozen=True)
class StanceHead:
    """The head's weights (:data:`PARAMS`) and its number of attention heads."""

    params: dict[str, np.ndarray]
    heads: int = 4

    def _norm(self, x: np.ndarray) -> np.ndarray:
        """Each row of *x* (float64) layer-normalised with the head's weights."""
        p = self.params
        n = x.shape[1]
        # ``x.mean`` and ``x.var`` in numpy's own steps (sum, divide; squared deviations from
        # that mean, sum, divide), sharing the mean and the deviations: the same floats
        mu = np.add.reduce(x, axis=1, keepdims=True) / n
        dev = x - mu
        var = np.add.reduce(dev * dev, axis=1, keepdims=True) / n
        return np.asarray(dev / np.sqrt(var + 1e-5) * p["norm.weight"] + p["norm.bias"])

    def normalised(self, states: np.ndarray) -> np.ndarray:
        """*states* ``(T, 384)`` layer-normalised as the head reads a piece outside the
        target: the part of :meth:`log_probs` that is the same for every target of a
        sentence, to compute once per sentence and pass as its ``base``."""
        return self._norm(states.astype(np.float64))

    def log_probs(self, states: np.ndarray, mask: np.ndarray,
                  base: np.ndarray | None = None) -> np.ndarray:
        """Log-probabilities ``(3,)`` of the classes for one target (:func:`head_inputs`);
        *base*: :meth:`normalised` of the same *states*, when the caller keeps it per
        sentence (only the target's rows are then normalised here; every row is normalised
        on its own, so the result is the same to the bit)."""
        p = self.params
        if base is None:
            x = self._norm(states.astype(np.float64) + mask[:, None] * p["tflag"])
        else:
            x = base.copy()
            x[mask] = self._norm(states[mask].astype(np.float64) + p["tflag"])
        t = x[mask].mean(axis=0)
        h = self.heads
        q = (p["q.weight"] @ t + p["q.bias"]).reshape(h, -1)
        dh = q.shape[1]
        # each head's query folded into the key weights: s[t, h] = q_h . (K_h x_t + b_h), so
        # the pass is a few matrix-vector products, not (T, 384) x (384, 128) ones (the same
        # numbers as the torch module's, a test checks it)
        keys = np.einsum("hd,hdc->hc", q, p["k.weight"].reshape(h, dh, -1))
        s = (x @ keys.T + (q * p["k.bias"].reshape(h, dh)).sum(axis=1)) / math.sqrt(dh)
        s = np.exp(s - s.max(axis=0, keepdims=True))
        att = s / s.sum(axis=0, keepdims=True)  # (T, heads)
        c = np.einsum("hdc,hc->hd", p["v.weight"].reshape(h, dh, -1), att.T @ x)
        c = (c + p["v.bias"].reshape(h, dh)).reshape(-1)  # the weights sum to 1 per head
        z = _gelu(p["mlp.1.weight"] @ np.concatenate([t, c]) + p["mlp.1.bias"])
        out = p["mlp.4.weight"] @ z + p["mlp.4.bias"]
        out = out - out.max()
        return np.asarray(out - math.log(float(np.exp(out).sum())))


def load_head(path: str | Path | BinaryIO) -> StanceHead:
    """A head saved by ``training.stance_head`` (an ``.npz`` of :data:`PARAMS` and
    ``heads``)."""
    with np.load(path, allow_pickle=False) as z:
        params = {k: np.asarray(z[k], dtype=np.float64) for k in PARAMS}
        heads = int(z["heads"])
    return StanceHead(params, heads)
