"""Frame verbs: the parse decides who gains and who loses.

For every verb of ``standing_frames.yaml`` the roles are read off the dependency tree:

- ``agent``: the active subject or the ``by`` phrase of a passive; an infinitive takes the
  subject (or, after an object-control verb, the object) of the clause it hangs on, and a
  noun's infinitive the noun's own subject ("Y and Z are candidates to succeed X");
- ``patient``: the direct object or the passive subject;
- ``subject``: the surface subject, passive or active ("X resigned", "X was forced to quit");
- ``to`` / ``from`` / ``over`` / ``with``: the object of that preposition ("lost ground to
  Y", "replaced X with Y").

Every conjunct of a role counts ("Y and Z were floated to replace X"). A negated verb gives
nothing. The verb's own evidence span runs from its first role word to its last.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..syntax import PERSON_PRONOUNS, ActorResolver, child_with
from .cues import Frame, Frames, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NEGATIONS = frozenset({"not", "n't", "never", "no"})
_CONTROL_CLIMB = frozenset({"xcomp", "advcl", "acl", "attr", "pobj", "prep", "oprd", "ccomp"})
_WH = frozenset({"who", "that", "which"})
_DENIALS = frozenset({"deny", "dismiss", "reject", "refute", "rebut", "debunk", "dispute"})


@dataclass(frozen=True)
class FrameHit:
    """One role of one frame verb, filled by an actor."""

    actor: str
    role: Role
    verb: Token
    agent: str | None  # the actor who acts, when the role is not the agent's own
    start: int
    end: int


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in _NEGATIONS for c in verb.children
               if c.dep_ in ("neg", "advmod", "det"))


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)


def _controller(verb: Token, frames: Frames | None = None) -> Token | None:
    """The subject an infinitive or a participle borrows from the clause above it; with
    *frames*, a call's target too ("X has resisted calls to resign": X)."""
    cur = verb
    for _ in range(5):
        infinitive_relative = cur.dep_ == "relcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        if (cur.dep_ not in _CONTROL_CLIMB and not infinitive_relative) or cur.head.i == cur.i:
            return None
        head = cur.head
        if cur.dep_ == "xcomp":
            obj = child_with(head, "dobj")
            if obj is not None:
                return obj
        subj = child_with(head, "nsubj", "nsubjpass")
        if cur.dep_ == "xcomp":  # "called on X to resign", "appealed to X to step down"
            on = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")), None)
            if on is not None and child_with(on, "pobj") is not None:
                return child_with(on, "pobj")
        if subj is not None and (_is_verb(head) or head.dep_ == "ROOT"):
            return subj
        if (frames is not None and cur.dep_ in ("acl", "relcl") and head.lemma_.lower() in frames.calls
                and head.dep_ == "dobj" and head.head.lemma_.lower() in frames.facing_calls):
            return child_with(head.head, "nsubj")  # "X faces / resisted calls to resign"
        if cur.dep_ in ("acl", "relcl") and head.dep_ not in ("attr", "pobj", "oprd"):
            return head  # "the push to oust X": nobody to read; "candidates to ..." climbs on
        cur = head
    return None


def _slots(verb: Token, frames: Frames | None = None) -> dict[str, Token | None]:
    passive = _passive(verb)
    subj = child_with(verb, "nsubjpass" if passive else "nsubj")
    if subj is not None and subj.lower_ in _WH and verb.dep_ == "relcl":
        subj = verb.head  # "X, who replaced Y"
    elif subj is None and verb.dep_ == "conj" and _is_verb(verb.head) and not passive:
        subj = child_with(verb.head, "nsubj")  # "X removed Y and replaced him with Z"
    if subj is None:
        subj = _controller(verb, frames)
    agent_phrase = child_with(verb, "agent")
    by_agent = child_with(agent_phrase, "pobj") if agent_phrase is not None else None
    slots: dict[str, Token | None] = {
        "agent": by_agent if passive else subj,
        "patient": subj if passive else child_with(verb, "dobj"),
        "subject": subj,
    }
    obj = child_with(verb, "dobj")
    for prep in [*verb.children, *(obj.children if obj is not None else ())]:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "from", "over", "with"):
            if prep.head.i == verb.i or prep.lower_ == "with":  # "replace X with Y" either way
                slots.setdefault(prep.lower_, child_with(prep, "pobj"))
    return slots


