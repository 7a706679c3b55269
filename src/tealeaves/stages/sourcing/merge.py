"""Tidying attributions before their claims are made: one cue per quotation, and the words
of a channel the actors stage does not know."""

from __future__ import annotations

from .attribution import CharSpan
from .cue_rules import CueMatch


def one_cue_per_quote(found: list[CueMatch]) -> list[CueMatch]:
    """One claim per quotation: when two cues took the same quotation ("'…,' said X, an
    activist who supports Y": "said" and "supports"), the cue nearest to it keeps it."""
    def gap(f: CueMatch) -> int:
        if f.cue is None:
            return 1 << 30
        return max(f.cue[0] - f.content[1], f.content[0] - f.cue[1], 0)

    best: dict[CharSpan, CueMatch] = {}
    for f in found:
        if f.quote and f.cue is not None:
            held = best.get(f.content)
            if held is None or gap(f) < gap(held):
                best[f.content] = f
    return [f for f in found
            if not (f.quote and f.cue is not None) or best.get(f.content) is f]


def held_quotes(found: list[CueMatch]) -> list[CueMatch]:
    """A quotation already inside another cue's content is not the claim of a cue after it
    ("X conceded the situation is '…' The candidate has referenced …": "referenced" does not
    take the quotation that "conceded" reports); a rumour kept inside a denial stays."""
    reports = sorted((g.content, g.cue) for g in found if g.cue is not None)
    out = []
    for f in found:
        if f.quote and f.cue is not None and not f.keep_nested and f.cue[0] >= f.content[1]:
            s, e = f.content
            if any(cs <= s and e <= ce and (cs, ce) != (s, e) and cue != f.cue
                   for (cs, ce), cue in reports if cs <= s):
                continue
        out.append(f)
    return out


def outlet_words(text: str, span: CharSpan) -> str | None:
    """The words of a channel with no actor, without a leading article."""
    words = text[span[0]:span[1]].strip().rstrip(".")
    for article in ("the ", "The "):
        if words.startswith(article):
            words = words[len(article):]
    return words or None
