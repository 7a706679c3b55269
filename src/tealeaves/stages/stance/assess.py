"""Stance towards each actor: what the article says about it, by whom, with what confidence.

The target-dependent model is linear (logistic regression plus a weighted LinearSVC over
the sparse features of :mod:`.features`, plus a second logistic regression over dense
MiniLM blocks: the target's contextual state, the sentence embedding and context states,
read from the per-sentence encoder pass the rhetoric stage shares,
:func:`tealeaves.embeddings.sentence_encodings`), its summed scores divided by a
temperature fitted on out-of-fold scores (``resources/stance/calibration.json``) and
softmaxed, so each class probability is a calibrated confidence; trained on NewsMTSC by
``scripts/train_stance.py``, weights in ``resources/stance/model.json.gz``.

:func:`assess_actors` is target-led: a mention counts only where something is said about
the actor (:mod:`.voices`: not where it is a claim's speaker or a setting such as "in
Geneva"), and only a mention the model reads as evaluative (positive or negative) makes
the actor *evaluated*; an actor that is never evaluated gets ``stance = None``. Technique
spans attached to a mention and events that blame or back the actor add evidence. The
author's own words and the claims the article relays are aggregated apart
(``Stance.voices``) and together (``label``, ``score``).
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from itertools import repeat
from typing import TYPE_CHECKING

import numpy as np

from ...model import Actor, Claim, Event, Span, Stance, StanceLabel, StanceVoice, Technique
from ...nlp import doc_text
from .features import dense_features, target_features
from .head import StanceHead, head_window, load_head

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from ...embeddings import Encoding

LABELS: tuple[StanceLabel, ...] = ("negative", "neutral", "positive")

#: Techniques whose spans, when they overlap or attach to a mention, count as negative evidence.
NEGATIVE_TECHNIQUES = frozenset({"Name_Calling,Labeling", "Loaded_Language", "Doubt"})
#: Event categories that, when an actor is their target, count as negative evidence: being
#: blamed, criticised, dismissed, sanctioned or coerced portrays the target badly (being
#: threatened, attacked or rebuffed does not: the target is then the one acted upon).
NEGATIVE_EVENTS = frozenset({"ACCUSE", "DISAPPROVE", "DISMISS", "SANCTION", "COERCE"})
#: Event categories that, when an actor is their target, count as positive evidence.
POSITIVE_EVENTS = frozenset({"SUPPORT", "APPOINT"})


@dataclass(frozen=True)
class StanceModel:
    """One linear score per class: sparse weights by feature name plus, for each dense block
    of :func:`.features.dense_features`, a ``(classes, width)`` weight matrix (the
    training-time standardisation folded in); a softmax makes them probabilities."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, list[float]]
    dense: dict[str, np.ndarray] = field(default_factory=dict)
    #: Scores are divided by this before the softmax (temperature scaling; 1 = none).
    temperature: float = 1.0
    #: The span tagger's layer whose hidden states the dense blocks read (:mod:`.tagged`);
    #: None: the frozen sentence encoder's pass (:mod:`tealeaves.embeddings`).
    dense_layer: int | None = None
    #: The target head over the tagger's states (:mod:`.head`) and the weight of its
    #: log-probabilities in the scores (None: no head).
    head: StanceHead | None = None
    head_mix: float = 0.0

    @cached_property
    def _sparse(self) -> tuple[dict[str, int], np.ndarray]:
        """The sparse weights as one float64 matrix (a row per feature name holding its
        weight for each class, so that one feature's weights share a cache line) and the row
        of each name, built on first use."""
        names = list(self.weights)
        rows = np.asarray([self.weights[n] for n in names], dtype=np.float64)
        return {n: i for i, n in enumerate(names)}, \
            np.ascontiguousarray(rows.reshape(len(names), len(self.classes)))

    def probabilities(self, feats: dict[str, float],
                      dense: dict[str, np.ndarray] | None = None,
                      extra: np.ndarray | None = None) -> dict[str, float]:
        """Calibrated class probabilities from the sparse *feats*, the *dense* blocks and
        *extra* scores (the target head's weighted log-probabilities) added before the
        temperature."""
        index, weights = self._sparse
        picked = np.fromiter(map(index.get, feats, repeat(-1)), dtype=np.intp, count=len(feats))
        values = np.fromiter(feats.values(), dtype=np.float64, count=len(feats))
        known = picked >= 0
        # Row 0 the intercept, then each known feature's weighted contribution in the
        # features' order; ``add.accumulate`` adds them one after the other (no pairwise
        # summation), so each score is the same float a Python loop adding them gives.
        terms = np.empty((int(known.sum()) + 1, len(self.classes)), dtype=np.float64)
        terms[0] = self.intercept
        terms[1:] = weights.take(picked[known], axis=0) * values[known][:, None]
        scores: list[float] = np.add.accumulate(terms, axis=0)[-1].tolist()
        for block, vec in (dense or {}).items():
            mat = self.dense.get(block)
            if mat is not None:
                add = mat @ vec
                for k in range(len(scores)):
                    scores[k] += float(add[k])
        if extra is not None:
            scores = [x + float(e) for x, e in zip(scores, extra, strict=True)]
        scores = [x / self.temperature for x in scores]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}


