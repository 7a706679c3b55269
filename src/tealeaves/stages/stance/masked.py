"""The masked-target encoder call of the stance features (an opt-in dense part).

For a target in a sentence, one extra call of the shared frozen MiniLM encoder
(:func:`tealeaves.embeddings.encode`, one text per call) on the sentence around the target
(at most :data:`MASK_WINDOW` word pieces) with the target's words replaced by a neutral
placeholder, so that the vectors say what the sentence says of *someone* in the target's
place, apart from the target's own words and name. :func:`.features.dense_features` adds
these blocks when a model asks for them (a block name in :data:`MASK_BLOCKS`); the call is
made once per distinct ``(sentence, target span)`` and kept on the Doc.

Measured 2026-12-03 (``resources/stance/README.md``, *Tuning history*): +0.007 macro-F1 in
grouped CV on NewsMTSC train, at about 1.5 × the parse in CPU time per article, over the
speed budget, so the shipped model does not read these blocks.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Span


#: Dense blocks read from an encoder call of the target's own: the sentence around the target
#: (at most :data:`MASK_WINDOW` word pieces) with the target's words replaced by
#: :data:`PLACEHOLDER`, one call per distinct target span (:func:`masked_encoding`):
#: ``mask_vec`` that call's pooled vector, ``mask_ph`` the state at the placeholder,
#: ``mask_diff`` ``mask_vec`` minus the unmasked sentence's vector (``sent``). They tell the
#: model what the sentence says of *someone* in the target's place, apart from the target's
#: own words and name.
MASK_BLOCKS: tuple[str, ...] = ("mask_vec", "mask_ph", "mask_diff")
#: The neutral word standing in for the target in the masked call.
PLACEHOLDER = "someone"
#: Most word pieces of the masked call's window (the target's own pieces included when it
#: is longer).
MASK_WINDOW = 32
_MASK_KEY = "tealeaves.stance_masked"


@lru_cache(maxsize=1)
def _piece_tokenizer():  # type: ignore[no-untyped-def]
    from ...embeddings import new_tokenizer

    return new_tokenizer(None)


def masked_window(text: str, start: int, end: int,
                  width: int = MASK_WINDOW) -> tuple[str, int, int]:
    """*text* cut to at most *width* word pieces around ``[start, end)`` (more when the target
    alone is longer), with the target replaced by :data:`PLACEHOLDER`; returns the new text
    and the placeholder's character offsets in it."""
    enc = _piece_tokenizer().encode(text)
    offs = [o for o, special in zip(enc.offsets, enc.special_tokens_mask, strict=True)
            if not special]
    lo_char, hi_char = 0, len(text)
    hit = [i for i, (a, b) in enumerate(offs) if a < end and b > start]
    if len(offs) > width and hit:
        i0, i1 = hit[0], hit[-1] + 1
        span = max(width, i1 - i0)
        lo = max(0, i0 - (span - (i1 - i0)) // 2)
        hi = min(len(offs), lo + span)
        lo = max(0, hi - span)
        lo_char, hi_char = min(offs[lo][0], start), max(offs[hi - 1][1], end)
    left, right = text[lo_char:start], text[end:hi_char]
    return left + PLACEHOLDER + right, len(left), len(left) + len(PLACEHOLDER)


def masked_encoding(sent: Span, start: int, end: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Pooled vector and placeholder state of the masked call for the target at doc offsets
    ``[start, end)`` in *sent*: one encoder call per distinct ``(sentence, span)``, kept on
    the Doc so that a second reader of the same mention pays nothing."""
    memo = sent.doc.user_data.setdefault(_MASK_KEY, {})
    key = (sent.start_char, sent.end_char, start, end)
    hit = memo.get(key)
    if hit is None:
        base = sent.start_char
        hit = memo[key] = masked_call(sent.text, start - base, end - base)
    return hit


def masked_call(text: str, start: int, end: int) -> tuple[np.ndarray, np.ndarray | None]:
    """One encoder call on :func:`masked_window` of *text*: the pooled vector and the
    placeholder's state (None if truncated away)."""
    from ...embeddings import encode

    masked, a, b = masked_window(text, start, end)
    enc = encode([masked])[0]
    return enc.vector, enc.span(a, b)


def mask_features(sent: Span, start: int, end: int, sent_vector: np.ndarray | None,
                  blocks: tuple[str, ...] = MASK_BLOCKS) -> dict[str, np.ndarray]:
    """The :data:`MASK_BLOCKS` among *blocks* of the target at doc offsets ``[start, end)``
    (``mask_diff`` needs *sent_vector*, the unmasked sentence's vector); no call when none
    is asked for."""
    want = set(MASK_BLOCKS) & set(blocks)
    if not want:
        return {}
    vec, ph = masked_encoding(sent, start, end)
    out: dict[str, np.ndarray] = {}
    if "mask_vec" in want:
        out["mask_vec"] = vec
    if "mask_ph" in want and ph is not None:
        out["mask_ph"] = ph
    if "mask_diff" in want and sent_vector is not None:
        out["mask_diff"] = np.asarray(vec - sent_vector, dtype=np.float32)
    return out
