"""Training the source-kind classifier (:mod:`tealeaves.stages.sourcing.kind_model`).

Examples are the claims the pipeline finds in the labelled PolNeAR **train** articles, paired
with gold attributions exactly as ``tealeaves evaluate sourcing-kinds`` pairs them; each
example is the predicted source span's features (computed with the rules alone, so the rules'
kind is one of them) and the hand label of the paired gold Source span
(``data/polnear-source-kinds/train-*.tsv``). Claims without a source span are left out: the
model never sees them at run time either. Dev labels are never read here.

The model is a multinomial logistic regression over one-hot features (a feature kept when it
occurs in at least ``MIN_COUNT`` examples). Everything is chosen by a 5-fold cross-validation
grouped by article: ``C`` by out-of-fold log-loss, the softmax temperature by the out-of-fold
scores' log-loss (:func:`tealeaves.evaluate.calibration.fit_temperature`), and the decision
policy — the model's kind replaces the rules' when its calibrated probability reaches a
threshold — by out-of-fold kind accuracy (ties: the higher threshold, the smaller change).
That threshold is shipped only when the kinds it changes out of fold are right more often
than wrong by a one-sided sign test at ``ALPHA``; otherwise the shipped threshold is
``NEVER`` and the rules keep every kind (the model still gives calibrated probabilities).

Run ``python -m tealeaves.training.source_kinds`` (``--help`` for the options); it writes
``resources/source_kind/model.json`` (sorted keys, rounded weights: byte-stable) and prints
the cross-validated figures.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.calibration import expected_calibration_error, fit_temperature, softmax
from ..evaluate.polnear import iter_articles
from ..evaluate.source_kinds import LABELS_DIR, label_files, read_labels
from ..evaluate.sourcing import match_pairs

ROOT = Path(__file__).resolve().parents[3]
TRAIN = ROOT.parent / "shared" / "data" / "polnear" / "train"
OUT = ROOT / "src" / "tealeaves" / "resources" / "source_kind"
MIN_COUNT = 3
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
#: A threshold above every probability: the rules keep every kind.
NEVER = 1.01
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(0, 20)) + (NEVER,)
#: The policy's gain over the rules must pass a one-sided sign test at this level, else the
#: rules decide (a handful of out-of-fold changes is no evidence either way).
ALPHA = 0.05
FOLDS = 5


@dataclass(frozen=True)
class Example:
    article: str
    features: dict[str, float]
    rule: str
    gold: str


def collect(root: Path, label_paths: Sequence[Path]) -> list[Example]:
    """Features, rules' kind and label of every labelled pair in the PolNeAR part *root*."""
    from ..model import Article
    from ..nlp import load_model
    from ..stages.actors.build import find_actors
    from ..stages.sourcing import kind_model
    from ..stages.sourcing.claims import find_claims
    from ..stages.sourcing.cues import vocabulary
    from ..stages.sourcing.quotes import find_quotes
    from ..stages.syntax import MentionIndex

    labels = read_labels(label_paths)
    files = {k[0] for k in labels}
    golds = [g for g in iter_articles(root) if g.name in files]
    nlp = load_model()
    out: list[Example] = []
    for gold, doc in zip(golds, nlp.pipe(g.text for g in golds), strict=True):
        actors = find_actors(doc, Article.from_text(gold.text))
        with kind_model.rules_only():
            claims = find_claims(doc, actors)
        ctx = kind_model.SpanContext(doc, MentionIndex(actors), vocabulary(),
                                     find_quotes(gold.text))
        by_id = {a.id: a for a in actors}
        for claim, att in match_pairs(claims, gold)[2]:
            src = claim.source
            if att.source is None or src.start is None or src.end is None:
                continue
            kind = labels.get((gold.name, att.source.start, att.source.end))
            if kind is None:
                continue
            cue = (claim.cue.start, claim.cue.end) if claim.cue is not None else None
            feats = kind_model.span_features(ctx, (src.start, src.end), cue, src.kind,
                                             by_id.get(src.actor or ""))
            out.append(Example(gold.name, feats, src.kind, kind))
    return out


