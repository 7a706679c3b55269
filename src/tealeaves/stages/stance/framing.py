"""Framing: the role an article casts an actor in (SemEval-2025 Task 10, subtask 1).

``cast_actor`` gives an :class:`~tealeaves.model.Actor` its ``framing``: the main role
(``protagonist`` / ``antagonist`` / ``innocent``), the fine roles of the task's taxonomy
(Guardian … Victim, :data:`FINE_ROLES`) and ``score``, the calibrated confidence of the
main role; or None when the article does not cast the actor (a place or date in passing,
an organisation named once as a source).

The model (``resources/framing/model.json.gz``, trained by :mod:`tealeaves.training.framing`
on the task's English training data) is three linear maps over one feature vector per actor
(:func:`actor_vector`): a "cast or not" gate, the main role, and the fine role; their
standardisation and temperatures are folded in or stored beside them. The vector averages,
over the actor's name mentions, the MiniLM states the stance stage already reads (the
mention's contextual state, its sentence's embedding and its governor's state, from the
one encoder pass per article, :func:`tealeaves.embeddings.sentence_encodings`) and the
stance model's class probabilities, and adds how the actor is used: the share of its
mentions that are grammatical subjects, passive subjects, objects or possessors, how often
and how early it is named, and its kind.
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
from ...nlp import doc_text
from .features import target_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..rhetoric.encoder import TaggerStates

MAIN_ROLES: tuple[FramingRole, ...] = ("protagonist", "antagonist", "innocent")
FINE_ROLES: dict[str, tuple[str, ...]] = {
    "protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "antagonist": ("Instigator", "Conspirator", "Tyrant", "Foreign Adversary", "Traitor", "Spy",
                   "Saboteur", "Corrupt", "Incompetent", "Terrorist", "Deceiver", "Bigot"),
    "innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
#: Dense blocks of :func:`.features.dense_features` averaged over an actor's mentions.
BLOCKS: tuple[str, ...] = ("tgt", "sent", "gov")
DIM = 384
#: Grammatical functions counted as shares of an actor's mentions (the rest: "other").
FUNCTIONS: tuple[str, ...] = ("nsubj", "nsubjpass", "obj", "poss")
KINDS: tuple[str, ...] = ("person", "organization", "place", "group", "other")
#: Actor kinds that can be cast in a role (SemEval-2025 Task 10 annotates named agents).
CAST_KINDS = frozenset({"person", "organization", "place", "group"})
#: At most this many mentions of one actor are read (the first ones: the lead casts).
MAX_MENTIONS = 12


def _root(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])


def _function(sent: SpacySpan, start: int, end: int) -> str:
    toks = target_tokens(sent, start, end)
    if not toks:
        return "other"
    root = _root(toks)
    dep = root.dep_
    if dep in ("nsubj", "nsubjpass", "poss"):
        return dep
    if dep in ("dobj", "dative", "pobj") and root.head.dep_ == "agent":
        return "nsubj"  # "… by X": the doer of a passive
    if dep in ("dobj", "dative", "pobj", "attr"):
        return "obj"
    return "other"


#: Feature groups of the actor vector, in the order they are concatenated; a model reads
#: those its record names (``features``). ``frozen``: the three :data:`BLOCKS` from the
#: frozen sentence-encoder pass (the model of 2026-12-02); ``tag3`` / ``tag4``: the same
#: three blocks from the span tagger's hidden states after layer 3 / 4 (the shared pass);
#: ``stance``: the stance model's mean probabilities; ``use``: grammatical functions, how
#: often and how early the actor is named, its kind; ``words``: the share of the actor's
#: sentences that hold each word of the model's vocabulary (content-word lemmas, drawn
#: from the training articles by document frequency; the record's ``words``).
GROUPS: tuple[str, ...] = ("frozen", "tag2", "tag3", "tag4", "stance", "use", "words")
USE_WIDTH = len(FUNCTIONS) + 1 + 2 + len(KINDS)
GROUP_WIDTH: dict[str, int] = {"frozen": DIM * len(BLOCKS), "tag2": DIM * len(BLOCKS),
                               "tag3": DIM * len(BLOCKS), "tag4": DIM * len(BLOCKS),
                               "stance": 3, "use": USE_WIDTH}
#: Parts of speech whose lemmas are ``words`` features.
WORD_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
#: The groups of a model record that names none (the model of 2026-12-02).
LEGACY_GROUPS: tuple[str, ...] = ("frozen", "stance", "use")


def group_layer(group: str) -> int | None:
    """The tagger layer a ``tagK`` group reads (None for the others)."""
    return int(group[3:]) if group.startswith("tag") else None


def width(groups: Sequence[str], n_words: int = 0) -> int:
    """Length of the actor vector made of *groups* (``words``: *n_words* wide)."""
    return sum(n_words if g == "words" else GROUP_WIDTH[g] for g in groups)


def actor_words(sents: Sequence[SpacySpan], spans: Sequence[tuple[int, int]]) -> list[set[str]]:
    """Per sentence of *sents*, the lemmas of its content words (:data:`WORD_POS`, alphabetic,
    not stop words) outside the actor's own *spans*."""
    out = []
    for sent in sents:
        keys = {t.lemma_.lower() for t in sent
                if t.pos_ in WORD_POS and t.is_alpha and not t.is_stop
                and not any(a <= t.idx < b for a, b in spans)}
        out.append(keys)
    return out


