"""How the renderers word a standing signal's type and who says so."""

from __future__ import annotations

from dataclasses import replace

from tealeaves.model import Analysis, StandingSignal
from tealeaves.render.html import render_html
from tealeaves.render.standing import (
    contested_by,
    contesters,
    standing_source_rows,
    who_says_so,
)
from tealeaves.render.terminal import render_text


def test_words() -> None:
    assert who_says_so("author", False) == "" and who_says_so(None, False) == ""
    assert who_says_so("rumour", True) == "rumour, contested"
    assert who_says_so("anonymous", False) == "anonymous sources"
    sig = StandingSignal("predicted exit", "falling", 0, 3, "abc", type="rumoured_ouster",
                         claim="c2", source_kind="rumour", contested=True)
    assert standing_source_rows(sig) == [("type", "rumoured ouster"),
                                         ("who says so", "rumour (claim c2)"),
                                         ("contested", "yes: the text disputes it")]
    assert standing_source_rows(StandingSignal("blamed", "falling", 0, 3, "abc")) == []


def _with_source(analysis: Analysis) -> Analysis:
    actors = []
    for a in analysis.actors:
        actors.append(replace(a, standing=tuple(
            replace(s, type="sidelined", source_kind="anonymous", claim="c1", contested=True)
            for s in a.standing)))
    return replace(analysis, actors=tuple(actors))


def test_terminal_and_html_show_who_says_so(rich_analysis: Analysis) -> None:
    analysis = _with_source(rich_analysis)
    assert "anonymous sources, contested" in " ".join(render_text(analysis, width=200).split())
    html = render_html(analysis)
    assert "who says so" in html and "anonymous (claim c1)" in html


def test_contested_signals_name_who_contests_them(rich_analysis: Analysis) -> None:
    claim = rich_analysis.claims[0]
    speaker = next((a for a in rich_analysis.actors if a.id == claim.source.actor), None)
    actors = tuple(replace(a, standing=tuple(
        replace(s, source_kind="rumour", contested=True, contested_by=claim.id)
        for s in a.standing)) for a in rich_analysis.actors)
    analysis = replace(rich_analysis, actors=actors)
    who = contesters(analysis)
    name = speaker.name if speaker is not None else who[claim.id]
    assert who[claim.id] == name
    assert f"rumour, contested by {name}" in " ".join(render_text(analysis, width=300).split())
    html = render_html(analysis)
    assert f"yes: disputed by {name} (claim {claim.id})" in html
    assert f"(rumour, contested by {name})" in html  # the actor panel too


def test_contested_without_a_claim_says_so_plainly() -> None:
    sig = StandingSignal("predicted exit", "falling", 0, 3, "abc", source_kind="rumour",
                         contested=True)
    assert contested_by(sig, {"c1": "the Kremlin"}) is None
    assert who_says_so("rumour", True, None) == "rumour, contested"
    assert who_says_so("rumour", True, "the Kremlin") == "rumour, contested by the Kremlin"
