"""Span identification by a fine-tuned MiniLM: P(word piece inside a persuasion span).

all-MiniLM-L6-v2, fine-tuned on the PTC training articles to tag each word piece as inside
or outside a persuasion span (``training.finetune``, torch, training only), runs here as an
int8 ONNX graph (``resources/rhetoric/si_encoder.onnx``) under onnxruntime, so using the
model needs no torch. An article is tokenized once; its sentences are packed into windows
of at most ``MAX_PIECES`` word pieces (a longer sentence is cut into pieces of that size), so
the model sees a sentence together with its neighbours. A spaCy token's probability is the
mean of its word pieces' probabilities; the span finder mixes it with the CRF's marginal.

Training and use share the functions below (tokenization, windows, labels, batches), so the
model sees the same inputs in both.

A graph may also expose the hidden states after some of its layers as outputs ``state{k}``
(``training.tagger_states``); the tagger then keeps each piece's states in the Doc
(:func:`tagger_states`), where the technique classifier can pool them over a span or its
sentence instead of running the frozen sentence encoder again (issue 19's shared pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ...embeddings import Encoding

#: Most word pieces in one window, [CLS] and [SEP] not counted.
MAX_PIECES = 126
#: Windows run through the model at once. One: the int8 graph quantises its activations per
#: call, so a window batched with others (and their padding) got probabilities up to 0.23
#: away from its own; and one window per call ran 1.8 times faster than batches of 16 on one
#: thread (no padding to compute; docs/benchmarks.md).
BATCH = 1


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """MiniLM's word-piece tokenizer (the encoder's own, ``embeddings.new_tokenizer``), without
    truncation: a whole article is tokenized once and cut into windows here."""
    from ...embeddings import new_tokenizer

    return new_tokenizer(None)


def article_pieces(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Word-piece ids ``(n,)`` and character offsets ``(n, 2)`` of the whole *text*."""
    enc = tokenizer().encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offsets = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    return ids, offsets


def piece_windows(
    offsets: np.ndarray, sents: Sequence[tuple[int, int]], max_pieces: int = MAX_PIECES
) -> list[tuple[int, int]]:
    """Windows ``[lo, hi)`` of piece indices: whole consecutive sentences packed while they fit
    in *max_pieces*; a sentence longer than that is cut into chunks of *max_pieces*. Pieces
    outside every sentence (e.g. whitespace-only stretches) are in no window, and a window
    never reaches over a sentence left out of *sents* (the gated tagger skips sentences)."""
    starts = offsets[:, 0] if len(offsets) else np.zeros(0, dtype=np.int64)
    out: list[tuple[int, int]] = []
    cur: list[int] = []
    for s, e in sents:
        lo = int(np.searchsorted(starts, s, side="left"))
        hi = int(np.searchsorted(starts, e, side="left"))
        if hi <= lo:
            continue
        if cur and (hi - cur[0] > max_pieces or lo > cur[1]):  # full, or a sentence skipped
            out.append((cur[0], cur[1]))
            cur = []
        if not cur:
            cur = [lo, hi]
        else:
            cur[1] = hi
        while cur[1] - cur[0] > max_pieces:
            out.append((cur[0], cur[0] + max_pieces))
            cur = [cur[0] + max_pieces, cur[1]]
    if cur:
        out.append((cur[0], cur[1]))
    return out


