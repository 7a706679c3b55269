"""Scoring the sourcing stage against PolNeAR attribution annotations.

A predicted *attributed* claim (source kind other than ``author``) matches a gold
attribution when their content spans overlap by at least half of the shorter one
(overlap counted on the gold span's pieces). Pairs are matched one-to-one, largest
overlap first. On matched pairs a source (or cue) is *right* when the predicted span
overlaps the gold one by at least half of the shorter, or when both are absent. Joint
F1 counts a match only when its source is right too.

``tealeaves evaluate sourcing ../shared/data/polnear/dev`` prints the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, Claim
from .polnear import GoldArticle, GoldAttribution, GoldSpan, iter_articles


@dataclass(frozen=True)
class SourcingScore:
    articles: int
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float
    source_accuracy: float
    cue_accuracy: float
    joint_matched: int
    joint_precision: float
    joint_recall: float
    joint_f1: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _overlap(a: tuple[int, int], pieces: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in pieces)


def _close(pred: tuple[int, int] | None, gold: GoldSpan | None) -> bool:
    """Right when both are absent, or when they overlap by half of the shorter."""
    if pred is None or gold is None:
        return pred is None and gold is None
    shorter = min(pred[1] - pred[0], gold.length)
    return shorter > 0 and _overlap(pred, gold.pieces) >= shorter / 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def match_pairs(
    claims: Iterable[Claim], gold: GoldArticle
) -> tuple[list[Claim], list[GoldAttribution], list[tuple[Claim, GoldAttribution]]]:
    """Attributed predictions, gold attributions with content, and their one-to-one pairs."""
    preds = [c for c in claims if c.source.kind != "author"]
    golds = [g for g in gold.attributions if g.content is not None]
    pairs = []
    for i, c in enumerate(preds):
        for j, g in enumerate(golds):
            assert g.content is not None
            ov = _overlap((c.start, c.end), g.content.pieces)
            if ov > 0 and ov >= min(c.end - c.start, g.content.length) / 2:
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((preds[i], golds[j]))
    return preds, golds, out


def match_article(
    claims: Iterable[Claim], gold: GoldArticle
) -> tuple[int, int, int, int, int, int]:
    """``(gold, predicted, matched, source_right, cue_right, joint)`` counts for one article."""
    preds, golds, pairs = match_pairs(claims, gold)
    src = cue = 0
    for c, g in pairs:
        s = c.source
        if _close(
            (s.start, s.end) if s.start is not None and s.end is not None else None, g.source
        ):
            src += 1
        if _close((c.cue.start, c.cue.end) if c.cue else None, g.cue):
            cue += 1
    return len(golds), len(preds), len(pairs), src, cue, src


def score(pairs: Iterable[tuple[Sequence[Claim], GoldArticle]]) -> SourcingScore:
    """Content, source, cue and joint figures over ``(predicted claims, gold article)`` pairs."""
    n = g = p = m = s = c = j = 0
    for claims, gold in pairs:
        n += 1
        dg, dp, dm, ds, dc, dj = match_article(claims, gold)
        g, p, m, s, c, j = g + dg, p + dp, m + dm, s + ds, c + dc, j + dj
    prec = m / p if p else 0.0
    rec = m / g if g else 0.0
    jp = j / p if p else 0.0
    jr = j / g if g else 0.0
    return SourcingScore(
        articles=n,
        gold=g,
        predicted=p,
        matched=m,
        precision=round(prec, 4),
        recall=round(rec, 4),
        f1=round(_f1(prec, rec), 4),
        source_accuracy=round(s / m, 4) if m else 0.0,
        cue_accuracy=round(c / m, 4) if m else 0.0,
        joint_matched=j,
        joint_precision=round(jp, 4),
        joint_recall=round(jr, 4),
        joint_f1=round(_f1(jp, jr), 4),
    )


def predict(
    root: Path, limit: int | None = None, *, with_actors: bool = True,
    only: set[str] | None = None,
) -> list[tuple[list[Claim], GoldArticle]]:
    """Actors + sourcing over the PolNeAR part at *root* (the articles named in *only*)."""
    from ..nlp import load_model
    from ..stages.actors.build import find_actors
    from ..stages.sourcing.claims import find_claims

    golds = list(iter_articles(Path(root)))
    if not golds:
        raise InputError(str(root), "no PolNeAR articles (expected text/ and attributions/)")
    if only is not None:
        golds = [g for g in golds if g.name in only]
    if limit is not None:
        golds = golds[:limit]
    nlp = load_model()
    results = []
    for gold, doc in zip(golds, nlp.pipe(g.text for g in golds), strict=True):
        actors = find_actors(doc, Article.from_text(gold.text)) if with_actors else []
        results.append((find_claims(doc, actors), gold))
    return results


def evaluate(root: Path, limit: int | None = None, *, with_actors: bool = True) -> SourcingScore:
    """Run actors + sourcing over the PolNeAR part at *root* and score the claims.

    The content and joint figures do not depend on the actors (they only link sources to
    actor ids and set named kinds), so ``with_actors=False`` gives the same numbers faster.
    """
    return score(predict(root, limit, with_actors=with_actors))
