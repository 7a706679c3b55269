"""Framing: the role an article casts an actor in (SemEval-2025 Task 10, subtask 1).

``cast_actor`` gives an :class:`~tealeaves.model.Actor` its ``framing``: the main role
(``protagonist`` / ``antagonist`` / ``innocent``), the fine roles of the task's taxonomy
(Guardian … Victim, :data:`FINE_ROLES`) and ``score``, the calibrated confidence of the
main role; or None when the article does not cast the actor (a place or date in passing,
an organisation named once as a source).

The model (``resources/framing/model.json.gz``, trained by :mod:`tealeaves.training.framing`
on the task's English training data) is three linear maps over one feature vector per actor
(:func:`actor_vector`): a "cast or not" gate, the main role, and the fine role; their
standardisation and temperatures are folded in or stored beside them. The vector is made of
the feature groups the model lists (:mod:`.framing_features`): MiniLM blocks of the actor's
name mentions (their contextual state, their sentence's and their governor's) from the frozen
sentence pass or from the span tagger's hidden states, the stance model's class
probabilities, how the actor is used (subject, passive subject, object, possessor; how often
and how early it is named; its kind) and what it does and what is done to it.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model import Actor, Framing, FramingRole
from .framing_features import BLOCKS as BLOCKS
from .framing_features import DIM as DIM
from .framing_features import GROUPS as GROUPS
from .framing_features import LEGACY_GROUPS, actor_groups, ordered
from .framing_features import width as width

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

MAIN_ROLES: tuple[FramingRole, ...] = ("protagonist", "antagonist", "innocent")
FINE_ROLES: dict[str, tuple[str, ...]] = {
    "protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "antagonist": ("Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"),
    "innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
#: Actor kinds that can be cast in a role (SemEval-2025 Task 10 annotates named agents).
CAST_KINDS = frozenset({"person", "organization", "place", "group"})


def actor_vector(doc: Doc, spans: Sequence[tuple[int, int]], kind: str,
                 stance_probs: Sequence[dict[str, float]] | None = None,
                 sents: list[SpacySpan] | None = None,
                 groups: Sequence[str] | None = None) -> np.ndarray | None:
    """The feature vector of an actor (:func:`actor_groups` concatenated in :data:`GROUPS`
    order); *groups*: the shipped model's when None."""
    groups = ordered(groups if groups is not None else load_framing_model().groups)
    got = actor_groups(doc, spans, kind, groups, stance_probs, sents,
                       load_framing_model().words if "words" in groups else ())
    if got is None:
        return None
    return np.concatenate([got[g] for g in groups])


@dataclass(frozen=True)
class FramingModel:
    """Linear maps over :func:`actor_vector` (standardisation folded in): ``gate`` (1 row:
    cast or not), ``main`` (3 rows, :data:`MAIN_ROLES`), ``fine`` (one row per fine role in
    ``fine_roles``); temperatures for the gate and main role; ``second`` the least share
    (within the main role's fine roles) at which a second fine role is named."""

    gate: np.ndarray
    gate_bias: float
    gate_threshold: float
    main: np.ndarray
    main_bias: np.ndarray
    main_temperature: float
    fine_roles: tuple[str, ...]
    fine: np.ndarray
    fine_bias: np.ndarray
    second: float
    #: the feature groups of :func:`actor_vector` the weights read (:data:`GROUPS`)
    groups: tuple[str, ...] = LEGACY_GROUPS
    #: the vocabulary of the ``words`` group
    words: tuple[str, ...] = ()

    def cast_probability(self, x: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-float(self.gate @ x + self.gate_bias)))

    def main_probabilities(self, x: np.ndarray) -> np.ndarray:
        z = (self.main @ x + self.main_bias) / self.main_temperature
        e = np.exp(z - z.max())
        return np.asarray(e / e.sum())

    def fine_of(self, x: np.ndarray, role: str) -> tuple[str, ...]:
        """The fine roles of *role* named for *x*: the likeliest, and the second when its share
        among *role*'s fine roles reaches ``second``."""
        return pick_fine(self.fine @ x + self.fine_bias, self.fine_roles, role, self.second)

    def framing(self, x: np.ndarray) -> Framing | None:
        if self.cast_probability(x) < self.gate_threshold:
            return None
        p = self.main_probabilities(x)
        k = int(p.argmax())
        role = MAIN_ROLES[k]
        return Framing(role=role, fine=self.fine_of(x, role), score=round(float(p[k]), 3))