def ordered(groups: Sequence[str]) -> tuple[str, ...]:
    """*groups* in :data:`GROUPS` order (unknown names raise ValueError)."""
    bad = set(groups) - set(GROUPS)
    if bad:
        raise ValueError(f"unknown framing feature groups: {sorted(bad)}")
    return tuple(g for g in GROUPS if g in groups)


def _tagger_blocks(doc: Doc, sent: SpacySpan, start: int, end: int, states: TaggerStates,
                   layer: int) -> dict[str, np.ndarray]:
    """:data:`BLOCKS` of the mention at ``[start, end)`` read from the tagger's states after
    *layer*: the mean over the mention's pieces, the unit-length mean over its sentence's
    and the mean over the pieces of the word governing it (as the frozen blocks are read)."""
    out: dict[str, np.ndarray] = {}
    tgt = states.mean(layer, start, end)
    if tgt is not None:
        out["tgt"] = tgt
    whole = states.mean(layer, sent.start_char, sent.end_char)
    if whole is not None:
        out["sent"] = whole / max(float(np.linalg.norm(whole)), 1e-9)
    toks = target_tokens(sent, start, end)
    if toks:
        gov = _root(toks).head
        if gov.i not in {t.i for t in toks}:
            v = states.mean(layer, gov.idx, gov.idx + len(gov.text))
            if v is not None:
                out["gov"] = v
    return out


def _covered(states: TaggerStates, layers: Sequence[int], spans: Sequence[tuple[int, int]]
             ) -> bool:
    """Whether *states* has every layer and a state (not the zeros a skipped sentence
    leaves) at every span."""
    if not all(k in states.states for k in layers):
        return False
    for s, e in spans:
        lo, hi = states.pieces(s, e)
        if hi > lo and not states.states[layers[0]][lo:hi].any():
            return False
    return True


def tagger_states_for(doc: Doc, layers: Sequence[int],
                      spans: Sequence[tuple[int, int]] = ()) -> TaggerStates:
    """The span tagger's hidden states in *doc* (:func:`..rhetoric.encoder.tagger_states`),
    those the rhetoric stage left when they hold *layers* and cover *spans*; otherwise the
    shipped tagger runs over every sentence of *doc* now (its states then stay in the Doc)."""
    from ...errors import ModelError
    from ..rhetoric.encoder import tagger_states
    from ..rhetoric.features import sentence_units
    from ..rhetoric.techniques import load_span_finder

    got = tagger_states(doc)
    if got is not None and _covered(got, layers, spans):
        return got
    finder = load_span_finder()
    if finder.tokens is None or not set(layers) <= set(finder.tokens.layers):
        raise ModelError(f"the framing model reads the span tagger's layers {list(layers)}, "
                         "which the shipped tagger graph does not output")
    finder.tokens.unit_probs(doc, sentence_units(doc))
    got = tagger_states(doc)
    assert got is not None
    return got


