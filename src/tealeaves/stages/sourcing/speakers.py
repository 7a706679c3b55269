"""Who speaks, beyond the subject of the cue (``SOURCING-GUIDE.md``, "Source kinds"):

- a description with a name in apposition is that person: "Political analyst and Kremlin
  critic NAME told …", which the parser reads as a description joined by "and" to a name;
- a quotation chain goes on past a sentence about someone else: "he added" / "she continued"
  belong to the last speaker, unless another person spoke in between (or the pronoun does not
  fit the speaker);
- a relative given only by their tie to someone ("her father", "Jane Doe's husband") is one
  person the article names when it names them anywhere: "her father, Tom Doe" or "my parents,
  Tom and Ann Doe" elsewhere, or one other person of the family name ("Ann Doe's husband"
  beside "Mark Doe"); otherwise they stay unnamed (the labels' rule 4);
- the "I" or "we" of a quotation is the person named right after it, in the same sentence,
  even when the parse takes the quotation's "we" for the cue's subject ("'… We will …,'
  Police Chief Jane Doe said"; "'…,' said Jane Doe").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...nlp import doc_text
from .quotes import quotes_near

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ...model import Actor
    from .cue_rules import CueMatch
    from .kinds import SourceContext

__all__ = ["breaks_chain", "described_names", "goes_on", "named_after", "named_relative",
           "pronouns_of"]


def _described_name(subj: Token) -> Token | None:
    """ "Political analyst and Kremlin critic NAME told …": a bare description (no
    determiner) joined by "and" to a name that carries a description of its own ("critic
    NAME") is one person described twice, not two speakers; returns the name's head. "The
    minister and NAME" (a determiner, a bare name) are two."""
    if subj.pos_ != "NOUN" or any(c.dep_ in ("det", "poss") for c in subj.children):
        return None
    for conj in subj.children:
        if conj.dep_ == "conj" and conj.ent_type_ == "PERSON" and conj.pos_ == "PROPN" and any(
                c.dep_ == "compound" and c.pos_ == "NOUN" and c.i < conj.i
                for c in conj.children):
            if sum(1 for c in subj.children if c.dep_ == "conj") == 1:
                return conj
    return None


def described_names(found: list[CueMatch]) -> None:
    """The source of an attribution whose subject is a description joined to a described
    name (:func:`_described_name`) is that name, over the whole phrase."""
    for f in found:
        name = _described_name(f.subject) if f.subject is not None else None
        if name is not None and f.subject is not None:
            f.source = (f.subject.left_edge.idx, name.idx + len(name.text))
            f.subject = name


#: Cues that continue what the last speaker said ("he added", "she went on").
_GOING_ON = frozenset({"add", "continue", "go", "conclude", "elaborate"})


_HE, _SHE = frozenset({"he", "him", "his"}), frozenset({"she", "her", "hers"})


def goes_on(doc: Doc, f: CueMatch, said: frozenset[str] | None) -> bool:
    """Is *f*'s cue a verb of going on ("he added", "she continued") whose pronoun fits the
    chain speaker, who has been called by the pronouns *said* (no "she" for a speaker the
    text calls "he"; None: no chain)?"""
    span = doc.char_span(*f.cue, alignment_mode="expand") if f.cue else None
    if span is None or span.root.lemma_.lower() not in _GOING_ON or said is None:
        return False
    low = f.subject.lower_ if f.subject is not None else ""
    return not ((low in _HE and said & _SHE and not said & _HE)
                or (low in _SHE and said & _HE and not said & _SHE))


def pronouns_of(actor: Actor) -> frozenset[str]:
    """The pronouns the text calls *actor* by."""
    return frozenset(m.text.lower() for m in actor.mentions if m.form == "pronoun")


def breaks_chain(ctx: SourceContext, chain: Actor, after: int, before: int,
                  going_on: bool = False) -> bool:
    """Another person named as a clause's subject between two attributions (outside any
    quotation) starts a new chain: "Smith said … Jones disagreed. He said …". Before "he
    added" (*going_on*) only a person who spoke does: "'…,' Smith said of Jones. Jones has
    held the post since 2004. '…,' he added" is still Smith going on."""
    verbs = ctx.vocab.verbs
    for end, start, actor in ctx.before(before, {"person"}):
        if start < after or actor is chain:
            continue
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") and not any(
                q.start <= start < q.end for q in quotes_near(ctx.quotes, start, end)) and (
                not going_on or span.root.head.lemma_.lower() in verbs):
            return True
    return False


