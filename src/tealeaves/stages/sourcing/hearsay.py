"""Hearsay: claims with no source at all (kind ``rumour``, ``SOURCING-GUIDE.md``).

The forms, each general English rather than any article's phrasing:

- evidential adverbs with no source in reach ("the minister has reportedly resigned"),
  but not on a verb that already has its own source ("X reportedly said …": X's claim);
- passives of reporting verbs with no agent: "it has been suggested that …", "X is said to
  …", "is believed to", "is widely seen as";
- hearsay nouns (``resources/hearsay_nouns.txt``) with a that-clause and no holder
  ("rumours that …", "speculation that …"), as the subject of a clause ("rumours swirl that
  …") or with "of" ("talk of a reshuffle");
- the fixed frames of ``resources/rumour_cues.txt`` ("word is", "rumour has it");
- a hearsay participle before the noun a copula predicates of its subject ("X is a widely
  mooted candidate", "Y is the rumoured favourite"): the clause is the rumour.

A rumour that someone denies stays a rumour claim beside the denier's claim ("dismissed
rumours that …": the noun rule marks it ``keep_nested`` and ``_outermost`` keeps both); other
hearsay inside someone's reported words is part of what they said.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .attribution import CharSpan, char_span, subtree_span, trim
from .hedges import read_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .cue_rules import CueMatch


_EVIDENTIAL_ADVERBS = {"reportedly", "allegedly", "supposedly", "purportedly", "reputedly"}
#: verbs of thinking among the hearsay verbs: "is believed to think" passes on no words
_COGNITION = frozenset({"believe", "think", "understand", "reckon", "consider", "deem",
                        "regard", "see", "view", "speculate", "expect"})
_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "compound", "attr"})


@lru_cache(maxsize=1)
def hearsay_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("hearsay_nouns.txt"))


@lru_cache(maxsize=1)
def hearsay_verbs() -> dict[str, str]:
    """Lemma -> the preposition it needs ("" for none)."""
    out = {}
    for line in read_lexicon("hearsay_verbs.txt"):
        parts = line.lower().split()
        out[parts[0]] = parts[1] if len(parts) > 1 else ""
    return out


def is_hearsay_noun(tok: Token) -> bool:
    """A hearsay noun; "talks" (negotiations) is not "talk" (what people say)."""
    from .senses import misread_noun

    lemma = tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.lower_.rstrip("s")
    nominal = tok.pos_ == "NOUN" or tok.dep_ in _NOMINAL  # "dismissed rumours" tagged a verb
    nominal = nominal or misread_noun(tok, hearsay_nouns())  # "Whispers that … grew"
    return nominal and lemma in hearsay_nouns() and not (lemma == "talk" and tok.tag_ != "NN")


def passive_hearsay(doc: Doc, cue: Token) -> CharSpan | None:
    """The content of a passive reporting verb with no agent, or None if *cue* is not one.

    "It has been said that A" -> A; "X is said to be B" -> "X is said to be B" (the subject
    belongs to what is said)."""
    need = hearsay_verbs().get(cue.lemma_.lower())
    if need is None or any(c.dep_ == "agent" for c in cue.children):
        return None
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        return None  # "may be seen as": the writer's own hedged view, not hearsay
    if need and not any(c.dep_ == "prep" and c.lower_ == need for c in cue.children):
        return None
    if cue.tag_ == "VBN" and cue.dep_ in ("advcl", "acl") and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children):
        # "Widely believed to harbour …, X has …": what is believed of X
        comp = next((c for c in cue.children if c.dep_ in ("xcomp", "prep", "oprd", "dobj",
                                                             "attr") and c.i > cue.i), None)
        return trim(doc, *subtree_span(comp)) if comp is not None else None
    subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subj is None or not any(c.dep_ == "auxpass" for c in cue.children):
        return None
    if _reports_speech(cue):
        return None  # "X was reported as saying that …": X's words, passed on
    if subj.lower_ == "it" or subj.dep_ == "expl":
        comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
        return trim(doc, *subtree_span(comp)) if comp is not None else None
    xcomp = next((c for c in cue.children if c.dep_ in ("xcomp", "oprd", "prep")
                  and c.i > cue.i), None)
    if xcomp is None:
        return None
    return trim(doc, subj.left_edge.idx, subtree_span(xcomp)[1])


def _reports_speech(cue: Token) -> bool:
    """ "X was reported saying …", "X is said to have told …", "X was quoted as saying …":
    the passive passes on what X said, so X is the source, not hearsay."""
    from .cues import general_verbs

    verbs = general_verbs()  # verbs of saying, not "is said to have pressed for"
    for c in cue.children:
        inner = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None) \
            if c.dep_ == "prep" else c
        if c.dep_ in ("xcomp", "prep") and inner is not None and inner.i > cue.i \
                and inner.pos_ == "VERB" and inner.lemma_.lower() in verbs \
                and inner.lemma_.lower() not in _COGNITION:
            return True
    return False


def rumour_relative(cue: Token) -> bool:
    """ "a rumour which claimed that …", "reports that suggested …": a cue in a relative
    clause on a hearsay noun with no holder speaks for nobody."""
    head = cue.head
    return cue.dep_ == "relcl" and head.i != cue.i and is_hearsay_noun(head) and \
        not has_holder(head)


def noun_subjects(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "Rumours swirl that …", "speculation grew that …": a hearsay noun as the subject of a
    verb whose clause says what is rumoured."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.i in used or tok.dep_ not in ("nsubj", "compound") or not is_hearsay_noun(tok):
            continue
        if any(c.dep_ in ("poss", "prep") for c in tok.children):
            continue  # "Smith's speculation", "talk from insiders": a holder is named
        verb = tok.head
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
        if comp is None or relative_on_noun(comp):
            continue
        content = trim(doc, *subtree_span(comp))
        if content is None:
            continue
        used.update((tok.i, verb.i))
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok, verb]),
                            kind="rumour"))
    return out


def talk_of(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "talk of a reshuffle", "rumours of his dismissal": a hearsay noun with "of" and no
    holder; the content is what the "of" phrase names."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.i in used or not is_hearsay_noun(tok) or any(
                c.dep_ == "poss" for c in tok.children):
            continue
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "about")
                   and c.i == tok.i + 1), None)
        pobj = next((c for c in of.children if c.dep_ in ("pobj", "pcomp")), None) if of else None
        if of is None or pobj is None:
            continue
        content = trim(doc, *subtree_span(pobj))
        pred = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if content is not None and pred is not None and tok.dep_ == "dobj":
            # "dismissed talk of a plot as nonsense": the "as" phrase is the dismisser's
            content = trim(doc, content[0], pred.idx)
        if content is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok, of]),
                            kind="rumour", keep_nested=denied(tok)))
    return out


#: verbs that deny or dismiss what their object says ("dismissed talk of a plot")
_DENYING = frozenset({"deny", "dismiss", "reject", "rebut", "refute", "quash", "scotch",
                      "squash", "debunk", "downplay", "contradict"})


#: words that leave plural "reports" unnamed ("some reports", "unconfirmed reports")
_UNNAMED_DETS = frozenset({"some", "several", "many", "other", "recent", "unconfirmed",
                           "media", "press", "news"})


def unnamed_reports(tok: Token) -> bool:
    """Plural "reports" with no issuer ("Reports that …", "some reports that …"): rumour
    by the real-news annotators' call (``docs/stages/sourcing.md``); "the reports", "CNN
    reports", "his reports" have a holder."""
    if tok.lower_ != "reports" or tok.tag_ != "NNS":
        return False
    for c in tok.children:
        if c.dep_ in ("poss", "prep") and c.lower_ not in ("that", "of"):
            return False
        if c.dep_ in ("det", "amod", "compound") and c.lower_ not in _UNNAMED_DETS:
            return False
        if c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON"):
            return False
    return True


