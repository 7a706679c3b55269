"""Hedge and evidential spans ("reportedly", "apparently", "may", "is said to", …).

The vocabulary is ``resources/hedges.txt`` (built by ``scripts/build_hedges.py`` from the
hedging literature and the Wikipedia weasel data). Matching is on lower-cased spaCy
tokens; the modals ("may", "might", "could") count only when tagged as modals, so the
month "May" is not a hedge.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ...errors import ModelError
from ...model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MODALS = {"may", "might", "could"}


def read_lexicon(name: str) -> list[str]:
    """Lines of ``resources/NAME`` without comments, blank lines or a trailing origin column."""
    try:
        text = resources.files("tealeaves").joinpath("resources", name).read_text("utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise ModelError(f"resource {name} is missing from the installation") from exc
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0] if line.startswith("#") else line
        entry = line.split("\t", 1)[0].strip()
        if entry:
            out.append(entry)
    return out


@lru_cache(maxsize=1)
def hedge_phrases() -> dict[str, list[tuple[str, ...]]]:
    """Hedge phrases as token tuples, indexed by their first token."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in read_lexicon("hedges.txt"):
        toks = tuple(phrase.lower().replace("'", " '").split())
        index.setdefault(toks[0], []).append(toks)
    for phrases in index.values():
        phrases.sort(key=len, reverse=True)
    return index


def find_hedges(doc: Doc, start: int, end: int) -> tuple[Span, ...]:
    """The hedge spans lying inside the characters ``[start, end)`` of *doc*."""
    index = hedge_phrases()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ()
    out: list[Span] = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        matched = 0
        for phrase in index.get(tok.lower_, ()):
            n = len(phrase)
            if i + n <= span.end and tuple(t.lower_ for t in doc[i : i + n]) == phrase:
                if n == 1 and tok.lower_ in _MODALS and (tok.tag_ != "MD" or tok.text == "May"):
                    continue
                matched = n
                break
        if matched:
            piece = doc[i : i + matched]
            out.append(Span(piece.start_char, piece.end_char, piece.text))
            i += matched
        else:
            i += 1
    return tuple(out)