#: Kin terms for one person (WordNet 3.0: hyponyms of "relative, relation" and "spouse,
#: partner" in noun.person, singular, the common ones), each with the plural that may name
#: them together ("my parents, Tom and Ann Doe").
_KIN = {"father": "parents", "mother": "parents", "dad": "parents", "mom": "parents",
        "husband": "", "wife": "", "ex-wife": "", "ex-husband": "", "widow": "",
        "widower": "", "spouse": "", "fiancee": "", "fiancé": "", "fiancée": "",
        "son": "sons", "daughter": "daughters", "brother": "brothers", "sister": "sisters",
        "grandfather": "grandparents", "grandmother": "grandparents", "uncle": "",
        "aunt": "", "cousin": "", "nephew": "", "niece": "", "stepfather": "parents",
        "stepmother": "parents", "grandson": "", "granddaughter": "", "sibling": "siblings"}


def named_relative(ctx: SourceContext, subj: Token) -> tuple[bool, Actor | None]:
    """Is *subj* a relative given by their tie to someone ("his wife", "Jane Doe's son")
    whom the article names, and who (the actor, when the actors stage knows them)? The
    naming mention has the same possessor word ("her father, Tom Doe" for "her father")."""
    low = subj.lower_
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    if subj.pos_ != "NOUN" or subj.tag_ != "NN" or low not in _KIN or owner is None or any(
            c.dep_ == "conj" for c in subj.children):  # "X's father and mother": two
        return False, None
    group = _KIN[low]
    for tok in ctx.doc:
        if tok.i != subj.i and tok.lower_ in (low, group) and any(
                c.dep_ == "poss" and c.lower_ == owner.lower_ for c in tok.children):
            names = [c for c in tok.children if c.dep_ in ("appos", "compound", "npadvmod")
                     and c.ent_type_ == "PERSON" and (c.i > tok.i or c.dep_ == "compound")]
            if names:  # "her father, Tom Doe", "my parents, Tom and Ann Doe"
                name = names[0]
                return True, ctx.index.actor_at(name.idx, name.idx + len(name.text))
    if owner.ent_type_ != "PERSON" or owner.pos_ != "PROPN":
        return False, None
    family = owner.text
    kin = {a.id: a for a in ctx.actors if a.kind == "person" and a.name.split()[-1:] == [family]
           and not any(m.start <= owner.idx < m.end for m in a.mentions)}
    if len(kin) == 1:  # "Ann Doe's husband" beside "Mark Doe": the one other Doe
        return True, next(iter(kin.values()))
    return False, None


def _opens_after(ctx: SourceContext, end: int, start: int, stop: int) -> bool:
    """Does the name at *start*..*stop* open the words after a quotation ending at *end*: the
    words between are its own phrase ("Harbor City police Chief NAME", "the group's lawyer,
    NAME") or the verb it is the subject of ("said NAME")?"""
    name = ctx.doc.char_span(start, stop, alignment_mode="expand")
    if name is None:
        return False
    head = name.root
    apposed = False
    while head.head.i != head.i and (head.dep_ in ("appos", "compound", "conj", "flat") or (
            apposed and head.dep_ in ("pobj", "prep"))):
        apposed = apposed or head.dep_ == "appos"
        head = head.head  # "the chair of the group, NAME": the chair's phrase holds the name
    allowed = {t.i for t in head.subtree}
    if head.dep_ in ("nsubj", "nsubjpass"):
        allowed.add(head.head.i)  # "said NAME"
    between = ctx.doc.char_span(end, start, alignment_mode="contract") if end < start else None
    return all(t.i in allowed or t.is_punct or t.is_space for t in between or ())


def named_after(ctx: SourceContext, end: int) -> Actor | None:
    """The person named right after a quotation ending at *end*, in its sentence: the name
    (not a pronoun) whose phrase, or whose verb, opens the words after it (:func:`_opens_after`;
    '"…," Police Chief Jane Doe said', '"…," said Jane Doe'), with no sentence end or other
    quotation between."""
    text = doc_text(ctx.doc)
    best: tuple[int, int, Actor] | None = None
    for stop, start, actor in ctx.ending_between(end, end + 300):
        if actor.kind == "person" and end <= start and (best is None or start < best[0]):
            best = (start, stop, actor)
    if best is None:
        return None
    gap = text[end:best[0]]
    if any(c in gap for c in ".!?\n\"“”") or gap.count(",") > 1 or (
            text[max(0, end - 2):end].rstrip("\"'”’")[-1:] == "."):
        return None  # a quotation that ends its sentence ('… truth.' The mayor, …)
    return best[2] if _opens_after(ctx, end, best[0], best[1]) else None