def denied(tok: Token) -> bool:
    """A hearsay noun that a verb of denial takes as its object ("dismissed talk of a
    plot") or as its passive subject ("reports that … were denied"): a rumour that stays a
    claim beside the denial."""
    head = tok.head
    return head.lemma_.lower() in _DENYING and tok.dep_ in ("dobj", "nsubjpass")


def has_holder(tok: Token) -> bool:
    """A hearsay noun whose holder is named: "Smith's speculation", "rumours spread by X"."""
    return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
               or (c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children))
               for c in tok.children)


#: verbs that take a hearsay or speech noun as their object ("spread rumours", "fuel
#: speculation", "level allegations", "deny the claim"): in "the rumours that his aides
#: spread" the clause is relative (its gap is the noun), not what the rumour says; general
#: English usage
_SPREADING = frozenset({"spread", "start", "fuel", "stoke", "feed", "generate", "create",
                        "cause", "prompt", "spark", "trigger", "provoke", "raise", "encourage",
                        "circulate", "repeat", "hear", "deny", "dismiss", "quash", "fight",
                        "counter", "address", "ignore", "print", "publish", "air", "make",
                        "level", "file", "lodge", "voice", "investigate", "reject", "receive"})


def relative_on_noun(comp: Token) -> bool:
    """A relative clause whose gap is the hearsay or speech noun ("the speculation that X
    has generated", "the allegations that critics levelled"), which the parser gives the
    same "that" as a content clause: a verb of spreading with a subject of its own and no
    object."""
    return (comp.lemma_.lower() in _SPREADING
            and any(c.dep_ in ("nsubj",) for c in comp.children)
            and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp", "oprd",
                                   "nsubjpass", "auxpass") for c in comp.children))


