"""Relays: one claim carried by an outlet from an inner source (``SOURCING-GUIDE.md``).

"X reported, citing Y, that …", "X cited Y as saying …", "according to X, which cited Y, …"
are one claim each, whose source is the innermost one (Y) and whose channel (``via``) is the
outer outlet (X). "Y told X …" and "in an interview with X" are found with the cue itself
(:func:`tealeaves.stages.sourcing.attribution.channel_of`). The verb of citing is the
general one ("cite"; VerbNet's say-37.7 class has no other verb that takes the source as its
object), so the rule names no outlet and no phrase of any article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from ..actors.roles import titles
from .attribution import source_span, subtree_span, text_of, trim
from .cues import vocabulary
from .source_spans import past_dateline

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .cue_rules import CueMatch

_CITE = frozenset({"cite", "quote"})


def _speaker_like(tok: Token) -> bool:
    """A noun that can stand for who says something: a name, a title, an unnamed-source
    noun ("an official", "diplomats"), a person pronoun; not "her work", "a threat"."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.pos_ == "PROPN":
        return True
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "PRON":
        return low in ("him", "her", "them", "it")
    vocab = vocabulary()
    return (low in vocab.anonymous or lemma in vocab.anonymous
            or titles().get((lemma,)) is not None or titles().get((low,)) is not None)


def _cited(verb: Token, by_person: bool = False) -> Token | None:
    """The object of a citing verb when it names a speaker ("citing an official"), or None.
    A person citing (*by_person*) relays only an unnamed source ("citing officials"): "he
    said, citing the many voters who …" or "citing Smith's record" gives a reason, and the
    words stay the person's own."""
    if verb.lemma_.lower() not in _CITE:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or not _speaker_like(obj):
        return None
    if by_person and not (obj.lower_ in _SOURCE_WORDS or obj.lemma_.lower() in _SOURCE_WORDS):
        return None
    return obj


#: The unnamed sources a person may relay ("citing officials", "citing a source close to").
_SOURCE_WORDS = frozenset({"source", "sources", "official", "officials", "diplomat",
                           "diplomats", "insider", "insiders", "aide", "aides", "adviser",
                           "advisers", "person", "people", "report", "reports"})


def _is_person(tok: Token | None) -> bool:
    return tok is not None and (tok.ent_type_ == "PERSON" or tok.lower_ in (
        "he", "she", "i", "we", "him", "her"))


def _cue_token(doc: Doc, f: CueMatch) -> Token | None:
    if f.cue is None:
        return None
    span = doc.char_span(f.cue[0], f.cue[1], alignment_mode="expand")
    return span.root if span is not None else None


#: Verbs of telling the reporter something ("Y assured him that …"): VerbNet's tell-37.2 and
#: promise-13.3 members whose object is the addressee.
_TOLD_HIM = frozenset({"assure", "tell", "promise", "inform", "reassure", "pledge", "confide"})
_BACK_TO_SPEAKER = frozenset({"him", "her", "them", "me", "us"})


def _person_relayed(cue: Token) -> Token | None:
    """ "X said Y had assured him that …": a named Y told the speaker, who passes it on
    (the guide's relay: Y is the source, X the channel)."""
    for clause in cue.children:
        if clause.dep_ != "ccomp" or clause.lemma_.lower() not in _TOLD_HIM:
            continue
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        told = any(c.dep_ in ("dobj", "dative") and c.lower_ in _BACK_TO_SPEAKER
                   for c in clause.children)
        if subj is not None and told and subj.pos_ == "PROPN" and subj.ent_type_ in (
                "PERSON", "ORG", "GPE", "NORP"):
            return subj
    return None


