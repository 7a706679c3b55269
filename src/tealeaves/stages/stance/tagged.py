"""Stance's contextual vectors from the span tagger's pass (issue 19: one encoder pass).

The rhetoric stage runs the fine-tuned MiniLM span tagger over every window of the article
(``stages/rhetoric/encoder.py``); its graph also outputs the hidden states after layers 2-4,
which the tagger keeps in the Doc (:func:`~tealeaves.stages.rhetoric.encoder.tagger_states`).
A stance model whose ``meta`` names ``dense_source: "tagger"`` and a ``dense_layer`` reads its
dense blocks (:func:`.features.dense_features`) from those states instead of the frozen
sentence encoder (:mod:`tealeaves.embeddings`), so stance asks for no MiniLM pass of its own.

Where the Doc holds no states for a sentence (``stance_towards`` on a bare text, the rhetoric
stage switched off, a gated tagger that skipped the sentence), :func:`ensure_states` runs the
tagger over just the sentences asked for, in one go, and keeps their states in the Doc under
a key of this module's own (the rhetoric stage's are never overwritten).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ModelError
from ..rhetoric.encoder import (
    PieceTagger,
    TaggerStates,
    state_encoding,
    tagger_states,
    windowed_probs,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ...embeddings import Encoding

#: ``Doc.user_data`` key of the states this module ran the tagger for.
OWN_STATES_KEY = "tealeaves.stance_tagger_states"
#: ``Doc.user_data`` key of the per-sentence encodings built from the states, by layer.
_ENC_KEY = "tealeaves.stance_tagger_encodings"


@lru_cache(maxsize=1)
def load_tagger() -> PieceTagger:
    """The span tagger the rhetoric stage uses (its loaded session, when it has one), or the
    shipped graph opened here."""
    from ..rhetoric.techniques import SI_ENCODER, load_span_finder, model_dir

    try:
        tokens = load_span_finder().tokens
    except ModelError:
        tokens = None
    if tokens is not None:
        return tokens
    path = model_dir() / SI_ENCODER
    if not path.is_file():
        raise ModelError(f"span tagger missing: {path}")
    return PieceTagger(path)


#: ``Doc.user_data`` key of the Doc's sentence bounds (computed once per Doc).
_BOUNDS_KEY = "tealeaves.stance_sentence_bounds"


def _bounds(doc: Doc) -> tuple[list[int], list[int]]:
    got = doc.user_data.get(_BOUNDS_KEY)
    if got is None:
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        got = doc.user_data[_BOUNDS_KEY] = ([a for a, _ in sents], [b for _, b in sents])
    return got  # type: ignore[no-any-return]


def _covers(got: TaggerStates | None, layer: int, start: int, end: int) -> bool:
    """Whether *got* holds *layer*'s states for the pieces of ``[start, end)`` (a piece in no
    window of the tagger has an all-zero state)."""
    if got is None or layer not in got.states:
        return False
    lo, hi = got.pieces(start, end)
    return hi > lo and bool(np.any(got.states[layer][lo]))


def _source(doc: Doc, layer: int, start: int, end: int) -> TaggerStates | None:
    """The states covering the sentence ``[start, end)``: the rhetoric stage's, else ours."""
    for got in (tagger_states(doc), doc.user_data.get(OWN_STATES_KEY)):
        if isinstance(got, TaggerStates) and _covers(got, layer, start, end):
            return got
    return None


def ensure_states(doc: Doc, offsets: Iterable[int], layer: int) -> None:
    """Make sure the sentences of *doc* holding *offsets* have *layer*'s tagger states: those
    the Doc lacks go through the tagger together (one windowed run)."""
    from ...nlp import doc_text

    starts, ends = _bounds(doc)
    wanted = sorted({k for k in (bisect_right(starts, o) - 1 for o in offsets) if k >= 0})
    todo = [(starts[k], ends[k]) for k in wanted
            if _source(doc, layer, starts[k], ends[k]) is None]
    if not todo:
        return
    tagger = load_tagger()
    if layer not in tagger.layers:
        raise ModelError(f"the stance model reads the span tagger's layer {layer}, which "
                         f"{tagger.path} does not output")
    text = doc_text(doc)
    states: dict[int, np.ndarray] = {}
    _probs, offs = windowed_probs(text, todo, tagger._run_states, tagger.max_pieces, states)
    old = doc.user_data.get(OWN_STATES_KEY)
    if isinstance(old, TaggerStates) and len(old.offsets) == len(offs):
        for k, rows in states.items():  # keep what an earlier call computed
            keep = old.states.get(k)
            if keep is not None:
                done = np.any(rows, axis=1)
                rows[~done] = keep[~done]
    doc.user_data[OWN_STATES_KEY] = TaggerStates(offs, states)
    doc.user_data.pop(_ENC_KEY, None)


def tagger_encoding_at(doc: Doc, start: int, layer: int) -> tuple[int, Encoding] | None:
    """``(sentence start, Encoding)`` of the sentence holding character *start*, built from the
    tagger's *layer* states (``encoder.state_encoding``, as
    ``encoder.sentence_encodings_from_states`` builds them); runs the tagger over that
    sentence first if no states cover it. None before the first sentence."""
    from ...nlp import doc_text

    starts, ends = _bounds(doc)
    k = bisect_right(starts, start) - 1
    if k < 0:
        return None
    cache: dict[tuple[int, int], Any] = doc.user_data.setdefault(_ENC_KEY, {})
    hit = cache.get((layer, starts[k]))
    if hit is not None:
        return starts[k], hit
    a, b = starts[k], ends[k]
    got = _source(doc, layer, a, b)
    if got is None:
        ensure_states(doc, [a], layer)
        cache = doc.user_data.setdefault(_ENC_KEY, {})
        got = _source(doc, layer, a, b)
        if got is None:  # a sentence with no word piece (whitespace only)
            return None
    enc = state_encoding(got, layer, doc_text(doc), a, b)
    if enc is None:
        return None
    cache[(layer, a)] = enc
    return a, enc