def noun_clauses(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "rumours that …", "speculation that …" with no holder: the that-clause is a rumour
    (also as the object of a denial: "dismissed rumours that …")."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.i in used or not (is_hearsay_noun(tok) or unnamed_reports(tok)) or has_holder(tok):
            continue
        comp = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if comp is None or relative_on_noun(comp):
            continue
        content = trim(doc, *subtree_span(comp))
        if content is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok]), kind="rumour",
                            keep_nested=True))
    return out


def passives(doc: Doc, used: set[int]) -> list[CueMatch]:
    """Agentless passives of the hearsay verbs that no reporting-verb rule took ("is widely
    seen as …", "is thought to …")."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.i in used or tok.tag_ != "VBN" or tok.lemma_.lower() not in hearsay_verbs():
            continue
        content = passive_hearsay(doc, tok)
        if content is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok]), kind="rumour"))
    return out


#: participles that, before a noun, say others speculate or whisper it (not "alleged" or
#: "so-called", which hedge one word): the hearsay verbs of ``hearsay_verbs.txt`` that take
#: this use
_ATTRIBUTIVE = frozenset({"rumoured", "rumored", "mooted", "tipped", "whispered", "touted"})


def attributive(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "X is a widely mooted candidate for Y": a hearsay participle on the predicate noun of
    a copula; the whole clause is what is rumoured. On any other noun ("the rumoured deal was
    signed") the participle only hedges a word, and nothing is claimed of it."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.i in used or tok.lower_ not in _ATTRIBUTIVE or tok.dep_ != "amod":
            continue
        noun, verb = tok.head, tok.head.head
        if noun.dep_ != "attr" or verb.lemma_ != "be" or any(
                c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by") for c in noun.children):
            continue
        if not any(c.dep_ == "nsubj" for c in verb.children):
            continue
        content = trim(doc, *subtree_span(verb))
        if content is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=content, quote=False, cue=char_span([tok]), kind="rumour"))
    return out


def _heard_within(f: CueMatch, g: CueMatch) -> bool:
    if f is g or f.cue is None or f.kind != "rumour" or f.keep_nested or g.kind == "rumour":
        return False
    (cs, ce), (a, b), (s, e) = f.cue, f.content, g.content
    overlap = min(b, e) - max(a, s)
    return s <= cs and ce <= e and overlap > 0.8 * max(b - a, e - s)


def inside_sourced_words(found: list[CueMatch]) -> list[CueMatch]:
    """Drop a hearsay match whose cue lies inside another claim's reported words and whose
    content is (nearly) that claim's: in "insiders say a reshuffle is reportedly being
    prepared" the source is in reach, so it is the insiders' claim, hedged, not a rumour
    beside it. A denied rumour (``keep_nested``) stays."""
    rumours = [f for f in found if f.kind == "rumour"]
    drop = {id(f) for f in rumours if any(_heard_within(f, g) for g in found)}
    return [f for f in found if id(f) not in drop]


def _postnominal(head: Token) -> bool:
    """An adjective phrase after its noun, set off as a reduced clause ("the deal, reportedly
    worth $2 billion, …"): it says something of the noun, unlike "a supposedly neutral
    referee", where the adverb only hedges a word."""
    return (head.pos_ == "ADJ" and head.dep_ in ("amod", "appos") and head.head.i < head.i
            and head.head.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ in ("npadvmod", "prep", "pobj", "dobj") for c in head.children))


def _shared_subject(verb: Token) -> Token | None:
    """The subject a conjoined verb phrase shares with the first one ("The chief is a
    Republican, but has reportedly been critical of X"): the hedged clause starts there."""
    if verb.dep_ != "conj" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    first = verb.head
    if first.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in first.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < first.i),
                None)


def evidentials(doc: Doc, used: set[int]) -> list[CueMatch]:
    """ "The minister has reportedly resigned", "the deal, reportedly worth $2 billion": an
    evidential adverb with no source in reach; the content is the clause it hedges."""
    from .cue_rules import CueMatch

    out = []
    for tok in doc:
        if tok.lower_ not in _EVIDENTIAL_ADVERBS or tok.i in used:
            continue
        head = tok.head
        while (head.pos_ not in ("VERB", "AUX") and head.dep_ in ("acomp", "attr", "conj", "oprd")
               and head.head.i != head.i):
            head = head.head
        if _postnominal(head):
            span = trim(doc, head.head.left_edge.idx, subtree_span(head)[1])
        elif head.pos_ not in ("VERB", "AUX"):
            continue  # "a supposedly neutral referee": no clause to attribute
        elif head.i in used or (head.tag_ in ("VBG", "VBN") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children)):
            continue  # "X reportedly said …" (a source in reach); "allegedly halting" (no clause)
        else:
            span = trim(doc, *subtree_span(head))
            shared = _shared_subject(head)
            if span is not None and shared is not None:  # "X is A, but has reportedly …"
                span = (shared.left_edge.idx, span[1])
        if span is None:
            continue
        used.add(tok.i)
        out.append(CueMatch(content=span, quote=False, cue=char_span([tok]), kind="rumour"))
    return out