def piece_labels(n_chars: int, offsets: np.ndarray, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """True for each piece that overlaps one of *spans* (character offsets)."""
    inside = np.zeros(n_chars + 1, dtype=bool)
    for s, e in spans:
        inside[max(0, s):max(0, e)] = True
    csum = np.concatenate([[0], np.cumsum(inside)])
    return np.asarray((csum[offsets[:, 1]] - csum[offsets[:, 0]]) > 0)


def batch_arrays(chunks: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Model inputs for windows of piece ids: ``[CLS] ids [SEP]``, padded to the longest,
    and the attention mask."""
    tok = tokenizer()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    width = max(len(c) for c in chunks) + 2
    ids = np.zeros((len(chunks), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for r, c in enumerate(chunks):
        n = len(c)
        ids[r, 0] = cls_id
        ids[r, 1:n + 1] = c
        ids[r, n + 1] = sep_id
        mask[r, :n + 2] = 1
    return ids, mask


def doc_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of *doc*'s sentences."""
    return [(s.start_char, s.end_char) for s in doc.sents]


def token_probs(piece_probs: np.ndarray, offsets: np.ndarray,
                units: Sequence[Sequence[Token]]) -> list[np.ndarray]:
    """Per unit (sentence as tokens): each token's mean probability over the word pieces
    overlapping it (0 for a token with none).

    Pieces are sorted and do not overlap, so those overlapping a token ``[a, b)`` are one run:
    from the first piece ending after ``a`` to the last starting before ``b``; the means come
    from a cumulative sum, with no loop over tokens.
    """
    csum = np.concatenate([[0.0], np.cumsum(piece_probs, dtype=np.float64)])
    out = []
    for toks in units:
        a = np.fromiter((t.idx for t in toks), dtype=np.int64, count=len(toks))
        b = a + np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(toks))
        lo = np.searchsorted(offsets[:, 1], a, side="right")
        hi = np.searchsorted(offsets[:, 0], b, side="left")
        n = np.maximum(hi - lo, 0)
        total = csum[np.maximum(hi, lo)] - csum[lo]
        out.append(np.where(n > 0, total / np.maximum(n, 1), 0.0))
    return out


def windowed_probs(text: str, sents: Sequence[tuple[int, int]], run: Any,
                   max_pieces: int = MAX_PIECES,
                   states: dict[int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``(piece probabilities, piece offsets)`` of *text*: *run(ids, mask)* gives the model's
    probabilities ``(batch, width)`` for a batch; pieces in no window get 0.

    With *states* (an empty dict), *run* gives ``(probabilities, {layer: (batch, width,
    384)})`` and *states* is filled with each layer's ``(pieces, 384)`` states (zeros for
    pieces in no window)."""
    ids, offsets = article_pieces(text)
    probs = np.zeros(len(ids), dtype=np.float32)
    wins = piece_windows(offsets, sents, max_pieces)
    # similar lengths together, so a batch pads little
    wins = sorted(wins, key=lambda w: w[1] - w[0])
    for k in range(0, len(wins), BATCH):
        part = wins[k:k + BATCH]
        x, mask = batch_arrays([ids[lo:hi] for lo, hi in part])
        got = run(x, mask)
        out = np.asarray(got[0] if states is not None else got)
        for r, (lo, hi) in enumerate(part):
            probs[lo:hi] = out[r, 1:hi - lo + 1]
        if states is not None:
            for layer, hidden in got[1].items():
                rows = states.setdefault(layer, np.zeros((len(ids), hidden.shape[-1]), np.float32))
                for r, (lo, hi) in enumerate(part):
                    rows[lo:hi] = hidden[r, 1:hi - lo + 1]
    return probs, offsets


#: ``Doc.user_data`` key of the tagger's hidden states (:class:`TaggerStates`).
STATES_KEY = "tealeaves.tagger_states"


@dataclass
class TaggerStates:
    """The span tagger's hidden states over an article's word pieces: *offsets* ``(n, 2)``
    (characters), and per layer (1-based) the ``(n, 384)`` states, pooled by :meth:`mean`."""

    offsets: np.ndarray
    states: dict[int, np.ndarray]

    def pieces(self, start: int, end: int) -> tuple[int, int]:
        """``[lo, hi)``: the pieces overlapping characters ``[start, end)`` (one run, as
        pieces are sorted and do not overlap)."""
        lo = int(np.searchsorted(self.offsets[:, 1], start, side="right"))
        hi = int(np.searchsorted(self.offsets[:, 0], end, side="left"))
        return lo, max(lo, hi)

    def mean(self, layer: int, start: int, end: int) -> np.ndarray | None:
        """Mean state of *layer* over the pieces overlapping ``[start, end)`` (None: none)."""
        lo, hi = self.pieces(start, end)
        if hi <= lo:
            return None
        return np.asarray(self.states[layer][lo:hi].mean(axis=0, dtype=np.float64),
                          dtype=np.float32)

    def piece(self, layer: int, index: int) -> np.ndarray:
        """The state of *layer* at piece *index*."""
        return self.states[layer][index]


def tagger_states(doc: Doc) -> TaggerStates | None:
    """The hidden states the span tagger left in *doc* (None: it ran without them)."""
    got = doc.user_data.get(STATES_KEY)
    return got if isinstance(got, TaggerStates) else None


def state_layers(session: Any) -> tuple[int, ...]:
    """The layers whose states an ONNX *session* outputs (``state{k}``), in order."""
    names = [o.name for o in session.get_outputs()]
    return tuple(sorted(int(n[5:]) for n in names if n.startswith("state") and n[5:].isdigit()))


class PieceTagger:
    """The fine-tuned MiniLM span tagger as an ONNX graph: inputs ``input_ids`` and
    ``attention_mask``, output ``prob`` (batch, width)."""

    def __init__(self, path: Path | str, max_pieces: int = MAX_PIECES) -> None:
        from ...embeddings import onnx_session

        self.path = str(path)
        self.max_pieces = max_pieces
        self.session = onnx_session(self.path)
        #: layers whose hidden states the graph outputs (none in a plain tagger graph)
        self.layers = state_layers(self.session)

    def _run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.asarray(
            self.session.run(["prob"], {"input_ids": ids, "attention_mask": mask})[0])

    def _run_states(self, ids: np.ndarray, mask: np.ndarray
                    ) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        names = ["prob", *(f"state{k}" for k in self.layers)]
        out = self.session.run(names, {"input_ids": ids, "attention_mask": mask})
        return np.asarray(out[0]), dict(zip(self.layers, out[1:], strict=True))

    def unit_probs(self, doc: Doc, units: Sequence[Sequence[Token]],
                   keep: Sequence[bool] | None = None) -> list[np.ndarray]:
        """Each token's probability of lying inside a span, per unit of *units* (the Doc's
        sentences); with *keep*, only the sentences marked True go through the model (the
        others' tokens get 0)."""
        from ...nlp import doc_text

        sents = doc_sentences(doc)
        if keep is not None:  # one flag per unit; a unit is its sentence's non-space tokens
            sents = [(toks[0].sent.start_char, toks[0].sent.end_char)
                     for toks, k in zip(units, keep, strict=True) if k and toks]
        if not self.layers:
            probs, offsets = windowed_probs(doc_text(doc), sents, self._run, self.max_pieces)
            return token_probs(probs, offsets, units)
        states: dict[int, np.ndarray] = {}
        probs, offsets = windowed_probs(doc_text(doc), sents, self._run_states,
                                        self.max_pieces, states)
        doc.user_data[STATES_KEY] = TaggerStates(offsets, states)
        return token_probs(probs, offsets, units)


def sentence_encodings_from_states(doc: Doc, layer: int) -> list[tuple[int, Any]]:
    """``(sentence start, embeddings.Encoding)`` per sentence of *doc*, built from the span
    tagger's hidden states after *layer* (:func:`tagger_states`) instead of a frozen encoder
    pass: the sentence's piece states, their offsets from its start, and as its vector the
    unit-length mean of those states. A sentence with no piece in a window is left out."""
    got = tagger_states(doc)
    if got is None or layer not in got.states:
        raise ValueError(f"no tagger states of layer {layer} in the Doc")
    text = doc.text
    out: list[tuple[int, Any]] = []
    for sent in doc.sents:
        enc = state_encoding(got, layer, text, sent.start_char, sent.end_char)
        if enc is not None:
            out.append((sent.start_char, enc))
    return out


def state_encoding(got: TaggerStates, layer: int, text: str, start: int, end: int
                   ) -> Encoding | None:
    """The ``embeddings.Encoding`` of the sentence ``[start, end)`` of *text* from *got*'s
    states after *layer*: the sentence's piece states, their offsets from *start*, and as its
    vector the unit-length mean of those states (None: no piece in the sentence)."""
    from ...embeddings import Encoding

    lo, hi = got.pieces(start, end)
    if hi <= lo:
        return None
    states = got.states[layer][lo:hi]
    mean = states.mean(axis=0, dtype=np.float64)
    vec = np.asarray(mean / max(1e-9, float(np.linalg.norm(mean))), dtype=np.float32)
    return Encoding(text[start:end], vec, states, got.offsets[lo:hi] - start)


def state_sentence_vectors(doc: Doc, layer: int) -> dict[int, np.ndarray]:
    """Sentence start → the unit-length mean of the span tagger's states after *layer* over
    the sentence's word pieces (as :func:`sentence_encodings_from_states` gives them, without
    the per-piece copies); a sentence with no piece in a window is left out. ValueError
    when the Doc holds no states of that layer."""
    got = tagger_states(doc)
    if got is None or layer not in got.states:
        raise ValueError(f"no tagger states of layer {layer} in the Doc")
    out: dict[int, np.ndarray] = {}
    for sent in doc.sents:
        mean = got.mean(layer, sent.start_char, sent.end_char)
        if mean is not None:
            out[sent.start_char] = mean / max(1e-9, float(np.linalg.norm(mean)))
    return out


def text_state_vectors(tagger: PieceTagger, texts: Sequence[str], layer: int) -> np.ndarray:
    """``(len(texts), 384)``: each text read by the tagger as one sentence of its own, the
    unit-length mean of its states after *layer* (training a model on sentences without an
    article, e.g. sentence subjectivity; zeros for a text with no word piece)."""
    if layer not in tagger.layers:
        raise ValueError(f"the tagger graph outputs no states of layer {layer}")
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for i, text in enumerate(texts):
        states: dict[int, np.ndarray] = {}
        _p, offsets = windowed_probs(text, [(0, len(text))], tagger._run_states,
                                     tagger.max_pieces, states)
        if len(offsets) and layer in states:
            mean = states[layer].mean(axis=0, dtype=np.float64)
            out[i] = mean / max(1e-9, float(np.linalg.norm(mean)))
    return out
