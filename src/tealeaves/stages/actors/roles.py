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

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..syntax import subtree

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
    longest = min(_max_title_len(), end - start_limit)
    if longest <= 0:
        return None
    last = [_word(t) for t in doc[end - longest : end]]  # each word read once
    for n in range(longest, 0, -1):
        words = tuple(last[longest - n :])
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


@dataclass
class _Reading:
    """What the words before a role's title say: the kept words, a possessor, countries."""

    kept: list[str] = field(default_factory=list)
    country_words: list[str] = field(default_factory=list)
    possessor: tuple[int, int] | None = None
    former: bool = False


def _read_named_possessor(r: _Reading, t: Token, span_start: int) -> None:
    """"Y" in "Y's ...": the proper nouns ending at *t* are the possessor and a country."""
    doc = t.doc
    first = t
    while first.i > span_start and doc[first.i - 1].pos_ == "PROPN":
        first = doc[first.i - 1]
    r.possessor = (first.idx, t.idx + len(t.text))
    r.country_words.append(doc[first.i : t.i + 1].text)
    if first.i != t.i:
        r.kept = r.kept[: len(r.kept) - (t.i - first.i)]
    r.kept.append(doc[first.i : t.i + 1].text)


def _read_modifier(r: _Reading, t: Token, span_start: int) -> None:
    """Read token *t*, which comes before the title: keep what changes the office (a
    possessor, a country, "former", "deputy"), drop what only colours it."""
    doc = t.doc
    low = _word(t)
    if low in _POSSESSIVE_PRONOUNS and r.possessor is None:
        r.possessor = (t.idx, t.idx + len(t.text))
        r.kept.append(t.text)
    elif t.tag_ == "POS" or low in _APOS:
        if r.kept:
            r.kept[-1] += "'s"
    elif t.i + 1 < len(doc) and doc[t.i + 1].tag_ == "POS" and t.pos_ == "PROPN":
        _read_named_possessor(r, t, span_start)
    elif t.ent_type_ in ("GPE", "NORP") or t.pos_ == "PROPN":
        r.country_words.append(t.text)
        r.kept.append(t.text)
    elif low in ("former", "ex", "ex-"):
        r.former = True
        r.kept.append(low)
    elif low in _KEEP_MODIFIERS or t.dep_ == "compound" and t.pos_ == "NOUN":
        r.kept.append(low)


def _title_of(span: Span, toks: list[Token]) -> tuple[TitleWord, int] | None:
    """The lexicon title heading *span*, before an "of"-phrase if there is one ("head of
    the IAEA": the title ends before "of")."""
    doc = span.doc
    hit = title_ending_at(doc, toks[-1].i + 1, span.start)
    if hit is None:
        of_idx = next((t.i for t in toks if t.lower_ == "of" and t.i > span.start), None)
        if of_idx is not None:
            hit = title_ending_at(doc, of_idx, span.start)
    return hit


