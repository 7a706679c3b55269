"""Scoring standing signals against a hand-annotated real-news set (``realnews-dev``).

The gold file of an article lists ``standing[]`` entries (``actor``, ``direction``,
``evidence``) and the ``actors[]`` that matter (see the data's ``SOURCE.md``). Scoring is on
(actor, direction) pairs per article, as ``SOURCE.md`` suggests:

- a predicted actor is the gold actor whose canonical name it matches (equal names, or the
  gold name's last word among the words of the predicted name or one of its aliases);
- each predicted actor with at least one signal of a direction gives one predicted pair,
  each distinct gold (actor, direction) one gold pair;
- precision = matched predicted pairs / predicted pairs, recall = matched gold pairs / gold
  pairs, summed over articles (micro).

A predicted pair for an actor the gold file does not name at all is counted as wrong: the
annotators listed every person and organisation that matters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Analysis

_WORD = re.compile(r"[\w’'-]+")


@dataclass(frozen=True)
class GoldStanding:
    """One annotated article: its text file, gold pairs and the actor names that matter."""

    name: str
    path: Path
    pairs: frozenset[tuple[str, str]]
    actors: tuple[str, ...]


@dataclass
class StandingScores:
    """Pair counts summed over articles, and per article the pairs that went wrong."""

    predicted: int = 0
    gold: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    def figures(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "predicted": self.predicted, "gold": self.gold,
                "matched_predicted": self.matched_predicted, "matched_gold": self.matched_gold}


def read_gold(root: Path) -> list[GoldStanding]:
    """Every ``gold/*.json`` of *root* with its ``articles/*.txt``, in file-name order."""
    out = []
    for path in sorted((root / "gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs = frozenset((str(s["actor"]), str(s["direction"])) for s in data.get("standing", ()))
        names = tuple(str(a["name"]) for a in data.get("actors", ()))
        out.append(GoldStanding(path.stem, root / "articles" / f"{path.stem}.txt", pairs,
                                tuple(dict.fromkeys([*names, *(a for a, _ in pairs)]))))
    return out


def article_text(path: Path) -> tuple[str, str]:
    """(title, body) of a realnews article file: the title on line 1, then the body."""
    raw = path.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n")
    return title.strip(), body.strip()


def _words(name: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(name)}


def match_actor(names: Iterable[str], gold_actors: Iterable[str]) -> str | None:
    """The gold actor a predicted actor (its name and aliases) stands for, or None."""
    folded = [" ".join(n.split()).casefold() for n in names]
    words = set().union(*(_words(n) for n in folded)) if folded else set()
    gold = list(gold_actors)
    for g in gold:
        if " ".join(g.split()).casefold() in folded:
            return g
    for g in gold:
        last = _WORD.findall(g)
        if last and last[-1].casefold() in words and len(last[-1]) > 2:
            return g
    return None


def predicted_pairs(analysis: Analysis, gold_actors: Iterable[str]) -> set[tuple[str, str]]:
    """(actor, direction) pairs the analysis gives: a gold actor's name where one matches,
    else the predicted name marked with ``?``."""
    gold = list(gold_actors)
    out: set[tuple[str, str]] = set()
    for actor in analysis.actors:
        directions = {s.direction for s in actor.standing}
        if not directions:
            continue
        name = match_actor((actor.name, *actor.aliases), gold) or f"?{actor.name}"
        out.update((name, d) for d in directions)
    return out


def score_standing(pairs: Iterable[tuple[GoldStanding, Analysis]]) -> StandingScores:
    """Precision and recall of (actor, direction) pairs over every (gold, analysis) pair."""
    scores = StandingScores()
    for gold, analysis in pairs:
        pred = predicted_pairs(analysis, gold.actors)
        hit = pred & gold.pairs
        scores.predicted += len(pred)
        scores.gold += len(gold.pairs)
        scores.matched_predicted += len(hit)
        scores.matched_gold += len(hit)
        scores.articles.append({
            "article": gold.name,
            "wrong": sorted(f"{a} {d}" for a, d in pred - gold.pairs),
            "missed": sorted(f"{a} {d}" for a, d in gold.pairs - pred),
            "right": sorted(f"{a} {d}" for a, d in hit),
        })
    return scores