def _relay_of(cue: Token, subject: Token | None) -> tuple[Token, Token | None] | None:
    """``(inner source, citing verb)`` when the attribution at *cue* is relayed."""
    if subject is not None and subject.pos_ in ("PROPN", "PRON") and (
            inner := _person_relayed(cue)) is not None:
        return inner, None
    person = _is_person(subject)
    if cue.dep_ in ("advcl", "xcomp", "conj") and (inner := _cited(cue, person)) is not None:
        return inner, None  # "X reported, citing Y, that …": the cue is "citing"
    for child in cue.children:  # "X reported, citing Y, that …": the cue is "reported"
        if child.dep_ in ("advcl", "xcomp") and (inner := _cited(child, person)) is not None:
            return inner, child
    for clause in cue.children:  # "X reported, citing Y, that …" with "citing" in the clause
        if clause.dep_ != "ccomp":
            continue
        for child in clause.children:
            if child.dep_ == "advcl" and (inner := _cited(child, person)):
                return inner, child  # before the clause or after it
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as" and (inner := _cited(head.head)) is not None:
        return inner, head.head  # "X cited Y as saying …"
    if subject is not None:
        for child in subject.children:  # "according to X, which cited Y, …"
            if child.dep_ in ("relcl", "acl") and (inner := _cited(child)) is not None:
                return inner, child
    return None


def _skip_front(doc: Doc, f: CueMatch, aside: Token) -> None:
    """Content that starts with the aside *aside* ("…, citing Y, that …", "…, as quoted by
    Y, that …") starts after it."""
    lo, hi = aside.left_edge.idx, aside.right_edge.idx + len(aside.right_edge)
    s, e = f.content
    if s < lo < e <= hi + 1:  # "… that Z, citing Y.": the content ends before the aside
        end = aside.left_edge.i
        while end > 0 and doc[end - 1].is_punct and doc[end - 1].idx > s:
            end -= 1
        f.content = (s, doc[end - 1].idx + len(doc[end - 1]))
        return
    if not lo <= s + 1 or hi >= e or s > hi:
        return
    nxt = aside.right_edge.i + 1
    while nxt < len(doc) and doc[nxt].is_punct and doc[nxt].text not in "\"“'‘":
        nxt += 1
    if nxt < len(doc) and doc[nxt].idx < e:
        f.content = (doc[nxt].idx, e)


def _quoted_by(cue: Token) -> Token | None:
    """ "X, as quoted by Y, said …" / "X said, as quoted by Y, that …": the agent Y of an
    "as quoted/cited by" aside on the cue, its subject or its clause."""
    near = [cue, *cue.children]
    for tok in near:
        for aside in tok.children:
            if aside.dep_ != "advcl" or aside.lemma_.lower() not in _CITE or not any(
                    m.dep_ == "mark" and m.lower_ == "as" for m in aside.children):
                continue
            for agent in aside.children:
                if agent.dep_ == "agent":
                    obj = next((o for o in agent.children if o.dep_ == "pobj"), None)
                    if obj is not None:
                        return obj
    return None


def _cited_by(source: Token | None) -> Token | None:
    """ "sources cited by Y said …" / "according to officials quoted by Y, …": the agent Y
    of a citing participle on the source noun (the channel)."""
    if source is None:
        return None
    for acl in source.children:
        if acl.dep_ != "acl" or acl.lemma_.lower() not in _CITE:
            continue
        agent = next((c for c in acl.children if c.dep_ == "agent"), None)
        obj = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent else None
        if obj is not None:
            return obj
    return None


#: Nouns for what a person said ("his words", "her remarks").
_WORDS = frozenset({"word", "remark", "comment", "statement", "quote", "words", "remarks",
                    "comments"})


def _words_quoted(doc: Doc, f: CueMatch) -> Token | None:
    """ "His words are quoted by Y" / "her remarks were cited by Y": a passive citing verb
    whose subject is someone's words; returns the agent (the channel), else None."""
    cue = _cue_token(doc, f)
    if cue is None or cue.lemma_.lower() not in _CITE:
        return None
    subj = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lemma_.lower() not in _WORDS or not any(
            c.dep_ == "poss" for c in subj.children):
        return None
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    return next((o for o in agent.children if o.dep_ == "pobj"), None) if agent else None


