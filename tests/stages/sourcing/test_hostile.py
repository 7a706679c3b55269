"""Hostile inputs for the sourcing stage: many quotations, unbalanced quote marks, relays
inside relays, transcript turns. No crash, and time grows linearly with the text (measured
as a ratio within one run, never against a wall-clock bound)."""

from __future__ import annotations

import time

from tealeaves.model import Article
from tealeaves.stages.actors.build import find_actors
from tealeaves.stages.sourcing import find_claims

BLOCK = (
    '"We will not wait forever," Tom Baker told the Daily Post on Monday. "The offer stands," '
    'he added. Reuters reported, citing an official who cited two diplomats, that Kommersant, '
    'quoting a source as saying that rumours swirl that the minister is said to be quitting, '
    'had it wrong. "An unclosed quotation runs on and on\n\n'
    "BAKER: It is said that the talks were off. GREY: Word is, the talks are on.\n\n"
    "According to the ministry, which cited a report, the minister reportedly resigned. "
    '“Another one,” said one. ” A stray closing mark. " And an opening one.\n\n'
)


def _timed(nlp, text: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    actors = find_actors(doc, Article.from_text(text))
    t0 = time.perf_counter()
    claims = find_claims(doc, actors)
    return time.perf_counter() - t0, len(claims)


def test_hostile_block_does_not_crash(nlp) -> None:  # type: ignore[no-untyped-def]
    _, n = _timed(nlp, BLOCK)
    assert n >= 5


def test_hundreds_of_quotes_and_relays_grow_linearly(nlp) -> None:  # type: ignore[no-untyped-def]
    small_t, small_n = _timed(nlp, BLOCK * 5)
    big_t, big_n = _timed(nlp, BLOCK * 60)  # 12 times the text: about 1,300 quotation marks
    assert big_n >= 10 * small_n
    # linear time gives a ratio near 12; quadratic time would give about 144
    assert big_t < 40 * small_t + 0.2, (big_t, small_t)
