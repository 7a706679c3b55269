"""Scoring the actors stage on PolNeAR's attribution Source spans.

**Recall**: of the gold Source spans that name or refer to a person or organisation, how
many are covered by a mention of some actor. Gold Sources are sorted by what they are:

- ``name``: the span's head is a proper noun or it holds a person/organisation entity
  ("Hillary Clinton", "The Post", "a Trump aide");
- ``pronoun``: a third-person personal pronoun ("he", "she", "they", "his");
- ``description``: a definite noun phrase ("the candidate", "The Indiana governor",
  "the agency", "his campaign");
- not scored: first/second person ("I", "we"), "it", documents ("the report", "a poll") and
  indefinite or anonymous sources ("sources", "a senior official", "experts").

A gold span is *covered* when an actor mention overlaps it with at least half of the
mention inside the span.

**Precision (automatic)**: of the actor mentions, how many fall inside a gold Source span,
and inside any gold attribution span (Source, Cue or Content). Most correct mentions lie
outside Sources, so this is a floor, not a precision; the hand spot-check (``--sample``)
says how many mentions are actually wrong.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .polnear import GoldArticle, GoldSpan, iter_articles

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..model import Actor

THIRD_PERSON = frozenset({"he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs"})
FIRST_SECOND = frozenset({"i", "we", "me", "us", "my", "our", "you", "your"})
#: Sources that are documents or events, not people or organisations.
DOCUMENT_NOUNS = frozenset(
    "report poll polls survey study statement data analysis article letter memo document "
    "documents book story email emails tweet tweets post records filing complaint lawsuit "
    "research investigation video ad ads website release transcript numbers figures "
    "results estimate estimates evidence interview speech remarks message".split()
)
_DATE_IN_NAME = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def gold_category(doc: Doc, span: GoldSpan) -> str | None:
    """``name``, ``pronoun``, ``description`` or None (not scored) for a gold Source span."""
    toks = [t for s, e in span.pieces if (sp := doc.char_span(s, e, alignment_mode="expand"))
            for t in sp]
    words = [t for t in toks if not t.is_punct]
    if not words:
        return None
    lows = [t.lower_ for t in words]
    ids = {w.i for w in words}
    heads = [t for t in words if t.head.i not in ids or t.head.i == t.i]
    head = heads[0] if heads else words[-1]
    if head.pos_ == "PROPN" or any(t.ent_type_ in ("PERSON", "ORG") for t in words):
        return "name"
    if len(words) == 1 and lows[0] in THIRD_PERSON:
        return "pronoun"
    if lows[0] in FIRST_SECOND or lows[0] in ("it", "its"):
        return None
    if head.lemma_.lower() in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS:
        return None
    first = lows[0]
    if first in ("the", "this", "that", "these", "those") or words[0].tag_ == "PRP$" or (
            len(words) > 1 and words[1].tag_ == "POS"):
        return "description"
    return None  # indefinite, bare plural or anonymous: "sources", "a senior official"


def _covered(span: GoldSpan, starts: Sequence[int], mentions: Sequence[tuple[int, int]]) -> bool:
    from bisect import bisect_right

    for s, e in span.pieces:
        # mentions are sorted by start; only those starting before e can overlap
        hi = bisect_right(starts, e)
        for ms, me in mentions[max(0, hi - 200) : hi]:
            ov = min(e, me) - max(s, ms)
            if ov > 0 and ov * 2 >= me - ms:
                return True
    return False


def _inside(pos: tuple[int, int], spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    from bisect import bisect_right

    s, e = pos
    hi = bisect_right(starts, s)
    for gs, ge in spans[max(0, hi - 400) : hi]:
        if gs <= s and e <= ge:
            return True
    return False


@dataclass
class ActorScores:
    articles: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    covered: Counter[str] = field(default_factory=Counter)
    not_scored: int = 0
    mentions: Counter[str] = field(default_factory=Counter)  # by form
    in_source: Counter[str] = field(default_factory=Counter)
    in_any: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[str, str, str]] = field(default_factory=list)  # article, category, text

    def recall(self, category: str | None = None) -> float:
        g = self.gold[category] if category else sum(self.gold.values())
        c = self.covered[category] if category else sum(self.covered.values())
        return c / g if g else 0.0

    def share(self, counter: Counter[str], form: str | None = None) -> float:
        n = self.mentions[form] if form else sum(self.mentions.values())
        k = counter[form] if form else sum(counter.values())
        return k / n if n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "recall": round(self.recall(), 4),
            "recall_by_category": {k: round(self.recall(k), 4) for k in sorted(self.gold)},
            "gold_sources": dict(sorted(self.gold.items())),
            "covered": dict(sorted(self.covered.items())),
            "gold_sources_not_scored": self.not_scored,
            "mentions": dict(sorted(self.mentions.items())),
            "mentions_in_gold_source": round(self.share(self.in_source), 4),
            "mentions_in_any_gold_span": round(self.share(self.in_any), 4),
            "in_gold_source_by_form": {k: round(self.share(self.in_source, k), 4)
                                       for k in sorted(self.mentions)},
        }


def score_article(gold: GoldArticle, doc: Doc, actors: Iterable[Actor], scores: ActorScores) -> None:
    """Add one article's counts to *scores*."""
    mentions = sorted(((m.start, m.end), m.form) for a in actors
                      if a.kind in ("person", "organization", "group") for m in a.mentions)
    positions = [p for p, _ in mentions]
    starts = [p[0] for p in positions]
    sources: list[tuple[int, int]] = []
    anything: list[tuple[int, int]] = []
    scores.articles += 1
    for att in gold.attributions:
        for part in (att.source, att.cue, att.content):
            if part is not None:
                anything.extend(part.pieces)
        if att.source is None:
            continue
        sources.extend(att.source.pieces)
        cat = gold_category(doc, att.source)
        if cat is None:
            scores.not_scored += 1
            continue
        scores.gold[cat] += 1
        if _covered(att.source, starts, positions):
            scores.covered[cat] += 1
        else:
            scores.missed.append((gold.name, cat, att.source.text))
    sources.sort()
    anything.sort()
    s_starts = [s for s, _ in sources]
    a_starts = [s for s, _ in anything]
    for pos, form in mentions:
        scores.mentions[form] += 1
        if _inside(pos, sources, s_starts):
            scores.in_source[form] += 1
        if _inside(pos, anything, a_starts):
            scores.in_any[form] += 1


