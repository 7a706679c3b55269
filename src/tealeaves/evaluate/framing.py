"""Entity framing (SemEval-2025 Task 10, subtask 1): the reader, the task's measures and a
cross-validation harness grouped by article.

    tealeaves evaluate framing [--data ../shared/data/entity-framing/en]

The data (``annotations.tsv``: ``article_id, mention, start, end (inclusive), main_role,
fine_role…``, and ``documents/``) is described in its ``SOURCE.md``. Measures: macro-F1 of
the main role (protagonist / antagonist / innocent) and the task's exact-match ratio (the
predicted set of fine roles equals the gold set), each set beside the majority baseline
(the most frequent main role and the most frequent fine-role set of the training folds).
The model recipe lives in :mod:`tealeaves.training.framing`; this module only reads, splits
and counts, so the harness can be tested on small invented data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError
from .stance import macro_f1

MAIN_ROLES: tuple[str, ...] = ("protagonist", "antagonist", "innocent")
#: The 22 fine roles of the task, by main role (the task's taxonomy, Piskorski et al. 2025).
FINE_ROLES: dict[str, tuple[str, ...]] = {
    "protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "antagonist": ("Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"),
    "innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
ALL_FINE: tuple[str, ...] = tuple(r for roles in FINE_ROLES.values() for r in roles)


@dataclass(frozen=True)
class Mention:
    """One annotated entity mention: its article, text, ``[start, end)`` and roles."""

    article: str
    text: str
    start: int
    end: int
    role: str
    fine: tuple[str, ...]


def read_annotations(folder: Path) -> tuple[list[Mention], dict[str, str]]:
    """The mentions of ``folder/annotations.tsv`` (end made exclusive) and the texts of the
    articles they sit in (``folder/documents/<id>``), checking each mention against its text."""
    path = folder / "annotations.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from exc
    mentions: list[Mention] = []
    texts: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        try:
            article, text, start, end, role = cols[0], cols[1], int(cols[2]), int(cols[3]) + 1, cols[4]
        except (IndexError, ValueError) as exc:
            raise InputError(f"{path}:{n}", f"not an entity-framing row ({exc})") from exc
        role = role.strip().lower()
        fine = tuple(f.strip() for f in cols[5:] if f.strip())
        if role not in FINE_ROLES or not fine or any(f not in FINE_ROLES[role] for f in fine):
            raise InputError(f"{path}:{n}", f"unknown roles {role!r} {fine!r}")
        if article not in texts:
            doc = folder / "documents" / article
            try:
                texts[article] = doc.read_text(encoding="utf-8")
            except OSError as exc:
                raise InputError(str(doc), f"cannot read: {exc.strerror}") from exc
        mentions.append(Mention(article, text, start, end, role, fine))
    if not mentions:
        raise InputError(str(path), "no annotations")
    return mentions, texts


def exact_match(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    """The task's exact-match ratio: share of mentions whose predicted fine-role *set* equals
    the gold set."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    if not gold:
        raise ValueError("nothing to score")
    return sum(set(g) == set(p) for g, p in zip(gold, pred, strict=True)) / len(gold)


#: A model recipe for :func:`cross_validate`: given the training rows' indices it returns a
#: predictor; the predictor gives, for test indices, main roles, fine-role sets and scores.
Prediction = tuple[list[str], list[tuple[str, ...]], list[float]]
Recipe = Callable[[np.ndarray], Callable[[np.ndarray], Prediction]]


@dataclass
class CvScores:
    """Out-of-fold predictions of a recipe and of the majority baseline, with the measures."""

    gold_role: list[str]
    gold_fine: list[tuple[str, ...]]
    role: list[str] = field(default_factory=list)
    fine: list[tuple[str, ...]] = field(default_factory=list)
    score: list[float] = field(default_factory=list)
    base_role: list[str] = field(default_factory=list)
    base_fine: list[tuple[str, ...]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        from .calibration import expected_calibration_error

        ok = [g == p for g, p in zip(self.gold_role, self.role, strict=True)]
        return {
            "n": len(self.gold_role),
            "main_role_macro_f1": macro_f1(self.gold_role, self.role, MAIN_ROLES),
            "main_role_accuracy": sum(ok) / len(ok),
            "exact_match": exact_match(self.gold_fine, self.fine),
            "baseline_main_role_macro_f1": macro_f1(self.gold_role, self.base_role, MAIN_ROLES),
            "baseline_exact_match": exact_match(self.gold_fine, self.base_fine),
            "ece": expected_calibration_error(self.score, ok),
        }


def article_folds(groups: Sequence[str], k: int, seed: int = 13) -> list[np.ndarray]:
    """*k* disjoint test index sets; every article's rows fall in one fold (articles
    shuffled with *seed*, then dealt round-robin)."""
    articles = sorted(set(groups))
    if len(articles) < k:
        raise ValueError(f"{len(articles)} articles cannot make {k} folds")
    order = np.random.default_rng(seed).permutation(len(articles))
    fold_of = {articles[j]: n % k for n, j in enumerate(order)}
    idx = np.arange(len(groups))
    return [idx[np.array([fold_of[g] == f for g in groups])] for f in range(k)]


def cross_validate(recipe: Recipe, roles: Sequence[str], fine: Sequence[tuple[str, ...]],
                   groups: Sequence[str], k: int = 5, seed: int = 13) -> CvScores:
    """Out-of-fold predictions of *recipe*, folds grouped by article, beside the majority
    baseline fitted on the same training folds."""
    n = len(roles)
    if not n == len(fine) == len(groups):
        raise ValueError("roles, fine and groups differ in length")
    out = CvScores(list(roles), [tuple(f) for f in fine])
    role_p: list[str] = [""] * n
    fine_p: list[tuple[str, ...]] = [()] * n
    score_p = [0.0] * n
    base_r: list[str] = [""] * n
    base_f: list[tuple[str, ...]] = [()] * n
    for test in article_folds(groups, k, seed):
        train = np.setdiff1d(np.arange(n), test)
        predict = recipe(train)
        r, f, s = predict(test)
        top_role = Counter(roles[i] for i in train).most_common(1)[0][0]
        top_fine = Counter(tuple(sorted(fine[i])) for i in train).most_common(1)[0][0]
        for j, i in enumerate(test):
            role_p[i], fine_p[i], score_p[i] = r[j], f[j], s[j]
            base_r[i], base_f[i] = top_role, top_fine
    out.role, out.fine, out.score, out.base_role, out.base_fine = role_p, fine_p, score_p, base_r, base_f
    return out