def pick_fine(scores: np.ndarray, names: Sequence[str], role: str,
              second: float) -> tuple[str, ...]:
    """Softmax *scores* over the fine roles of *role* only; the top one, and the runner-up
    when its share is at least *second*."""
    allowed = [i for i, n in enumerate(names) if n in FINE_ROLES[role]]
    if not allowed:
        return ()
    z = np.asarray([scores[i] for i in allowed], dtype=float)
    p = np.exp(z - z.max())
    p /= p.sum()
    order = np.argsort(-p)
    out = [names[allowed[int(order[0])]]]
    if len(order) > 1 and p[order[1]] >= second:
        out.append(names[allowed[int(order[1])]])
    return tuple(out)


def model_from_record(data: dict[str, object]) -> FramingModel:
    """A :class:`FramingModel` from the JSON record the trainer writes."""
    def arr(key: str) -> np.ndarray:
        return np.asarray(data[key], dtype=np.float32)

    return FramingModel(
        gate=arr("gate"), gate_bias=float(data["gate_bias"]),  # type: ignore[arg-type]
        gate_threshold=float(data["gate_threshold"]),  # type: ignore[arg-type]
        main=arr("main"), main_bias=arr("main_bias"),
        main_temperature=float(data["main_temperature"]),  # type: ignore[arg-type]
        fine_roles=tuple(data["fine_roles"]),  # type: ignore[arg-type]
        fine=arr("fine"), fine_bias=arr("fine_bias"),
        second=float(data["second"]),  # type: ignore[arg-type]
        groups=ordered(data.get("features", LEGACY_GROUPS)),  # type: ignore[arg-type]
        words=tuple(data.get("words", ())),  # type: ignore[arg-type]
    )


@lru_cache(maxsize=1)
def load_framing_model() -> FramingModel:
    """Load the shipped weights once per process."""
    ref = resources.files("tealeaves") / "resources" / "framing" / "model.json.gz"
    with ref.open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
        return model_from_record(json.loads(fh.read().decode("utf-8")))


def shipped_meta() -> dict[str, Any]:
    """The ``meta`` block of the shipped model (training date, chosen settings, CV figures)."""
    ref = resources.files("tealeaves") / "resources" / "framing" / "model.json.gz"
    with ref.open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
        return dict(json.loads(fh.read().decode("utf-8")).get("meta", {}))


#: Mention forms read for framing: the names and descriptions, not pronouns (the training
#: data marks names).
FRAMING_FORMS = frozenset({"name", "title", "epithet"})


def actor_spans(actor: Actor) -> list[tuple[int, int]]:
    """The offsets of *actor*'s name, title and epithet mentions (all mentions if none)."""
    named = [(m.start, m.end) for m in actor.mentions if m.form in FRAMING_FORMS]
    return sorted(named or [(m.start, m.end) for m in actor.mentions])


#: "in an interview with X", "a conversation with X": X is the channel a source spoke through.
CHANNEL_WITH = frozenset({"interview", "conversation", "talk", "chat", "call", "podcast"})
#: "speaking to X", "said in remarks to X", "told in a statement to X".
CHANNEL_TO = frozenset({"speak", "talk", "say", "tell", "comment", "remark", "statement",
                        "interview", "comments", "remarks", "write", "explain", "confirm"})
#: Verbs whose object may be the outlet a source spoke to ("told Reuters").
CHANNEL_VERBS = frozenset({"tell", "inform", "brief"})
#: Verbs of the newsroom: an outlet that is their subject is the reporter, not a player
#: ("Reuters was unable to reach X", "the BBC has seen a letter", "CNN reported").
NEWSROOM_VERBS = frozenset({"reach", "contact", "obtain", "see", "review", "verify", "learn",
                            "report", "ask", "seek", "request", "interview", "confirm",
                            "cite"})
#: Nouns of a newsroom's asking: "a Reuters request for comment", "an AFP query".
REQUEST_NOUNS = frozenset({"request", "query", "inquiry", "enquiry", "question", "call",
                           "email", "message"})
