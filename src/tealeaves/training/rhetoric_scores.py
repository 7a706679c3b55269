"""The tagger gate, the technique classifier on PTC plus SemEval-2023, and calibrated scores.

Three steps that need no torch (the fine-tuned span tagger and the CRF stay as shipped):

1. :func:`gate_table`: on articles no shipped model saw (the SemEval-2023 English
   articles), SI F1 and the share of sentences the MiniLM tagger reads, for each gate
   (``SpanFinder.gate``: the tagger reads a sentence only where a CRF marginal reaches it).
2. :func:`cross_validate_tc`: technique classification over gold spans, 5 folds grouped by
   article (the PTC folds of ``training.rhetoric.grouped_folds``, the SemEval articles dealt
   into 5 folds the same way), trained on PTC only or on PTC plus SemEval; the out-of-fold
   models also label the spans the shipped span finder finds in the SemEval articles.
3. :func:`calibration_rows` / :func:`fit_calibrator`: a finding is *right* when a gold span
   of the same technique overlaps it; a logistic regression over the finding's raw evidence
   (span probability, technique probability, nested or not) turns them into the probability
   of being right. Expected calibration error and the reliability table come from 5 folds
   over the SemEval articles (:func:`cv_calibration`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..evaluate.ptc import PRF, si_score
from ..stages.rhetoric.calibration import Calibrator, raw_features
from ..stages.rhetoric.classifier import TechniqueClassifier
from ..stages.rhetoric.features import sentence_units
from ..stages.rhetoric.techniques import (
    NAME_CALLING,
    NESTED_NAME_CALLING,
    SpanFinder,
    decode_flat,
    flat_offsets,
    flat_probs,
    mix,
    nested_candidates,
)
from .rhetoric import ArticleProbs, Parsed, fit_tc, grouped_folds, tc_predict

log = logging.getLogger(__name__)

#: Gates tried (None: every sentence through the tagger).
GATES: tuple[float | None, ...] = (None, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1, 0.15)
#: Bins of the reliability table.
BINS = 10
#: Minimum scores tried for the default of ``--min-score``.
MIN_SCORE_GRID: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(16))


def ungated_probs(finder: SpanFinder, items: Sequence[Parsed]) -> dict[str, ArticleProbs]:
    """CRF marginals and tagger probabilities of every sentence (no gate)."""
    ungated = SpanFinder(finder.tagger, finder.threshold, finder.min_chars, finder.tokens,
                         finder.crf_weight, finder.low, None)
    return {p.article.id: [(crf, tok) for _t, crf, tok in ungated.unit_probs(p.doc)]
            for p in items}


def gated_spans(finder: SpanFinder, item: Parsed, probs: ArticleProbs,
                gate: float | None) -> list[tuple[int, int, float]]:
    """The spans *finder* decodes when the tagger's probabilities of the sentences the gate
    keeps from it are 0 (the windows' context is the ungated one: a close estimate)."""
    units = []
    for crf, tok in probs:
        if tok is not None and gate is not None and (not len(crf) or crf.max() < gate):
            tok = np.zeros_like(tok)
        units.append(mix(crf, tok, finder.crf_weight))
    starts, ends = flat_offsets(sentence_units(item.doc))
    return decode_flat(flat_probs(units), starts, ends, finder.threshold, finder.low,
                       finder.min_chars)


def gate_table(finder: SpanFinder, items: Sequence[Parsed], probs: dict[str, ArticleProbs],
               gates: Sequence[float | None] = GATES) -> list[dict[str, Any]]:
    """SI F1 and the share of sentences (and of word-piece characters) the tagger reads, per
    gate."""
    rows = []
    gold = {p.article.id: p.article.si_spans for p in items}
    for g in gates:
        pred, kept, total, kept_chars, chars = {}, 0, 0, 0, 0
        for p in items:
            pr = probs[p.article.id]
            pred[p.article.id] = [(s, e) for s, e, _ in gated_spans(finder, p, pr, g)]
            for (crf, _tok), toks in zip(pr, sentence_units(p.doc), strict=True):
                on = g is None or (len(crf) > 0 and crf.max() >= g)
                size = toks[-1].idx + len(toks[-1]) - toks[0].idx
                total += 1
                kept += on
                chars += size
                kept_chars += size * on
        f = si_score(pred, gold)
        rows.append({"gate": g, "si_f1": round(f.f1, 4), "si_p": round(f.precision, 4),
                     "si_r": round(f.recall, 4), "sentences_read": round(kept / max(total, 1), 3),
                     "chars_read": round(kept_chars / max(chars, 1), 3)})
    return rows


@dataclass
class TcCv:
    """Out-of-fold technique classification."""

    ptc_f1: float
    extra_f1: float
    fold_of: dict[str, int]
    models: list[TechniqueClassifier]


def _micro(pred: list[list[str]], items: Sequence[Parsed]) -> float:
    from ..evaluate.ptc import tc_micro_f1

    p = [(it.article.id, s, e, lab) for it, labs in zip(items, pred, strict=True)
         for (s, e, _t), lab in zip(it.article.spans, labs, strict=True)]
    g = [(it.article.id, s, e, t) for it in items for s, e, t in it.article.spans]
    return tc_micro_f1(p, g).f1


def tc_f1(clf: TechniqueClassifier, items: Sequence[Parsed]) -> float:
    """TC micro-F1 of *clf* on the gold spans of *items*."""
    return _micro([tc_predict(clf, p) for p in items], items)


def cross_validate_tc(ptc: Sequence[Parsed], extra: Sequence[Parsed], k: int = 5,
                      use_extra: bool = True,
                      progress: Callable[[str], None] = log.info) -> TcCv:
    """TC micro-F1 on the PTC folds and on the extra (SemEval) folds; fold f's model is
    trained on the other folds of PTC and, with *use_extra*, of the extra articles."""
    pf = grouped_folds([p.article.id for p in ptc], k)
    ef = grouped_folds([p.article.id for p in extra], k)
    preds_p: dict[int, list[str]] = {}
    preds_e: dict[int, list[str]] = {}
    models = []
    fold_of: dict[str, int] = {}
    for f in range(k):
        train = [ptc[i] for g in range(k) if g != f for i in pf[g]]
        if use_extra:
            train += [extra[i] for g in range(k) if g != f for i in ef[g]]
        clf = fit_tc(train)
        models.append(clf)
        for i in pf[f]:
            preds_p[i] = tc_predict(clf, ptc[i])
        for i in ef[f]:
            preds_e[i] = tc_predict(clf, extra[i])
            fold_of[extra[i].article.id] = f
        progress(f"TC fold {f + 1}/{k} done")
    ptc_f1 = _micro([preds_p[i] for i in range(len(ptc))], ptc)
    extra_f1 = _micro([preds_e[i] for i in range(len(extra))], extra)
    return TcCv(ptc_f1, extra_f1, fold_of, models)


def findings(finder: SpanFinder, clf: TechniqueClassifier, item: Parsed,
             spans: list[tuple[int, int, float]]) -> list[tuple[int, int, str, float, float, bool]]:
    """``(start, end, technique, span probability, technique probability, nested)`` of the
    findings ``find_techniques`` reports for *spans* (the span finder's output)."""
    if not spans:
        return []
    cands = nested_candidates(item.doc, spans) if NAME_CALLING in clf.classes else []
    both = [(s, e) for s, e, _ in spans] + [(s, e) for s, e, _ in cands]
    probs = clf.predict_proba(item.article.text, both, item.doc)
    classes = list(clf.classes)
    out = []
    for (s, e, p), row in zip(spans, probs[: len(spans)], strict=True):
        k = int(np.argmax(row))
        out.append((s, e, classes[k], float(p), float(row[k]), False))
    nk = classes.index(NAME_CALLING) if NAME_CALLING in classes else -1
    for (s, e, host), row in zip(cands, probs[len(spans):], strict=True):
        if nk >= 0 and row[nk] >= NESTED_NAME_CALLING:
            out.append((s, e, NAME_CALLING, float(host), float(row[nk]), True))
    return out


def is_right(start: int, end: int, technique: str, gold: Sequence[tuple[int, int, str]]) -> bool:
    """Whether a gold span of the same technique overlaps ``[start, end)``."""
    return any(t == technique and s < end and start < e for s, e, t in gold)


def calibration_rows(finder: SpanFinder, cv: TcCv, items: Sequence[Parsed],
                     probs: dict[str, ArticleProbs], gate: float | None
                     ) -> list[tuple[str, int, int, str, np.ndarray, bool]]:
    """One row per finding in *items*: article id, offsets, technique, raw features, right."""
    rows = []
    for p in items:
        clf = cv.models[cv.fold_of[p.article.id]]
        spans = gated_spans(finder, p, probs[p.article.id], gate)
        for s, e, tech, ps, pt, nested in findings(finder, clf, p, spans):
            rows.append((p.article.id, s, e, tech, raw_features(ps, pt, nested),
                         is_right(s, e, tech, p.article.spans)))
    return rows


def fit_calibrator(x: np.ndarray, y: np.ndarray) -> Calibrator:
    """Logistic regression over the raw features (``calibration.raw_features``)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return Calibrator(tuple(float(w) for w in model.coef_[0]), float(model.intercept_[0]))


def reliability(scores: np.ndarray, right: np.ndarray, bins: int = BINS) -> tuple[float,
                                                                                list[dict[str, Any]]]:
    """Expected calibration error (equal-width bins, weighted by count) and the table."""
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = edges[b], edges[b + 1]
        sel = (scores >= lo) & ((scores < hi) if b < bins - 1 else (scores <= hi))
        n = int(sel.sum())
        if not n:
            continue
        conf, acc = float(scores[sel].mean()), float(right[sel].mean())
        ece += n / len(scores) * abs(conf - acc)
        table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": n, "mean_score": round(conf, 3),
                      "share_right": round(acc, 3)})
    return ece, table


def cv_calibration(rows: Sequence[tuple[str, int, int, str, np.ndarray, bool]],
                   k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold calibrated scores (folds grouped by article) and the right/wrong flags."""
    ids = sorted({r[0] for r in rows})
    folds = grouped_folds(ids, k)
    fold_of = {ids[i]: f for f, idx in enumerate(folds) for i in idx}
    x = np.array([r[4] for r in rows])
    y = np.array([r[5] for r in rows], dtype=float)
    fold = np.array([fold_of[r[0]] for r in rows])
    out = np.zeros(len(rows))
    for f in range(k):
        test = fold == f
        if not test.any():
            continue
        cal = fit_calibrator(x[~test], y[~test])
        out[test] = [cal.score_raw(v) for v in x[test]]
    return out, y


def best_min_score(rows: Sequence[tuple[str, int, int, str, np.ndarray, bool]],
                   scores: np.ndarray, items: Sequence[Parsed],
                   grid: Sequence[float] | None = None) -> tuple[float, list[dict[str, Any]]]:
    """The threshold on the (out-of-fold) calibrated score with the best F1 of findings:
    precision = right findings ÷ findings, recall = gold spans overlapped by a right finding
    of their technique ÷ gold spans."""
    gold = [(p.article.id, s, e, t) for p in items for s, e, t in p.article.spans]
    table = []
    for t in grid if grid is not None else MIN_SCORE_GRID:
        kept = [r for r, sc in zip(rows, scores, strict=True) if sc >= t]
        right = sum(r[5] for r in kept)
        prec = right / len(kept) if kept else 0.0
        hit = sum(1 for a, s, e, tech in gold
                  if any(r[0] == a and r[3] == tech and r[1] < e and s < r[2] and r[5]
                         for r in kept))
        rec = hit / len(gold) if gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        table.append({"min_score": t, "findings": len(kept), "precision": round(prec, 3),
                      "recall": round(rec, 3), "f1": round(f1, 4)})
    best = max(table, key=lambda r: (r["f1"], -r["min_score"]))
    return float(best["min_score"]), table


__all__ = ["GATES", "PRF", "TcCv", "best_min_score", "calibration_rows", "cross_validate_tc",
           "cv_calibration", "findings", "fit_calibrator", "gate_table", "reliability",
           "tc_f1", "ungated_probs"]
