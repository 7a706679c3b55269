from __future__ import annotations

from dataclasses import replace

from tealeaves.model import Analysis, Claim, Source
from tealeaves.render.terminal import render_text


def test_text_has_every_section(rich_analysis: Analysis) -> None:
    out = render_text(rich_analysis)
    for piece in [
        "The Test Gazette", "2025-10-23", "genre: opinion (82%)", "language: en",
        "2 line(s) removed",
        # actors: name, kind, roles, mention count with forms, stance, standing
        "Anna Berg", "person", "Foreign Minister", "4 (name 2, pronoun 2)", "negative", "confidence 0.62",
        "antagonist", "Incompetent",
        "↓ blamed", "↑ consulted",
        # sourcing line and claims grouped by kind
        "5 claims (1 direct quote)", "anonymous sources or rumour: 40% (50% of attributed claims)", "hedged: 40%",
        "Named person (1)", "Named organization (1)", "Anonymous (1)", "Rumour (1)", "The author (1)",
        "source: officials familiar with the matter", "cue: “According to”", "via The Daily Ledger",
        "Berg ⟨reportedly⟩ ignored the warnings", "will ⟨likely⟩ cost",
        # techniques with examples
        "Loaded language ×2", "“reckless, shameful gamble” confidence 0.91", "“furious” confidence 0.80",
        "Appeal to fear-prejudice ×1",
        # events
        "ACCUSE", "The ministry → blamed → the opposition", "NOT respond",
        # issues
        "stance: model <b>not</b> loaded",
    ]:
        assert piece in out, piece


def test_claims_listed_in_kind_order(rich_analysis: Analysis) -> None:
    out = render_text(rich_analysis)
    positions = [out.index(h) for h in ("Named person (1)", "Anonymous (1)", "Rumour (1)", "The author (1)")]
    assert positions == sorted(positions)


def test_plain_text_has_no_escape_codes_and_no_markup(rich_analysis: Analysis) -> None:
    out = render_text(rich_analysis)
    assert "\x1b" not in out
    # rich markup in hostile text is printed as written, not interpreted
    assert "[red]fire[/red]" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_color_output_has_escape_codes(rich_analysis: Analysis) -> None:
    assert "\x1b[" in render_text(rich_analysis, color=True)


def test_long_claims_are_truncated(rich_analysis: Analysis) -> None:
    text = rich_analysis.article.text
    long_claim = Claim("c9", 0, len(text), text, False, Source("author"))
    out = render_text(replace(rich_analysis, claims=(long_claim,)))
    assert "…" in out
    assert text not in out


def test_empty_states(empty_analysis: Analysis) -> None:
    out = render_text(empty_analysis)
    for piece in ["(untitled article)", "genre: not assessed", "No actors found.",
                  "0 claims", "No claims found.", "No persuasion techniques found.",
                  "No events found.", "None: every stage ran.", "4 words"]:
        assert piece in out, piece


def test_quotes_are_not_doubled_and_lines_have_no_trailing_spaces(rich_analysis: Analysis) -> None:
    text = rich_analysis.article.text
    start = text.index('"a complete success"')
    quoted = Claim("cq", start, start + len('"a complete success"'), '"a complete success"', True,
                   Source("named_person", "anna-berg"))
    out = render_text(replace(rich_analysis, claims=(quoted,)))
    assert '"a complete success"' in out and '“"a complete' not in out
    assert all(line == line.rstrip() for line in out.splitlines())
    bare = render_text(rich_analysis)
    assert "“a complete success”" in bare  # a quote without marks in its span gets them


def test_a_pronoun_source_shows_whom_it_resolves_to(rich_analysis: Analysis) -> None:
    c1 = rich_analysis.claims[0]
    she = replace(c1, source=Source("named_person", "anna-berg", None, None, "She"))
    out = render_text(replace(rich_analysis, claims=(she, *rich_analysis.claims[1:])))
    assert "source: She → Anna Berg" in out
