"""The Russian pipeline: natasha's parse, then the Russian stages, into the same
:class:`~tealeaves.model.Analysis` the English pipeline gives (same keys and kinds).

A stage that fails records a :class:`~tealeaves.model.StageIssue` and the others still
run (DESIGN.md, convention 4). Stance comes from the Russian target model trained on
RuSentNE-2023 (:mod:`.stance`, docs/stages/russian.md); standing signals come from events
and phrases.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...model import Actor, Analysis, Article, Claim, Event, Genre, StageIssue, Technique
from .parse import RuDoc, parse

log = logging.getLogger(__name__)

STAGE_NAMES: tuple[str, ...] = ("actors", "sourcing", "events", "rhetoric", "stance")


@dataclass
class RuState:
    article: Article
    doc: RuDoc
    actors_file: Path | str | None = None
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    techniques: list[Technique] = field(default_factory=list)
    genre: Genre | None = None


def _actors(state: RuState) -> None:
    from .actors import find_actors_ru

    state.actors = find_actors_ru(state.doc, state.actors_file)


def _sourcing(state: RuState) -> None:
    from .sourcing import find_claims_ru

    state.claims = find_claims_ru(state.doc, state.actors)


def _events(state: RuState) -> None:
    from .events import find_events_ru

    state.events = find_events_ru(state.doc, state.actors)


def _rhetoric(state: RuState) -> None:
    from .rhetoric import classify_genre_ru, find_techniques_ru

    state.techniques = find_techniques_ru(state.doc)
    state.genre = classify_genre_ru(state.doc, state.claims, state.techniques)


def _stance(state: RuState) -> None:
    from .events import add_standing
    from .stance import assess_actors_ru

    actors = add_standing(state.doc, state.actors, state.events, state.claims)
    state.actors = assess_actors_ru(state.doc, actors, state.events, state.claims)


STAGES: dict[str, Callable[[RuState], None]] = {
    "actors": _actors, "sourcing": _sourcing, "events": _events, "rhetoric": _rhetoric,
    "stance": _stance,
}


def analyze_ru(article: Article, stages: tuple[str, ...] = STAGE_NAMES,
               actors_file: Path | str | None = None) -> Analysis:
    """Analyse a Russian *article*: parse with natasha, then run the enabled stages."""
    t0 = time.perf_counter()
    doc = parse(article.text)
    timings: dict[str, float] = {"parse": round(time.perf_counter() - t0, 4)}
    state = RuState(article=article, doc=doc, actors_file=actors_file)
    issues: list[StageIssue] = []
    for name in STAGE_NAMES:
        if name not in stages:
            continue
        t0 = time.perf_counter()
        try:
            STAGES[name](state)
        except Exception as exc:  # one failure stays local (DESIGN.md §4)
            log.warning("stage %s failed on %s: %s", name, article.id[:12], exc, exc_info=True)
            issues.append(StageIssue(stage=name, message=f"{type(exc).__name__}: {exc}"))
        timings[name] = round(time.perf_counter() - t0, 4)
    return Analysis(
        article=article, genre=state.genre, actors=tuple(state.actors),
        claims=tuple(state.claims), events=tuple(state.events),
        techniques=tuple(state.techniques), issues=tuple(issues), timings=timings)
