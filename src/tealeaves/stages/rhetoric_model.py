"""The technique classifier: logistic regression over span, sentence and context features.

Kept in its own module so that the pickled model (``resources/rhetoric/tc.joblib``)
refers to a stable import path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from .rhetoric_features import span_records

if TYPE_CHECKING:
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


def embed_texts(texts: list[str]) -> np.ndarray:
    """MiniLM embeddings of *texts* (unit rows; module-level so experiments can cache it)."""
    from ..embeddings import embed

    return embed(texts)


def embedding_block(recs: Sequence[dict[str, Any]]) -> np.ndarray:
    """Dense ``(n, 768)`` block: the embedding of each span's text, then of its sentence.

    Texts are embedded once per call (a sentence shared by several spans is embedded once).
    """
    texts = [str(r[k]) for r in recs for k in ("span", "sent")]
    unique = list(dict.fromkeys(texts))
    if not unique:
        return np.zeros((0, 2 * EMB_DIM), dtype=np.float32)
    emb = embed_texts(unique)
    row = {t: i for i, t in enumerate(unique)}
    return np.hstack(
        [emb[[row[str(r["span"])] for r in recs]], emb[[row[str(r["sent"])] for r in recs]]]
    )


class TechniqueClassifier:
    """Fit on (text, span, label) triples; predict a probability per technique per span."""

    def __init__(
        self, c: float = 0.3, seed: int = 0, kind: str = "svm", emb_weight: float = 0.0
    ) -> None:
        if kind not in {"svm", "logreg"}:
            raise ValueError(f"unknown classifier kind {kind!r}")
        self.c = c
        self.seed = seed
        self.kind = kind
        #: weight of the MiniLM span and sentence embeddings (0: not used)
        self.emb_weight = emb_weight
        self.vectorisers: list[TfidfVectorizer] = []
        self.mean: np.ndarray = np.zeros(len(NUMERIC))
        self.scale: np.ndarray = np.ones(len(NUMERIC))
        self.model: LogisticRegression | LinearSVC | None = None

    @property
    def classes(self) -> list[str]:
        if self.model is None:
            raise RuntimeError("classifier not fitted")
        return [str(c) for c in self.model.classes_]

    def _matrix(self, recs: Sequence[dict[str, Any]], fit: bool) -> sp.csr_matrix:
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
            blocks.append(sp.csr_matrix(embedding_block(recs) * weight))
        return sp.hstack(blocks).tocsr()

    def fit(
        self,
        items: Sequence[tuple[str, Sequence[tuple[int, int]], Sequence[str], Doc]],
    ) -> TechniqueClassifier:
        """Train on ``(text, spans, labels, parsed doc)`` per article."""
        recs: list[dict[str, Any]] = []
        labels: list[str] = []
        for text, spans, labs, doc in items:
            recs.extend(span_records(text, spans, doc))
            labels.extend(labs)
        x = self._matrix(recs, fit=True)
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
            from ..nlp import load_model

            doc = load_model()(text)
        x = self._matrix(span_records(text, spans, doc), fit=False)
        if isinstance(self.model, LogisticRegression):
            return np.asarray(self.model.predict_proba(x))
        # a linear SVM: a softmax over its margins stands in for probabilities
        z = np.asarray(self.model.decision_function(x)) * SVM_SCALE
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return np.asarray(z / z.sum(axis=1, keepdims=True))