def _fits(frame: Frame, frames: Frames, verb: Token, resolver: ActorResolver) -> bool:
    obj = child_with(verb, "dobj")
    if set(frame.roles) == {"subject"} and any(
            c.tag_ == "VBG" and c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children):
        return False  # "quit giving speeches", "stopped attending": an activity, not a post
    words = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt", "agent", "dative")}
    if obj is not None:  # "relieve the minister, X, of her duties": the parse hangs it on X
        words |= {c.lower_ for c in obj.children if c.dep_ == "prep"} & frame.needs_prep
    if frame.needs_prep and not words & frame.needs_prep and not (
            frame.person_patient and _person_patient(verb, resolver)):
        return False
    if frame.needs_particle and not {c.lower_ for c in verb.children
                                     if c.dep_ == "prt"} & frame.needs_particle:
        return False
    if frame.needs_object:
        if obj is None or obj.lemma_.lower() not in frame.needs_object:
            return False
    if frame.objects_are_posts:
        if obj is None:
            return False
        found = resolver.at_token(obj)
        if obj.lemma_.lower() not in frames.posts and (found is None or found.kind == "person"):
            return False
    return True


def _person_patient(verb: Token, resolver: ActorResolver) -> bool:
    """Whether the verb's patient (its object, or a passive's subject) names a person."""
    tok = _slots(verb)["patient"]
    if tok is None:
        return False
    found = _own(resolver, tok)
    return found is not None and any(a.id == found and a.kind == "person"
                                     for a in resolver.actors)


def _conjuncts(tok: Token) -> list[Token]:
    out: list[Token] = []
    stack = [tok]
    while stack and len(out) < 12:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def role_actors(resolver: ActorResolver, tok: Token | None, not_: list[str] | None = None
                ) -> list[str]:
    """The actor ids a role word names, one per conjunct, in order. A he/she/him/her other
    than the agent's role is not the agent (*not_*): "X replaced him" is not about X."""
    if tok is None:
        return []
    out: list[str] = []
    for t in _conjuncts(tok):
        found = _own(resolver, t)
        if found is not None and not_ and found in not_ and t.lower_ in PERSON_PRONOUNS:
            found = _other_person(resolver, t, set(not_))
        if found is not None and found not in out:
            out.append(found)
    return out


#: Children of a role word that name the same party ("the adviser, Mike Waltz"); a
#: possessor ("America's wants"), a modifier ("the Kremlin envoy") or a prepositional phrase
#: names another.
_SAME_PARTY = frozenset({"appos", "flat"})


def _own(resolver: ActorResolver, tok: Token) -> str | None:
    if tok.lower_ in PERSON_PRONOUNS:
        ahead = _cataphor(resolver, tok)  # before the coreference the actors stage chose
        if ahead is not None:
            return ahead
    found = resolver.at_token(tok)
    person = next((a for c in tok.children if c.dep_ == "appos"
                   and (a := resolver.at_token(c)) is not None and a.kind == "person"), None)
    if found is not None and found.kind != "person" and person is not None:
        return person.id  # "the Minister of Communications, X": the person, not the office
    if found is not None and not _bracketed(tok):  # a dateline "(Reuters) — X resigned"
        return found.id
    if tok.pos_ == "PRON":
        return resolver.resolve(tok) if tok.lower_ in PERSON_PRONOUNS else None
    named = [resolver.at_token(c) for c in tok.children if c.dep_ in _SAME_PARTY]
    people = [a for a in named if a is not None and a.kind == "person"]
    others = [a for a in named if a is not None]
    return (people or others)[0].id if (people or others) else None


