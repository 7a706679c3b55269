"""Finding direct quotations in text, robust to stray or missing quote marks.

Quote marks are paired paragraph by paragraph, so one unbalanced mark can cost at most the
quotation it belongs to, never the rest of the article (textacy's ``direct_quotations``
loses every quote after one stray mark). Curly marks say which way they face; straight
marks are read from their neighbours (a mark after a space opens, one before a space or
punctuation closes). A quotation may run over several paragraphs in the newspaper way: the
paragraph ends without a closing mark and the next one opens with a fresh mark.
Single quote marks are left alone: they double as apostrophes and mostly mark quotes
nested inside double ones, which stay part of the outer quotation. The marks around a markup
attribute's value (``author="X"`` in an embedded ``<tweet …>``) quote nobody and are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_OPENERS = "“„«"
_CLOSERS = "”»"
_STRAIGHT = '"'
_MARKS = re.compile("''|[\"“”„«»]")  # two apostrophes stand for a straight double mark
_PARA = re.compile(r"\n")
_ATTRIBUTE = re.compile(r'(?<=[\w-])=("[^"\n]*")')  # pic="" author="X": markup, not speech
_BEFORE_OPEN = set(" \t\n([{—–-/‘'") | {""}
_AFTER_CLOSE = set(" \t\n)]}—–-,.;:!?’'…") | {""}


@dataclass(frozen=True)
class Quote:
    """A quotation: ``start`` is its opening mark, ``end`` the offset after its closing mark."""

    start: int
    end: int
    text: str

    @property
    def inner(self) -> str:
        """The quoted words without the marks."""
        return self.text.strip("\"“”„«»'").strip()

    @property
    def words(self) -> int:
        return len(self.text.split())


def _role(text: str, i: int, is_open: bool) -> str:
    """``open`` or ``close`` for the mark at *i*, given whether a quotation is open."""
    ch = text[i]
    width = 2 if text.startswith("''", i) else 1
    if ch in _OPENERS:
        return "open"
    if ch in _CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else ""
    after = text[i + width] if i + width < len(text) else ""
    opens = before in _BEFORE_OPEN and after not in (" ", "\t", "\n", "")
    closes = after in _AFTER_CLOSE and before not in (" ", "\t", "\n", "")
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "close" if is_open else "open"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _PARA.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def find_quotes(text: str) -> list[Quote]:
    """Every balanced double-quoted stretch of *text*, in order, marks included.

    An opening mark that is never closed within its paragraph (and is not continued by
    the next paragraph) is dropped; a closing mark with no opening one is ignored. Each
    loses only itself.
    """
    quotes: list[Quote] = []
    markup = {m.start(1) for m in _ATTRIBUTE.finditer(text)} | {
        m.end(1) - 1 for m in _ATTRIBUTE.finditer(text)}
    paras = _paragraphs(text)
    carry: int | None = None  # opening offset of a quotation continued from the last paragraph
    for n, (pstart, pend) in enumerate(paras):
        open_at: int | None = carry
        continuing = carry is not None
        carry = None
        for m in _MARKS.finditer(text, pstart, pend):
            i = m.start()
            width = m.end() - m.start()
            if i in markup:
                continue
            if (
                text[i] in (_STRAIGHT, "'")
                and open_at is not None
                and text[open_at] in _OPENERS
                and text.find("”", i, pend) >= 0
            ):
                continue  # straight marks nested inside a curly quotation
            role = _role(text, i, open_at is not None)
            if continuing:
                continuing = False
                if role == "open" and not text[pstart:i].strip():
                    continue  # the fresh mark that continues a multi-paragraph quotation
                open_at = None  # the carried quotation was not continued after all
            if role == "open":
                open_at = i  # an earlier unclosed mark in this paragraph is dropped
            elif open_at is not None:
                quotes.append(Quote(open_at, i + width, text[open_at : i + width]))
                open_at = None
        if continuing:
            open_at = None  # a carried-over quotation with no mark in this paragraph
        if open_at is not None and n + 1 < len(paras):
            nxt = paras[n + 1][0]
            if text[nxt] in _OPENERS or (
                text[nxt] in (_STRAIGHT, "'")
                and _MARKS.match(text, nxt)
                and _role(text, nxt, False) == "open"
            ):
                carry = open_at
    return quotes


def quotes_near(quotes: list[Quote], lo: int, hi: int) -> list[Quote]:
    """The quotes of *quotes* (as :func:`find_quotes` returns them: sorted, disjoint) that
    overlap ``[lo, hi)``, found by bisection."""
    i = bisect_right(quotes, lo, key=lambda q: q.end)
    out = []
    while i < len(quotes) and quotes[i].start < hi:
        out.append(quotes[i])
        i += 1
    return out


def quote_at(quotes: list[Quote], pos: int) -> Quote | None:
    """The quote strictly around offset *pos*, if any."""
    near = quotes_near(quotes, pos, pos + 1)
    return next((q for q in near if q.start < pos < q.end), None)
