"""Standing signals: what the text says about an actor rising or falling.

Two sources, both data-driven from ``resources/standing_cues.yaml``:

* events — the target of an ACCUSE / DISAPPROVE / DISMISS event falls, the target of a
  DISPATCH / APPOINT / SUPPORT event rises (the signal named after the verb where the
  file refines it: "undercut", "sidelined", "entrusted", ...);
* phrases — idioms of political journalism ("weak link", "days are numbered", "trusted
  envoy"), each attributed to the actor syntactically closest to it in its sentence:
  a verb cue goes to its object or passive subject, a noun cue to the actor it describes
  (not its possessor, unless the cue says so), within :data:`MAX_DISTANCE` arcs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ...model import Actor, Event, StandingSignal
from ...nlp import doc_text
from ..syntax import (
    PERSON_PRONOUNS,
    WH_WORDS,
    ActorResolver,
    subject_of_verb,
    subtree,
    tree_distance,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Largest dependency-tree distance between a cue and its bearer: a person, anything else.
MAX_DISTANCE = 6
MAX_DISTANCE_NONPERSON = 3
#: Actor kinds that have a standing (places and named events do not).
BEARER_KINDS = frozenset({"person", "organization", "group"})


@dataclass(frozen=True)
class PhraseCue:
    signal: str
    direction: str
    pattern: re.Pattern[str]
    bearer: str  # "default" | "possessor" | "after"


@dataclass(frozen=True)
class EventCue:
    signal: str
    direction: str
    verbs: dict[str, str]
    only_verbs: frozenset[str]


@dataclass(frozen=True)
class Cues:
    events: dict[str, EventCue]
    phrases: tuple[PhraseCue, ...]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read ``resources/standing_cues.yaml`` once."""
    ref = resources.files("tealeaves") / "resources" / "standing_cues.yaml"
    data: dict[str, Any] = yaml.safe_load(ref.read_text(encoding="utf-8"))
    events = {
        cat: EventCue(
            signal=str(spec["signal"]),
            direction=str(spec["direction"]),
            verbs={str(k): str(v) for k, v in (spec.get("verbs") or {}).items()},
            only_verbs=frozenset(str(v) for v in spec.get("only_verbs") or ()),
        )
        for cat, spec in data["events"].items()
    }
    phrases: list[PhraseCue] = []
    for direction, signals in data["phrases"].items():
        if direction not in ("rising", "falling"):
            raise ValueError(f"standing_cues.yaml: bad direction {direction!r}")
        for signal, entries in signals.items():
            for entry in entries:
                if isinstance(entry, str):
                    pattern, bearer = entry, "default"
                else:
                    pattern, bearer = entry["pattern"], entry.get("bearer", "default")
                phrases.append(
                    PhraseCue(str(signal), direction, re.compile(pattern, re.IGNORECASE), str(bearer))
                )
    return Cues(events=events, phrases=tuple(phrases))


def find_standing(doc: Doc, actors: list[Actor], events: list[Event]) -> dict[str, list[StandingSignal]]:
    """Standing signals per actor id, in text order, one per (signal, evidence span)."""
    cues = load_cues()
    kinds = {a.id: a.kind for a in actors}
    out: dict[str, list[StandingSignal]] = {}
    seen: set[tuple[str, str, int]] = set()

    def add(actor_id: str | None, signal: str, direction: str, start: int, end: int) -> None:
        if actor_id is None or kinds.get(actor_id) not in BEARER_KINDS:
            return
        sent_start = _sentence_start(doc, start)
        key = (actor_id, signal, sent_start)
        if key in seen:
            return
        seen.add(key)
        out.setdefault(actor_id, []).append(
            StandingSignal(signal=signal, direction=direction,  # type: ignore[arg-type]
                           start=start, end=end, text=doc_text(doc)[start:end])
        )

    for ev in events:
        cue = cues.events.get(ev.category)
        if cue is None or ev.negated or ev.target is None:
            continue
        lemma = _action_lemma(doc, ev)
        if cue.only_verbs and lemma not in cue.only_verbs:
            continue
        signal = cue.verbs.get(lemma, cue.signal)
        if cue.direction == "falling" and ev.category == "DISMISS" and _anticipated(doc, ev):
            signal = "predicted exit"  # "X will likely be replaced"
        add(ev.target, signal, cue.direction, ev.start, ev.end)

    resolver = ActorResolver(doc, actors)
    for phrase in cues.phrases:
        for m in phrase.pattern.finditer(doc_text(doc)):
            bearer = _bearer(doc, resolver, m.start(), m.end(), phrase.bearer)
            if bearer is not None:
                add(bearer, phrase.signal, phrase.direction, m.start(), m.end())
    for signals in out.values():
        signals.sort(key=lambda s: (s.start, s.signal))
    return out