def vocabulary_of(examples: Sequence[Example], min_count: int = MIN_COUNT) -> list[str]:
    """Features present in at least *min_count* examples, sorted."""
    counts: Counter[str] = Counter(f for e in examples for f in e.features)
    return sorted(f for f, n in counts.items() if n >= min_count)


def matrix(examples: Sequence[Example], names: Sequence[str]) -> np.ndarray:
    index = {n: i for i, n in enumerate(names)}
    X = np.zeros((len(examples), len(names)))
    for row, e in enumerate(examples):
        for f, v in e.features.items():
            if f in index:
                X[row, index[f]] = v
    return X


def _fit(X: np.ndarray, y: np.ndarray, C: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000).fit(X, y)


def oof_scores(examples: Sequence[Example], classes: Sequence[str], C: float,
               folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold linear scores (examples x classes), folds grouped by article; each fold's
    feature vocabulary comes from its training part alone."""
    from sklearn.model_selection import GroupKFold

    y = np.array([classes.index(e.gold) for e in examples])
    groups = [e.article for e in examples]
    scores = np.zeros((len(examples), len(classes)))
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
        train = [examples[i] for i in tr]
        names = vocabulary_of(train)
        model = _fit(matrix(train, names), y[tr], C)
        # log-probabilities: the linear scores up to a shift per row, which no softmax sees
        part = model.predict_log_proba(matrix([examples[i] for i in te], names))
        for k, c in enumerate(model.classes_):
            scores[te, c] = part[:, k]
        missing = set(range(len(classes))) - set(model.classes_)
        for c in missing:
            scores[te, c] = -1e3
    return scores


def decide(rules: Sequence[str], probs: np.ndarray, classes: Sequence[str],
           threshold: float) -> list[str]:
    """The policy of :meth:`KindModel.decide` over many examples."""
    out = []
    for rule, p in zip(rules, probs, strict=True):
        best = int(p.argmax())
        keep = rule == "rumour" or classes[best] == rule or p[best] < threshold
        out.append(rule if keep else classes[best])
    return out


def figures(predicted: Sequence[str], gold: Sequence[str]) -> dict[str, float]:
    """Kind accuracy and anonymous precision, recall and F1."""
    n = len(gold)
    right = sum(p == g for p, g in zip(predicted, gold, strict=True))
    tp = sum(p == g == "anonymous" for p, g in zip(predicted, gold, strict=True))
    pp = sum(p == "anonymous" for p in predicted)
    gp = sum(g == "anonymous" for g in gold)
    prec = tp / pp if pp else 0.0
    rec = tp / gp if gp else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": n, "kind_accuracy": round(right / n, 4) if n else 0.0,
            "anonymous_precision": round(prec, 4), "anonymous_recall": round(rec, 4),
            "anonymous_f1": round(f1, 4)}


def changes(rules: Sequence[str], decided: Sequence[str], gold: Sequence[str]
            ) -> tuple[int, int]:
    """How many of the rules' kinds the policy puts right, and how many it puts wrong."""
    trio = list(zip(rules, decided, gold, strict=True))
    return (sum(d == g != r for r, d, g in trio), sum(r == g != d for r, d, g in trio))


def sign_test(fixes: int, breaks: int) -> float:
    """One-sided exact sign test (McNemar's on the changed examples): the chance of at least
    *fixes* of ``fixes + breaks`` changes being right were each change a coin toss."""
    n = fixes + breaks
    if n == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(fixes, n + 1)) / 2 ** n


