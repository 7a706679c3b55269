"""Span identification from frozen MiniLM states: P(token inside a persuasion span).

Every spaCy token of :func:`rhetoric_features.sentence_units` gets the contextual state of
its sentence's encoding (the mean last hidden state of the word pieces overlapping the
token, from :func:`tealeaves.embeddings.sentence_encodings`, the encoder pass the technique
classifier and the stance stage share), the mean state of a ±2-token window and the
sentence's vector. A logistic regression over these (standardised) gives each token a
probability of lying inside a span; the span finder mixes it with the CRF's marginal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Width of one MiniLM state.
DIM = 384
#: Half-width of the window of token states averaged into the window block.
WINDOW = 2


def token_states(doc: Doc, units: Sequence[Sequence[Token]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each unit (sentence as non-space tokens): ``(states (n, 384), sentence vector)``.

    A token's state is the mean state of the word pieces overlapping it; a token with none
    (past the encoder's truncation) gets zeros.
    """
    from ..embeddings import sentence_encodings

    encs = dict(sentence_encodings(doc))
    out = []
    for toks in units:
        base = toks[0].sent.start_char
        enc = encs.get(base)
        states = np.zeros((len(toks), DIM), dtype=np.float32)
        if enc is None:
            out.append((states, np.zeros(DIM, dtype=np.float32)))
            continue
        if len(enc.offsets):
            starts = np.array([t.idx - base for t in toks])
            ends = starts + np.array([len(t) for t in toks])
            hit = (enc.offsets[None, :, 0] < ends[:, None]) & (enc.offsets[None, :, 1] > starts[:, None])
            counts = hit.sum(axis=1, keepdims=True)
            states = (hit.astype(np.float32) @ enc.states) / np.clip(counts, 1, None)
        out.append((np.asarray(states, dtype=np.float32), np.asarray(enc.vector, dtype=np.float32)))
    return out


def unit_features(states: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Token feature rows of one sentence: own state, ±WINDOW mean state, sentence vector."""
    n = len(states)
    csum = np.vstack([np.zeros((1, states.shape[1]), dtype=np.float64), np.cumsum(states, axis=0)])
    lo = np.clip(np.arange(n) - WINDOW, 0, n)
    hi = np.clip(np.arange(n) + WINDOW + 1, 0, n)
    window = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    return np.hstack([states, window.astype(np.float32), np.repeat(vector[None, :], n, axis=0)])


def doc_token_matrices(doc: Doc, units: Sequence[Sequence[Token]]) -> list[np.ndarray]:
    """Feature rows for every token of every unit of *doc*."""
    return [unit_features(s, v) for s, v in token_states(doc, units)]


class TokenScorer:
    """Standardised logistic regression: P(token inside a span) from its feature row."""

    def __init__(self, mean: np.ndarray, scale: np.ndarray, coef: np.ndarray, intercept: float) -> None:
        self.mean = np.asarray(mean, dtype=np.float32)
        self.scale = np.asarray(scale, dtype=np.float32)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = float(intercept)

    def proba(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    @classmethod
    def fit(cls, xs: Sequence[np.ndarray], ys: Sequence[np.ndarray], c: float, seed: int) -> TokenScorer:
        from sklearn.linear_model import LogisticRegression

        x = np.vstack(xs)
        y = np.concatenate(ys).astype(int)
        mean = x.mean(axis=0)
        scale = x.std(axis=0) + 1e-6
        x = (x - mean) / scale
        lr = LogisticRegression(C=c, max_iter=300, random_state=seed)
        lr.fit(x, y)
        return cls(mean, scale, lr.coef_[0], float(lr.intercept_[0]))

    def save(self, path: str) -> None:
        np.savez_compressed(path, mean=self.mean, scale=self.scale, coef=self.coef,
                            intercept=np.array([self.intercept], dtype=np.float32))

    @classmethod
    def load(cls, path: str) -> TokenScorer:
        with np.load(path) as z:
            return cls(z["mean"], z["scale"], z["coef"], float(z["intercept"][0]))
