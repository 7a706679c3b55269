"""Title words that the entity recogniser takes for names.

Two kinds, both general:

* the portfolio of a title ("Finance" in "former Finance Minister X", "Home Affairs" in
  "Home Affairs Minister Y", "British Housing" in "British Housing Secretary Z") is read as an
  organisation of its own; written right before a title, its words are the title's
  (``resources/portfolio_words.txt``), so they are no name;
* a title written before a name inside one entity ("PM X" tagged as an organisation) or
  standing alone as the entity ("PM" in "PM's questions").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .roles import title_ending_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .kb import KnowledgeBase

#: Words that join portfolio words ("Digital, Culture, Media and Sport").
_JOINERS = frozenset({"and", "&", ",", "of", "the"})
#: Title abbreviations written in capitals before a name ("PM X"); kept out of the titles
#: lexicon, which matches lower case, so that "3 pm" is never a title.
_ABBREVIATIONS = frozenset({"PM", "P.M."})
#: Longest title looked for after a portfolio (in tokens).
_TITLE_WORDS = 3


@lru_cache(maxsize=1)
def portfolio_words() -> frozenset[str]:
    text = resources.files("tealeaves").joinpath("resources/portfolio_words.txt").read_text(
        "utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


def title_at(doc: Doc, start: int, limit: int) -> int:
    """Tokens of the longest lexicon title that begins at token *start* and ends before
    *limit*; 0 if none does."""
    if start < limit and doc[start].text in _ABBREVIATIONS:
        return 1
    for n in range(min(_TITLE_WORDS, limit - start), 0, -1):
        hit = title_ending_at(doc, start + n, start)
        if hit is not None and hit[1] == start:
            return n
    return 0


def portfolio_before_title(doc: Doc, start: int, end: int, kb: KnowledgeBase) -> bool:
    """``doc[start:end]`` is the portfolio of a title that follows it: every word a
    portfolio word (a country's name or adjective may lead: "British Housing"), and a
    capitalised lexicon title right after ("Secretary", "Minister")."""
    if end >= len(doc) or not doc[end].text[:1].isupper() or not title_at(doc, end, len(doc)):
        return False
    words = [t.text for t in doc[start:end]]
    if len(words) > 1 and kb.country_code(words[0]) is not None:
        words = words[1:]
    lex = portfolio_words()
    return any(w.lower() in lex for w in words) and all(
        w.lower() in lex or w.lower() in _JOINERS for w in words)


def whole_title(doc: Doc, start: int, end: int) -> bool:
    """``doc[start:end]`` is a lexicon title and nothing else ("PM", "Prime Minister")."""
    return title_at(doc, start, end) == end - start