@lru_cache(maxsize=1)
def load_stance_model() -> StanceModel:
    """Load the trained weights once per process."""
    ref = resources.files("tealeaves") / "resources" / "stance" / "model.json.gz"
    with ref.open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
        data = json.loads(fh.read().decode("utf-8"))
    cal = resources.files("tealeaves") / "resources" / "stance" / "calibration.json"
    temperature = float(json.loads(cal.read_text(encoding="utf-8"))["temperature"]) \
        if cal.is_file() else 1.0
    head_meta = data.get("meta", {}).get("head")
    head = None
    if head_meta:
        with (resources.files("tealeaves") / "resources" / "stance" / head_meta["file"]
              ).open("rb") as fh:
            head = load_head(fh)
    return StanceModel(
        classes=tuple(data["classes"]),
        intercept=tuple(float(b) for b in data["intercept"]),
        weights={k: [float(x) for x in v] for k, v in data["weights"].items()},
        dense={k: np.asarray(v, dtype=np.float32) for k, v in data.get("dense", {}).items()},
        temperature=temperature,
        dense_layer=dense_layer(data.get("meta", {})),
        head=head,
        head_mix=float(head_meta["mix"]) if head_meta else 0.0,
    )


def dense_layer(meta: dict[str, object]) -> int | None:
    """The tagger layer a model's *meta* says its dense blocks read (``dense_source:
    "tagger"``, ``dense_layer``), None for the frozen encoder."""
    if meta.get("dense_source") != "tagger":
        return None
    return int(str(meta["dense_layer"]))


def _label(probs: dict[str, float]) -> str:
    return max(probs, key=lambda c: probs[c])


#: ``Doc.user_data`` key of the per-Doc memo of :func:`target_probabilities` (the stance
#: and framing of an actor read the same mentions).
_MEMO_KEY = "tealeaves.stance_probabilities"


def target_probabilities(sent: SpacySpan, start: int, end: int) -> dict[str, float]:
    """Calibrated class probabilities for the target at doc offsets ``[start, end)`` in
    sentence *sent* (dense features read the Doc's shared sentence encodings, computed on
    first use); kept per Doc, so a second reader of the same mention pays nothing."""
    model = load_stance_model()
    memo = sent.doc.user_data.setdefault(_MEMO_KEY, {})
    key = (id(model), sent.start, sent.end, start, end)
    hit = memo.get(key)
    if hit is None:
        dense, extra = None, None
        if model.dense and model.dense_layer is not None:
            from .tagged import tagger_encoding_at

            enc = tagger_encoding_at(sent.doc, start, model.dense_layer)
            # not kept for framing (target_dense): its model reads the frozen encoder's blocks
            dense = {} if enc is None else dense_features(sent, start, end, tuple(model.dense),
                                                          encoding=enc)
            extra = _head_scores(model, enc, start, end, sent.doc)
        elif model.dense:
            blocks = tuple(model.dense)
            dense = dense_features(sent, start, end, blocks)
            sent.doc.user_data.setdefault(_DENSE_KEY, {})[key[1:]] = (frozenset(blocks), dense)
        hit = memo[key] = model.probabilities(target_features(sent, start, end), dense, extra)
    return dict(hit)


