"""Whose words a mention sits in, and whether it is a target of evaluation at all.

The article's stance towards an actor is read from what is said *about* the actor. A
mention of the actor is one of:

* the **speaker** of a claim (the claim's source span, "Lavrov said …"): the claim's words
  are the speaker's, about someone else, and say nothing of the speaker — not a target;
* a **setting**: a place or time the sentence happens in ("talks in Geneva", "at the
  UN", "the island of Crete"), or a modifier of another noun ("Kremlin officials",
  "Moscow authorities"); every item of a list takes the first item's relation ("governors
  of the X, Y and Z regions") — not a target;
* inside the content of a claim the article attributes to a source: a **relayed**
  evaluation, kept apart from the author's (the claim's id goes with it);
* anywhere else: the **author**'s own words.

The rules are general English syntax (spaCy's dependency labels); the prepositions of
place and time are the spatial and temporal senses listed for English prepositions in the
Preposition Project / PDEP (Litkowski & Hargraves 2005), the common ones only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ...model import Claim

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

Voice = Literal["author", "relayed"]

#: Prepositions whose object is a setting (where or when), not someone acted on or judged.
SETTING_PREPOSITIONS = frozenset({
    "in", "at", "inside", "outside", "near", "across", "throughout", "within", "around",
    "during", "amid", "amidst", "via", "from",
})
#: Relations by which a name modifies another noun ("Kremlin officials", "Moscow's mayor"
#: is left to the model: a possessor can be judged, "Putin's war").
MODIFIER_DEPS = frozenset({"compound", "nmod", "npadvmod"})
SETTING_ENTS = frozenset({"DATE", "TIME"})
#: Nouns of a place that "of X" names ("the island of Crete", "the region of X"): general
#: English geographic and administrative nouns (WordNet 3.1 hyponyms of
#: administrative_district.n.01 and geographic_area.n.01, the common ones).
PLACE_NOUNS = frozenset(
    "island islands city town village capital region province state republic district "
    "county oblast krai territory area port peninsula municipality country".split())


def _first_conjunct(tok: Token) -> Token:
    """The first of a coordinated list of names ("in X, Y and Z": Y and Z take X's
    relation); a common noun keeps its own ("protests in Europe or assuage critics" may
    be misparsed as one list)."""
    seen = 0
    while tok.dep_ == "conj" and tok.pos_ == "PROPN" and tok.head.i != tok.i and seen < 50:
        tok, seen = tok.head, seen + 1
    return tok


def _root(tokens: list[Token]) -> Token:
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[-1]


def is_setting(sent: SpacySpan, start: int, end: int) -> bool:
    """Whether the mention at ``[start, end)`` is only a setting of its sentence."""
    tokens = [t for t in sent if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return False
    if all(t.ent_type_ in SETTING_ENTS for t in tokens):
        return True
    root = _first_conjunct(_root(tokens))
    if root.dep_ == "pobj" and root.head.lower_ in SETTING_PREPOSITIONS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" \
            and root.head.head.lemma_.lower() in PLACE_NOUNS:
        return True  # "the island of X", "the city of X": X names where
    return root.dep_ in MODIFIER_DEPS and root.head.pos_ in ("NOUN", "PROPN") \
        and root.head.i not in {t.i for t in tokens}


def _inside(a: int, b: int, start: int, end: int) -> bool:
    return start <= a and b <= end


def _overlaps(a: int, b: int, start: int | None, end: int | None) -> bool:
    return start is not None and end is not None and a < end and start < b


def voice_of(sent: SpacySpan, start: int, end: int,
             claims: Sequence[Claim]) -> tuple[Voice | None, str | None]:
    """``(voice, claim id)`` of the mention at ``[start, end)``: ``(None, None)`` when it is
    a claim's speaker or a setting; ``("relayed", id)`` inside a claim by a source other
    than the author; ``("author", None)`` otherwise."""
    inner: Claim | None = None
    for claim in claims:
        if _inside(start, end, claim.start, claim.end):
            if inner is None or claim.end - claim.start < inner.end - inner.start:
                inner = claim
        elif _overlaps(start, end, claim.source.start, claim.source.end):
            return None, None
    if is_setting(sent, start, end):
        return None, None
    if inner is not None and inner.source.kind != "author":
        return "relayed", inner.id or None
    return "author", None
