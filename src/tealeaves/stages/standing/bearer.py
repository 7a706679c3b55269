"""Who a standing idiom is about: the actor syntactically closest to the cue in its sentence.

A verb cue goes to its object or passive subject, a noun cue to the actor it describes (not
its possessor, unless the cue says so), within :data:`MAX_DISTANCE` arcs. Inside a claim's
content only the actors named in that content can bear the cue: a quoted speaker's words are
about whom they name, never about the speaker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...model import Actor
from ..syntax import (
    PERSON_PRONOUNS,
    WH_WORDS,
    ActorResolver,
    subject_of_verb,
    subtree,
    tree_distance,
)
from .cues import load_frames

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Largest dependency-tree distance between a cue and its bearer: a person, anything else.
MAX_DISTANCE = 6
MAX_DISTANCE_NONPERSON = 3
#: Actor kinds that have a standing (places and named events do not).
BEARER_KINDS = frozenset({"person", "organization", "group"})


def candidates_in(doc: Doc, resolver: ActorResolver, sent_start: int, sent_end: int) -> list[tuple[Token, Actor]]:
    """(token, actor) for every actor mention (and he/she pronoun) in the sentence."""
    out: list[tuple[Token, Actor]] = []
    covered: set[int] = set()
    for actor in resolver.actors:
        for m in actor.mentions:
            if sent_start <= m.start and m.end <= sent_end:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None and len(span):
                    out.append((span.root, actor))
                    covered.update(t.i for t in span)
    for tok in doc.char_span(sent_start, sent_end, alignment_mode="expand") or ():
        if tok.i not in covered and tok.lower_ in PERSON_PRONOUNS | {"his", "hers"}:
            prev = resolver._previous_person(tok)
            if prev is not None:
                out.append((tok, prev))
    bound = [(t, _bound(resolver, t, a)) for t, a in out]
    return [(t, a) for t, a in bound if a is not None]


def _bound(resolver: ActorResolver, tok: Token, actor: Actor) -> Actor | None:
    """The actor a possessive pronoun on the object of a verb names, by the verb: the
    subject when the verb tenders the object ("X, an ally of Y, submitted his resignation":
    his is X's, however near Y is; ``tendering`` in ``standing_frames.yaml``), never the
    subject when it receives or rules on it ("Y accepted his resignation"; ``receiving``:
    None when the antecedent found is that subject); else *actor* as found."""
    if tok.dep_ != "poss" or tok.lower_ not in ("his", "her", "their") or tok.head.dep_ != "dobj":
        return actor
    verb = tok.head.head
    lemma, frames = verb.lemma_.lower(), load_frames()
    if lemma not in frames.tendering | frames.receiving:
        return actor
    aid = resolver.resolve(subject_of_verb(verb))
    if lemma in frames.receiving:
        return None if aid == actor.id else actor
    found = next((a for a in resolver.actors if a.id == aid), None) if aid else None
    return found if found is not None and found.kind == "person" else actor


def _modifier(root: Token, start: int, end: int) -> bool:
    """Whether a mention only modifies a noun outside the cue at ``[start, end)`` ("new
    Obama administration rules", "a Kremlin envoy"): it names a setting, not the party the
    cue is about. A mention modifying the cue itself bears it ("the Gordhan resignation")."""
    head = root.head
    return (root.dep_ in ("compound", "amod", "nmod") and head.i != root.i
            and head.pos_ in ("NOUN", "PROPN") and not start <= head.idx < end
            and not (head.ent_iob_ == "I" or head.ent_type_))  # a word of the same name


def phrase_bearer(doc: Doc, resolver: ActorResolver, start: int, end: int, mode: str,
                  within: tuple[int, int] | None = None) -> str | None:
    """The id of the actor a phrase cue at ``[start, end)`` is about (see :func:`_cue_bearer`
    for what *mode* changes), or None. With *within* (a claim's content), only actors
    mentioned inside it count."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span.sent
    lo, hi = within if within is not None else (sent.start_char, sent.end_char)
    candidates = [(t, a) for t, a in candidates_in(doc, resolver, max(lo, sent.start_char),
                                                    min(hi, sent.end_char))
                  if a.kind in BEARER_KINDS and not _modifier(t, start, end)]
    if not candidates:
        return None
    # a mention inside the cue itself bears it, unless the actor is the idiom ("inner circle")
    cue = " ".join(span.text.split()).casefold()
    candidates = [(t, a) for t, a in candidates if a.name.casefold() not in cue]
    if not candidates:
        return None
    for t, a in candidates:
        if start <= t.idx < end:
            return a.id
    if mode == "after":
        found = _after(resolver, span)
        return found if found in {a.id for _, a in candidates} else None
    return _cue_bearer(resolver, span.root, mode, candidates, restricted=within is not None)


def _cue_bearer(resolver: ActorResolver, head: Token, mode: str,
                candidates: list[tuple[Token, Actor]], *, restricted: bool = False) -> str | None:
    """The bearer of a cue headed by *head*: with mode ``subject``, a verb cue's subject; else
    the candidate closest in the tree, leaving out a verb's subject and (unless the mode is
    ``possessor``) a noun's possessor, with every other mention of the actor they name."""
    excluded: set[int] = set()
    is_verb = head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")
    if mode == "patient":
        return _patient(resolver, head, candidates) if is_verb else None
    if mode == "subject" and is_verb:
        subj = subject_of_verb(head)
        if subj is not None and subj.lower_ in WH_WORDS and head.dep_ != "relcl":
            return None  # "guess who took the blame": no antecedent to read
        found = resolver.resolve(subj)
        if found is not None and (not restricted or found in {a.id for _, a in candidates}):
            return found
        if subj is not None and subj.pos_ == "PRON":
            return None  # "he fell out of favour with Y": an unresolved he, never Y
    elif is_verb or mode != "possessor":
        excluded = _actor_tokens(head, is_verb)
    if not is_verb:  # "the dismissal, attributed to a statement by X": X tells of it
        excluded.update(t.i for c in head.children if c.dep_ in ("acl", "relcl") and not any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children)  # not "time for X to go"
            for t in subtree(c))
    if not is_verb and head.dep_ == "dobj" and head.head.lemma_.lower() in load_frames().receiving:
        # "Y accepted his resignation": the one who receives an exit is not the one leaving
        excluded.update(t.i for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")
                        for t in subtree(c))
    # nor is any later mention of the same actor ("X praised Y and said she ...")
    excluded_ids = {a.id for t, a in candidates if t.i in excluded}
    obj = next((c for c in head.children if c.dep_ == "dobj"), None) if is_verb else None
    inside = {t.i for t in subtree(obj)} if obj is not None and mode == "default" else None
    best: tuple[int, int, Actor] | None = None
    for t, a in candidates:
        if t.i in excluded or a.id in excluded_ids:
            continue
        if inside is not None and t.i not in inside:
            continue  # a verb cue with an object is about its object ("undermined the rules")
        dist = tree_distance(head, t)
        if dist > (MAX_DISTANCE if a.kind == "person" else MAX_DISTANCE_NONPERSON):
            continue
        key = (dist, abs(t.i - head.i))
        if best is None or key < best[:2]:
            best = (key[0], key[1], a)
    return best[2].id if best else None


def _actor_tokens(head: Token, is_verb: bool) -> set[int]:
    """Tokens of a cue's actor, who is not its bearer: a verb cue's subject or a passive's
    "by" phrase (also the shared subject of an active conjoined verb: "X flew home and
    undermined Y"), a noun cue's possessor or "of" phrase ("a confidant of X" is X's)."""
    excluded: set[int] = set()
    deps = ("nsubj", "agent") if is_verb else ("poss",)
    for c in head.children:
        if c.dep_ in deps or (not is_verb and c.dep_ == "prep" and c.lower_ == "of"):
            excluded.update(t.i for t in subtree(c))
    if is_verb and head.dep_ == "conj" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in head.children):
        excluded.update(t.i for c in head.head.children if c.dep_ == "nsubj"
                        for t in subtree(c))
    return excluded


def _patient(resolver: ActorResolver, verb: Token, candidates: list[tuple[Token, Actor]]
             ) -> str | None:
    """The passive subject of a verb cue, or the noun its participle describes: "X was sent
    to Ankara", "the envoy X, sent to Ankara" (but not "emails sent to X")."""
    pat = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if pat is None and verb.dep_ in ("acl", "relcl"):
        pat = verb.head
    found = resolver.resolve(pat)
    return found if found in {a.id for _, a in candidates} else None


def _after(resolver: ActorResolver, span: Any) -> str | None:
    """The bearer named in the object of the cue's last preposition ("faith in X's ability")."""
    last = span[-1]
    pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    queue = [pobj]
    while queue:
        tok = queue.pop(0)
        found = resolver.at_token(tok)
        if found is not None and found.kind in BEARER_KINDS:
            return found.id
        queue.extend(
            c for c in tok.children
            if not (c.dep_ == "poss" and c.pos_ == "PRON") and c.dep_ not in ("relcl", "acl")
        )
    return None