#: ``Doc.user_data`` key of the head's layer-normalised sentence states, per sentence
#: window: ``(id(model), sentence start, a, b) -> (Encoding, states)``.
_HEAD_KEY = "tealeaves.stance_head_base"


def _head_scores(model: StanceModel, enc: tuple[int, Encoding] | None, start: int,
                 end: int, doc: Doc | None = None) -> np.ndarray | None:
    """The target head's log-probabilities times its weight (None: no head, no pieces).
    With *doc*, the sentence's normalised states are kept in it for its next target."""
    if model.head is None or enc is None:
        return None
    got = head_window(enc[1], start - enc[0], end - enc[0])
    if got is None:
        return None
    a, b, mask = got
    states = np.asarray(enc[1].states[a:b], dtype=np.float32)
    base = None
    if doc is not None:
        memo = doc.user_data.setdefault(_HEAD_KEY, {})
        key = (id(model), enc[0], a, b)
        kept = memo.get(key)
        if kept is not None and kept[0] is enc[1]:  # the same sentence encoding
            base = kept[1]
        else:
            base = model.head.normalised(states)
            memo[key] = (enc[1], base)
    return model.head_mix * model.head.log_probs(states, mask, base)


#: ``Doc.user_data`` key of the dense blocks :func:`target_probabilities` read per target.
_DENSE_KEY = "tealeaves.stance_dense"


def target_dense(sent: SpacySpan, start: int, end: int,
                 blocks: tuple[str, ...]) -> dict[str, np.ndarray]:
    """:func:`.features.dense_features` of the target: the blocks :func:`target_probabilities`
    already read for it when they include *blocks* (the same arrays), computed otherwise."""
    kept = sent.doc.user_data.get(_DENSE_KEY, {}).get((sent.start, sent.end, start, end))
    if kept is not None and kept[0].issuperset(blocks):
        return {b: kept[1][b] for b in blocks if b in kept[1]}
    return dense_features(sent, start, end, blocks)


def target_probabilities_many(items: list[tuple[str, int, int]]) -> list[dict[str, float]]:
    """Calibrated class probabilities per ``(sentence, start, end)``; each sentence is parsed
    as one unit."""
    from ...nlp import load_model as load_nlp

    nlp = load_nlp()
    texts = sorted({s for s, _, _ in items})
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=128), strict=True))
    model = load_stance_model()
    if model.dense and model.dense_layer is not None:
        from .tagged import ensure_states

        for doc in docs.values():
            ensure_states(doc, [s.start_char for s in doc.sents], model.dense_layer)
    elif model.dense:
        from ...embeddings import encode_docs

        encode_docs(list(docs.values()))
    return [target_probabilities(docs[s][:], a, b) for s, a, b in items]


def classify_targets(items: list[tuple[str, int, int]]) -> list[str]:
    """One label per ``(sentence, start, end)``; each sentence is parsed as one unit."""
    return [_label(p) for p in target_probabilities_many(items)]


def _sentence_of(doc: Doc, start: int, end: int,
                 sents: list[SpacySpan] | None = None) -> SpacySpan:
    """The sentence holding offset *start* (*sents*: ``list(doc.sents)``, when the caller
    looks up many offsets, so it is built once)."""
    if sents is None:
        sents = list(doc.sents)
    i = bisect_right([s.start_char for s in sents], start) - 1
    for sent in sents[max(i, 0):]:
        if sent.start_char <= start < sent.end_char:
            if end > sent.end_char:  # a target running over a boundary: widen to cover it
                return doc.char_span(sent.start_char, max(end, sent.end_char), alignment_mode="expand") or sent
            return sent
    raise ValueError(f"offset {start} lies outside the text")


