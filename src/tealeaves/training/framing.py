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
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from ..evaluate.calibration import fit_temperature, softmax
from ..evaluate.framing import (
    ALL_FINE,
    MAIN_ROLES,
    CvScores,
    Prediction,
    article_folds,
    cross_validate,
    exact_match,
)
from ..stages.stance.framing import FINE_ROLES, pick_fine
from ..stages.stance.framing_features import LEGACY_GROUPS
from .framing_rows import SEED, Rows, featurize
from .framing_rows import _occurrences as _occurrences
from .stance import write_model  # the same byte-stable model.json.gz

C_GRID: tuple[float, ...] = (0.003, 0.01, 0.03)
WEIGHTS: tuple[str | None, ...] = ("balanced", None)
SECOND_GRID: tuple[float, ...] = (0.3, 0.4, 0.5, 1.01)


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
    fine: LogisticRegression | PerRoleFine
    temperature: float

    def main_scores(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.main.decision_function(self.std(X)))

    def fine_scores(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(self.fine.decision_function(self.std(X)))


class PerRoleFine:
    """Fine-role regressions fitted per main role (each on its role's rows, over its fine
    roles), stacked as one linear map: at run time only the chosen main role's fine roles
    compete (``pick_fine``), so a softmax over their rows is that role's own model."""

    def __init__(self, X: np.ndarray, rows: np.ndarray, labels: list[str], weights: np.ndarray,
                 c: float) -> None:
        coefs, bias, names = [], [], []
        for role in MAIN_ROLES:
            keep = np.array([lab in FINE_ROLES[role] for lab in labels])
            got = sorted(set(np.array(labels)[keep].tolist())) if keep.any() else []
            if len(got) == 1:  # one fine role seen: it always wins within its role
                coefs.append(np.zeros((1, X.shape[1])))
                bias.append(np.zeros(1))
            elif got:
                lr = _lr(c, None).fit(X[rows[keep]], np.array(labels)[keep],
                                      sample_weight=weights[keep])
                w, b = lr.coef_, lr.intercept_
                if len(got) == 2:  # binary: the score of classes_[1] against 0
                    w, b = np.vstack([np.zeros_like(w), w]), np.concatenate([[0.0], b])
                coefs.append(w)
                bias.append(b)
            names.extend(got)
        self.classes_ = np.array(names)
        self.coef_ = np.vstack(coefs) if coefs else np.zeros((0, X.shape[1]))
        self.intercept_ = np.concatenate(bias) if bias else np.zeros(0)

    def decision_function(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X @ self.coef_.T + self.intercept_)


def _role_index(roles: list[str], idx: np.ndarray) -> np.ndarray:
    return np.array([MAIN_ROLES.index(roles[i]) for i in idx])


def fit_roles(X: np.ndarray, roles: list[str], fine: list[tuple[str, ...]], idx: np.ndarray,
              c: float, weight: str | None, groups: list[str],
              fine_c: float | None = None, per_role: bool = False) -> RoleFit:
    """Main and fine regressions on rows *idx*; the temperature from a 3-fold inner split
    of those rows grouped by article; *fine_c*: the fine regression's ``C`` (*c* when None);
    *per_role*: the fine roles fitted per main role (:class:`PerRoleFine`)."""
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
    fc = c if fine_c is None else fine_c
    fine_lr: LogisticRegression | PerRoleFine
    if per_role:
        fine_lr = PerRoleFine(std(X), rows, labels, w, fc)
    else:
        fine_lr = _lr(fc, None).fit(std(X[rows]), labels, sample_weight=w)
    return RoleFit(std, main, fine_lr, temperature)


def _ordered(model: LogisticRegression, scores: np.ndarray) -> np.ndarray:
    """Decision values with columns in :data:`MAIN_ROLES` order."""
    cols = [list(model.classes_).index(r) for r in MAIN_ROLES]
    return np.asarray(scores)[:, cols]


def role_recipe(rows: Rows, c: float, weight: str | None, second: float,  # type: ignore[no-untyped-def]
                fine_scores: dict[int, np.ndarray] | None = None, fine_c: float | None = None,
                per_role: bool = False):
    """A :data:`tealeaves.evaluate.framing.Recipe` over the cast rows (fine scores of every
    test row are kept in *fine_scores* so other ``second`` values can be tried on them)."""
    X = rows.X[: rows.n_cast]

    def fit(train: np.ndarray):  # type: ignore[no-untyped-def]
        model = fit_roles(X, rows.roles, rows.fine, train, c, weight, rows.groups, fine_c,
                          per_role)

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


def cv_roles(rows: Rows, c: float, weight: str | None, fine_c: float | None = None,
             per_role: bool = False) -> tuple[CvScores, float, dict[str, Any]]:
    """Grouped 5-fold CV of one setting; the best ``second`` by exact match on its
    out-of-fold fine scores; the figures at that ``second``."""
    kept: dict[int, np.ndarray] = {}
    res = cross_validate(role_recipe(rows, c, weight, 1.01, kept, fine_c, per_role),
                         rows.roles, rows.fine,
                         rows.groups[: rows.n_cast], 5, SEED)
    best, best_em = 1.01, -1.0
    for second in SECOND_GRID:
        pred = [pick_fine(kept[i], ALL_FINE, res.role[i], second) for i in range(rows.n_cast)]
        em = exact_match(res.gold_fine, pred)
        if em > best_em:
            best, best_em, best_pred = second, em, pred
    res.fine = best_pred
    return res, best, res.figures()


#: Feature groups tried for a new model (``stages.stance.framing.GROUPS``): the span tagger's
#: states after layer 3, 4 or both (the shared pass), with and without the stance model's
#: probabilities. The frozen encoder's blocks (:data:`LEGACY_GROUPS`) are measured beside
#: them as the reference, not offered: the point is to stop that pass.
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("tag3", "stance", "use"), ("tag4", "stance", "use"), ("tag3", "tag4", "stance", "use"),
    ("tag3", "use"), ("tag4", "use"), ("tag3", "tag4", "use"),
    ("tag4", "use", "acts"), ("tag3", "tag4", "use", "acts"),
    ("tag3", "tag4", "stance", "use", "acts"),
)