#: Verbs of answering a request ("did not respond to a request").
ANSWER_VERBS = frozenset({"respond", "reply", "answer", "return"})
#: Prepositions of place: "talks in Geneva", "a rally at Rome", "fighting near Kharkiv".
SETTING_PREPS = frozenset({"in", "at", "near", "inside", "outside", "throughout", "across",
                           "within", "around"})


def _outlet(actor: Actor) -> bool:
    from ..actors.spans import is_outlet

    return actor.kind == "organization" and is_outlet(tuple(actor.name.split()))


def mention_use(doc: Doc, start: int, end: int, outlet: bool) -> str:
    """How a mention at ``[start, end)`` is used: ``channel`` (the outlet a source spoke to:
    "told Reuters", "in an interview with the BBC", "speaking to CNN"; or an outlet as the
    reporter: "Reuters could not reach X", "CNN reported"), ``setting`` (a place
    where something happens: "talks in Geneva"), or ``other``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "other"
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.dep_ == "prep":
        prep = head.lower_
        if (prep == "with" and head.head.lemma_.lower() in CHANNEL_WITH) or (
                prep == "to" and head.head.lemma_.lower() in CHANNEL_TO):
            return "channel"
        if prep in SETTING_PREPS:
            return "setting"
    if outlet and root.dep_ in ("dobj", "dative") and head.lemma_.lower() in CHANNEL_VERBS:
        return "channel"
    if outlet and _asking(root, head):
        return "channel"
    if outlet and root.dep_ in ("nsubj", "nsubjpass") and _newsroom(head):
        return "channel"
    return "other"


def _asking(root: Token, head: Token) -> bool:
    """An outlet that asked for comment: "a Reuters request for comment", "a request for
    comment from the BBC", "when asked by AFP"."""
    if root.dep_ in ("compound", "amod", "nmod", "poss"):
        return _comment_request(head)  # "did not respond to a Reuters request for comment"
    if root.dep_ != "pobj" or head.dep_ not in ("prep", "agent"):
        return False
    governor = head.head
    if head.lower_ == "from":  # "a request for comment from the BBC"
        return governor.lemma_.lower() == "comment" or _comment_request(governor)
    return head.dep_ == "agent" and governor.lemma_.lower() in NEWSROOM_VERBS  # "asked by AFP"


def _comment_request(noun: Token) -> bool:
    """*noun* is a request for comment: "a request for comment", or a request someone did
    (not) respond, reply or answer to."""
    if noun.lemma_.lower() not in REQUEST_NOUNS:
        return False
    if any(c.dep_ == "prep" and c.lower_ == "for"
           and any(g.lemma_.lower() == "comment" for g in c.children) for c in noun.children):
        return True
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "to" \
        and prep.head.lemma_.lower() in ANSWER_VERBS


def _newsroom(verb: Token) -> bool:
    """*verb* or the verb it controls is a newsroom verb ("was not able to reach",
    "could not independently verify", "reported")."""
    tok: Token | None = verb
    seen = 0
    while tok is not None and seen < 4:
        if tok.lemma_.lower() in NEWSROOM_VERBS:
            return True
        # "was not able to reach": be → able (acomp) → reach (xcomp)
        tok = next((c for c in tok.children if c.dep_ in ("xcomp", "acomp")), None)
        seen += 1
    return False


def only_channel_or_setting(doc: Doc, actor: Actor, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether every name mention of *actor* is a channel (an outlet a source spoke to) or,
    for a place, a setting: then the article does not cast it, whatever words are near."""
    outlet = _outlet(actor)
    allowed = {"channel", "setting"} if actor.kind == "place" else {"channel"}
    return bool(spans) and all(mention_use(doc, s, e, outlet) in allowed for s, e in spans)


def cast_actor(doc: Doc, actor: Actor, sents: list[SpacySpan] | None = None) -> Framing | None:
    """The role *doc* casts *actor* in, or None when it casts none (and for named events:
    the task casts agents — people, organisations, countries, groups — not happenings; and
    for an actor named only as a channel or, a place, only as a setting)."""
    if actor.kind not in CAST_KINDS:
        return None
    spans = actor_spans(actor)
    if not spans or only_channel_or_setting(doc, actor, spans):
        return None
    x = actor_vector(doc, spans, actor.kind, sents=sents)
    if x is None:
        return None
    return load_framing_model().framing(x)
