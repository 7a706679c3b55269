"""The technique classifier: a linear SVM (or logistic regression) over span, sentence, context
and MiniLM features.

Training and cross-validation use this class (scikit-learn); the shipped model is its export to
plain arrays (``tc_arrays``, ``resources/rhetoric/tc.npz``), which run time scores with numpy
alone. scikit-learn is imported only when a classifier is fitted or used here, never by
importing this module. A pickle of it (``tc.joblib``, written by training outside the package)
names this module: moving or renaming it needs the model saved again (load it with the old
module name aliased, then ``joblib.dump``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from .features import span_records

if TYPE_CHECKING:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC
    from spacy.tokens import Doc

NUMERIC: tuple[str, ...] = (
    "n_words",
    "log_chars",
    "reps",
    "rep2",
    "earlier",
    "sent_cover",
    "quoted",
    "title",
    "excl",
    "quest",
    "caps",
)

#: Margin scale of the softmax that turns SVM margins into scores (margins lie around ±1).
SVM_SCALE = 3.0

#: (record field, vectoriser settings, block weight)
BLOCKS: tuple[tuple[str, dict[str, Any], float], ...] = (
    ("span", {"ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True}, 1.0),
    (
        "span",
        {
            "analyzer": "char_wb",
            "ngram_range": (2, 5),
            "min_df": 2,
            "sublinear_tf": True,
            "max_features": 60000,
        },
        1.0,
    ),
    ("sent", {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "max_features": 40000}, 0.5),
    ("left", {"min_df": 2}, 0.3),
    ("right", {"min_df": 2}, 0.3),
    ("edges", {"min_df": 2, "token_pattern": r"\S+"}, 0.5),
    ("syntax", {"min_df": 2, "token_pattern": r"\S+", "lowercase": False}, 0.5),
)


#: Width of one sentence embedding (all-MiniLM-L6-v2).
EMB_DIM = 384


#: Text → embedding memo, switched on only inside :func:`memoised_embeddings` (cross-validation
#: embeds the same gold spans in every fold).
_memo: dict[str, np.ndarray] | None = None


@contextmanager
def memoised_embeddings() -> Iterator[None]:
    """Within this block, each distinct text is embedded once."""
    global _memo
    _memo = {}
    try:
        yield
    finally:
        _memo = None


def embed_texts(texts: list[str]) -> np.ndarray:
    """MiniLM embeddings of *texts* (unit rows; module-level so experiments can cache it)."""
    from ...embeddings import embed

    if _memo is None:
        return embed(texts)
    todo = [t for t in dict.fromkeys(texts) if t not in _memo]
    if todo:
        _memo.update(zip(todo, embed(todo), strict=True))
    return np.array([_memo[t] for t in texts], dtype=np.float32).reshape(len(texts), EMB_DIM)


#: Dense embedding blocks the classifier can use: the MiniLM sentence embedding of the span's
#: text and of its (punctuation-bounded) sentence, each from its own encoder pass; the
#: contextual state of the span (mean word-piece state, unit length) and the vector of its
#: spaCy sentence, both read from the article's shared sentence encodings
#: (``embeddings.sentence_encodings``).
EMB_BLOCKS: tuple[str, ...] = ("span_text", "sent_text", "span_state", "sent_vec")
LEGACY_BLOCKS: tuple[str, ...] = ("span_text", "sent_text")


def context_block(doc: Doc, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Dense ``(n, 768)``: each span's contextual state (unit length; zeros if the encoder
    truncated it away), then the vector of the sentence holding its start."""
    from ...embeddings import encode_sentences_at, sentence_encoding_at

    encode_sentences_at([(doc, [s for s, _e in spans])])  # only the spans' sentences, batched
    out = np.zeros((len(spans), 2 * EMB_DIM), dtype=np.float32)
    for i, (start, end) in enumerate(spans):
        hit = sentence_encoding_at(doc, start)
        if hit is None:
            continue
        base, enc = hit
        state = enc.span(start - base, end - base)
        if state is not None:
            out[i, :EMB_DIM] = state / max(1e-9, float(np.linalg.norm(state)))
        out[i, EMB_DIM:] = enc.vector
    return out


#: Blocks pooled from the fine-tuned span tagger's hidden states after layer *k* (1–6), read
#: from the Doc (``encoder.tagger_states``; the tagger graph must output ``state{k}``):
#: ``tag{k}_span`` the mean over the span's word pieces, ``tag{k}_sent`` over its sentence's,
#: ``tag{k}_edges`` the span's first and last piece (each unit length).
TAG_BLOCK = re.compile(r"tag([1-6])_(span|sent|edges)")