def stance_towards(text: str, start: int, end: int) -> str:
    """The stance (``negative``/``neutral``/``positive``) of *text* towards ``text[start:end]``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise ValueError(f"[{start}, {end}) is not a non-empty span of the text")
    from ...nlp import load_model as load_nlp

    doc = load_nlp()(text)
    return _label(target_probabilities(_sentence_of(doc, start, end), start, end))


def assess_actors(
    doc: Doc, actors: list[Actor], techniques: list[Technique], events: list[Event],
    claims: Sequence[Claim] = (),
) -> list[Actor]:
    """Fill ``stance``, ``standing`` and ``framing`` of every actor (*claims*: the sourcing
    stage's, which split the author's words from relayed ones)."""
    from ..standing import find_standing
    from .framing import cast_actor

    standing = find_standing(doc, actors, events, claims)
    model = load_stance_model()
    starts = [m.start for a in actors for m in a.mentions]
    if model.dense and model.dense_layer is not None:
        from .tagged import ensure_states  # the tagger's states, run only where the Doc has none

        ensure_states(doc, starts, model.dense_layer)
    elif model.dense:  # the mentions' sentences through the encoder in one batch
        from ...embeddings import encode_sentences_at

        encode_sentences_at([(doc, starts)])
    sents = list(doc.sents)
    out = []
    for actor in actors:
        stance = actor_stance(doc, actor, techniques, events, sents=sents, claims=claims)
        out.append(replace(actor, stance=stance, standing=tuple(standing.get(actor.id, ())),
                           framing=cast_actor(doc, actor, sents)))
    return out


#: Most dependency arcs between a mention and a technique span "attached" to it
#: (an appositive epithet: 1; a predicate nominal "X is a Y": 2; "X went from A to a Y": 3).
ATTACH_DISTANCE = 3
#: A mention is an evaluation when the model's calibrated probability of a polar class
#: (negative or positive) is the largest and at least this.
EVALUATIVE = 0.5
#: Mention weights by form: an epithet or title is the author's own wording, a pronoun
#: may be resolved wrongly.
FORM_WEIGHT = {"name": 1.0, "pronoun": 0.7, "title": 1.2, "epithet": 1.2}
#: Confidence given to the label an event implies (a rule, not a model: the events stage
#: gives no probability); see docs/stages/stance.md.
EVENT_CONFIDENCE = 0.7


def _attached(doc: Doc, m_start: int, m_end: int, t_start: int, t_end: int) -> bool:
    """Whether the technique span is syntactically attached to the mention (same sentence)."""
    from ..syntax import tree_distance

    mention = doc.char_span(m_start, m_end, alignment_mode="expand")
    tech = doc.char_span(t_start, t_end, alignment_mode="expand")
    if mention is None or tech is None or not len(mention) or not len(tech):
        return False
    if mention.sent.start != tech.sent.start:
        return False
    root = mention.root
    return any(tree_distance(root, t) <= ATTACH_DISTANCE for t in tech if not t.is_punct)


@dataclass(frozen=True)
class Item:
    """One piece of evaluation of an actor: class probabilities, weight, who says it, where."""

    probs: dict[str, float]
    weight: float
    voice: str
    claim: str | None
    span: Span


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _mention_items(doc: Doc, actor: Actor, techniques: list[Technique],
                   claims: Sequence[Claim], sents: list[SpacySpan]) -> list[Item]:
    """Evaluations carried by the actor's mentions and by technique spans on them."""
    from .voices import voice_of

    text = doc_text(doc)
    items = []
    for m in actor.mentions:
        try:
            sent = _sentence_of(doc, m.start, m.end, sents)
        except ValueError:
            continue
        voice, claim = voice_of(sent, m.start, m.end, claims)
        if voice is None:
            continue
        probs = target_probabilities(sent, m.start, m.end)
        lab = _label(probs)
        w = FORM_WEIGHT.get(m.form, 1.0)
        if lab != "neutral" and probs[lab] >= EVALUATIVE:
            items.append(Item(probs, w, voice, claim,
                              _span(text, sent.start_char, sent.end_char)))
        for tech in techniques:
            if tech.technique not in NEGATIVE_TECHNIQUES:
                continue
            overlaps = tech.start < m.end and m.start < tech.end
            # attachment needs the same sentence: skip the parse walk for spans elsewhere
            nearby = sent.start_char <= tech.start < sent.end_char
            s = max(0.0, min(1.0, tech.score))
            if s < EVALUATIVE:  # as for mentions: only a span likelier than not evaluates
                continue
            if overlaps or (nearby and _attached(doc, m.start, m.end, tech.start, tech.end)):
                items.append(Item({"negative": s, "neutral": 1.0 - s, "positive": 0.0},
                                  1.0 if overlaps else 0.5, voice, claim,
                                  _span(text, tech.start, tech.end)))
    return items


