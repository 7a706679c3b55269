"""The Russian technique model: a sentence-level span finder and a technique classifier,
both logistic regressions over hashed character and word n-grams (no vocabulary of the
training texts is stored), trained by ``training/rhetoric_ru.py`` on SemEval-2023 Russian.

A sentence whose span-finder probability reaches the stored threshold becomes one
technique span (the sentence, its edge punctuation trimmed); its score is that
probability, its technique the classifier's choice among the project's 14 names.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ...model import Technique
from .parse import RuDoc

MODEL_FILE = "resources/ru/rhetoric_ru.joblib"


def make_vectorizer() -> Any:
    """Hashed char 2-5-grams (within words) and word 1-2-grams, tf-idf weighted."""
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.pipeline import FeatureUnion, make_pipeline

    chars = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=2**17,
                              alternate_sign=False, norm=None, lowercase=True)
    word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=2**16,
                             alternate_sign=False, norm=None, lowercase=True)
    return FeatureUnion([("c", make_pipeline(chars, TfidfTransformer(sublinear_tf=True))),
                         ("w", make_pipeline(word, TfidfTransformer(sublinear_tf=True)))])


@lru_cache(maxsize=1)
def load_model_ru() -> dict[str, Any] | None:
    """The trained model (a dict: ``si``, ``tc``, ``threshold``), or None if not shipped."""
    path = resources.files("tealeaves").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    import joblib

    with resources.as_file(path) as p:
        model: dict[str, Any] = joblib.load(p)
    return model


def sentence_spans(doc: RuDoc) -> list[tuple[int, int]]:
    """Character spans of *doc*'s sentences, edge punctuation and dashes trimmed."""
    out: list[tuple[int, int]] = []
    for a, b in doc.sents:
        toks = [t for t in doc.tokens[a:b] if t.pos != "PUNCT"]
        if toks:
            out.append((toks[0].start, toks[-1].end))
    return out


def predict(model: dict[str, Any], doc: RuDoc) -> list[Technique]:
    spans = sentence_spans(doc)
    if not spans:
        return []
    texts = [doc.text[s:e] for s, e in spans]
    probs = model["si"].predict_proba(texts)[:, 1]
    keep = [k for k, p in enumerate(probs) if p >= model["threshold"]]
    if not keep:
        return []
    labels = model["tc"].predict([texts[k] for k in keep])
    return [Technique(technique=str(lab), start=spans[k][0], end=spans[k][1], text=texts[k],
                      score=round(float(probs[k]), 4)) for k, lab in zip(keep, labels, strict=True)]
