"""Which of the author's sentences the genre stage reads with the frozen encoder, and how much
of each (issues 18 and 19, sixth round: the genre stage at a fraction of its cost).

The sentence-subjectivity features (``subjective_mean``, ``subjective_share``) need one frozen
MiniLM call per own-voice sentence, the genre stage's whole cost. A :class:`Reading` saved in
the genre model (``subjectivity_reading``) bounds it:

* ``sentences`` (K): at most K of the own-voice sentences are scored, chosen with no model by
  :func:`choose` (``spaced``: evenly spaced through the article, the first and the last
  included; ``ends``: the first K − 1 and the last). The subjectivity features are then
  estimates from that sample (``voice.voice_features``).
* ``pieces`` (P): each scored sentence is cut before the first word that would take it past
  P word pieces (:func:`cut_to_pieces`): a transformer's cost grows with the input's length.

Training (``training.genre.model_inputs``) and use (``genre.predict_genre``) read the same
:class:`Reading` from the same code, so the model is fitted on the features it will see. A
model saved without ``subjectivity_reading`` reads every own-voice sentence whole, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ....errors import ModelError
from .voice import SentenceVoice, cues

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: The sampling rules :func:`choose` knows.
RULES: tuple[str, ...] = ("spaced", "ends", "cues")
#: The vocabularies of ``genre_cues.yaml`` (their sources are there) whose hits make a
#: sentence more worth scoring under the ``cues`` rule.
CUE_LISTS: tuple[str, ...] = ("first_singular", "first_plural", "second_person",
                              "judgement_modals", "stance_adverbs", "hedges", "boosters",
                              "attitude_markers")


@dataclass(frozen=True)
class Reading:
    """At most ``sentences`` own-voice sentences, chosen by ``rule``, each cut to ``pieces``
    word pieces; None: no bound."""

    sentences: int | None = None
    pieces: int | None = None
    rule: str = "spaced"

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ModelError(f"unknown sentence rule {self.rule!r} (known: {', '.join(RULES)})")
        for name in ("sentences", "pieces"):
            value = getattr(self, name)
            if value is not None and int(value) < 1:
                raise ModelError(f"genre reading: {name} must be at least 1, got {value}")

    @classmethod
    def of_model(cls, model: dict[str, Any]) -> Reading:
        """The reading a saved genre model was trained with (every sentence, whole, for a
        model saved without one)."""
        raw = model.get("subjectivity_reading") or {}
        sentences, pieces = raw.get("sentences"), raw.get("pieces")
        return cls(None if sentences is None else int(sentences),
                   None if pieces is None else int(pieces), str(raw.get("rule", "spaced")))

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences, "pieces": self.pieces, "rule": self.rule}

    @property
    def bounded(self) -> bool:
        return self.sentences is not None or self.pieces is not None


def cue_weights(voices: Sequence[SentenceVoice]) -> list[int]:
    """Per sentence, the hits of the :data:`CUE_LISTS` words and phrases in its own words,
    plus one for a closing question or exclamation mark."""
    c = cues()
    words = {w for name in CUE_LISTS for w in c[name] if " " not in w}
    phrases = [p for name in CUE_LISTS for p in c[name] if " " in p]
    out = []
    for v in voices:
        padded = f" {v.own_text} "
        out.append(sum(w in words for w in v.own_words)
                   + sum(f" {p} " in padded for p in phrases) + (v.last in ("?", "!")))
    return out


def choose(starts: Sequence[int], k: int | None, rule: str = "spaced",
           weights: Sequence[float] | None = None) -> list[int]:
    """The sentences (by start offset, in text order) of *starts* to score: all when there
    are at most *k* (or *k* is None); else *k* of them by *rule*: ``spaced`` takes the
    sentences at evenly spaced positions from the first to the last, ``ends`` the first
    k − 1 and the last, ``cues`` the *k* with the largest *weights* (one per start; ties go
    to the earlier sentence)."""
    n = len(starts)
    if k is None or n <= k:
        return list(starts)
    if rule == "cues":
        if weights is None or len(weights) != n:
            raise ModelError("the cues rule needs one weight per sentence")
        top = sorted(range(n), key=lambda i: (-weights[i], i))[:k]
        return [starts[i] for i in sorted(top)]
    if k == 1:
        return [starts[0]]
    if rule == "ends":
        idx = [*range(k - 1), n - 1]
    elif rule == "spaced":
        idx = sorted({int(round(i * (n - 1) / (k - 1))) for i in range(k)})
    else:
        raise ModelError(f"unknown sentence rule {rule!r}")
    return [starts[i] for i in idx]


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from ....embeddings import new_tokenizer

    return new_tokenizer(None)


def cut_to_pieces(text: str, pieces: int | None) -> str:
    """*text* cut before the first word whose word pieces would take it past *pieces* (a word
    is never split, unless its pieces alone exceed the bound); unchanged when it fits or
    *pieces* is None. Cutting at a word boundary means the cut text tokenizes into exactly the
    pieces kept."""
    if pieces is None:
        return text
    enc = _tokenizer().encode(text, add_special_tokens=False)
    if len(enc.ids) <= pieces:
        return text
    words = enc.word_ids
    k = pieces
    while k > 0 and words[k - 1] is not None and words[k - 1] == words[k]:
        k -= 1
    if k == 0:
        k = pieces
    return text[:enc.offsets[k - 1][1]]


def cut_vectors(doc: Doc, starts: Sequence[int], pieces: int) -> dict[int, np.ndarray]:
    """Sentence start → the frozen encoder's vector of that sentence of *doc* cut to *pieces*
    word pieces (:func:`cut_to_pieces`). One encoder call per sentence (``embeddings.embed``);
    nothing is put in the Doc's shared sentence cache, which holds whole sentences."""
    from ....embeddings import embed
    from ....nlp import doc_text

    ends = {s.start_char: s.end_char for s in doc.sents}
    keep = [s for s in dict.fromkeys(starts) if s in ends]
    if not keep:
        return {}
    text = doc_text(doc)
    rows = embed([cut_to_pieces(text[s:ends[s]], pieces) for s in keep])
    return dict(zip(keep, rows, strict=True))
