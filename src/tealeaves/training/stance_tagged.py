"""Where the stance model's dense blocks come from when it is trained on NewsMTSC.

Either the frozen sentence encoder (:func:`tealeaves.embeddings.encode_docs`, one batched
pass over the parsed sentences) or, with a *layer*, the fine-tuned span tagger's hidden
states after that layer (:mod:`tealeaves.stages.stance.tagged`, the same functions the stage
uses at run time, so training and inference read the states alike).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


def dense_source(docs: list[Doc], layer: int | None
                 ) -> Callable[[Doc, int], tuple[int, Any] | None]:
    """Run the encoder the dense blocks read over *docs*; returns, for ``(doc, offset)``, the
    encoding to hand to ``dense_features`` (None: the Doc's frozen pass)."""
    if layer is None:
        from ..embeddings import encode_docs

        encode_docs(docs)
        return lambda _doc, _start: None
    from ..stages.stance.tagged import ensure_states, tagger_encoding_at

    for doc in docs:
        ensure_states(doc, [s.start_char for s in doc.sents], layer)
    return lambda doc, start: tagger_encoding_at(doc, start, layer)


def dense_cache_name(stem: str, layer: int | None) -> str:
    """The cache file of a data file's dense blocks (one per source)."""
    return f"{stem}.dense.npz" if layer is None else f"{stem}.dense.tag{layer}.npz"