def _words_to_channels(doc: Doc, found: list[CueMatch]) -> list[CueMatch]:
    """ "X said …. His words are quoted by Y.": Y is the channel of X's claim just before,
    and the sentence about the quoting is no claim of its own."""
    drop: set[int] = set()
    prev: CueMatch | None = None  # the last claim with a source, in text order
    for f in sorted(found, key=lambda g: g.hull()):
        outlet = _words_quoted(doc, f)
        if outlet is None or prev is None or f.hull()[0] - prev.hull()[1] > 300:
            if f.source is not None:
                prev = f
            continue
        if prev.via is None:
            prev.via = source_span(outlet)
        drop.add(id(f))
    return [f for f in found if id(f) not in drop] if drop else found


def _quoted_passive(cue: Token) -> tuple[Token, Token] | None:
    """ "X was quoted by Y as saying …" / "…, X was quoted by Y as saying": (X, Y) when the
    cue is the passive citing verb or the "saying" after it."""
    verb = cue
    if cue.dep_ == "pcomp" and cue.head.lower_ == "as":
        verb = cue.head.head
    if verb.lemma_.lower() not in _CITE:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    outlet = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent else None
    if subj is None or outlet is None or subj.lemma_.lower() in _WORDS or not _speaker_like(
            subj):
        return None
    return subj, outlet


def _as_saying(verb: Token) -> Token | None:
    """The clause of "… as saying that …" on a citing verb (or on its "saying")."""
    saying = verb
    if verb.lemma_.lower() in _CITE:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        saying = next((c for c in prep.children if c.dep_ == "pcomp"), verb) if prep else verb
    return next((c for c in saying.children if c.dep_ == "ccomp"), None)


#: Nouns for the journalist someone spoke to ("told the Guardian's correspondent").
_REPORTERS = frozenset({"correspondent", "correspondents", "reporter", "reporters",
                        "journalist", "journalists", "interviewer", "editor", "editors"})


def _reporter_outlet(cue: Token) -> Token | None:
    """ "X told NEWSPAPER's correspondent …" / "told a Reuters reporter": the outlet whose
    journalist heard the words (the channel)."""
    if cue.lemma_.lower() not in ("tell", "say", "speak", "confirm", "explain"):
        return None
    for obj in cue.children:
        if obj.dep_ == "prep" and obj.lower_ == "to":
            obj = next((o for o in obj.children if o.dep_ == "pobj"), obj)
        elif obj.dep_ not in ("dobj", "dative"):
            continue
        if obj.lower_ not in _REPORTERS:
            continue
        for mod in obj.children:  # a journalist belongs to an outlet, whatever NER says
            if mod.pos_ == "PROPN" and (mod.dep_ == "poss" or (
                    mod.dep_ == "compound" and mod.ent_type_ != "PERSON")):
                return mod
    return None


def apply_relays(doc: Doc, found: list[CueMatch]) -> list[CueMatch]:
    """Give relayed attributions their inner source and outer channel; drop the claims of
    the citing verbs themselves ("cited two diplomats": not a claim of its own)."""
    citing: set[int] = set()
    asides: set[int] = set()  # "as quoted by Y": no claim of its own
    passives: set[int] = set()  # claims of "X was quoted by Y as saying"
    for f in found:
        cue = _cue_token(doc, f)
        if cue is None:
            continue
        passive = _quoted_passive(cue)
        if passive is not None:  # "X was quoted by Y as saying …"
            passives.add(id(f))
            f.subject, f.source, f.kind = passive[0], source_span(passive[0]), None
            f.via = source_span(passive[1])
            said = _as_saying(cue)
            if said is not None and (content := trim(doc, *subtree_span(said))) is not None:
                f.content = content  # not "X", the passive's subject, but what X said
            continue
        reporter = _reporter_outlet(cue)
        if reporter is not None and f.via is None:
            f.via = source_span(reporter)  # "sources told NEWSPAPER's correspondent"
        quoted_by = _quoted_by(cue)
        cited_by = _cited_by(f.subject)
        if cited_by is not None and f.via is None:
            f.via = source_span(cited_by)  # "sources cited by Y said …"
        if quoted_by is not None and f.via is None:
            f.via = source_span(quoted_by)  # "X, as quoted by Y, said …"
            _skip_front(doc, f, quoted_by.head.head)
            asides.add(quoted_by.head.head.i)
        got = _relay_of(cue, f.subject)
        if got is None:
            continue
        inner, verb = got
        if verb is not None:
            citing.add(verb.i)
            _skip_front(doc, f, verb)
        _outlet_to_via(f)
        f.subject, f.source, f.kind = inner, source_span(inner), None
    found = _words_to_channels(doc, found)
    out: list[CueMatch] = []
    for f in found:
        cue = _cue_token(doc, f)
        if cue is not None and cue.i in asides or anonymity_request(doc, f):
            continue
        obj = _cited(cue) if cue is not None and cue.i in citing else None
        if obj is not None:
            lo, hi = source_span(obj)
            if f.content[0] >= obj.left_edge.idx and f.content[1] <= max(hi, obj.right_edge.idx
                                                                        + len(obj.right_edge)):
                continue  # "cited two diplomats": the citing is not a claim of its own
        if id(f) in passives and any(id(g) in passives and g.content == f.content
                                     and g.source == f.source for g in out[-3:]):
            continue  # "was quoted … as saying": two cues, one relayed claim
        out.append(f)
    return out