def event_items(text: str, actor: Actor, events: Sequence[Event],
                claims: Sequence[Claim]) -> list[Item]:
    """Events that blame, criticise or sanction (or back, appoint) the actor, in the article
    *text* (shared with the Russian stance, ``lang/ru/stance.py``)."""
    items = []
    for ev in events:
        if ev.target != actor.id or ev.negated:
            continue
        label = "negative" if ev.category in NEGATIVE_EVENTS else \
            "positive" if ev.category in POSITIVE_EVENTS else None
        if label is None:
            continue
        probs: dict[str, float] = dict.fromkeys(LABELS, 0.0)
        probs[label] = EVENT_CONFIDENCE
        probs["neutral"] = 1.0 - EVENT_CONFIDENCE
        inner = [c for c in claims if c.start <= ev.start and ev.end <= c.end
                 and c.source.kind != "author"]
        voice, claim = ("relayed", inner[0].id or None) if inner else ("author", None)
        items.append(Item(probs, 1.0, voice, claim, _span(text, ev.start, ev.end)))
    return items


def _aggregate(items: list[Item]) -> tuple[StanceLabel, float, tuple[Span, ...]] | None:
    """The label with the largest weighted probability mass over *items*, its share (the
    weighted mean of the items' calibrated confidences in it) and the evidence behind it."""
    mass = dict.fromkeys(LABELS, 0.0)
    for it in items:
        for c in LABELS:
            mass[c] += it.weight * it.probs.get(c, 0.0)
    total = sum(mass.values())
    if not total > 0:  # nothing evaluated, or a NaN
        return None
    best: StanceLabel = max(LABELS, key=lambda c: mass[c])
    spans = {(it.span.start, it.span.end): it.span for it in items if _label(it.probs) == best}
    return best, round(mass[best] / total, 3), tuple(sorted(spans.values(), key=lambda s: s.start))


def actor_stance(
    doc: Doc, actor: Actor, techniques: list[Technique], events: list[Event],
    *, sents: list[SpacySpan] | None = None, claims: Sequence[Claim] = (),
) -> Stance | None:
    """The article's stance towards *actor*, or None when the article never evaluates it.

    Evaluations (:class:`Item`): mentions the model reads as positive or negative
    (:data:`EVALUATIVE`) where the actor is a target (not a claim's speaker nor a setting,
    :mod:`.voices`), weighted by form (:data:`FORM_WEIGHT`); name-calling, loaded-language
    or doubt spans with a score of at least :data:`EVALUATIVE` overlapping a mention (weight 1)
    or attached to it in the parse (within :data:`ATTACH_DISTANCE` arcs, weight 0.5), at the
    technique's score; events that
    blame, criticise, dismiss, sanction or coerce the actor (or back or appoint it), at
    :data:`EVENT_CONFIDENCE`. ``label`` is the class with the most weighted probability
    mass, ``score`` its share; ``voices`` does the same for the author's words and for
    relayed claims apart.
    """
    if not actor.mentions:
        return None
    if sents is None:
        sents = list(doc.sents)
    items = _mention_items(doc, actor, techniques, claims, sents)
    items += event_items(doc_text(doc), actor, events, claims)
    return stance_of(items)


def stance_of(items: list[Item]) -> Stance | None:
    """The stance that *items* add up to (:func:`_aggregate`), with the author's words and the
    relayed claims apart in ``voices``; None when nothing evaluates the actor. Shared with the
    Russian stance (``lang/ru/stance.py``)."""
    overall = _aggregate(items)
    if overall is None:
        return None
    voices = []
    for voice in ("author", "relayed"):
        mine = [it for it in items if it.voice == voice]
        agg = _aggregate(mine)
        if agg is not None:
            ids = tuple(sorted({it.claim for it in mine if it.claim}))
            voices.append(StanceVoice(voice=voice, label=agg[0], score=agg[1],  # type: ignore[arg-type]
                                      evidence=agg[2], claims=ids))
    label, score, evidence = overall
    return Stance(label=label, score=score, evidence=evidence, voices=tuple(voices))