@dataclass(frozen=True)
class Choice:
    """A setting chosen by grouped CV and its figures."""

    features: tuple[str, ...]
    c: float
    weight: str | None
    second: float
    per_role: bool
    figures: dict[str, Any]

    @property
    def key(self) -> tuple[float, float]:
        return (self.figures["main_role_macro_f1"], self.figures["exact_match"])


#: How the fine roles are fitted: all 22 in one regression, or per main role.
PER_ROLE: tuple[bool, ...] = (False, True)


def choose(rows: Rows, variants: tuple[tuple[str, ...], ...] | None = None) -> Choice:
    """The (feature groups, C, class weighting, fine fit, second) with the best CV main-role
    macro-F1 (ties: exact match); *variants*: the feature groups tried (the rows' own when
    None)."""
    best: Choice | None = None
    for feats in variants if variants is not None else (rows.features,):
        sub = rows.select(feats)
        for weight in WEIGHTS:
            for c in C_GRID:
                for per_role in PER_ROLE:
                    _res, second, fig = cv_roles(sub, c, weight, per_role=per_role)
                    print(f"{'+'.join(sub.features)} C={c} weight={weight} "
                          f"fine {'per role' if per_role else 'joint'} second={second}: "
                          f"macro-F1 {fig['main_role_macro_f1']:.3f} EMR "
                          f"{fig['exact_match']:.3f} ECE {fig['ece']:.3f}", flush=True)
                    got = Choice(sub.features, c, weight, second, per_role, fig)
                    if best is None or got.key > best.key:
                        best = got
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


#: Largest CV ECE of the gate's probability a gate setting may have (the project's bound for
#: calibrated scores).
GATE_MAX_ECE = 0.05


def choose_gate(rows: Rows) -> tuple[float, dict[str, float]]:
    """The gate ``C`` with the best CV F1 of the cast side among those whose probability's
    ECE is at most :data:`GATE_MAX_ECE` (among all when none is)."""
    tried = [(gc, cv_gate(rows, gc)) for gc in C_GRID]
    for gc, g in tried:
        print(f"gate C={gc}: cast F1 {g['cast_f1']:.4f} ECE {g['ece']:.3f}", flush=True)
    ok = [t for t in tried if t[1]["ece"] <= GATE_MAX_ECE] or tried
    return max(ok, key=lambda t: t[1]["cast_f1"])


def _fold(lr: LogisticRegression, std: Standardiser, order: list[int] | None = None
          ) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias over raw vectors: ``w . (x - mu) / sd + b``."""
    coef = lr.coef_ if order is None else lr.coef_[order]
    bias = lr.intercept_ if order is None else lr.intercept_[order]
    w = coef / std.sd
    return w, bias - w @ std.mu


def final_record(rows: Rows, c: float, weight: str | None, second: float, gate_c: float,
                 figures: dict[str, Any], threshold: float = 0.5,
                 fine_c: float | None = None, per_role: bool = False) -> dict[str, Any]:
    """Fit on all rows; the JSON the framing stage loads (``features``: the rows' groups)."""
    idx = np.arange(rows.n_cast)
    roles = fit_roles(rows.X[: rows.n_cast], rows.roles, rows.fine, idx, c, weight, rows.groups,
                      fine_c, per_role)
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
        "fine_bias": r(fine_b), "second": second, "features": list(rows.features),
        "words": list(rows.words),
        "meta": {
            "trained": dt.date.today().isoformat(),
            "data": f"SemEval-2025 Task 10 subtask 1, English training part: {rows.n_cast} "
                    f"mentions, {int((~rows.cast).sum())} not-cast entities",
            "C": c, "class_weight": weight, "gate_C": gate_c, "seed": SEED,
            "fine_C": c if fine_c is None else fine_c, "fine_per_role": per_role,
            "cv": "5-fold, grouped by article", "figures": figures,
            "width": int(rows.X.shape[1]), "features": list(rows.features),
            "role_counts": dict(Counter(rows.roles)),
        },
    }