def describe(span: Span) -> Role | None:
    """Read a noun phrase that may name a person by role ("Merkel's chief of staff")."""
    toks = [t for t in span if not (t.is_punct and t.text not in ("-", "."))]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return None
    doc = span.doc
    hit = _title_of(span, toks)
    title_start = hit[1] if hit else toks[-1].i
    title_end = title_start + len(hit[0].phrase.split()) if hit else toks[-1].i + 1
    r = _Reading()
    for t in toks:
        if t.i < title_start:
            _read_modifier(r, t, span.start)
        elif t.i < title_end:
            r.kept.append(_word(t))
        else:
            r.kept.append(t.text if t.pos_ == "PROPN" else _word(t))
    return Role(
        start=toks[0].idx,
        end=toks[-1].idx + len(toks[-1].text),
        text=doc[toks[0].i : toks[-1].i + 1].text,
        normalised=" ".join(r.kept).replace(" - ", "-").replace(" 's", "'s"),
        cls=hit[0].cls if hit else None,
        form=hit[0].form if hit else "epithet",
        country_words=tuple(r.country_words),
        possessor=r.possessor,
        former=r.former,
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


#: Dependents of a role's head that open a clause or a phrase of their own.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "appos"})


def _clause_tokens(head: Token) -> set[int]:
    """Tokens below *head* inside a clause or apposition attached anywhere under it (a loop,
    not recursion: a parse can be deeper than the C stack)."""
    out: set[int] = set()
    stack: list[tuple[Token, bool]] = [(c, False) for c in head.children]
    while stack:
        tok, inside = stack.pop()
        inside = inside or tok.dep_ in _CLAUSE_DEPS
        if inside:
            out.add(tok.i)
        stack.extend((c, inside) for c in tok.children)
    return out


def _trim(doc: Doc, head: Token, exclude: set[int]) -> tuple[int, int] | None:
    """Token range of *head*'s phrase, minus clauses and the *exclude* tokens."""
    drop = set(exclude) | _clause_tokens(head)
    kept = [t.i for t in subtree(head) if t.i not in drop]
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


def _title_before(doc: Doc, start: int) -> Role | None:
    """A title right before the name at token *start*, with its modifiers ("U.S. Secretary
    of State", "Y's chief economic adviser")."""
    hit = title_ending_at(doc, start, max(0, start - 6))
    if hit is None:
        return None
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
    return describe(doc[lo:start])


def _apposition_roles(doc: Doc, head: Token, right: bool, root: Token, start: int, end: int,
                      is_name: set[int]) -> list[Role]:
    """The roles an apposition headed by *head* gives the name at ``start:end`` (*right*: the
    apposition follows the name; else the name is in apposition to it)."""
    if head.i in is_name or head.pos_ not in ("NOUN", "PROPN") \
            or head.ent_type_ in ("GPE", "PERSON"):
        return []
    if head.tag_ == "NNS" or any(c.lower_ in ("my", "our", "your") for c in head.children):
        return []  # "my parents, James and Olive": not a role of one of them
    exclude = {t.i for t in subtree(root)} if not right else set()
    rng = _trim(doc, head, exclude)
    if rng is None:
        return []
    lo, hi = rng
    gap = list(doc[end:lo]) if right else list(doc[hi:start])
    if len(gap) > 2 or not gap or any(t.text not in _APPOS_GAP for t in gap):
        return []
    if any(t.like_url or t.like_email or t.text.startswith("@") for t in doc[lo:hi]):
        return []
    out = []
    for s, e in _split_conj(doc, lo, hi):
        role = describe(doc[s:e])
        if role is not None and (role.cls is not None or (
                len(role.normalised.split()) > 1 and any(t.pos_ == "NOUN" for t in doc[s:e]))):
            out.append(role)
    return out


def _parenthesis_role(doc: Doc, end: int, is_name: set[int]) -> Role | None:
    """An office in a parenthesis right after the name: "X (Y's aide)"."""
    if end >= len(doc) or doc[end].text != "(":
        return None
    close = next((i for i in range(end + 1, min(len(doc), end + 14)) if doc[i].text == ")"), None)
    if close is None or close <= end + 1:
        return None
    inner = doc[end + 1 : close]
    if any(t.pos_ in ("VERB", "AUX") or t.like_num for t in inner) or not any(
        t.pos_ in ("NOUN", "PROPN") and t.i not in is_name for t in inner
    ):
        return None
    role = describe(inner)
    return role if role is not None and role.cls is not None else None


def roles_for_name(doc: Doc, start: int, end: int,
                   is_name: set[int]) -> tuple[list[Role], list[Role]]:
    """Roles of the name at tokens ``start:end``: (pre-name titles, appositions/parentheses).

    *is_name* holds the token indices of every name mention (they never become roles).
    Apposition roles are also mentions of the actor (form ``title`` or ``epithet``).
    """
    title = _title_before(doc, start)
    pre = [title] if title is not None else []
    root = doc[start:end].root
    # an apposition attached to the name (right) or the name attached to one (left)
    candidates: list[tuple[Token, bool]] = [(c, True) for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos" and root.head.i < start:
        candidates.append((root.head, False))
    appos: list[Role] = []
    for head, right in candidates:
        appos.extend(_apposition_roles(doc, head, right, root, start, end, is_name))
    if not appos:
        role = _parenthesis_role(doc, end, is_name)
        if role is not None:
            appos.append(role)
    return pre, appos
