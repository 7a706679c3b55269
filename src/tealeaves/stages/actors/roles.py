"""Titles and roles of actors, read from the parse around a name.

Patterns (each general, over the spaCy dependency parse and the titles lexicon
``resources/titles.txt``):

- a title before the name: "U.S. Secretary of State X", "Foreign Minister X",
  "Y's chief economic adviser X";
- an apposition after or before the name: "X, head of Y", "X, Y's Foreign Minister,",
  "the Hungarian mediator, X";
- a parenthesis right after the name: "X (Y's press secretary)".

Each role keeps the text as written and a normalised form (adverbs and evaluative
adjectives dropped, title words lower-cased), plus what the resolver needs: the office
class, a country named in it and the possessor ("Y's").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Modifiers kept in a normalised role (they change the office, not the tone).
_KEEP_MODIFIERS = frozenset(
    "foreign deputy senior chief top special acting former interim first vice assistant "
    "presidential executive general national federal state regional principal press "
    "defence defense security affairs economic military political campaign white house "
    "prime lead main ex associate managing communications".split()
)
_DETERMINERS = frozenset({"a", "an", "the", "this", "that"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
_APOS = ("'s", "’s", "'", "’")
_APPOS_GAP = frozenset({",", "—", "–", "("})


@dataclass(frozen=True)
class TitleWord:
    phrase: str
    cls: str
    form: str  # "title" or "epithet"


@lru_cache(maxsize=1)
def titles() -> dict[tuple[str, ...], TitleWord]:
    """The titles lexicon, keyed by the phrase's lowercased words."""
    text = resources.files("tealeaves").joinpath("resources/titles.txt").read_text("utf-8")
    out: dict[tuple[str, ...], TitleWord] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, cls, form = (p.strip() for p in line.split("\t"))
        out[tuple(phrase.split())] = TitleWord(phrase, cls, form)
    return out


@lru_cache(maxsize=1)
def _max_title_len() -> int:
    return max(len(k) for k in titles())


def _word(tok: Token) -> str:
    return tok.lower_.replace("’", "'")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def title_ending_at(doc: Doc, end: int, start_limit: int = 0) -> tuple[TitleWord, int] | None:
    """The longest lexicon title whose last word is token ``end - 1``; (title, start)."""
    lex = titles()
    for n in range(min(_max_title_len(), end - start_limit), 0, -1):
        words = tuple(_word(t) for t in doc[end - n : end])
        hit = lex.get(words)
        if hit is None and n == 1:
            hit = lex.get((_singular(words[0]),))
        if hit is not None:
            return hit, end - n
    return None


@dataclass(frozen=True)
class Role:
    start: int  # character offsets of the role as written
    end: int
    text: str
    normalised: str
    cls: str | None  # office class from the lexicon, None if the head is no title
    form: str  # "title" or "epithet"
    country_words: tuple[str, ...]  # words that may name a country ("Russian", "U.S.")
    possessor: tuple[int, int] | None  # char span of "Y" in "Y's ..." / "his"
    former: bool = False


def describe(span: Span) -> Role | None:
    """Read a noun phrase that may name a person by role ("Merkel's chief of staff")."""
    toks = [t for t in span if not (t.is_punct and t.text not in ("-", "."))]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return None
    doc = span.doc
    head_end = toks[-1].i + 1
    # an "of"-phrase after the title ("head of the IAEA"): the title ends before "of"
    of_idx = next((t.i for t in toks if t.lower_ == "of" and t.i > span.start), None)
    hit = title_ending_at(doc, head_end, span.start)
    if hit is None and of_idx is not None:
        hit = title_ending_at(doc, of_idx, span.start)
    cls = hit[0].cls if hit else None
    form = hit[0].form if hit else "epithet"
    possessor: tuple[int, int] | None = None
    country_words: list[str] = []
    former = False
    kept: list[str] = []
    title_start = hit[1] if hit else toks[-1].i
    title_end = title_start + len(hit[0].phrase.split()) if hit else toks[-1].i + 1
    for t in toks:
        low = _word(t)
        if t.i < title_start:
            if low in _POSSESSIVE_PRONOUNS and possessor is None:
                possessor = (t.idx, t.idx + len(t.text))
                kept.append(t.text)
            elif t.tag_ == "POS" or low in _APOS:
                if kept:
                    kept[-1] += "'s"
            elif t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS" and t.pos_ == "PROPN":
                first = t
                while first.i > span.start and doc[first.i - 1].pos_ == "PROPN":
                    first = doc[first.i - 1]
                possessor = (first.idx, t.idx + len(t.text))
                country_words.append(doc[first.i : t.i + 1].text)
                if first.i != t.i:
                    kept = kept[: len(kept) - (t.i - first.i)]
                kept.append(doc[first.i : t.i + 1].text)
            elif t.ent_type_ in ("GPE", "NORP") or (t.pos_ == "PROPN" and t.i < title_start):
                country_words.append(t.text)
                kept.append(t.text)
            elif low in ("former", "ex", "ex-"):
                former = True
                kept.append(low)
            elif low in _KEEP_MODIFIERS or t.dep_ == "compound" and t.pos_ == "NOUN":
                kept.append(low)
            elif low in _DETERMINERS or t.pos_ in ("ADV", "ADJ", "VERB", "PUNCT", "DET"):
                continue
            elif t.pos_ == "PROPN":
                kept.append(t.text)
        elif t.i < title_end:
            kept.append(low)
        else:
            kept.append(t.text if t.pos_ == "PROPN" else low)
    text = doc[toks[0].i : toks[-1].i + 1].text
    normalised = " ".join(kept).replace(" - ", "-").replace(" 's", "'s")
    return Role(
        start=toks[0].idx,
        end=toks[-1].idx + len(toks[-1].text),
        text=text,
        normalised=normalised,
        cls=cls,
        form=form,
        country_words=tuple(country_words),
        possessor=possessor,
        former=former,
    )