def cross_validate(examples: Sequence[Example]) -> dict[str, Any]:
    """Choose ``C``, the temperature and the threshold by grouped CV; the figures of the
    rules, of the model alone and of the chosen combination, all out of fold."""
    classes = sorted({e.gold for e in examples})
    y = np.array([classes.index(e.gold) for e in examples])
    from ..evaluate.calibration import log_loss

    by_c = {C: oof_scores(examples, classes, C) for C in C_GRID}
    losses = {C: log_loss(s, y) for C, s in by_c.items()}
    C = min(C_GRID, key=lambda c: (round(losses[c], 4), c))
    scores = by_c[C]
    temperature = fit_temperature(scores, y)
    probs = softmax(scores / temperature)
    rules = [e.rule for e in examples]
    gold = [e.gold for e in examples]
    table = {t: figures(decide(rules, probs, classes, t), gold) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (table[t]["kind_accuracy"], t))
    fixes, breaks = changes(rules, decide(rules, probs, classes, best), gold)
    p_value = sign_test(fixes, breaks)
    threshold = best if p_value <= ALPHA else NEVER
    conf = probs.max(axis=1)
    ok = probs.argmax(axis=1) == y
    return {
        "classes": classes, "C": C, "log_loss": {str(c): round(v, 4) for c, v in losses.items()},
        "temperature": temperature, "threshold": threshold,
        "best_threshold": {"threshold": best, "fixes": fixes, "breaks": breaks,
                           "p_value": round(p_value, 4)},
        "ece": round(expected_calibration_error(conf, ok), 4),
        "rules": figures(rules, gold),
        "model_alone": table[0.0],
        "combined": table[threshold],
        "best": table[best],
        "by_threshold": {str(t): table[t]["kind_accuracy"] for t in THRESHOLDS},
    }


def train(examples: Sequence[Example], cv: dict[str, Any]) -> dict[str, Any]:
    """The shipped record: the model fitted on every example with the CV's choices."""
    classes = cv["classes"]
    names = vocabulary_of(examples)
    y = np.array([classes.index(e.gold) for e in examples])
    model = _fit(matrix(examples, names), y, cv["C"])
    coef = np.zeros((len(classes), len(names)))
    intercept = np.zeros(len(classes))
    if len(model.classes_) == 2:  # one score row: the second class's logit, the first's 0
        coef[model.classes_[1]], intercept[model.classes_[1]] = model.coef_[0], model.intercept_[0]
    else:
        for k, c in enumerate(model.classes_):
            coef[c], intercept[c] = model.coef_[k], model.intercept_[k]
    return {
        "classes": classes,
        "features": names,
        "coef": [[round(float(v), 6) for v in row] for row in coef],
        "intercept": [round(float(v), 6) for v in intercept],
        "temperature": cv["temperature"],
        "policy": {"threshold": cv["threshold"], "best": cv["best_threshold"],
                   "alpha": ALPHA,
                   "rule": "the model's kind replaces the rules' when its probability "
                           "reaches threshold; best is the out-of-fold best, kept only when "
                           "its fixes beat its breaks by a sign test at alpha"},
        "meta": {"examples": len(examples), "articles": len({e.article for e in examples}),
                 "labels": "data/polnear-source-kinds/train-*.tsv (PolNeAR train)",
                 "min_count": MIN_COUNT, "C": cv["C"], "folds": FOLDS,
                 "cv": {k: cv[k] for k in ("rules", "model_alone", "best", "combined", "ece")}},
    }


def write_model(record: dict[str, Any], out: Path) -> Path:
    """``out/model.json``, byte-stable (sorted keys, one feature per line, no time stamp)."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "model.json"
    target.write_text(json.dumps(record, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tealeaves.training.source_kinds",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=TRAIN, help="PolNeAR train part")
    parser.add_argument("--labels", type=Path, nargs="*",
                        help="label files (default: data/polnear-source-kinds/train-*.tsv)")
    parser.add_argument("--out", type=Path, default=OUT, help="where model.json goes")
    parser.add_argument("--cv-only", action="store_true", help="print the CV, write nothing")
    args = parser.parse_args(argv)
    paths = args.labels or label_files("train", LABELS_DIR)
    if any(p.name.startswith("dev") for p in paths) or not args.root.is_dir():
        print("error: train labels and a PolNeAR train folder are needed", file=sys.stderr)
        return 2
    examples = collect(args.root, paths)
    cv = cross_validate(examples)
    print(json.dumps({k: v for k, v in cv.items() if k != "by_threshold"}, indent=1))
    print("accuracy by threshold:", json.dumps(cv["by_threshold"]))
    if not args.cv_only:
        print("wrote", write_model(train(examples, cv), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
