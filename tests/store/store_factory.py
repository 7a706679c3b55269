"""Small hand-built analyses for store and view tests (offsets are real)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tealeaves.model import (
    Actor,
    Analysis,
    Article,
    Claim,
    Event,
    Mention,
    Source,
    Span,
    Stance,
    StandingSignal,
    Technique,
)
from tealeaves.store import Store, open_store


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def make_analysis(
    text: str = "Senator Jane Roe said the budget talks had collapsed. Roe blamed the Treasury.",
    *, outlet: str | None = "Daily Example", published: str | None = "2016-03-07",
    title: str | None = "Budget talks collapse", stance: str = "negative",
    claim_text: str = "the budget talks had collapsed", source_kind: str = "named_person",
) -> Analysis:
    art = Article.from_text(text, outlet=outlet, published=published, title=title)
    if "Jane Roe" not in text:
        return Analysis(article=art)
    m1 = _span(text, "Jane Roe")
    roe = Actor(
        id="jane-roe", name="Jane Roe", kind="person", roles=("Senator",), aliases=("Roe",),
        mentions=(Mention(*m1, "Jane Roe"),) + ((Mention(*_span(text, "Roe", m1[1]), "Roe"),)
                                                  if "Roe" in text[m1[1]:] else ()),
        stance=Stance(label=stance, score=0.8),  # type: ignore[arg-type]
        standing=(StandingSignal("blamed", "falling", 0, 7, text[0:7]),),
    )
    actors = [roe]
    events: list[Event] = []
    if "Treasury" in text:
        t = _span(text, "Treasury")
        actors.append(Actor(id="treasury", name="Treasury", kind="organization",
                            mentions=(Mention(*t, "Treasury"),),
                            stance=Stance(label="neutral", score=0.6)))
        b = _span(text, "blamed")
        events.append(Event(id="e1", category="ACCUSE", actor="jane-roe", target="treasury",
                            action=Span(*b, "blamed"), start=b[0], end=t[1]))
    claims: list[Claim] = []
    if claim_text in text:
        c = _span(text, claim_text)
        claims.append(Claim(id="c1", start=c[0], end=c[1], text=claim_text, quote=False,
                            source=Source(kind=source_kind,  # type: ignore[arg-type]
                                          actor="jane-roe" if source_kind.startswith("named")
                                          else None,
                                          text="Jane Roe" if source_kind.startswith("named")
                                          else "officials"),
                            cue=Span(*_span(text, "said"), "said") if "said" in text else None))
    techniques = (Technique("Loaded_Language", *_span(text, "collapsed"), "collapsed", 0.7),) \
        if "collapsed" in text else ()
    return Analysis(article=art, actors=tuple(actors), claims=tuple(claims),
                    events=tuple(events), techniques=techniques)


PG_URL = os.environ.get("TEALEAVES_TEST_PG")


def make_store(backend: str, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        store = open_store(tmp_path / "test.db")
        yield store
        store.close()
        return
    if not PG_URL:
        pytest.skip("TEALEAVES_TEST_PG is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    store = open_store(PG_URL, schema=schema)
    try:
        yield store
    finally:
        from sqlalchemy import create_engine, text

        from tealeaves.store import resolve_url

        store.close()
        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