#: what a source asks for when it will not be named ("asked not to be identified", "requested
#: anonymity"): a condition of the attribution, not a claim of the source
_UNNAMED_REQUEST = re.compile(
    r"(?:not\s+)?(?:to\s+)?(?:be\s+)?(?:named|identified|quoted\s+by\s+name)"
    r"|anonymity|(?:to\s+)?remain\s+(?:anonymous|unnamed)", re.IGNORECASE)


def anonymity_request(doc: Doc, f: CueMatch) -> bool:
    """ "two officials, who asked not to be named": the request is no claim of its own."""
    cue = _cue_token(doc, f)
    if cue is None or cue.lemma_.lower() not in ("ask", "request", "demand", "insist"):
        return False
    words = text_of(doc)[f.content[0]:f.content[1]].strip().rstrip(".,;")
    return _UNNAMED_REQUEST.fullmatch(words) is not None


def unnamed_asides(cue: Token, content: tuple[int, int]) -> list[tuple[int, int]]:
    """ "… the newspaper said without naming its sources": an aside on the cue that says the
    source is not named belongs to the attribution (no claim and no author fragment of its
    own); its spans, outside *content*."""
    out = []
    for child in cue.children:
        if child.dep_ not in ("prep", "advcl") or child.i < cue.i \
                or child.left_edge.lower_ != "without":
            continue
        lo, hi = subtree_span(child)
        if hi <= content[0] or lo >= content[1]:
            out.append((lo, hi))
    return out


def _outlet_to_via(f: CueMatch) -> None:
    """The relaying outlet (the source so far) becomes the channel; its words stay part of
    the attribution, so no author claim "The Daily Courier, citing" is left over."""
    if f.source is None:
        return
    f.extra.append(f.source)
    if f.via is None:
        f.via = f.source


def _lifted_clause(verb: Token) -> Token | None:
    """ "X reported, citing Y, that Z": the parser sometimes makes Z's verb the root and
    "reported" its ccomp, or Z's verb a conjunct of "reported"; Z's verb (after the cue, with
    its own "that") is returned then."""
    cands = [c for c in verb.children if c.dep_ in ("conj", "parataxis") and c.i > verb.i]
    if verb.dep_ in ("ccomp", "parataxis") and verb.head.i > verb.i:
        cands.append(verb.head)
    for head in cands:
        mark = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is not None and verb.i < mark.i < head.i:
            return head
    return None