def _use_group(doc: Doc, spans: Sequence[tuple[int, int]], kind: str,
               funcs: dict[str, int], used: int) -> np.ndarray:
    text_len = max(len(doc_text(doc)), 1)
    return np.concatenate([
        np.array([funcs[f] / used for f in FUNCTIONS]),
        np.array([math.log1p(len(spans))]),
        np.array([spans[0][0] / text_len, float(spans[0][0] < 600)]),
        np.array([float(kind == k) for k in KINDS]),
    ])


def actor_groups(doc: Doc, spans: Sequence[tuple[int, int]], kind: str,
                 groups: Sequence[str] = LEGACY_GROUPS,
                 stance_probs: Sequence[dict[str, float]] | None = None,
                 sents: list[SpacySpan] | None = None,
                 words: Sequence[str] = ()) -> dict[str, np.ndarray] | None:
    """The feature *groups* (:data:`GROUPS`) of an actor named at *spans* (``(start, end)``
    offsets, in text order) in *doc*, of *kind* (an :data:`~tealeaves.model.ActorKind` or a
    spaCy entity kind mapped to one); *stance_probs*: the stance model's probabilities per
    span, when the caller has them (computed here otherwise, only if ``stance`` is asked
    for). None when no span can be read. Only ``frozen`` runs the frozen sentence encoder;
    the ``tagK`` groups read the span tagger's states (:func:`tagger_states_for`);
    ``words`` reads the vocabulary *words*."""
    from .assess import _sentence_of, target_dense, target_probabilities

    if sents is None:
        sents = list(doc.sents)
    spans = list(spans)[:MAX_MENTIONS]
    dense = [g for g in groups if g == "frozen" or group_layer(g) is not None]
    layers = [k for k in (group_layer(g) for g in dense) if k is not None]
    states = tagger_states_for(doc, layers, spans) if layers else None
    if "frozen" in dense:  # the actor's sentences through the frozen encoder in one batch
        from ...embeddings import encode_sentences_at

        encode_sentences_at([(doc, [a for a, _b in spans])])
    acc = {(g, b): np.zeros(DIM, dtype=np.float64) for g in dense for b in BLOCKS}
    seen = dict.fromkeys(acc, 0)
    probs = np.zeros(3)
    funcs = dict.fromkeys((*FUNCTIONS, "other"), 0)
    used = 0
    read: dict[int, SpacySpan] = {}
    for n, (start, end) in enumerate(spans):
        try:
            sent = _sentence_of(doc, start, end, sents)
        except ValueError:
            continue
        used += 1
        read.setdefault(sent.start_char, sent)
        for g in dense:
            k = group_layer(g)
            got = target_dense(sent, start, end, BLOCKS) if k is None else \
                _tagger_blocks(doc, sent, start, end, states, k)  # type: ignore[arg-type]
            for b, v in got.items():
                acc[g, b] += v
                seen[g, b] += 1
        if "stance" in groups:
            p = stance_probs[n] if stance_probs is not None else \
                target_probabilities(sent, start, end)
            probs += [p.get(c, 0.0) for c in ("negative", "neutral", "positive")]
        funcs[_function(sent, start, end)] += 1
    if not used:
        return None
    out = {g: np.concatenate([acc[g, b] / max(seen[g, b], 1) for b in BLOCKS]) for g in dense}
    if "stance" in groups:
        out["stance"] = probs / used
    if "use" in groups:
        out["use"] = _use_group(doc, spans, kind, funcs, used)
    if "words" in groups:
        bags = actor_words(list(read.values()), spans)
        out["words"] = np.array([sum(w in b for b in bags) / len(bags) for w in words])
    return {g: np.asarray(v, dtype=np.float32) for g, v in out.items()}


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