def _split_conj(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split "head of Y and Z's unofficial guy" into its conjoined role phrases."""
    pieces: list[tuple[int, int]] = []
    cur = start
    for i in range(start + 1, end - 1):
        t = doc[i]
        if t.lower_ == "and" and (doc[i + 1].pos_ in ("DET", "PRON") or
                                  (i + 2 < end and doc[i + 2].tag_ == "POS")):
            pieces.append((cur, i))
            cur = i + 1
    pieces.append((cur, end))
    return [(s, e) for s, e in pieces if e > s]


def _trim(doc: Doc, head: Token, exclude: set[int]) -> tuple[int, int] | None:
    """Token range of *head*'s phrase, minus clauses and the *exclude* tokens."""
    drop: set[int] = set(exclude)
    for child in head.subtree:
        if child.dep_ in ("relcl", "acl", "advcl", "appos") and child.i != head.i:
            drop.update(t.i for t in child.subtree)
    kept = [t.i for t in head.subtree if t.i not in drop]
    if not kept:
        return None
    lo, hi = min(kept), max(kept) + 1
    # stop at the first comma after the head, or before it for a left apposition
    for i in range(head.i + 1, hi):
        if doc[i].text in (",", ";", "(", ")", "—", "–") and doc[i].i not in drop:
            hi = i
            break
    while lo < hi and (doc[lo].is_punct or doc[lo].lower_ in ("and",)):
        lo += 1
    while hi > lo and doc[hi - 1].is_punct:
        hi -= 1
    return (lo, hi) if hi > lo else None


def roles_for_name(doc: Doc, start: int, end: int, is_name: set[int]) -> tuple[list[Role], list[Role]]:
    """Roles of the name at tokens ``start:end``: (pre-name titles, appositions/parentheses).

    *is_name* holds the token indices of every name mention (they never become roles).
    Apposition roles are also mentions of the actor (form ``title`` or ``epithet``).
    """
    pre: list[Role] = []
    appos: list[Role] = []
    # 1. a title right before the name
    hit = title_ending_at(doc, start, max(0, start - 6))
    if hit is not None:
        lo = hit[1]
        while lo > 0 and start - lo < 8:
            t = doc[lo - 1]
            if t.is_sent_end or t.lower_ in _DETERMINERS or (t.is_punct and t.text not in ("-", ".")):
                break
            if t.pos_ in ("ADJ", "PROPN", "NOUN", "PART") or t.text in ("-", ".") or t.tag_ == "POS":
                lo -= 1
                continue
            break
        while lo < hit[1] and (doc[lo].is_punct or doc[lo].tag_ == "POS"):
            lo += 1
        role = describe(doc[lo:start])
        if role is not None:
            pre.append(role)
    root = doc[start:end].root
    # 2. an apposition attached to the name (right) or the name attached to one (left)
    candidates: list[tuple[Token, bool]] = [(c, True) for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and root.head.i < start:
        candidates.append((root.head, False))
    for head, right in candidates:
        if head.i in is_name or head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ in ("GPE", "PERSON"):
            continue
        if head.tag_ == "NNS" or any(c.lower_ in ("my", "our", "your") for c in head.children):
            continue  # "my parents, James and Olive": not a role of one of them
        exclude = {t.i for t in root.subtree} if not right else set()
        rng = _trim(doc, head, exclude)
        if rng is None:
            continue
        lo, hi = rng
        gap = list(doc[end:lo]) if right else list(doc[hi:start])
        if len(gap) > 2 or not gap or any(t.text not in _APPOS_GAP for t in gap):
            continue
        if any(t.like_url or t.like_email or t.text.startswith("@") for t in doc[lo:hi]):
            continue
        for s, e in _split_conj(doc, lo, hi):
            role = describe(doc[s:e])
            if role is not None and (role.cls is not None or (
                    len(role.normalised.split()) > 1 and any(t.pos_ == "NOUN" for t in doc[s:e]))):
                appos.append(role)
    # 3. a parenthesis right after the name: "X (Y's aide)"
    if not appos and end < len(doc) and doc[end].text == "(":
        close = next((i for i in range(end + 1, min(len(doc), end + 14)) if doc[i].text == ")"), None)
        if close is not None and close > end + 1:
            inner = doc[end + 1 : close]
            if not any(t.pos_ in ("VERB", "AUX") or t.like_num for t in inner) and any(
                t.pos_ in ("NOUN", "PROPN") and t.i not in is_name for t in inner
            ):
                role = describe(inner)
                if role is not None and role.cls is not None:
                    appos.append(role)
    return pre, appos
