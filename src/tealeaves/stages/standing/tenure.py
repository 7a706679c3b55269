"""The start of a tenure the article reports ending is background, not a rise.

A report of a dismissal recalls when the post was taken: "Putin dismissed X just over a year
after appointing him", "X, who was appointed in May 2024, was removed", "X was appointed
minister in May 2024 after five years as governor". Read as told, each gives X an
``appointed`` (rising) signal beside the fall the story is about. A rising signal of a
tenure's start (``appointed``, ``promoted``, ``takes_over``) is dropped when the same actor has
a done, undisputed exit in the article (``dismissed``, ``replaced``, ``resigned``,
``demoted``) and the rise is put as background: in a relative clause, in a temporal clause or
phrase (``tenure_marks`` in ``standing_frames.yaml``: "after", "since", "when" …), or dated
with a year ("in May 2024"). A rise in the same clause as the exit, or coordinated with it,
stays ("X was removed and named ambassador to the UN": a soft landing is news).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...model import StandingSignal
from .voice import EXIT_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .cues import Frames

#: Types that start a tenure.
STARTS = frozenset({"appointed", "promoted", "takes_over"})
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_CLIMB = frozenset({"conj", "xcomp", "oprd"})


def _clause_head(tok: Token) -> Token:
    """The verb heading *tok*'s clause: through nouns it heads and conjoined or
    infinitive verbs ("after appointing him and ...", "was appointed to lead")."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in _CLIMB or cur.head.i == cur.i:
            break
        cur = cur.head
    return cur


def _dated(verb: Token) -> bool:
    """A date with a year on the verb: "in May 2024", "in 2020"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "since"):
            words = " ".join(t.text for t in child.subtree)
            if any(t.ent_type_ == "DATE" for t in child.subtree) and _YEAR.search(words):
                return True
        if child.dep_ == "npadvmod" and child.ent_type_ == "DATE" and _YEAR.search(
                " ".join(t.text for t in child.subtree)):
            return True
    return False


def is_background(tok: Token, frames: Frames) -> bool:
    """Whether the rise cued by *tok* is put as background: a relative clause, a temporal
    clause or phrase, or a year-dated verb."""
    verb = _clause_head(tok)
    if verb.dep_ == "relcl" or _dated(verb):
        return True
    if verb.dep_ == "pcomp" and verb.head.lower_ in frames.tenure_marks:
        return True  # "a year after appointing him"
    return verb.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in frames.tenure_marks for c in verb.children)


def drop_tenure_starts(out: dict[str, list[StandingSignal]],
                       cues: dict[tuple[str, int, int, str], Token],
                       frames: Frames) -> None:
    """Remove, in place, each actor's background tenure starts when the article reports
    that actor's exit (*cues*: the cue token of each signal, by actor, start, end, type)."""
    for actor, signals in out.items():
        if not any(s.type in EXIT_TYPES and not s.contested for s in signals):
            continue
        keep = []
        for s in signals:
            tok = cues.get((actor, s.start, s.end, s.type or ""))
            if s.type in STARTS and tok is not None and is_background(tok, frames):
                continue
            keep.append(s)
        signals[:] = keep


def moves_on(tok: Token, frames: Frames) -> bool:
    """Whether the exit verb *tok* leaves a post to take another: a purpose infinitive of
    taking a post on it ("resigned as governor to assume the deputy role", "stepped down in
    order to become ambassador"; ``moving_on`` in ``standing_frames.yaml``)."""
    return any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in frames.moving_on
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
               and _takes_a_post(c, frames) for c in tok.children)


def _takes_a_post(verb: Token, frames: Frames) -> bool:
    """A verb of getting a job ("take", "assume", "accept") moves on only with a post as its
    object ("to assume the post", not "to take responsibility"); the others need none."""
    if verb.lemma_.lower() not in frames.getting_a_job:
        return True
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return any(o.lemma_.lower() in frames.posts or _is_title(o) for o in objs)


def _is_title(noun: Token) -> bool:
    from ..actors.roles import titles

    return (noun.lemma_.lower(),) in titles() or (noun.lower_,) in titles()
