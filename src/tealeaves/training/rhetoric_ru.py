"""Training the Russian technique model on SemEval-2023 Task 3 Russian articles.

The span finder is a logistic regression that says whether a sentence holds a technique
span (gold spans overlap it); the technique classifier a linear SVM over the gold
span texts, with the 2023 names mapped onto the project's 14 (``resources/ru/
technique_map.tsv``). Both read hashed n-grams (``lang.ru.technique_model.make_vectorizer``).
Cross-validation is grouped by article: SI F1 (SemEval-2020 character-overlap scorer) of
the sentence spans and TC micro-F1 on the gold spans.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..evaluate.ptc import si_score, tc_micro_f1
from ..lang.ru.technique_model import make_vectorizer
from ..lang.ru.vocab import load_table
from ..nlp import paragraphs

log = logging.getLogger(__name__)

SEED = 13
#: regularisation (inverse) of the two regressions; chosen by grouped CV on the training data
SI_C = 4.0
TC_C = 0.5
FOLDS = 5


@dataclass(frozen=True)
class RuArticle:
    id: str
    text: str
    spans: tuple[tuple[str, int, int], ...]  # (technique in the project's names, start, end)


def read_corpus(root: Path) -> list[RuArticle]:
    """``articles/articleID.txt`` and ``spans.tsv`` (id, technique, start, end)."""
    mapping = load_table("technique_map.tsv")
    by_id: dict[str, list[tuple[str, int, int]]] = {}
    for line in (root / "spans.tsv").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2].isdigit():
            continue
        name = mapping.get(parts[1], "-")
        if name != "-":
            by_id.setdefault(parts[0], []).append((name, int(parts[2]), int(parts[3])))
    out = []
    for path in sorted((root / "articles").glob("article*.txt")):
        aid = path.stem.removeprefix("article")
        out.append(RuArticle(aid, path.read_text("utf-8"), tuple(by_id.get(aid, ()))))
    return out


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """razdel's sentences, cut at paragraph breaks, edge punctuation trimmed."""
    from razdel import sentenize

    for p0, p1 in paragraphs(text):
        for s in sentenize(text[p0:p1]):
            a, b = p0 + s.start, p0 + s.stop
            while a < b and not text[a].isalnum():
                a += 1
            while b > a and not text[b - 1].isalnum():
                b -= 1
            if b > a:
                yield a, b


def sentence_rows(arts: list[RuArticle]) -> tuple[list[str], list[int], list[int], list[tuple[int, int]]]:
    """Texts, labels (1 when a gold span overlaps), article index and span of every sentence."""
    texts: list[str] = []
    labels: list[int] = []
    groups: list[int] = []
    spans: list[tuple[int, int]] = []
    for g, art in enumerate(arts):
        for a, b in sentences(art.text):
            texts.append(art.text[a:b])
            labels.append(int(any(s < b and e > a for _, s, e in art.spans)))
            groups.append(g)
            spans.append((a, b))
    return texts, labels, groups, spans


def _si_model(c: float = SI_C) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(make_vectorizer(), LogisticRegression(C=c, solver="liblinear"))


def _tc_model(c: float = TC_C) -> Any:
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(make_vectorizer(), LinearSVC(C=c))


def cross_validate(arts: list[RuArticle], thresholds: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6),
                   folds: int = FOLDS) -> dict[str, Any]:
    """Grouped-by-article CV: SI P/R/F1 at each threshold and TC micro-F1 on gold spans."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    texts, labels, groups, spans = sentence_rows(arts)
    probs = np.zeros(len(texts))
    tc_pred: list[tuple[str, int, int, str]] = []
    tc_gold: list[tuple[str, int, int, str]] = []
    for train, test in GroupKFold(n_splits=folds).split(texts, labels, groups):
        si = _si_model().fit([texts[i] for i in train], [labels[i] for i in train])
        probs[test] = si.predict_proba([texts[i] for i in test])[:, 1]
        train_arts = {groups[i] for i in train}
        test_arts = sorted({groups[i] for i in test})
        x, y = _span_rows([arts[g] for g in sorted(train_arts)])
        tc = _tc_model().fit(x, y)
        for g in test_arts:
            art = arts[g]
            gx = [art.text[s:e] for _, s, e in art.spans]
            if not gx:
                continue
            for (name, s, e), label in zip(art.spans, tc.predict(gx), strict=True):
                tc_gold.append((art.id, s, e, name))
                tc_pred.append((art.id, s, e, str(label)))
    gold = {a.id: [(s, e) for _, s, e in a.spans] for a in arts}
    out: dict[str, Any] = {"sentences": len(texts), "positive": int(sum(labels)),
                           "spans": sum(len(a.spans) for a in arts), "si": {}}
    for th in thresholds:
        pred: dict[str, list[tuple[int, int]]] = {}
        for k, p in enumerate(probs):
            if p >= th:
                pred.setdefault(arts[groups[k]].id, []).append(spans[k])
        prf = si_score(pred, gold)
        out["si"][th] = {"p": round(prf.precision, 4), "r": round(prf.recall, 4),
                         "f1": round(prf.f1, 4)}
    tc = tc_micro_f1(tc_pred, tc_gold)
    out["tc_micro_f1"] = round(tc.f1, 4)
    return out


def _span_rows(arts: list[RuArticle]) -> tuple[list[str], list[str]]:
    x = [a.text[s:e] for a in arts for _, s, e in a.spans]
    y = [name for a in arts for name, _, _ in a.spans]
    return x, y


def train(arts: list[RuArticle], threshold: float) -> dict[str, Any]:
    """The model trained on all *arts*: ``{"si", "tc", "threshold", "meta"}``."""
    texts, labels, _, _ = sentence_rows(arts)
    si = _si_model().fit(texts, labels)
    x, y = _span_rows(arts)
    tc = _tc_model().fit(x, y)
    meta = {"articles": len(arts), "sentences": len(texts), "spans": len(x),
            "si_c": SI_C, "tc_c": TC_C, "data": "SemEval-2023 Task 3 Russian (152 articles)"}
    return {"si": si, "tc": tc, "threshold": threshold, "meta": meta}
