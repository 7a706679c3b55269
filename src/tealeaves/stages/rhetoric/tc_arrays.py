"""The technique classifier as plain arrays, scored with numpy alone.

The classifier is trained with scikit-learn (``classifier.TechniqueClassifier``: TF-IDF
vectorisers, a scaler for the numeric cues and a linear SVM); importing scikit-learn costs every
process about 140 MB and 2.6 s (docs/benchmarks.md). At run time nothing of it is needed but
numbers: each vectoriser's vocabulary and idf, the scaler's mean and scale, the linear model's
coefficients and intercepts. :func:`export_classifier` writes them to ``tc.npz`` (arrays, no
pickle) and ``tc.json`` (settings); :class:`ArrayClassifier` reads them and scores spans.

The analysers below reproduce scikit-learn's (1.9) ``TfidfVectorizer.transform`` for the
settings the classifier uses: lower-casing, a regular-expression token pattern with word
n-grams, or ``char_wb`` character n-grams (each word padded with one space), raw counts,
optional sublinear tf (``1 + log tf``), multiplication by idf, and the row's l2 norm; the sums
run in the same order as scikit-learn's and SciPy's loops (feature index order, one
accumulator), so that the probabilities come out equal to the last bit
(tests/stages/rhetoric/test_tc_arrays.py compares both on PTC articles).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ModelError
from .classifier import (
    BLOCKS,
    NUMERIC,
    SVM_SCALE,
    context_arrays,
    dense_features,
    known_block,
)
from .features import span_records

if TYPE_CHECKING:
    from spacy.tokens import Doc

TC_ARRAYS = "tc.npz"
TC_SETTINGS = "tc.json"
FORMAT = 1

#: scikit-learn's whitespace normaliser for character n-grams
_WHITE_SPACES = re.compile(r"\s\s+")

#: vectoriser parameters whose value at export must be the one given here (what the
#: analysers below implement)
_FIXED: dict[str, Any] = {
    "binary": False,
    "use_idf": True,
    "norm": "l2",
    "stop_words": None,
    "strip_accents": None,
    "preprocessor": None,
    "tokenizer": None,
    "input": "content",
}


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams (lengths *lo*–*hi*) inside words, each word padded with a space."""
    out: list[str] = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        size = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < size:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


def word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """Word n-grams (lengths *lo*–*hi*) of *tokens*, joined by a space."""
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi + 1, len(tokens) + 1)):
        out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return out