def known_block(name: str) -> bool:
    """Whether *name* is an embedding block the classifier can use."""
    return name in EMB_BLOCKS or TAG_BLOCK.fullmatch(name) is not None


def _unit(v: np.ndarray | None) -> np.ndarray | None:
    return None if v is None else v / max(1e-9, float(np.linalg.norm(v)))


def tagger_block(doc: Doc, spans: Sequence[tuple[int, int]], block: str) -> np.ndarray:
    """Dense ``(n, 384)`` (``(n, 768)`` for edges) rows of the tagger-state *block* for
    *spans* (zeros where the tagger read no piece); ValueError without the tagger's states."""
    from .encoder import tagger_states

    m = TAG_BLOCK.fullmatch(block)
    got = tagger_states(doc)
    if m is None or got is None or int(m.group(1)) not in got.states:
        raise ValueError(f"block {block!r} needs the span tagger's states of that layer")
    layer, kind = int(m.group(1)), m.group(2)
    width = 2 * EMB_DIM if kind == "edges" else EMB_DIM
    out = np.zeros((len(spans), width), dtype=np.float32)
    sents: tuple[list[int], list[int]] | None = None
    for i, (start, end) in enumerate(spans):
        if kind == "span":
            v = _unit(got.mean(layer, start, end))
        elif kind == "sent":
            if sents is None:
                sents = ([s.start_char for s in doc.sents], [s.end_char for s in doc.sents])
            k = max(0, bisect_right(sents[0], start) - 1)
            v = _unit(got.mean(layer, sents[0][k], sents[1][k])) if sents[0] else None
        else:
            lo, hi = got.pieces(start, end)
            v = None if hi <= lo else np.concatenate(
                [_unit(got.piece(layer, lo)), _unit(got.piece(layer, hi - 1))])  # type: ignore[list-item]
        if v is not None:
            out[i] = v
    return out


def context_arrays(doc: Doc, spans: Sequence[tuple[int, int]],
                   blocks: Sequence[str]) -> dict[str, np.ndarray]:
    """The rows of every context *block* (those not embedding a record's text) for *spans*."""
    out: dict[str, np.ndarray] = {}
    if any(b in ("span_state", "sent_vec") for b in blocks):
        ctx = context_block(doc, spans)
        out["span_state"], out["sent_vec"] = ctx[:, :EMB_DIM], ctx[:, EMB_DIM:]
    for b in blocks:
        if TAG_BLOCK.fullmatch(b):
            out[b] = tagger_block(doc, spans, b)
    return out


def dense_features(
    recs: Sequence[dict[str, Any]], ctx: dict[str, np.ndarray] | None, blocks: Sequence[str]
) -> np.ndarray:
    """The chosen embedding blocks side by side, one row per record (*ctx*: the rows of
    :func:`context_arrays` for the same spans, needed for the context blocks)."""
    parts: list[np.ndarray] = []
    text_blocks = [b for b in blocks if b in LEGACY_BLOCKS]
    if text_blocks:
        # embed only the texts a block needs: a sentence embedded for nothing costs more
        # than all the spans of an article together
        fields = tuple(_TEXT_FIELD[b] for b in text_blocks)
        emb = embedding_block(recs, fields)
        parts.extend(emb[:, k * EMB_DIM:(k + 1) * EMB_DIM] for k in range(len(fields)))
    for b in blocks:
        if b in LEGACY_BLOCKS:
            continue
        if ctx is None or b not in ctx:
            raise ValueError(f"embedding block {b!r} needs the parsed article")
        parts.append(ctx[b])
    return np.hstack(parts) if parts else np.zeros((len(recs), 0), dtype=np.float32)


#: The record field each text block embeds.
_TEXT_FIELD = {"span_text": "span", "sent_text": "sent"}


def embedding_block(recs: Sequence[dict[str, Any]],
                    fields: Sequence[str] = ("span", "sent")) -> np.ndarray:
    """Dense ``(n, 384 × len(fields))`` block: the embedding of each record's *fields* (by
    default the span's text, then its sentence), side by side.

    Texts are embedded once per call (a sentence shared by several spans is embedded once).
    """
    texts = [str(r[k]) for r in recs for k in fields]
    unique = list(dict.fromkeys(texts))
    if not unique:
        return np.zeros((0, len(fields) * EMB_DIM), dtype=np.float32)
    emb = embed_texts(unique)
    row = {t: i for i, t in enumerate(unique)}
    return np.hstack([emb[[row[str(r[k])] for r in recs]] for k in fields])


