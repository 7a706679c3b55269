"""Training the framing model on SemEval-2025 Task 10 entity framing (English training part,
``../shared/data/entity-framing/en``).

Each annotated mention becomes one row: :func:`tealeaves.stages.stance.framing.actor_vector`
over every occurrence of the mention's text in its article (the runtime reads an actor's name
mentions the same way). Rows for the "not cast" side of the gate are the other named
entities spaCy finds in the same articles (people, organisations, places, groups) that no
annotation names: the annotators cast the entities the article casts, so those it left are
the nearest thing to "named but not cast" the data has.

Three logistic regressions over the standardised vectors: the gate (cast or not), the main
role (three classes) and the fine role (one class per fine role; a mention with two fine
roles gives two rows of half weight). Every choice (``C``, class weighting, the share at
which a second fine role is named) is made by 5-fold cross-validation grouped by article
(:func:`tealeaves.evaluate.framing.cross_validate`); the main role's softmax temperature is
fitted inside each training fold on a 3-fold inner split, so the out-of-fold confidences
that give the reported ECE were never fitted on their own rows. The final model is fitted
on all rows and written, standardisation folded in, as ``model.json.gz``.

Entry point: ``scripts/train_framing.py``; ``tealeaves evaluate framing`` runs the CV.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from ..embeddings import encode_docs
from ..evaluate.calibration import fit_temperature, softmax
from ..evaluate.framing import (
    ALL_FINE,
    MAIN_ROLES,
    CvScores,
    Mention,
    Prediction,
    article_folds,
    cross_validate,
    exact_match,
    read_annotations,
)
from ..nlp import load_model
from ..stages.stance.framing import WIDTH, actor_vector, pick_fine
from .stance import write_model  # the same byte-stable model.json.gz

SEED = 13
C_GRID: tuple[float, ...] = (0.003, 0.01, 0.03)
WEIGHTS: tuple[str | None, ...] = ("balanced", None)
SECOND_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 1.01)
#: spaCy entity labels taken as "not cast" candidates, and the actor kind each maps to.
ENT_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place",
             "FAC": "place", "NORP": "group"}
#: At most this many "not cast" entities per article (drawn with SEED).
NEG_PER_ARTICLE = 8


@dataclass
class Rows:
    """The feature matrix: cast rows first (with their roles), then "not cast" rows."""

    X: np.ndarray
    cast: np.ndarray  # bool per row
    groups: list[str]
    roles: list[str]  # per cast row
    fine: list[tuple[str, ...]]  # per cast row

    @property
    def n_cast(self) -> int:
        return len(self.roles)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def _kind(doc: Any, start: int, end: int) -> str:
    for ent in doc.ents:
        if ent.start_char < end and start < ent.end_char:
            return ENT_KINDS.get(ent.label_, "other")
    return "other"


def _negatives(doc: Any, text: str, taken: list[Mention], rng: random.Random
               ) -> list[tuple[list[tuple[int, int]], str]]:
    names = {m.text.lower() for m in taken}
    spans = [(m.start, m.end) for m in taken]
    seen: dict[str, tuple[list[tuple[int, int]], str]] = {}
    for ent in doc.ents:
        kind = ENT_KINDS.get(ent.label_)
        name = ent.text.strip()
        low = name.lower()
        if kind is None or len(name) < 2 or low in seen:
            continue
        if any(low in n or n in low for n in names):
            continue
        if any(ent.start_char < b and a < ent.end_char for a, b in spans):
            continue
        seen[low] = (_occurrences(text, name) or [(ent.start_char, ent.end_char)], kind)
    keys = sorted(seen)
    rng.shuffle(keys)
    return [seen[k] for k in keys[:NEG_PER_ARTICLE]]


def featurize(folder: Path, cache: Path | None = None) -> Rows:
    """Parse and encode every article once; one vector per annotated mention and per drawn
    "not cast" entity. With *cache* (a ``.npz`` file), the rows are kept there and read back
    on the next run."""
    if cache is not None and cache.is_file():
        with np.load(cache, allow_pickle=False) as z:
            fine = [tuple(x for x in row.split("|") if x) for row in z["fine"].tolist()]
            return Rows(z["X"], z["cast"], z["groups"].tolist(), z["roles"].tolist(), fine)
    rows = _featurize(folder)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, X=rows.X, cast=rows.cast, groups=np.array(rows.groups),
                 roles=np.array(rows.roles), fine=np.array(["|".join(f) for f in rows.fine]))
    return rows


def _featurize(folder: Path) -> Rows:
    mentions, texts = read_annotations(folder)
    nlp = load_model()
    ids = sorted(texts)
    docs = dict(zip(ids, nlp.pipe([texts[i] for i in ids], batch_size=16), strict=True))
    encode_docs(list(docs.values()))
    rng = random.Random(SEED)
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.article, []).append(m)
    pos, neg, groups, roles, fine = [], [], [], [], []
    neg_groups = []
    for art in ids:
        doc, text = docs[art], texts[art]
        sents = list(doc.sents)
        for m in by_article[art]:
            spans = sorted(set(_occurrences(text, m.text)) | {(m.start, m.end)})
            x = actor_vector(doc, spans, _kind(doc, m.start, m.end), sents=sents)
            if x is None:
                x = np.zeros(WIDTH, dtype=np.float32)
            pos.append(x)
            groups.append(art)
            roles.append(m.role)
            fine.append(m.fine)
        for spans, kind in _negatives(doc, text, by_article[art], rng):
            x = actor_vector(doc, spans, kind, sents=sents)
            if x is not None:
                neg.append(x)
                neg_groups.append(art)
    X = np.vstack(pos + neg)
    cast = np.array([True] * len(pos) + [False] * len(neg))
    return Rows(X, cast, groups + neg_groups, roles, fine)


class Standardiser:
    def __init__(self, X: np.ndarray) -> None:
        self.mu = X.mean(axis=0)
        self.sd = X.std(axis=0) + 1e-6

    def __call__(self, X: np.ndarray) -> np.ndarray:
        return np.asarray((X - self.mu) / self.sd)


def _lr(c: float, weight: str | None) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=500, class_weight=weight)


def _fine_rows(idx: np.ndarray, fine: list[tuple[str, ...]]
               ) -> tuple[np.ndarray, list[str], np.ndarray]:
    rows, labels, weights = [], [], []
    for i in idx:
        for f in fine[i]:
            rows.append(i)
            labels.append(f)
            weights.append(1.0 / len(fine[i]))
    return np.array(rows), labels, np.array(weights)


@dataclass(frozen=True)
class RoleFit:
    """The main-role and fine-role regressions fitted on some rows, and the temperature."""

    std: Standardiser
    main: LogisticRegression
    fine: LogisticRegression
    temperature: float

    def main_scores(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.main.decision_function(self.std(X)))

    def fine_scores(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.fine.decision_function(self.std(X)))


def _role_index(roles: list[str], idx: np.ndarray) -> np.ndarray:
    return np.array([MAIN_ROLES.index(roles[i]) for i in idx])


def fit_roles(X: np.ndarray, roles: list[str], fine: list[tuple[str, ...]], idx: np.ndarray,
              c: float, weight: str | None, groups: list[str]) -> RoleFit:
    """Main and fine regressions on rows *idx*; the temperature from a 3-fold inner split
    of those rows grouped by article."""
    std = Standardiser(X[idx])
    y = np.array([roles[i] for i in idx])
    main = _lr(c, weight).fit(std(X[idx]), y)
    inner_scores = np.zeros((len(idx), 3))
    sub_groups = [groups[i] for i in idx]
    for te in article_folds(sub_groups, 3, SEED):
        tr = np.setdiff1d(np.arange(len(idx)), te)
        s = Standardiser(X[idx[tr]])
        m = _lr(c, weight).fit(s(X[idx[tr]]), y[tr])
        inner_scores[te] = _ordered(m, m.decision_function(s(X[idx[te]])))
    temperature = fit_temperature(inner_scores, _role_index(roles, idx))
    rows, labels, w = _fine_rows(idx, fine)
    fine_lr = _lr(c, None).fit(std(X[rows]), labels, sample_weight=w)
    return RoleFit(std, main, fine_lr, temperature)


def _ordered(model: LogisticRegression, scores: np.ndarray) -> np.ndarray:
    """Decision values with columns in :data:`MAIN_ROLES` order."""
    cols = [list(model.classes_).index(r) for r in MAIN_ROLES]
    return np.asarray(scores)[:, cols]


def role_recipe(rows: Rows, c: float, weight: str | None, second: float,
                fine_scores: dict[int, np.ndarray] | None = None):  # type: ignore[no-untyped-def]
    """A :data:`tealeaves.evaluate.framing.Recipe` over the cast rows (fine scores of every
    test row are kept in *fine_scores* so other ``second`` values can be tried on them)."""
    X = rows.X[: rows.n_cast]

    def fit(train: np.ndarray):  # type: ignore[no-untyped-def]
        model = fit_roles(X, rows.roles, rows.fine, train, c, weight, rows.groups)

        def predict(test: np.ndarray) -> Prediction:
            p = softmax(_ordered(model.main, model.main_scores(X[test])) / model.temperature)
            fs = model.fine_scores(X[test])
            names = list(model.fine.classes_)
            out_r, out_f, out_s = [], [], []
            for j, i in enumerate(test):
                k = int(p[j].argmax())
                out_r.append(MAIN_ROLES[k])
                out_s.append(float(p[j, k]))
                full = np.full(len(ALL_FINE), -1e9)
                for n, name in enumerate(names):
                    full[ALL_FINE.index(name)] = fs[j, n]
                if fine_scores is not None:
                    fine_scores[int(i)] = full
                out_f.append(pick_fine(full, ALL_FINE, MAIN_ROLES[k], second))
            return out_r, out_f, out_s

        return predict

    return fit


def cv_roles(rows: Rows, c: float, weight: str | None) -> tuple[CvScores, float, dict[str, Any]]:
    """Grouped 5-fold CV of one setting; the best ``second`` by exact match on its
    out-of-fold fine scores; the figures at that ``second``."""
    kept: dict[int, np.ndarray] = {}
    res = cross_validate(role_recipe(rows, c, weight, 1.01, kept), rows.roles, rows.fine,
                         rows.groups[: rows.n_cast], 5, SEED)
    best, best_em = 1.01, -1.0
    for second in SECOND_GRID:
        pred = [pick_fine(kept[i], ALL_FINE, res.role[i], second) for i in range(rows.n_cast)]
        em = exact_match(res.gold_fine, pred)
        if em > best_em:
            best, best_em, best_pred = second, em, pred
    res.fine = best_pred
    return res, best, res.figures()


def choose(rows: Rows) -> tuple[float, str | None, float, dict[str, Any]]:
    """The (C, class weighting, second) with the best CV main-role macro-F1 (ties: exact match)."""
    best: tuple[float, str | None, float, dict[str, Any]] | None = None
    for weight in WEIGHTS:
        for c in C_GRID:
            _res, second, fig = cv_roles(rows, c, weight)
            print(f"C={c} weight={weight} second={second}: macro-F1 "
                  f"{fig['main_role_macro_f1']:.3f} EMR {fig['exact_match']:.3f} "
                  f"ECE {fig['ece']:.3f}", flush=True)
            key = (fig["main_role_macro_f1"], fig["exact_match"])
            if best is None or key > (best[3]["main_role_macro_f1"], best[3]["exact_match"]):
                best = (c, weight, second, fig)
    assert best is not None
    return best


#: Cast-probability thresholds tried for the gate (chosen by the F1 of the "cast" side).
THRESHOLDS: tuple[float, ...] = (0.3, 0.35, 0.4, 0.45, 0.5)


def cv_gate(rows: Rows, c: float) -> dict[str, float]:
    """Grouped 5-fold CV of the cast-or-not gate: the threshold with the best F1 of the cast
    side, and at it accuracy, precision and recall of cast rows, and the ECE of the
    probability of the side chosen."""
    from ..evaluate.calibration import expected_calibration_error

    y = rows.cast.astype(int)
    prob = np.zeros(len(y))
    for te in article_folds(rows.groups, 5, SEED):
        tr = np.setdiff1d(np.arange(len(y)), te)
        std = Standardiser(rows.X[tr])
        m = _lr(c, None).fit(std(rows.X[tr]), y[tr])
        prob[te] = m.predict_proba(std(rows.X[te]))[:, 1]

    def f1(t: float) -> float:
        pred = prob >= t
        tp = float((pred & rows.cast).sum())
        return 2 * tp / max(float(pred.sum() + rows.cast.sum()), 1.0)

    threshold = max(THRESHOLDS, key=f1)
    pred = prob >= threshold
    conf = np.where(prob >= 0.5, prob, 1 - prob)
    return {
        "n": len(y), "n_cast": int(y.sum()), "threshold": threshold,
        "accuracy": float((pred == rows.cast).mean()),
        "cast_f1": f1(threshold),
        "cast_recall": float(pred[rows.cast].mean()),
        "cast_precision": float(rows.cast[pred].mean()) if pred.any() else 0.0,
        "ece": expected_calibration_error(conf.tolist(), ((prob >= 0.5) == rows.cast).tolist()),
    }


def _fold(lr: LogisticRegression, std: Standardiser, order: list[int] | None = None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias over raw vectors: ``w . (x - mu) / sd + b``."""
    coef = lr.coef_ if order is None else lr.coef_[order]
    bias = lr.intercept_ if order is None else lr.intercept_[order]
    w = coef / std.sd
    return w, bias - w @ std.mu