def lifted_clauses(doc: Doc, found: list[CueMatch]) -> list[CueMatch]:
    """The attributions of :func:`_lifted_clause` misparses: the cue's subject speaks (or, with
    "citing Y" before the "that", Y speaks through it), the that-clause is the content; the
    claims the misparse made of the citing verb or the cue are replaced."""
    from .cue_rules import CueMatch

    verbs = vocabulary().verbs
    made: list[CueMatch] = []
    taken: set[int] = set()
    for verb in doc:
        if verb.lemma_.lower() not in verbs or verb.pos_ != "VERB":
            continue
        clause = _lifted_clause(verb)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if clause is None or subj is None or not _speaker_like(subj):
            continue
        mark = next(c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that")
        last = clause.right_edge
        while last.i > mark.i and last.is_punct:
            last = doc[last.i - 1]
        content = trim(doc, mark.idx, last.idx + len(last))
        if content is None:
            continue
        f = CueMatch(content=content, quote=False, cue=(verb.idx, verb.idx + len(verb)),
                     subject=subj, source=source_span(subj))
        for aside in clause.children:
            inner = _cited(aside, _is_person(subj)) if verb.i < aside.i < mark.i else None
            if aside.dep_ == "advcl" and inner is not None:
                f.via, f.subject, f.source = f.source, inner, source_span(inner)
                taken.add(aside.i)
        taken.add(verb.i)
        made.append(f)
    if not made:
        return found
    made.sort(key=lambda g: g.content)
    starts = [g.content[0] for g in made]
    by_cue = {g.cue: g for g in made}
    kept = []
    for f in found:
        if (cue := _cue_token(doc, f)) is not None and cue.i in taken:
            g = by_cue.pop(f.cue, None)
            if g is not None:
                kept.append(g)  # in the place of the claim it replaces (ties keep their order)
            continue
        k = bisect_right(starts, f.cue[0]) if f.kind == "rumour" and f.cue else 0
        if k and _misparsed_hearsay(f, made[k - 1]):
            continue
        kept.append(f)
    return kept + list(by_cue.values())


def _misparsed_hearsay(f: CueMatch, made: CueMatch) -> bool:
    """A hearsay match ("allegedly") over the whole lifted clause: with the cue's source in
    reach it is no rumour but a hedge on the sourced claim (the guide: "reportedly" with no
    source in reach)."""
    if f.kind != "rumour" or f.keep_nested or f.cue is None:
        return False
    (s, e), (cs, ce) = made.content, f.cue
    return s <= cs and ce <= e and f.content[0] <= s and f.content[1] >= e - 1


def fix_datelines(doc: Doc, found: list[CueMatch]) -> None:
    """A wire dateline taken for the cue's subject ("MOSCOW (Agency) - Spokesman X said …"):
    the subject is the one after the dateline (:func:`source_spans.past_dateline`)."""
    for f in found:
        subj = f.subject
        if subj is None:
            continue
        other = past_dateline(subj)
        if other is not None and other is not subj:
            f.subject, f.source, f.kind = other, source_span(other), None


def fix_inversions(doc: Doc, found: list[CueMatch]) -> None:
    """ "Read it as polemic, argue insiders." — a cue after its clause with the speaker after
    it, which the parser reads as the cue's object: the speaker is the source and the clause
    before the comma the content."""
    for f in found:
        cue = _cue_token(doc, f)
        if cue is None or f.subject is not None or f.quote or cue.i == 0:
            continue
        obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None)
        before = next((c for c in cue.children if c.dep_ in ("advcl", "ccomp", "parataxis")
                       and c.i < cue.i), None)
        if obj is None or before is None or not doc[cue.i - 1].is_punct or not _speaker_like(obj):
            continue
        content = trim(doc, *subtree_span(before))
        if content is None:
            continue
        f.content, f.subject, f.source = content, obj, source_span(obj)


#: verbs by which someone puts out a document that then "states" or "says" something
_PUT_OUT = frozenset({"send", "issue", "release", "write", "publish", "post", "sign",
                      "circulate", "deliver", "submit", "pen", "put"})


def sent_documents(doc: Doc, found: list[CueMatch]) -> None:
    """ "The governor sent a letter stating that …": the sender speaks through the letter
    (the document is the channel), so the source is the sender and "The governor sent" is
    part of the attribution, not an author fragment."""
    for f in found:
        letter = f.subject
        cue = _cue_token(doc, f)
        if letter is None or cue is None or cue.dep_ != "acl" or cue.head.i != letter.i:
            continue
        verb = letter.head
        if letter.dep_ != "dobj" or verb.lemma_.lower() not in _PUT_OUT:
            continue
        sender = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if sender is None or sender.lower_ in ("who", "which", "that"):
            continue
        f.via = source_span(letter)
        f.extra.append((sender.left_edge.idx, verb.idx + len(verb.text)))
        f.subject, f.source, f.kind = sender, source_span(sender), None
