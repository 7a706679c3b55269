"""How the renderers word a standing signal's type and who says so."""

from __future__ import annotations

from dataclasses import replace

from tealeaves.model import Analysis, StandingSignal
from tealeaves.render.html import render_html
from tealeaves.render.standing import (
    contested_by,
    contesters,
    signal_speaker,
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
            replace(s, type="sidelined", source_kind="anonymous", claim="c2", contested=True)
            for s in a.standing)))
    return replace(analysis, actors=tuple(actors))


def test_terminal_and_html_show_who_says_so(rich_analysis: Analysis) -> None:
    analysis = _with_source(rich_analysis)
    out = " ".join(render_text(analysis, width=200).split())
    assert "anonymous sources: officials familiar with the matter, contested" in out
    html = render_html(analysis)
    assert "who says so" in html
    assert "officials familiar with the matter (claim c2)" in html  # the details panel
    # the actor panel's list of signals says who says so as well
    assert '<span class="tl-who">(anonymous sources: officials familiar with the matter, ' \
        "contested)</span>" in html


def test_the_speaker_of_the_claim_a_signal_rests_on_is_named(rich_analysis: Analysis) -> None:
    """A wrong speaker behind a standing signal ("he" resolved to the wrong man) must be
    visible in the report, so the speaker is shown, not only the kind of source."""
    sig = StandingSignal("predicted exit", "falling", 0, 3, "abc", source_kind="named_person",
                         claim="c1")
    assert signal_speaker(rich_analysis, sig) == "Anna Berg"
    assert who_says_so("named_person", False, "Anna Berg") == "a named person: Anna Berg"
    assert ("who says so", "named person — Anna Berg (claim c1)") in \
        standing_source_rows(sig, rich_analysis)
    # no speaker: a rumour, the author's word, a claim id that is not in the analysis
    assert signal_speaker(rich_analysis, replace(sig, source_kind="rumour", claim="c3")) is None
    assert signal_speaker(rich_analysis, replace(sig, source_kind=None, claim=None)) is None
    assert signal_speaker(rich_analysis, replace(sig, claim="c99")) is None
    assert who_says_so("rumour", True, None) == "rumour, contested"
    assert who_says_so(None, False, "Anna Berg") == ""


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
    assert who_says_so("rumour", True, by="the Kremlin") == "rumour, contested by the Kremlin"