def final_record(rows: Rows, c: float, weight: str | None, second: float, gate_c: float,
                 figures: dict[str, Any], threshold: float = 0.5) -> dict[str, Any]:
    """Fit on all rows; the JSON the framing stage loads."""
    idx = np.arange(rows.n_cast)
    roles = fit_roles(rows.X[: rows.n_cast], rows.roles, rows.fine, idx, c, weight, rows.groups)
    order = [list(roles.main.classes_).index(r) for r in MAIN_ROLES]
    main_w, main_b = _fold(roles.main, roles.std, order)
    fine_w, fine_b = _fold(roles.fine, roles.std)
    gstd = Standardiser(rows.X)
    gate = _lr(gate_c, None).fit(gstd(rows.X), rows.cast.astype(int))
    gate_w, gate_b = _fold(gate, gstd)

    def r(a: np.ndarray) -> Any:
        return np.round(a.astype(float), 6).tolist()

    return {
        "gate": r(gate_w[0]), "gate_bias": float(gate_b[0]), "gate_threshold": threshold,
        "main": r(main_w), "main_bias": r(main_b), "main_temperature": roles.temperature,
        "fine_roles": [str(x) for x in roles.fine.classes_], "fine": r(fine_w),
        "fine_bias": r(fine_b), "second": second,
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": f"SemEval-2025 Task 10 subtask 1, English training part: {rows.n_cast} "
                    f"mentions, {int((~rows.cast).sum())} not-cast entities",
            "C": c, "class_weight": weight, "gate_C": gate_c, "seed": SEED,
            "cv": "5-fold, grouped by article", "figures": figures,
            "width": int(rows.X.shape[1]),
            "role_counts": dict(Counter(rows.roles)),
        },
    }


