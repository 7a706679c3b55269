"""Sentence subjectivity: the probability that a sentence states the writer's own view.

A logistic regression over the MiniLM sentence vector (:mod:`tealeaves.embeddings`), trained
on the English sentences of the CLEF CheckThat! subjectivity task (``SUBJ`` vs ``OBJ``; see
``resources/rhetoric/README.md``) by :func:`tealeaves.training.genre.train_subjectivity`. The
pipeline already encodes every sentence once for the rhetoric stage, so scoring is one dot
product per sentence.

A model saved with ``tagger_layer`` K reads, instead of the frozen MiniLM vectors, the
unit-length mean of the fine-tuned span tagger's hidden states after layer K over the
sentence's word pieces (issue 19's shared pass: the tagger has already run over the
article for the span finder, so no frozen pass is needed for genre).
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


def tagger_layer(model: dict[str, Any] | None = None) -> int | None:
    """The span tagger layer whose states the subjectivity model reads (None: the frozen
    MiniLM sentence vectors)."""
    m = model if model is not None else load_subjectivity_model()
    layer = m.get("tagger_layer")
    return None if layer is None else int(layer)


def sentence_vectors(doc: Doc, starts: Sequence[int] | None = None) -> dict[int, np.ndarray]:
    """Sentence start → the vector the subjectivity model reads: the span tagger's states
    after its ``tagger_layer`` (the tagger is run here if the span finder left no states in
    *doc*), or the shared frozen sentence encodings. With *starts* (sentence starts), the
    frozen encoder reads only those sentences (a sentence's vector does not depend on which
    others are encoded: one text per encoder call); None: every sentence."""
    layer = tagger_layer()
    if layer is None:
        from ....embeddings import encode_sentences_at, sentence_encoding_at, sentence_encodings

        if starts is None:
            return {s: e.vector for s, e in sentence_encodings(doc)}
        encode_sentences_at([(doc, starts)])
        hits = (sentence_encoding_at(doc, s) for s in dict.fromkeys(starts))
        return {h[0]: h[1].vector for h in hits if h is not None}
    from ..encoder import state_sentence_vectors, tagger_states

    got = tagger_states(doc)
    if got is None or layer not in got.states:
        from ..techniques import run_tagger

        run_tagger(doc, [layer], "the subjectivity model")
    return state_sentence_vectors(doc, layer)


def sentence_subjectivity(doc: Doc, starts: Sequence[int],
                          pieces: int | None = None) -> list[float]:
    """P(subjective) of the sentences of *doc* that start at *starts* (character offsets of
    sentences of *doc*), from :func:`sentence_vectors`; 0.5 for one without a vector. With
    *pieces*, each sentence is cut to that many word pieces first and read by the frozen
    encoder (:func:`.reading.cut_vectors`; a model on the tagger's states reads no cut)."""
    if pieces is not None and tagger_layer() is None:
        from .reading import cut_vectors

        encs = cut_vectors(doc, starts, pieces)
    else:
        encs = sentence_vectors(doc, starts)
    found = [s for s in starts if s in encs]
    probs: dict[int, float] = {}
    if found:
        vecs = np.stack([encs[s] for s in found])
        probs = dict(zip(found, subjectivity_of_vectors(vecs).tolist(), strict=True))
    return [probs.get(s, 0.5) for s in starts]


def author_vector(doc: Doc, own: Sequence[int], every: Sequence[int]) -> np.ndarray:
    """The mean sentence vector of the author's own sentences (those starting at *own*),
    from :func:`sentence_vectors` (no sentence is encoded twice); the mean over the
    sentences at *every* when none of *own* has a vector, zeros when no sentence has one.
    The genre model reads it as a document-level summary of the author's voice."""
    dim = 384
    for starts in (own, every):
        encs = sentence_vectors(doc, starts)
        rows = [encs[s] for s in starts if s in encs]
        if rows:
            return np.mean(np.stack(rows).astype(np.float64), axis=0)
        dim = next((len(v) for v in encs.values()), dim)
    return np.zeros(dim, dtype=np.float64)
