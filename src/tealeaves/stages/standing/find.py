"""find_standing: every standing signal of an article, with its type and who says so.

Three readers, all driven by data in ``resources/``:

* frame verbs (:mod:`.frames`): the parse decides who gains and who loses ("Y replaced X":
  X replaced, Y takes over; "X lost ground to Y"; "X was sidelined");
* events (``standing_cues.yaml`` ``events``): the target of an ACCUSE / DISAPPROVE / COERCE
  event falls, of a DISPATCH / APPOINT / SUPPORT / CONSULT event rises — for verbs the
  frames do not already read;
* idioms (``standing_cues.yaml`` ``phrases``) attributed to the closest actor (:mod:`.bearer`).

Then for each signal (:mod:`.voice`): the claim it rests on and its source kind, hearsay and
denial, foreseen exits; a quoted speaker's words never give the speaker a signal; praise and
criticism count only from a superior. One signal per (actor, direction, type, sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Actor, Claim, Event, StandingSignal
from ...nlp import doc_text
from ..syntax import ActorResolver, child_with
from .bearer import BEARER_KINDS, phrase_bearer
from .cues import Cues, Frames, load_cues, load_frames
from .denied import contest_by_later_denial
from .frames import find_frame_hits, under_negation
from .tenure import drop_tenure_starts, moves_on
from .voice import (
    EXIT_TYPES,
    Voice,
    anticipated,
    claim_at,
    modality,
    negated_phrase,
    sentence_start,
    superior,
    voice_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Types that need the praiser or critic to outrank the bearer.
BY_SUPERIOR = frozenset({"praised_by_superior", "criticised_by_superior"})
#: Cues of a claim in which a speaker announces his own exit ("X announced his resignation").
ANNOUNCING = ("announc", "confirm", "tender", "submit", "declar")
#: Types a call turns into ``called_to_resign``: leaving a post, or a call already.
CALLABLE = EXIT_TYPES | {"rumoured_ouster", "called_to_resign"}


@dataclass(frozen=True)
class _Candidate:
    actor: str
    signal: str
    type: str
    direction: str
    start: int
    end: int
    tok: Token
    agent: str | None = None
    foreseeable: bool = False


class _Collector:
    """Adds signals, applying who-says-so and the rules that drop or retype them."""

    def __init__(self, doc: Doc, actors: list[Actor], claims: list[Claim], frames: Frames):
        self.doc, self.claims, self.frames = doc, claims, frames
        self.by_id = {a.id: a for a in actors}
        self.out: dict[str, list[StandingSignal]] = {}
        self.seen: set[tuple[str, str, str, int]] = set()
        #: the cue token of each signal kept, for rules over the whole article (tenure)
        self.cues: dict[tuple[str, int, int, str], Token] = {}

    def is_superior(self, actor_id: str) -> bool:
        return superior(self.by_id.get(actor_id), self.frames)

    def add(self, c: _Candidate) -> None:
        actor = self.by_id.get(c.actor)
        if actor is None or actor.kind not in BEARER_KINDS or (
                c.type == "resigned" and moves_on(c.tok, self.frames)):
            return  # no bearer, or a move to another post ("resigned to become ...")
        voice = voice_of(self.doc, self.claims, self.frames, c.tok, c.start, c.end)
        if voice.speaker is not None and voice.speaker == c.actor and not self._own_news(
                c, voice):
            return  # a quoted speaker's words are about whom they name
        if kind_ := self._retype(c, voice):
            signal, kind = kind_
        else:
            return
        if kind in BY_SUPERIOR:
            judge = c.agent if c.agent is not None else voice.speaker
            if judge == c.actor or actor.kind != "person" or not superior(
                    self.by_id.get(judge or ""), self.frames):
                return
        key = (c.actor, c.direction, kind, sentence_start(self.doc, c.start))
        if key in self.seen:
            return
        self.seen.add(key)
        self.cues[(c.actor, c.start, c.end, kind)] = c.tok
        self.out.setdefault(c.actor, []).append(StandingSignal(
            signal=signal, direction=c.direction,  # type: ignore[arg-type]
            start=c.start, end=c.end, text=doc_text(self.doc)[c.start:c.end], type=kind,
            claim=voice.claim, source_kind=voice.source_kind,  # type: ignore[arg-type]
            contested=voice.contested, contested_by=voice.contested_by,
        ))

    def _own_news(self, c: _Candidate, voice: Voice) -> bool:
        """Whether a signal in its bearer's own claim is still about the bearer: the words
        are a report's or a question's the speaker answers ("X denied reports that he would
        resign", "asked whether he had resigned"), or the speaker announces his own
        resignation ("X announced his resignation")."""
        if voice.relayed or modality(c.tok, self.frames) == "question":
            return True
        claim = next((x for x in self.claims if x.id == voice.claim), None)
        cue = claim.cue.text.lower() if claim is not None and claim.cue is not None else ""
        return c.type == "resigned" and any(cue.startswith(w) for w in ANNOUNCING)

    def _tendered(self, tok: Token) -> bool:
        """An exit noun that is the object of a foreseen verb of tendering ("would announce
        his resignation", "intended to submit her resignation")."""
        return (tok.pos_ == "NOUN" and tok.dep_ == "dobj"
                and tok.head.lemma_.lower() in self.frames.tendering and anticipated(tok.head))

    def _retype(self, c: _Candidate, voice: Voice) -> tuple[str, str] | None:
        """The signal name and type as the mood puts them, or None for no signal: refusals
        and conditionals give nothing; an aim ("help X get elected") is a predicted exit, a
        takeover (a candidate, as "floated to replace") or nothing; a call to leave is ``called_to_resign`` (other calls
        nothing); an exit asked about, rumoured or foreseen is a ``predicted exit``; any
        other event asked about gives nothing."""
        mood = modality(c.tok, self.frames)
        if mood in ("refused", "conditional"):
            return None
        if mood == "aim":  # "hopes to oust X", "hopes for X's downfall": a foreseen exit
            if c.type == "takes_over":
                return c.signal, c.type  # a candidate helped to succeed rises, as one floated
            return ("predicted exit", "rumoured_ouster") if c.type in CALLABLE else None
        if mood == "call":
            return ("call to resign", "called_to_resign") if c.type in CALLABLE else None
        if c.type in EXIT_TYPES and (mood == "question" or voice.rumour or (
                c.foreseeable and (anticipated(c.tok) or self._tendered(c.tok)))):
            return "predicted exit", "rumoured_ouster"
        if mood == "question" and c.type not in ("rumoured_ouster", "called_to_resign"):
            return None
        return c.signal, c.type


def find_standing(doc: Doc, actors: list[Actor], events: list[Event],
                  claims: Sequence[Claim] | None = None) -> dict[str, list[StandingSignal]]:
    """Standing signals per actor id, in text order. Without *claims* every signal is the
    author's (``source_kind`` ``author``) and no quoted speaker can be told apart."""
    cues, frames = load_cues(), load_frames()
    resolver = ActorResolver(doc, actors)
    col = _Collector(doc, actors, list(claims or ()), frames)
    for cand in _from_frames(doc, resolver, frames, col.is_superior):
        col.add(cand)
    for cand in _from_events(doc, events, cues, frames, resolver):
        col.add(cand)
    for cand in _from_phrases(doc, resolver, cues, col.claims):
        col.add(cand)
    drop_tenure_starts(col.out, col.cues, frames)
    contest_by_later_denial(doc, col.out, col.claims, frames)
    for signals in col.out.values():
        signals.sort(key=lambda s: (s.start, s.signal))
    return {k: v for k, v in col.out.items() if v}


def _from_frames(doc: Doc, resolver: ActorResolver, frames: Frames,
                 is_superior: Callable[[str], bool]) -> list[_Candidate]:
    return [
        _Candidate(actor=hit.actor, signal=hit.role.type, type=hit.role.type,
                   direction=hit.role.direction, start=hit.start, end=hit.end, tok=hit.verb,
                   agent=hit.agent, foreseeable=True)
        for hit in find_frame_hits(doc, resolver, frames, is_superior)
    ]


def _from_events(doc: Doc, events: list[Event], cues: Cues, frames: Frames,
                 resolver: ActorResolver) -> list[_Candidate]:
    out = []
    for ev in events:
        cue = cues.events.get(ev.category)
        if cue is None or ev.negated or ev.target is None:
            continue
        tok = _action_token(doc, ev)
        if tok is None or not _target_is_object(resolver, tok, ev.target) or under_negation(tok):
            continue
        lemma = tok.lemma_.lower()
        if lemma in frames.verbs or (cue.only_verbs and lemma not in cue.only_verbs):
            continue  # the frames read this verb, with its roles
        signal = cue.verbs.get(lemma, cue.signal)
        out.append(_Candidate(actor=ev.target, signal=signal, type=cues.types[signal],
                              direction=cue.direction, start=ev.start, end=ev.end, tok=tok,
                              agent=ev.actor, foreseeable=True))
    return out


def _from_phrases(doc: Doc, resolver: ActorResolver, cues: Cues,
                  claims: list[Claim]) -> list[_Candidate]:
    out: list[_Candidate] = []
    text = doc_text(doc)
    pos = 0
    if cues.any_phrase is not None:  # one scan finds where the first match of any can start
        first = cues.any_phrase.search(text)
        if first is None:
            return out
        pos = first.start()
    for phrase in cues.phrases:
        for m in phrase.pattern.finditer(text, pos):
            claim = claim_at(claims, m.start(), m.end())
            within = (claim.start, claim.end) if claim is not None and (
                claim.source.actor is not None or claim.source.kind != "rumour") else None
            # a rumour has no speaker to keep out: "X is among those rumoured to be at risk"
            bearer = phrase_bearer(doc, resolver, m.start(), m.end(), phrase.bearer, within)
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if bearer is None or span is None or not len(span) or negated_phrase(span) \
                    or under_negation(span.root):
                continue
            out.extend(_Candidate(actor=who, signal=phrase.signal,
                                  type=cues.types[phrase.signal], direction=phrase.direction,
                                  start=m.start(), end=m.end(), tok=span.root,
                                  agent=_judge(resolver, span.root), foreseeable=True)
                       for who in _with_conjuncts(resolver, span.root, bearer))
    return out


def _with_conjuncts(resolver: ActorResolver, root: Token, bearer: str) -> list[str]:
    """*bearer* and the actors conjoined with it as the subject or object of the idiom's
    clause ("X and Y were absent from the front bench", "the demotions would include X, Y and
    Z": all)."""
    out = [bearer]
    clause = root if root.pos_ in ("VERB", "AUX") else root.head
    for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")):
        if resolver.resolve(subj) != bearer:
            continue
        for t in subj.subtree:
            if t.dep_ == "conj" and t.head.i != clause.i:
                who = resolver.resolve(t)
                if who is not None and who not in out:
                    out.append(who)
    return out


def _judge(resolver: ActorResolver, head: Token) -> str | None:
    """Who praises or criticises in an idiom headed by a verb: its subject, or the ``by``
    phrase of a passive."""
    if not (head.pos_ == "VERB" or head.tag_.startswith("VB")):
        return None
    agent = child_with(head, "agent")
    if agent is not None:
        return resolver.resolve(child_with(agent, "pobj"))
    return resolver.resolve(child_with(head, "nsubj"))


def _target_is_object(resolver: ActorResolver, verb: Token, target: str) -> bool:
    """Whether an event's target can bear its signal: not when it is a mere modifier inside
    the verb's object ("undermining new X administration rules"). (A subject can be the
    target: "X bears responsibility for ...".)"""
    obj = child_with(verb, "dobj")
    if obj is None or resolver.at_token(obj) is not None:
        return True
    named = [t for t in obj.subtree if t.i != obj.i
             and (a := resolver.at_token(t)) is not None and a.id == target]
    return not named or any(t.dep_ not in ("compound", "amod", "nmod") for t in named)


def _action_token(doc: Doc, ev: Event) -> Token | None:
    span = doc.char_span(ev.action.start, ev.action.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
