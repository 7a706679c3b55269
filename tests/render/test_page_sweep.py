"""Report lines an analyst needs, found missing in a sweep over real pages (2026-12-03).

The Analysis is the hand-built one of ``conftest.py``: invented text, not a real article.
"""

from __future__ import annotations

from dataclasses import replace

from tealeaves.model import Analysis, Removed, Source
from tealeaves.render.html import render_html
from tealeaves.render.summary import speaker_label
from tealeaves.render.terminal import MAX_REMOVED, render_text


def test_terminal_lists_each_removed_line_with_its_reason(rich_analysis: Analysis) -> None:
    out = render_text(rich_analysis)
    assert "Removed as page debris (2)" in out
    assert "“Share on Facebook” — share line" in out
    # hostile text in a removed line is printed as written
    assert "<img src=x onerror=alert(1)>" in out
    assert out.index("Removed as page debris") < out.index("Stage issues")


def test_terminal_caps_a_long_removed_list(rich_analysis: Analysis) -> None:
    many = tuple(Removed(f"Debris line {i}", "navigation or page control")
                 for i in range(MAX_REMOVED + 5))
    art = replace(rich_analysis.article, removed=many)
    out = render_text(replace(rich_analysis, article=art))
    assert f"Debris line {MAX_REMOVED - 1}" in out
    assert f"Debris line {MAX_REMOVED}”" not in out
    assert "… and 5 more" in out


def test_terminal_says_when_nothing_was_removed(empty_analysis: Analysis) -> None:
    assert "The cleaner removed no lines." in render_text(empty_analysis)


def test_technique_scores_are_labelled_as_confidence(rich_analysis: Analysis) -> None:
    out = render_text(rich_analysis)
    assert "“furious” confidence 0.80" in out
    html = render_html(rich_analysis)
    assert "confidence 0.80" in html
    assert "score 0.80" not in html


def test_an_unresolved_pronoun_source_says_so(rich_analysis: Analysis) -> None:
    c1 = rich_analysis.claims[0]
    he = replace(c1, source=Source("named_person", None, None, None, "he"))
    assert speaker_label(rich_analysis, he) == "he (not resolved)"
    said_so = replace(c1, source=Source("anonymous", None, None, None, "two officials"))
    assert speaker_label(rich_analysis, said_so) == "two officials"
    out = render_text(replace(rich_analysis, claims=(he,)))
    assert "source: he (not resolved)" in out


def test_a_signal_found_twice_is_one_line_with_a_count(rich_analysis: Analysis) -> None:
    berg = next(a for a in rich_analysis.actors if a.name == "Anna Berg")
    blamed = next(s for s in berg.standing if s.signal == "blamed")
    twice = replace(berg, standing=(*berg.standing, replace(blamed, start=0, end=7)))
    actors = tuple(twice if a is berg else a for a in rich_analysis.actors)
    out = render_text(replace(rich_analysis, actors=actors))
    assert "↓ blamed ×2" in out
    assert out.count("↓ blamed") == 1


def test_the_standing_column_wraps_between_words(rich_analysis: Analysis) -> None:
    berg = next(a for a in rich_analysis.actors if a.name == "Anna Berg")
    sig = replace(berg.standing[0], source_kind="named_organization", contested=False)
    actors = tuple(replace(a, standing=(sig,)) if a is berg else a for a in rich_analysis.actors)
    out = render_text(replace(rich_analysis, actors=actors))
    assert "organisation)" in out


def test_a_statement_by_an_unnamed_group_shows_the_group(rich_analysis: Analysis) -> None:
    """An event whose actor is an unnamed group ("a government source said") shows the
    group's words, marked unnamed, in the terminal and HTML — not "?" or "—"."""
    from tealeaves.model import Event, Span
    from tealeaves.render.summary import event_actor_label

    text = rich_analysis.article.text
    start = text.index("officials familiar with the matter")
    group = Span(start, start + len("officials familiar with the matter"),
                 "officials familiar\nwith the matter")
    ev = Event("e9", "STATEMENT", None, None, Span(start, start + 9, "officials"),
               start, start + 40, unnamed_actor=group)
    analysis = replace(rich_analysis, events=(*rich_analysis.events, ev))
    assert event_actor_label(analysis, ev) == "officials familiar with the matter (unnamed)"
    assert "officials familiar with the matter (unnamed) → officials" in render_text(analysis)
    assert "officials familiar with the matter (unnamed)" in render_html(analysis)
    # neither an actor nor a group: nothing to show
    assert event_actor_label(analysis, replace(ev, unnamed_actor=None)) is None


def test_a_rumour_shows_no_source_and_its_frame_as_the_cue(rich_analysis: Analysis) -> None:
    """A rumour rests on no source (SOURCING-GUIDE.md): its frame words ("Word is", "слухи
    об") are the cue, and printing them again as "source:" read like a name."""
    from tealeaves.render.summary import HEARSAY, source_label

    c3 = next(c for c in rich_analysis.claims if c.id == "c3")
    assert speaker_label(rich_analysis, c3) is None
    assert source_label(rich_analysis, c3) == HEARSAY
    out = " ".join(render_text(rich_analysis).split())
    assert "source: none (hearsay) · cue: “Word is”" in out
    assert "source: Word is" not in out
    assert HEARSAY in render_html(rich_analysis)
    # a rumour whose words differ from its cue keeps them; other kinds are untouched
    other = replace(c3, source=replace(c3.source, text="rumours"))
    assert source_label(rich_analysis, other) == "rumours"
    c2 = next(c for c in rich_analysis.claims if c.id == "c2")
    assert source_label(rich_analysis, c2) == "officials familiar with the matter"
