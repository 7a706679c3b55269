"""Cross-validation of a Russian framing model on SemEval-2025 Task 10 Russian (measure only:
no model ships, docs/stages/russian.md says why).

Each annotated mention (``annotations.tsv``: article, mention, start, end inclusive, main
role, fine roles) is read with the Russian stance features
(:mod:`tealeaves.lang.ru.stance_features`: sparse and navec blocks) and the stance model's
calibrated probabilities; a logistic regression with balanced class weights predicts the
main role, and the fine roles are the most frequent fine-role set of that main role in the
training folds. Folds are grouped by article. Reported: main-role macro-F1 and accuracy,
fine-role exact match, each beside the majority baseline.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from ..lang.ru.parse import RuDoc, parse
from ..lang.ru.stance import target_probabilities_ru
from ..lang.ru.stance_features import dense_features, sparse_features, target_tokens
from .ru_stance import SEED, _matrix, _vocabulary

#: The stance probabilities' weight beside the other features.
STANCE_WEIGHT = 3.0


def read_mentions(data: Path) -> list[dict[str, Any]]:
    """The annotated mentions with their parsed article."""
    docs: dict[str, RuDoc] = {}
    out = []
    for line in (data / "annotations.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 5:
            continue
        art = cols[0]
        if art not in docs:
            docs[art] = parse((data / "documents" / art).read_text(encoding="utf-8"))
        toks = target_tokens(docs[art], int(cols[2]), int(cols[3]) + 1)
        if toks:
            out.append({"article": art, "doc": docs[art], "toks": toks, "main": cols[4],
                        "fine": tuple(sorted(cols[5:]))})
    return out


def _features(mentions: list[dict[str, Any]]) -> tuple[list[dict[str, float]], np.ndarray]:
    sparse, dense = [], []
    for m in mentions:
        feats = sparse_features(m["doc"], m["toks"], None)
        probs = target_probabilities_ru(m["doc"], m["toks"], None) or {}
        for label, p in probs.items():
            feats[f"stance={label}"] = STANCE_WEIGHT * p
        sparse.append(feats)
        dense.append(dense_features(m["doc"], m["toks"]))
    return sparse, np.asarray(dense, dtype=np.float32)


def cross_validate(mentions: list[dict[str, Any]], c: float = 0.1, dense_weight: float = 0.5,
                   folds: int = 5) -> dict[str, Any]:
    """Grouped CV figures of the model and of the majority baseline."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    sparse, dense = _features(mentions)
    main = np.asarray([m["main"] for m in mentions])
    fine = [m["fine"] for m in mentions]
    arts = sorted({m["article"] for m in mentions})
    perm = np.random.default_rng(SEED).permutation(len(arts))
    groups = np.asarray([perm[arts.index(m["article"])] for m in mentions])
    pred = np.empty(len(main), dtype=object)
    fine_pred: list[tuple[str, ...]] = [()] * len(main)
    for tr, te in GroupKFold(n_splits=folds).split(main, groups=groups):
        vocab = _vocabulary([sparse[i] for i in tr])
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        clf.fit(_matrix([sparse[i] for i in tr], vocab, dense[tr], dense_weight), main[tr])
        pred[te] = clf.predict(_matrix([sparse[i] for i in te], vocab, dense[te], dense_weight))
        usual = {r: Counter(fine[i] for i in tr if main[i] == r).most_common(1)[0][0]
                 for r in set(main[tr].tolist())}
        for i in te:
            fine_pred[i] = usual[pred[i]]
    majority = Counter(main.tolist()).most_common(1)[0][0]
    fine_majority = Counter(fine).most_common(1)[0][0]
    return {
        "mentions": len(main), "articles": len(arts), "roles": dict(Counter(main.tolist())),
        "model": {"main_macro_f1": round(float(f1_score(main, pred, average="macro")), 3),
                  "main_accuracy": round(float((pred == main).mean()), 3),
                  "fine_exact": round(float(np.mean([a == b for a, b in zip(fine_pred, fine,
                                                                           strict=True)])), 3)},
        "majority": {"main_macro_f1": round(float(f1_score(main, [majority] * len(main),
                                                           average="macro")), 3),
                     "main_accuracy": round(float((main == majority).mean()), 3),
                     "fine_exact": round(float(np.mean([f == fine_majority for f in fine])), 3)},
    }
