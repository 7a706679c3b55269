"""Sentence subjectivity: the probability that a sentence states the writer's own view.

A logistic regression over the MiniLM sentence vector (:mod:`tealeaves.embeddings`), trained
on the English sentences of the CLEF CheckThat! subjectivity task (``SUBJ`` vs ``OBJ``; see
``resources/rhetoric/README.md``) by :func:`tealeaves.training.genre.train_subjectivity`. The
pipeline already encodes every sentence once for the rhetoric stage, so scoring is one dot
product per sentence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ....errors import ModelError

if TYPE_CHECKING:
    from spacy.tokens import Doc

SUBJECTIVITY_MODEL = "subjectivity_model.json"


@lru_cache(maxsize=1)
def load_subjectivity_model() -> dict[str, Any]:
    """The saved weights (``coef``, ``intercept``) and their provenance."""
    path = resources.files("tealeaves.resources") / "rhetoric" / SUBJECTIVITY_MODEL
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"subjectivity model missing: {path} (run scripts/train_genre.py)") from exc
    return model


def subjectivity_of_vectors(vectors: np.ndarray, model: dict[str, Any] | None = None) -> np.ndarray:
    """P(subjective) for each row of *vectors* (sentence embeddings)."""
    m = model if model is not None else load_subjectivity_model()
    if vectors.ndim != 2 or vectors.shape[1] != len(m["coef"]):
        raise ValueError(f"expected (n, {len(m['coef'])}) sentence vectors, got {vectors.shape}")
    z = vectors.astype(np.float64) @ np.asarray(m["coef"], dtype=np.float64) + float(m["intercept"])
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def sentence_subjectivity(doc: Doc, starts: Sequence[int]) -> list[float]:
    """P(subjective) of the sentences of *doc* that start at *starts* (character offsets of
    sentences of *doc*), from the shared sentence encodings; 0.5 for one without a vector."""
    from ....embeddings import sentence_encodings

    encs = dict(sentence_encodings(doc))
    found = [s for s in starts if s in encs]
    probs: dict[int, float] = {}
    if found:
        vecs = np.stack([encs[s].vector for s in found])
        probs = dict(zip(found, subjectivity_of_vectors(vecs).tolist(), strict=True))
    return [probs.get(s, 0.5) for s in starts]



def author_vector(doc: Doc, own: Sequence[int], every: Sequence[int]) -> np.ndarray:
    """The mean sentence vector of the author's own sentences (those starting at *own*),
    from the shared sentence encodings (no sentence is encoded twice); the mean over the
    sentences at *every* when none of *own* has a vector, zeros when no sentence has one.
    The genre model reads it as a document-level summary of the author's voice."""
    from ....embeddings import sentence_encodings

    encs = dict(sentence_encodings(doc))
    for starts in (own, every):
        rows = [encs[s].vector for s in starts if s in encs]
        if rows:
            return np.mean(np.stack(rows).astype(np.float64), axis=0)
    dim = next((len(e.vector) for e in encs.values()), 384)
    return np.zeros(dim, dtype=np.float64)