def published_of(name: str) -> str | None:
    """PolNeAR file names carry the publication date: ``outlet_2016-09-12_slug``."""
    m = _DATE_IN_NAME.search(name)
    return m.group(1) if m else None


def evaluate_actors(root: Path, limit: int | None = None, actors_file: Path | None = None,
                    sample: int = 0, seed: int = 0, forms: Sequence[str] = ()
                    ) -> tuple[ActorScores, list[dict[str, Any]]]:
    """Run the actors stage over the PolNeAR part at *root* and score it.

    Returns the scores and, if *sample* > 0, that many randomly drawn actor mentions with
    their context, for a hand check of precision (only mentions of *forms* if given).
    """
    from ..model import Article
    from ..nlp import load_model
    from ..stages.actors.build import find_actors

    golds = list(iter_articles(root))
    if limit is not None:
        golds = golds[:limit]
    nlp = load_model()
    scores = ActorScores()
    pool: list[dict[str, Any]] = []
    for gold, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=8), strict=True):
        article = Article.from_text(gold.text, published=published_of(gold.name))
        actors = find_actors(doc, article, actors_file)
        score_article(gold, doc, actors, scores)
        if sample:
            for a in actors:
                for m in a.mentions:
                    if forms and m.form not in forms:
                        continue
                    lo, hi = max(0, m.start - 60), min(len(gold.text), m.end + 60)
                    ctx = gold.text[lo:m.start] + "[[" + m.text + "]]" + gold.text[m.end:hi]
                    pool.append({"article": gold.name, "actor": a.name, "kind": a.kind,
                                 "form": m.form, "text": m.text, "context": " ".join(ctx.split())})
    drawn = random.Random(seed).sample(pool, min(sample, len(pool))) if sample else []
    return scores, drawn


def default_root() -> Path | None:
    """PolNeAR's dev part under ``../shared/data``, looked for beside the working folder and
    beside this checkout; None if neither has it."""
    here = Path(__file__).resolve()
    for base in (Path.cwd(), here.parents[3]):
        cand = base.parent / "shared" / "data" / "polnear" / "dev"
        if cand.is_dir():
            return cand
    return None
