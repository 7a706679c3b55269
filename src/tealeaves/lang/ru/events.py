"""Russian events and standing: reporting and action verbs mapped to the project's event
categories (``resources/ru/events.yaml``), and the standing signals they imply for their
target ("Путин отправил в отставку губернатора" → the governor: dismissed, falling), plus
standing phrases on the text ("в опале", "потерял доверие")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ...model import Actor, Claim, Event, Span, StandingSignal
from .parse import RuDoc, RuToken
from .sources import ActorIndex, phrase_actor
from .standing_mood import mood_signals, overrides
from .standing_voice import attribute
from .vocab import load_yaml

_OBJ = ("obj", "iobj", "nsubj:pass")


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    items = load_yaml("events.yaml").get("phrases") or ()
    return tuple((str(p["verb"]), tuple(str(w) for w in p["then"]), str(p["category"]))
                 for p in items)


def _category(doc: RuDoc, verb: RuToken) -> tuple[str, int] | None:
    """(category, last token of the predicate) for *verb*, phrases first."""
    for lemma, then, cat in _phrases():
        if verb.lemma != lemma:
            continue
        after = [t for t in doc.sent_tokens(verb.sent) if t.i > verb.i][:6]
        lemmas = [t.lemma for t in after]
        pos = 0
        for w in then:
            if w not in lemmas[pos:]:
                break
            pos = lemmas.index(w, pos) + 1
        else:
            return cat, after[pos - 1].i
    single = (load_yaml("events.yaml").get("verbs") or {}).get(verb.lemma)
    return (str(single), verb.i) if single else None


def _actor_of(doc: RuDoc, tok: RuToken | None, index: ActorIndex) -> str | None:
    if tok is None:
        return None
    a = phrase_actor(doc, tok.i, index)
    return a.id if a is not None else None


def _target(doc: RuDoc, verb: RuToken, cat: str, index: ActorIndex) -> str | None:
    """The object (or passive subject); for appointments and dismissals also a person in
    an oblique phrase ("назначил послом Андрея Кузнецова")."""
    kids = doc.children(verb.i)
    obj = next((c for c in kids if c.rel in _OBJ), None)
    target = _actor_of(doc, obj, index)
    if target is None and cat in ("APPOINT", "DISMISS", "DISPATCH"):
        for c in kids:
            a = phrase_actor(doc, c.i, index) if c.rel in ("obl", "xcomp", "nmod") else None
            if a is not None and a.kind == "person":
                return a.id
    return target


def find_events_ru(doc: RuDoc, actors: list[Actor]) -> list[Event]:
    """Every verb of the event lexicon with its actor (subject) and target (object, or the
    subject of a passive: "Лавров отправлен в отставку")."""
    index = ActorIndex(actors)
    out: list[Event] = []
    for t in doc.tokens:
        if t.pos not in ("VERB", "ADJ"):
            continue
        found = _category(doc, t)
        if found is None:
            continue
        cat, last = found
        kids = doc.children(t.i)
        subj = next((c for c in kids if c.rel == "nsubj"), None)
        target = _target(doc, t, cat, index)
        if cat == "DISPATCH" and (target is None or index.by_id(target).kind != "person"):  # type: ignore[union-attr]
            continue  # "направить письмо" is no mission
        a, b = doc.sents[t.sent]
        end = doc.tokens[last].end
        out.append(Event(
            id=f"e{len(out) + 1}", category=cat, actor=_actor_of(doc, subj, index), target=target,
            action=Span(t.start, end, doc.text[t.start:end]),
            start=doc.tokens[a].start, end=doc.tokens[b - 1].end,
            negated=any(c.lemma == "не" for c in kids)))
    return out


def _signals(doc: RuDoc, events: list[Event], index: ActorIndex,
             claims: Sequence[Claim] = ()) -> list[tuple[str, StandingSignal]]:
    spec = load_yaml("events.yaml")
    out: list[tuple[str, StandingSignal]] = []
    for ev in events:
        cue = (spec.get("standing") or {}).get(ev.category)
        if cue and ev.target and not ev.negated:
            out.append((ev.target, StandingSignal(str(cue["signal"]), cue["direction"],
                                                  ev.action.start, ev.action.end, ev.action.text)))
    text = doc.text
    # a phrase inside an event that names its target is that event's reading ("Путин
    # отправил в отставку министра X": X is dismissed, not Putin, the person nearest)
    read = [(ev.action.start, ev.action.end) for ev in events
            if ev.target and (spec.get("standing") or {}).get(ev.category)]
    for direction, groups in (spec.get("standing_phrases") or {}).items():
        for signal, patterns in (groups or {}).items():
            for pat in patterns:
                for m in re.finditer(pat, text, re.IGNORECASE):
                    if any(s <= m.start() and m.end() <= e for s, e in read):
                        continue
                    bearer = _nearest(doc, m.start(), index)
                    if bearer is not None:
                        out.append((bearer, StandingSignal(signal, direction, m.start(), m.end(),
                                                           text[m.start():m.end()])))
    dismissals = [(t.i, ev.target, ev.action.end) for ev in events if ev.category == "DISMISS"
                  and not ev.negated for t in [doc.token_at(ev.action.start)] if t is not None]
    moods = mood_signals(doc, dismissals, index, claims)
    types = spec.get("types") or {}
    return [(a, replace(s, type=types.get(s.signal))) for a, s in out
            if not overrides(s, moods)] + moods


def _clause(doc: RuDoc, tok: RuToken) -> tuple[int, int]:
    """Character range of the clause around *tok*: the subtree of the nearest verb above
    it (so "X заявил, что Y в опале" gives Y's clause, without the speaker X)."""
    seen = {tok.i}
    cur = tok
    while cur.pos != "VERB" and cur.head >= 0 and cur.head not in seen:
        seen.add(cur.head)
        cur = doc.tokens[cur.head]
    first, last = doc.subtree(cur.i)
    return doc.tokens[first].start, doc.tokens[last].end


def _nearest(doc: RuDoc, pos: int, index: ActorIndex) -> str | None:
    """The person mentioned nearest to *pos* in its clause (a quoted speaker's words about
    others are signals about those others; an outlet or a body is no bearer; a possessive
    pronoun names an owner, not the one the phrase is about: "на его должность назначен
    X")."""
    tok = doc.token_at(pos)
    if tok is None:
        return None
    lo, hi = _clause(doc, tok)
    best: tuple[int, str] | None = None
    for s, e, actor in index.spans:
        if s >= lo and e <= hi and actor.kind == "person":
            at = doc.token_at(s)
            if at is not None and at.pos == "DET":
                continue
            if best is None or abs(s - pos) < best[0]:
                best = (abs(s - pos), actor.id)
    return best[1] if best else None


def add_standing(doc: RuDoc, actors: list[Actor], events: list[Event],
                 claims: Sequence[Claim] = ()) -> list[Actor]:
    """*actors* with the standing signals their events and phrases give them (stance stays
    None: no Russian stance model ships); *claims* (the sourcing stage's) say who says so:
    the claim each signal rests on and its source kind, the denier of a contested one
    (:mod:`.standing_voice`)."""
    index = ActorIndex(actors)
    found: dict[str, list[StandingSignal]] = {}
    for aid, sig in attribute(doc, _signals(doc, events, index, claims), claims):
        bucket = found.setdefault(aid, [])
        if all(s.signal != sig.signal or s.end <= sig.start or sig.end <= s.start
               for s in bucket):  # one signal per stretch of text
            bucket.append(sig)
    return [replace(a, standing=tuple(sorted(found.get(a.id, ()), key=lambda s: s.start)))
            if a.id in found else a for a in actors]
