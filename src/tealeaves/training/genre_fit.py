"""The genre model's regression: the voice features stacked with the principal components of
the author's mean sentence vector, and the choice of its settings by cross-validation.

A :class:`Scorer` standardises the hand features, projects the author vectors (the mean
MiniLM vector of the sentences outside quotes and attributions) on their first *k* principal
components (fitted on the training rows only: the SemEval rows join them, unlabelled
structure is all PCA reads), standardises those too and fits one logistic regression over
both. Everything before the regression is linear, so :meth:`Scorer.export` folds the
projection into one weight per vector dimension: the runtime model costs one dot product
(``genre.raw_score``). ``k = 0`` is the hand features alone.

:func:`choose_settings` picks ``(C, k)`` from :data:`GRID` by the out-of-fold AUC of an
inner cross-validation of the rows it is given, so in the outer cross-validation of
:mod:`tealeaves.training.genre` no held-out article chooses its own settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .rhetoric import SEED

if TYPE_CHECKING:
    from .genre import Design

#: ``(C, k)`` pairs the inner cross-validation chooses among: inverse regularisation and the
#: number of principal components of the author vector (0: hand features only). Screened on
#: 2026-12-03 by the out-of-fold AUC of the 514 hand labels (hand features alone 0.889 at
#: C 0.03; with 16 components 0.912, with 32 0.911, with 64 0.908).
GRID: tuple[tuple[float, int], ...] = tuple(
    (c, k) for k in (0, 16, 32) for c in (0.01, 0.03, 0.1))


@dataclass(frozen=True)
class Procedure:
    """What a genre fit may use: the feature names, in the order the model reads them, and
    the ``(C, k)`` grid the inner cross-validation chooses from (one pair: no choice). The
    default is every feature and :data:`GRID`; :meth:`of_model` repeats a saved model's."""

    features: tuple[str, ...] | None = None
    grid: tuple[tuple[float, int], ...] = GRID

    @classmethod
    def of_model(cls, model: dict[str, Any]) -> Procedure:
        """The procedure of a saved genre model: its features, its C and its number of
        components (0 without an ``embedding`` part)."""
        k = int((model.get("embedding") or {}).get("components", 0))
        return cls(tuple(model["features"]), ((float(model["C"]), k),))


@dataclass(frozen=True)
class Settings:
    """Inverse regularisation *c* and principal components *k* of the author vector."""

    c: float
    k: int


class Scorer:
    """The fitted standardisation, projection and logistic regression (module doc)."""

    def __init__(self, d: Design, settings: Settings) -> None:
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        self.settings = settings
        self.hand = StandardScaler().fit(d.x)
        self.pca: Any = None
        self.comp: Any = None
        parts = [self.hand.transform(d.x)]
        if settings.k > 0:
            from sklearn.decomposition import PCA

            self.pca = PCA(settings.k, random_state=SEED).fit(_vectors(d))
            proj = self.pca.transform(_vectors(d))
            self.comp = StandardScaler().fit(proj)
            parts.append(self.comp.transform(proj))
        self.lr = LogisticRegression(C=settings.c, max_iter=5000, random_state=SEED)
        self.lr.fit(np.hstack(parts), d.y, sample_weight=d.weights)

    def decision(self, x: np.ndarray, e: np.ndarray | None) -> np.ndarray:
        """Decision values of rows *x* (features) with author vectors *e*."""
        parts = [self.hand.transform(x)]
        if self.pca is not None:
            if e is None:
                raise ValueError("this scorer needs author vectors")
            parts.append(self.comp.transform(self.pca.transform(e)))
        return np.asarray(self.lr.decision_function(np.hstack(parts)))

    def export(self) -> dict[str, Any]:
        """The JSON-ready weights ``genre.raw_score`` reads: ``mean``, ``scale``, ``coef``,
        ``intercept`` of the hand features, and ``embedding`` (``coef`` per vector
        dimension, ``intercept``, ``components``) when *k* > 0."""
        n = self.hand.mean_.shape[0]
        w = self.lr.coef_[0]
        out: dict[str, Any] = {
            "mean": self.hand.mean_.tolist(), "scale": self.hand.scale_.tolist(),
            "coef": w[:n].tolist(), "intercept": float(self.lr.intercept_[0]),
            "C": self.settings.c,
        }
        if self.pca is not None:
            # z_j = ((e - mu) · V_j - m_j) / s_j, so sum_j w_j z_j = e · u + b
            ws = w[n:] / self.comp.scale_
            u = self.pca.components_.T @ ws
            b = -float(self.pca.mean_ @ u) - float(ws @ self.comp.mean_)
            out["embedding"] = {"coef": [round(float(v), 7) for v in u], "intercept": b,
                                "components": self.settings.k,
                                "vector": "mean MiniLM vector of the author's own sentences"}
        return out


def _vectors(d: Design) -> np.ndarray:
    if d.e is None:
        raise ValueError("settings with principal components need author vectors")
    return d.e


def choose_settings(d: Design, folds: Callable[[Design], Sequence[tuple[np.ndarray,
                                                                     np.ndarray]]],
                    grid: Sequence[tuple[float, int]] = GRID) -> Settings:
    """The settings of *grid* with the best out-of-fold AUC on the scored rows of *d*, with
    the train/held-out splits *folds* gives (ties: the first in *grid*, so the simpler);
    settings with principal components are skipped without author vectors, or with fewer
    dimensions than components."""
    from sklearn.metrics import roc_auc_score

    splits = folds(d)
    best, best_auc = Settings(*grid[0]), -1.0
    for c, k in grid:
        if k > 0 and (d.e is None or k >= min(d.e.shape)):
            continue
        s = Settings(c, k)
        z = np.full(len(d.y), np.nan)
        for tr, te in splits:
            z[te] = Scorer(d.rows(tr), s).decision(d.x[te], None if d.e is None else d.e[te])
        auc = float(roc_auc_score(d.y[d.scored], z[d.scored]))
        if auc > best_auc + 1e-9:
            best, best_auc = s, auc
    return best