def train(data: Path, out: Path, cache: Path | None = None, refit: bool = False,
          features: tuple[str, ...] | None = None) -> Path:
    """Featurise, choose by grouped CV, fit on all and write ``out/model.json.gz``.

    With *refit*, the feature groups, ``C``, class weighting, fine fit and gate ``C``
    recorded in the model already in *out* are kept (not re-chosen), say after an encoder
    change; the second-role share and the gate's threshold, which belong to a setting's own
    CV, are measured again. With *features*, only those groups are tried (default: each of
    :data:`VARIANTS`)."""
    recorded = recorded_meta(out) if refit else None
    with threadpool_limits(1):  # small fits: BLAS threads only fight over shared cores
        return _train(data, out, cache, recorded, features)


def recorded_meta(out: Path) -> dict[str, Any]:
    """The ``meta`` block of ``out/model.json.gz`` (the settings a refit keeps)."""
    target = out / "model.json.gz"
    if not target.is_file():
        raise FileNotFoundError(f"{target}: no model to refit (train without --refit first)")
    with gzip.open(target, "rt", encoding="utf-8") as fh:
        return dict(json.load(fh)["meta"])


def _train(data: Path, out: Path, cache: Path | None,
           recorded: dict[str, Any] | None = None,
           features: tuple[str, ...] | None = None) -> Path:
    np.random.seed(SEED)
    rows = featurize(data, cache)
    print(f"{rows.n_cast} cast mentions, {int((~rows.cast).sum())} not-cast entities, "
          f"width {rows.X.shape[1]} ({'+'.join(rows.features)})", flush=True)
    if recorded is not None:
        rows = rows.select(tuple(recorded.get("features", LEGACY_GROUPS)))
        c, weight = float(recorded["C"]), recorded.get("class_weight")
        per_role = bool(recorded.get("fine_per_role", False))
        _res, second, figures = cv_roles(rows, c, weight, per_role=per_role)
        chosen = Choice(rows.features, c, weight, second, per_role, figures)
        print(f"recorded {'+'.join(rows.features)} C={c} weight={weight} second={second}: "
              f"macro-F1 {figures['main_role_macro_f1']:.3f} EMR "
              f"{figures['exact_match']:.3f} ECE {figures['ece']:.3f}", flush=True)
        gate_c = float(recorded["gate_C"])
        gate = (gate_c, cv_gate(rows, gate_c))
    else:
        variants = (features,) if features is not None else \
            tuple(v for v in VARIANTS if set(v) <= set(rows.features)) or None
        chosen = choose(rows, variants)
        rows = rows.select(chosen.features)
        gate = choose_gate(rows)
    print(f"gate C={gate[0]}: {gate[1]}")
    figures = {**chosen.figures, "gate": gate[1]}
    target = write_model(final_record(rows, chosen.c, chosen.weight, chosen.second, gate[0],
                                      figures, gate[1]["threshold"],
                                      per_role=chosen.per_role), out)
    print(f"chosen {'+'.join(rows.features)} C={chosen.c} weight={chosen.weight} fine "
          f"{'per role' if chosen.per_role else 'joint'} second={chosen.second}: {figures}")
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return target


def evaluate(data: Path, c: float, weight: str | None, gate_c: float,
             cache: Path | None = None, features: tuple[str, ...] | None = None,
             per_role: bool | None = None) -> dict[str, Any]:
    """The grouped CV figures of one setting (``tealeaves evaluate framing``); *features*
    and *per_role* (the fine fit): the shipped model's when None."""
    from ..stages.stance.framing import load_framing_model, shipped_meta

    if features is None:
        features = load_framing_model().groups
    if per_role is None:
        per_role = bool(shipped_meta().get("fine_per_role", False))
    with threadpool_limits(1):
        rows = featurize(data, cache).select(features)
        _res, second, figures = cv_roles(rows, c, weight, per_role=per_role)
        return {**figures, "second": second, "C": c, "class_weight": weight,
                "features": list(rows.features), "fine_per_role": per_role,
                "gate": cv_gate(rows, gate_c)}