def find_frame_hits(doc: Doc, resolver: ActorResolver, frames: Frames,
                    is_superior: Callable[[str], bool] | None = None) -> Iterator[FrameHit]:
    """Every actor a frame verb gives a role, with the verb and the acting party. In a
    ``decider`` frame the agent gains nothing when it decides for others: "P replaced X with
    Y" (Y takes over), or when it is a superior (*is_superior*: "the president replaced X")."""
    for verb in doc:
        frame = frames.verbs.get(verb.lemma_.lower())
        if frame is None or not _is_verb(verb) or _negated(verb):
            continue
        if not _fits(frame, frames, verb, resolver):
            continue
        slots = _slots(verb, frames)
        agents = role_actors(resolver, slots.get("agent"))
        patients = role_actors(resolver, slots.get("patient"), not_=agents)
        if frame.needs_patient and not patients:
            continue  # "Y replaced the old rules", "X succeeded in ...": nobody to take over from
        if under_negation(verb):
            continue  # "they do not expect he'll be selected"
        with_phrase = frame.decider and slots.get("with") is not None
        for slot, role in frame.roles.items():
            tok = slots.get(slot)
            if tok is None or (slot == "agent" and with_phrase):
                continue
            lo, hi = _evidence(verb, tok, slot)
            # the agent's own word (the active subject) is not another party's
            others = [] if slot == "agent" or tok is slots.get("agent") else agents
            for actor in role_actors(resolver, tok, not_=others):
                if (slot == "agent" and frame.decider and is_superior is not None
                        and is_superior(actor)):
                    continue  # "the president replaced X": he decides, he does not take over
                agent = next((a for a in agents if a != actor), None)
                yield FrameHit(actor, role, verb, agent, lo, hi)


def _cataphor(resolver: ActorResolver, tok: Token) -> str | None:
    """A pronoun in a fronted adverbial clause names the main clause's subject that follows
    it: "Asked whether he might be sacked, X said ..." is about X."""
    cur = tok
    for _ in range(8):
        if cur.head.i == cur.i:
            return None
        if cur.dep_ == "advcl":
            subj = child_with(cur.head, "nsubj", "nsubjpass")
            if subj is not None and subj.i > tok.i and subj.i > cur.i:
                found = resolver.at_token(subj)
                return found.id if found is not None and found.kind == "person" else None
            return None
        cur = cur.head
    return None


def _other_person(resolver: ActorResolver, tok: Token, exclude: set[str]) -> str | None:
    """The last person named before *tok* in its sentence or the two before it, leaving
    out *exclude*."""
    sent = tok.sent
    start = sent.start
    for _ in range(2):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    lo = tok.doc[start].idx
    for s, _e, actor in reversed(resolver.persons):
        if s < tok.idx and s >= lo and actor.id not in exclude:
            return actor.id
        if s < lo:
            break
    return None


def _bracketed(tok: Token) -> bool:
    doc = tok.doc
    return (tok.i > 0 and doc[tok.i - 1].text == "(" and tok.i + 1 < len(doc)
            and doc[tok.i + 1].text == ")")


def under_negation(verb: Token) -> bool:
    """Whether a negated verb of thinking or saying governs *verb* ("do not anticipate he'll
    be selected"), or a negated noun phrase holds it; a denial is not one: it contests the
    clause instead."""
    cur = verb
    for _ in range(2):
        if cur.dep_ not in ("ccomp", "xcomp") or cur.head.i == cur.i:
            return _negated_noun_phrase(verb)
        cur = cur.head
        if _negated(cur) and cur.lemma_.lower() not in _DENIALS:
            return True
    return _negated_noun_phrase(verb)


def _negated_noun_phrase(verb: Token) -> bool:
    """Whether *verb* is a gerund under a noun that a negated verb takes ("has not made the
    mistake of sacking X", "did not take the step of firing X"): the event did not happen."""
    if verb.dep_ != "pcomp" or verb.head.dep_ != "prep":
        return False
    noun = verb.head.head
    return noun.pos_ == "NOUN" and noun.dep_ in ("dobj", "attr", "nsubjpass") and (
        _negated(noun.head) or any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children))


def _evidence(verb: Token, tok: Token, slot: str) -> tuple[int, int]:
    """Character bounds of a frame's evidence: the role word and the verb with its object,
    particle and (for a prepositional role) that preposition's phrase."""
    toks = [verb, tok]
    for c in verb.children:
        if c.dep_ in ("dobj", "prt", "auxpass", "neg") or (c.dep_ == "prep" and c.lower_ == slot):
            toks.extend(c.subtree)
    if tok.i < verb.i:
        toks.extend(t for t in verb.doc[tok.i:verb.i] if not t.is_punct)
    lo = min(t.idx for t in toks)
    hi = max(t.idx + len(t.text) for t in toks)
    return lo, hi
