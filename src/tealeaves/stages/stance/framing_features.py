"""The feature vector of an actor for :mod:`.framing`, as named groups (:data:`GROUPS`).

A framing model lists the groups it reads; :func:`actor_groups` computes them over an
actor's name mentions: the MiniLM blocks of the mention, its sentence and its governor —
from the frozen sentence-encoder pass (``frozen``) or from the span tagger's hidden states
after a layer (``tag2``–``tag4``, the encoder pass the rhetoric stage already ran; issue
19) — the stance model's probabilities, how the actor is used in the parse, what it does and
what is done to it, and the words around it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ...nlp import doc_text
from ..events.vocabulary import CATEGORIES as EVENT_CATEGORIES
from .features import target_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from ..rhetoric.encoder import TaggerStates

#: Dense blocks of :func:`.features.dense_features` averaged over an actor's mentions.
BLOCKS: tuple[str, ...] = ("tgt", "sent", "gov")
DIM = 384
#: Grammatical functions counted as shares of an actor's mentions (the rest: "other").
FUNCTIONS: tuple[str, ...] = ("nsubj", "nsubjpass", "obj", "poss")
KINDS: tuple[str, ...] = ("person", "organization", "place", "group", "other")
#: At most this many mentions of one actor are read (the first ones: the lead casts).
MAX_MENTIONS = 12


def _root(toks: list[Token]) -> Token:
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head.i not in ids or t.head.i == t.i), toks[-1])


def _function(toks: list[Token]) -> str:
    """The grammatical function of the mention made of *toks* (:data:`FUNCTIONS`)."""
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
#: from the training articles by document frequency; the record's ``words``); ``acts``: what
#: the actor does and what is done to it — the share of its mentions that are the agent, and
#: the patient, of a verb of each event category (``stages.events`` vocabulary, PLOVER/CAMEO)
#: — and the share of its mentions inside quotation marks (a relayed voice).
GROUPS: tuple[str, ...] = ("frozen", "tag2", "tag3", "tag4", "stance", "use", "acts", "words")
USE_WIDTH = len(FUNCTIONS) + 1 + 2 + len(KINDS)
GROUP_WIDTH: dict[str, int] = {"frozen": DIM * len(BLOCKS), "tag2": DIM * len(BLOCKS),
                               "tag3": DIM * len(BLOCKS), "tag4": DIM * len(BLOCKS),
                               "stance": 3, "use": USE_WIDTH,
                               "acts": 2 * len(EVENT_CATEGORIES) + 1}
#: Prepositions whose object a verb acts on ("fired at X", "sanctions against X").
PATIENT_PREPS = frozenset({"against", "at", "on", "upon", "toward", "towards"})
#: Quotation marks that open or close a quote.
QUOTES = frozenset('"\u201c\u201d')


def mention_acts(sent: SpacySpan, start: int, end: int) -> tuple[str | None, str | None]:
    """The event categories (``stages.events`` vocabulary) of the verb the mention at
    ``[start, end)`` is the agent of ("X shelled", "shelled by X"), and of the verb it is the
    patient of ("shelled X", "X was shelled", "fired at X"); None where there is none."""
    return _acts(target_tokens(sent, start, end))


def _acts(toks: list[Token]) -> tuple[str | None, str | None]:
    """:func:`mention_acts` of the mention made of *toks*."""
    from ..events.vocabulary import load_vocabulary

    if not toks:
        return None, None
    verbs = load_vocabulary().verbs
    root = _root(toks)
    head, dep = root.head, root.dep_
    agent = patient = None
    if dep == "nsubj" and head.pos_ in ("VERB", "AUX"):
        agent = verbs.get(head.lemma_.lower())
    elif dep == "pobj" and head.dep_ == "agent":
        agent = verbs.get(head.head.lemma_.lower())
    elif dep in ("dobj", "nsubjpass") and head.pos_ == "VERB":
        patient = verbs.get(head.lemma_.lower())
    elif dep == "pobj" and head.lower_ in PATIENT_PREPS and head.head.pos_ == "VERB":
        patient = verbs.get(head.head.lemma_.lower())
    return agent, patient


def _quoted(sent: SpacySpan, start: int) -> bool:
    """Whether *start* lies inside quotation marks opened in its sentence."""
    before = doc_text(sent.doc)[sent.start_char:start]
    return sum(ch in QUOTES for ch in before) % 2 == 1


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


def _tagger_blocks(sent: SpacySpan, start: int, end: int, toks: list[Token],
                   states: TaggerStates, layer: int) -> dict[str, np.ndarray]:
    """:data:`BLOCKS` of the mention at ``[start, end)`` (its tokens *toks*) read from the
    tagger's states after *layer*: the mean over the mention's pieces, the unit-length mean
    over its sentence's and the mean over the pieces of the word governing it (as the frozen
    blocks are read)."""
    out: dict[str, np.ndarray] = {}
    tgt = states.mean(layer, start, end)
    if tgt is not None:
        out["tgt"] = tgt
    whole = _sentence_block(sent, states, layer)
    if whole is not None:
        out["sent"] = whole
    if toks:
        gov = _root(toks).head
        if gov.i not in {t.i for t in toks}:
            v = states.mean(layer, gov.idx, gov.idx + len(gov.text))
            if v is not None:
                out["gov"] = v
    return out


#: ``Doc.user_data`` key of the unit-length sentence means :func:`_tagger_blocks` read:
#: ``(layer, sentence start) -> (TaggerStates, vector or None)``, so a sentence holding several
#: mentions (of one actor or of several) is pooled once.
_SENT_KEY = "tealeaves.framing_sentence_states"


def _sentence_block(sent: SpacySpan, states: TaggerStates, layer: int) -> np.ndarray | None:
    """The unit-length mean of *layer*'s states over *sent*'s pieces (None: no piece), kept
    per Doc for the states it came from."""
    memo = sent.doc.user_data.setdefault(_SENT_KEY, {})
    key = (layer, sent.start_char, sent.end_char)
    kept = memo.get(key)
    if kept is not None and kept[0] is states:
        return kept[1]  # type: ignore[no-any-return]
    whole = states.mean(layer, sent.start_char, sent.end_char)
    vec = None if whole is None else whole / max(float(np.linalg.norm(whole)), 1e-9)
    memo[key] = (states, vec)
    return vec


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
    from ..rhetoric.encoder import tagger_states
    from ..rhetoric.techniques import run_tagger

    got = tagger_states(doc)
    if got is not None and _covered(got, layers, spans):
        return got
    run_tagger(doc, layers, "the framing model")
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
    acts: list[tuple[str | None, str | None, bool]] = []
    for n, (start, end) in enumerate(spans):
        try:
            sent = _sentence_of(doc, start, end, sents)
        except ValueError:
            continue
        used += 1
        read.setdefault(sent.start_char, sent)
        toks = target_tokens(sent, start, end)  # one walk of the sentence per mention
        for g in dense:
            k = group_layer(g)
            got = target_dense(sent, start, end, BLOCKS) if k is None else \
                _tagger_blocks(sent, start, end, toks, states, k)  # type: ignore[arg-type]
            for b, v in got.items():
                acc[g, b] += v
                seen[g, b] += 1
        if "stance" in groups:
            p = stance_probs[n] if stance_probs is not None else \
                target_probabilities(sent, start, end)
            probs += [p.get(c, 0.0) for c in ("negative", "neutral", "positive")]
        funcs[_function(toks)] += 1
        if "acts" in groups:
            acts.append((*_acts(toks), _quoted(sent, start)))
    if not used:
        return None
    out = {g: np.concatenate([acc[g, b] / max(seen[g, b], 1) for b in BLOCKS]) for g in dense}
    if "stance" in groups:
        out["stance"] = probs / used
    if "use" in groups:
        out["use"] = _use_group(doc, spans, kind, funcs, used)
    if "acts" in groups:
        out["acts"] = _acts_group(acts)
    if "words" in groups:
        bags = actor_words(list(read.values()), spans)
        out["words"] = np.array([sum(w in b for b in bags) / len(bags) for w in words])
    return {g: np.asarray(v, dtype=np.float32) for g, v in out.items()}


def _acts_group(acts: list[tuple[str | None, str | None, bool]]) -> np.ndarray:
    cats = EVENT_CATEGORIES
    v = np.zeros(GROUP_WIDTH["acts"])
    for agent, patient, quoted in acts:
        if agent in cats:
            v[cats.index(agent)] += 1
        if patient in cats:
            v[len(cats) + cats.index(patient)] += 1
        v[-1] += float(quoted)
    return v / max(len(acts), 1)