def _sentence_start(doc: Doc, offset: int) -> int:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.sent.start_char if span is not None else offset


_ANTICIPATION = frozenset({"will", "would", "could", "may", "might", "likely", "soon", "expected", "set", "poised"})


def _anticipated(doc: Doc, ev: Event) -> bool:
    """Whether the event is foreseen rather than done: a modal or "likely" on its verb."""
    span = doc.char_span(ev.action.start, ev.action.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    verb = span[0]
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass", "advmod")}
    if verb.dep_ == "xcomp":  # "is expected to be replaced"
        words.add(verb.head.lower_)
    return bool(words & _ANTICIPATION)


def _action_lemma(doc: Doc, ev: Event) -> str:
    span = doc.char_span(ev.action.start, ev.action.end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    return span[0].lemma_.lower()


def _candidates(doc: Doc, resolver: ActorResolver, sent_start: int, sent_end: int) -> list[tuple[Token, Actor]]:
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
    return out


def _bearer(doc: Doc, resolver: ActorResolver, start: int, end: int, mode: str) -> str | None:
    """The id of the actor a phrase cue at ``[start, end)`` is about (see :func:`_cue_bearer`
    for what *mode* changes), or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span.sent
    candidates = [(t, a) for t, a in _candidates(doc, resolver, sent.start_char, sent.end_char)
                  if a.kind in BEARER_KINDS]
    if not candidates:
        return None
    # a mention inside the cue itself bears it
    for t, a in candidates:
        if start <= t.idx < end:
            return a.id
    if mode == "after":
        return _after(resolver, span)
    return _cue_bearer(resolver, span.root, mode, candidates)


def _cue_bearer(resolver: ActorResolver, head: Token, mode: str,
                candidates: list[tuple[Token, Actor]]) -> str | None:
    """The bearer of a cue headed by *head*: with mode ``subject``, a verb cue's subject; else
    the candidate closest in the tree, leaving out a verb's subject and (unless the mode is
    ``possessor``) a noun's possessor, with every other mention of the actor they name."""
    excluded: set[int] = set()
    is_verb = head.pos_ in ("VERB", "AUX") or head.tag_.startswith("VB")
    if mode == "subject" and is_verb:
        subj = subject_of_verb(head)
        if subj is not None and subj.lower_ in WH_WORDS and head.dep_ != "relcl":
            return None  # "guess who took the blame": no antecedent to read
        found = resolver.resolve(subj)
        if found is not None:
            return found
    elif is_verb or mode != "possessor":
        # the actor of a verb cue is not its bearer, nor (unless the cue says so) the
        # possessor of a noun cue
        dep = "nsubj" if is_verb else "poss"
        for c in head.children:
            if c.dep_ == dep:
                excluded.update(t.i for t in subtree(c))
    # nor is any later mention of the same actor ("X praised Y and said she ...")
    excluded_ids = {a.id for t, a in candidates if t.i in excluded}
    best: tuple[int, int, Actor] | None = None
    for t, a in candidates:
        if t.i in excluded or a.id in excluded_ids:
            continue
        dist = tree_distance(head, t)
        if dist > (MAX_DISTANCE if a.kind == "person" else MAX_DISTANCE_NONPERSON):
            continue
        key = (dist, abs(t.i - head.i))
        if best is None or key < best[:2]:
            best = (key[0], key[1], a)
    return best[2].id if best else None


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