def train(data: Path, out: Path, cache: Path | None = None, refit: bool = False) -> Path:
    """Featurise, choose by grouped CV, fit on all and write ``out/model.json.gz``.

    With *refit*, the ``C``, class weighting and gate ``C`` recorded in the model already in
    *out* are kept (not re-chosen), say after an encoder change; the second-role share and
    the gate's threshold, which belong to a setting's own CV, are measured again."""
    recorded = recorded_meta(out) if refit else None
    with threadpool_limits(1):  # small fits: BLAS threads only fight over shared cores
        return _train(data, out, cache, recorded)


def recorded_meta(out: Path) -> dict[str, Any]:
    """The ``meta`` block of ``out/model.json.gz`` (the settings a refit keeps)."""
    target = out / "model.json.gz"
    if not target.is_file():
        raise FileNotFoundError(f"{target}: no model to refit (train without --refit first)")
    with gzip.open(target, "rt", encoding="utf-8") as fh:
        return dict(json.load(fh)["meta"])


def _train(data: Path, out: Path, cache: Path | None,
           recorded: dict[str, Any] | None = None) -> Path:
    np.random.seed(SEED)
    rows = featurize(data, cache)
    print(f"{rows.n_cast} cast mentions, {int((~rows.cast).sum())} not-cast entities, "
          f"width {rows.X.shape[1]}", flush=True)
    if recorded is not None:
        c, weight = float(recorded["C"]), recorded.get("class_weight")
        _res, second, figures = cv_roles(rows, c, weight)
        print(f"recorded C={c} weight={weight} second={second}: macro-F1 "
              f"{figures['main_role_macro_f1']:.3f} EMR {figures['exact_match']:.3f} "
              f"ECE {figures['ece']:.3f}", flush=True)
        gate_c = float(recorded["gate_C"])
        gate = (gate_c, cv_gate(rows, gate_c))
    else:
        c, weight, second, figures = choose(rows)
        gate = max(((gc, cv_gate(rows, gc)) for gc in C_GRID), key=lambda t: t[1]["cast_f1"])
    print(f"gate C={gate[0]}: {gate[1]}")
    figures = {**figures, "gate": gate[1]}
    target = write_model(final_record(rows, c, weight, second, gate[0], figures,
                                      gate[1]["threshold"]), out)
    print(f"chosen C={c} weight={weight} second={second}: {figures}")
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return target


def evaluate(data: Path, c: float, weight: str | None, gate_c: float,
             cache: Path | None = None) -> dict[str, Any]:
    """The grouped CV figures of one setting (``tealeaves evaluate framing``)."""
    with threadpool_limits(1):
        rows = featurize(data, cache)
        _res, second, figures = cv_roles(rows, c, weight)
        return {**figures, "second": second, "C": c, "class_weight": weight,
                "gate": cv_gate(rows, gate_c)}