class TechniqueClassifier:
    """Fit on (text, span, label) triples; predict a probability per technique per span."""

    def __init__(
        self,
        c: float = 0.3,
        seed: int = 0,
        kind: str = "svm",
        emb_weight: float = 0.0,
        emb_blocks: Sequence[str] = LEGACY_BLOCKS,
    ) -> None:
        if kind not in {"svm", "logreg"}:
            raise ValueError(f"unknown classifier kind {kind!r}")
        self.c = c
        self.seed = seed
        self.kind = kind
        #: weight of the MiniLM span and sentence embeddings (0: not used)
        self.emb_weight = emb_weight
        unknown = {b for b in emb_blocks if not known_block(b)}
        if unknown:
            raise ValueError(f"unknown embedding blocks {sorted(unknown)}")
        #: which embedding blocks (``EMB_BLOCKS``), in order
        self.emb_blocks = tuple(emb_blocks)
        self.vectorisers: list[TfidfVectorizer] = []
        self.mean: np.ndarray = np.zeros(len(NUMERIC))
        self.scale: np.ndarray = np.ones(len(NUMERIC))
        self.model: LogisticRegression | LinearSVC | None = None

    @property
    def classes(self) -> list[str]:
        if self.model is None:
            raise RuntimeError("classifier not fitted")
        return [str(c) for c in self.model.classes_]

    @property
    def blocks(self) -> tuple[str, ...]:
        """The embedding blocks in use (models pickled before the choice: the text ones)."""
        return tuple(getattr(self, "emb_blocks", LEGACY_BLOCKS))

    @property
    def needs_context(self) -> bool:
        return float(getattr(self, "emb_weight", 0.0)) > 0 and any(
            b not in LEGACY_BLOCKS for b in self.blocks
        )

    def _matrix(
        self, recs: Sequence[dict[str, Any]], fit: bool,
        ctx: dict[str, np.ndarray] | None = None,
    ) -> sp.csr_matrix:
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer

        blocks = []
        if fit:
            self.vectorisers = [TfidfVectorizer(**kw) for _, kw, _ in BLOCKS]
        for (field, _, weight), vec in zip(BLOCKS, self.vectorisers, strict=True):
            docs = [str(r[field]) for r in recs]
            m = vec.fit_transform(docs) if fit else vec.transform(docs)
            blocks.append(m * weight)
        num = np.array([[float(r[k]) for k in NUMERIC] for r in recs], dtype=float)
        if fit:
            self.mean = num.mean(axis=0)
            self.scale = num.std(axis=0) + 1e-6
        blocks.append(sp.csr_matrix((num - self.mean) / self.scale))
        weight = float(getattr(self, "emb_weight", 0.0))  # models pickled before it: none
        if weight > 0 and recs:
            blocks.append(sp.csr_matrix(dense_features(recs, ctx, self.blocks) * weight))
        return sp.hstack(blocks).tocsr()

    def fit(
        self,
        items: Sequence[tuple[str, Sequence[tuple[int, int]], Sequence[str], Doc]],
    ) -> TechniqueClassifier:
        """Train on ``(text, spans, labels, parsed doc)`` per article."""
        recs: list[dict[str, Any]] = []
        labels: list[str] = []
        ctx: list[dict[str, np.ndarray]] = []
        for text, spans, labs, doc in items:
            recs.extend(span_records(text, spans, doc))
            labels.extend(labs)
            if self.needs_context:
                ctx.append(context_arrays(doc, spans, self.blocks))
        joined = {k: np.vstack([c[k] for c in ctx]) for k in ctx[0]} if ctx else None
        x = self._matrix(recs, fit=True, ctx=joined)
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        if self.kind == "svm":
            self.model = LinearSVC(C=self.c, max_iter=3000, random_state=self.seed)
        else:
            self.model = LogisticRegression(C=self.c, max_iter=3000, random_state=self.seed)
        self.model.fit(x, labels)
        return self

    def predict_proba(
        self, text: str, spans: Sequence[tuple[int, int]], doc: Doc | None = None
    ) -> np.ndarray:
        """Probabilities, one row per span, columns in :attr:`classes` order.

        *doc* is the spaCy parse of *text*; without it the text is parsed here.
        """
        if self.model is None:
            raise RuntimeError("classifier not fitted")
        if not spans:
            return np.zeros((0, len(self.classes)))
        if doc is None:
            from ...nlp import load_model

            doc = load_model()(text)
        ctx = context_arrays(doc, spans, self.blocks) if self.needs_context else None
        x = self._matrix(span_records(text, spans, doc), fit=False, ctx=ctx)
        if type(self.model).__name__ == "LogisticRegression":
            return np.asarray(self.model.predict_proba(x))
        # a linear SVM: a softmax over its margins stands in for probabilities
        z = np.asarray(self.model.decision_function(x)) * SVM_SCALE
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return np.asarray(z / z.sum(axis=1, keepdims=True))