@dataclass
class TfidfBlock:
    """One TF-IDF vectoriser: its analyser settings, vocabulary and idf."""

    field: str
    analyzer: str
    ngram_range: tuple[int, int]
    lowercase: bool
    token_pattern: str
    sublinear_tf: bool
    weight: float
    vocabulary: dict[str, int]
    idf: np.ndarray

    def __post_init__(self) -> None:
        lo, hi = self.ngram_range
        if self.analyzer == "char_wb":
            self._analyse: Callable[[str], list[str]] = lambda s: char_wb_ngrams(s, lo, hi)
        elif self.analyzer == "word":
            pattern = re.compile(self.token_pattern)
            if pattern.groups > 1:
                raise ModelError("a token pattern with more than one group")
            find = pattern.findall
            self._analyse = lambda s: word_ngrams(find(s), lo, hi)
        else:
            raise ModelError(f"unsupported analyser {self.analyzer!r}")

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The feature indices (ascending) and weighted TF-IDF values of *text*."""
        vocab = self.vocabulary
        counts: dict[int, int] = {}
        for gram, c in Counter(self._analyse(text.lower() if self.lowercase else text)).items():
            j = vocab.get(gram)
            if j is not None:
                counts[j] = c
        cols = np.array(sorted(counts), dtype=np.int64)
        vals = np.array([counts[j] for j in cols.tolist()], dtype=np.float64)
        if self.sublinear_tf:
            np.log(vals, vals)
            vals += 1.0
        vals *= self.idf[cols]
        if len(vals):
            total = float(np.cumsum(vals * vals)[-1])  # one accumulator, index order
            if total != 0.0:
                vals /= np.sqrt(total)
        return cols, vals * self.weight


class ArrayClassifier:
    """The technique classifier read from ``tc.npz`` / ``tc.json``: the same features and
    the same probabilities as the scikit-learn model it was exported from."""

    def __init__(self, settings: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        self.kind = str(settings["kind"])
        self.emb_weight = float(settings["emb_weight"])
        self.emb_blocks = tuple(str(b) for b in settings["emb_blocks"])
        self.svm_scale = float(settings.get("svm_scale", SVM_SCALE))
        self._classes = [str(c) for c in settings["classes"]]
        self.tfidf: list[TfidfBlock] = []
        for k, b in enumerate(settings["tfidf"]):
            terms = arrays[f"vocab{k}"].tolist()
            self.tfidf.append(TfidfBlock(
                str(b["field"]), str(b["analyzer"]),
                (int(b["ngram_range"][0]), int(b["ngram_range"][1])), bool(b["lowercase"]),
                str(b["token_pattern"]), bool(b["sublinear_tf"]), float(b["weight"]),
                dict(zip(terms, range(len(terms)), strict=True)), arrays[f"idf{k}"]))
        self.mean = arrays["mean"]
        self.scale = arrays["scale"]
        # (features, classes), C order: the rows of a span's features are gathered together
        self.coef_t = np.ascontiguousarray(arrays["coef"].T)
        self.intercept = arrays["intercept"]
        self.offsets = np.cumsum([0] + [len(b.vocabulary) for b in self.tfidf]
                                 + [len(NUMERIC)]).tolist()
        if self.coef_t.shape[1] != len(self._classes):
            raise ModelError("technique model: coefficients and classes disagree")

    @property
    def classes(self) -> list[str]:
        return list(self._classes)

    @property
    def blocks(self) -> tuple[str, ...]:
        return self.emb_blocks

    @property
    def needs_context(self) -> bool:
        from .classifier import LEGACY_BLOCKS

        return self.emb_weight > 0 and any(b not in LEGACY_BLOCKS for b in self.blocks)

    def _rows(self, recs: Sequence[dict[str, Any]],
              ctx: dict[str, np.ndarray] | None) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per record: its non-zero feature indices (ascending) and values, blocks side by
        side as ``TechniqueClassifier._matrix`` lays them out."""
        parts: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in recs]
        for block, base in zip(self.tfidf, self.offsets, strict=False):
            seen: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # a sentence serves many spans
            for i, r in enumerate(recs):
                text = str(r[block.field])
                if text not in seen:
                    cols, vals = block.row(text)
                    seen[text] = (cols + base, vals)
                parts[i].append(seen[text])
        num = np.array([[float(r[k]) for k in NUMERIC] for r in recs], dtype=float)
        dense = [(num - self.mean) / self.scale]
        if self.emb_weight > 0 and recs:
            dense.append(dense_features(recs, ctx, self.blocks) * self.emb_weight)
        base = self.offsets[len(self.tfidf)]
        for d in dense:
            for i, row in enumerate(d):
                nz = np.flatnonzero(row)
                parts[i].append((nz + base, row[nz].astype(np.float64)))
            base += d.shape[1]
        return [(np.concatenate([c for c, _ in p]), np.concatenate([v for _, v in p]))
                for p in parts]

    def decision(self, recs: Sequence[dict[str, Any]],
                 ctx: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """The linear model's scores, one row per record (summed in feature order)."""
        out = np.empty((len(recs), len(self._classes)))
        for i, (cols, vals) in enumerate(self._rows(recs, ctx)):
            if len(cols):
                out[i] = np.cumsum(self.coef_t[cols] * vals[:, None], axis=0)[-1]
            else:
                out[i] = 0.0
        return out + self.intercept

    def predict_proba(
        self, text: str, spans: Sequence[tuple[int, int]], doc: Doc | None = None
    ) -> np.ndarray:
        """Probabilities, one row per span, columns in :attr:`classes` order (as
        ``TechniqueClassifier.predict_proba``)."""
        if not spans:
            return np.zeros((0, len(self._classes)))
        if doc is None:
            from ...nlp import load_model

            doc = load_model()(text)
        ctx = context_arrays(doc, spans, self.blocks) if self.needs_context else None
        z = self.decision(span_records(text, spans, doc), ctx)
        if self.kind == "svm":
            z = z * self.svm_scale
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return np.asarray(z / z.sum(axis=1, keepdims=True))


def _vectoriser_settings(vec: Any, field: str, weight: float) -> dict[str, Any]:
    params = vec.get_params()
    for key, want in _FIXED.items():
        if params.get(key) != want:
            raise ValueError(f"vectoriser setting {key}={params.get(key)!r} is not supported")
    if params["analyzer"] not in {"word", "char_wb"}:
        raise ValueError(f"analyser {params['analyzer']!r} is not supported")
    return {"field": field, "analyzer": params["analyzer"],
            "ngram_range": list(params["ngram_range"]), "lowercase": bool(params["lowercase"]),
            "token_pattern": params["token_pattern"], "sublinear_tf": bool(params["sublinear_tf"]),
            "weight": weight}


def export_classifier(clf: Any, folder: Path) -> tuple[Path, Path]:
    """Write a fitted ``TechniqueClassifier`` as ``tc.npz`` + ``tc.json`` into *folder*."""
    model = clf.model
    if model is None:
        raise ValueError("classifier not fitted")
    coef = np.asarray(model.coef_, dtype=np.float64)
    if coef.shape[0] != len(model.classes_) or len(model.classes_) < 3:
        raise ValueError("only multi-class linear models (one row of weights per class)")
    blocks = [b for b in clf.blocks if known_block(b)]
    settings: dict[str, Any] = {
        "format": FORMAT, "kind": clf.kind, "svm_scale": SVM_SCALE,
        "emb_weight": float(getattr(clf, "emb_weight", 0.0)), "emb_blocks": blocks,
        "classes": [str(c) for c in model.classes_], "tfidf": [],
    }
    arrays: dict[str, np.ndarray] = {}
    for k, ((field, _kw, weight), vec) in enumerate(zip(BLOCKS, clf.vectorisers, strict=True)):
        settings["tfidf"].append(_vectoriser_settings(vec, field, weight))
        vocab: dict[str, int] = vec.vocabulary_
        terms = [""] * len(vocab)
        for term, j in vocab.items():
            terms[j] = term
        arrays[f"vocab{k}"] = np.array(terms, dtype=str)
        arrays[f"idf{k}"] = np.asarray(vec.idf_, dtype=np.float64)
    arrays.update(mean=np.asarray(clf.mean, dtype=np.float64),
                  scale=np.asarray(clf.scale, dtype=np.float64), coef=coef,
                  intercept=np.asarray(model.intercept_, dtype=np.float64))
    try:
        import sklearn

        settings["exported_from"] = f"scikit-learn {sklearn.__version__}"
    except ImportError:  # pragma: no cover - a fitted model implies scikit-learn
        pass
    folder.mkdir(parents=True, exist_ok=True)
    npz, js = folder / TC_ARRAYS, folder / TC_SETTINGS
    np.savez_compressed(npz, **arrays)  # type: ignore[arg-type]
    js.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return npz, js


def load_arrays(folder: Path) -> ArrayClassifier:
    """The classifier exported into *folder*; ModelError when it is missing or broken."""
    npz, js = folder / TC_ARRAYS, folder / TC_SETTINGS
    if not npz.is_file() or not js.is_file():
        raise ModelError(f"technique model missing: {npz} (run scripts/export_tc.py or "
                         "`make train-rhetoric`)")
    try:
        settings = json.loads(js.read_text(encoding="utf-8"))
        if settings.get("format") != FORMAT:
            raise ValueError(f"format {settings.get('format')!r}, expected {FORMAT}")
        with np.load(npz, allow_pickle=False) as data:
            arrays = {k: data[k] for k in data.files}
        return ArrayClassifier(settings, arrays)
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise ModelError(f"broken technique model {npz}: {exc}") from exc
