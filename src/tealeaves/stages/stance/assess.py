"""Stance towards each actor and standing signals (rising / falling).

The target-dependent model is linear (logistic regression plus a weighted LinearSVC over
the sparse features of :mod:`.features`, plus a second logistic regression over dense
MiniLM blocks: the target's contextual state, the sentence embedding and context states,
read from the per-sentence encoder pass the rhetoric stage shares,
:func:`tealeaves.embeddings.sentence_encodings`), its summed scores going through a
softmax; trained on NewsMTSC by ``scripts/train_stance.py``, weights in
``resources/stance/model.json.gz`` (provenance in the README there).
:func:`assess_actors` classifies every mention of every actor in its sentence and
aggregates per actor, adding weight for name-calling / loaded-language spans attached to
the actor's mentions and for events where the actor is blamed, criticised or attacked.
"""

from __future__ import annotations

import gzip
import json
import math
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from ...model import Actor, Event, Span, Stance, StanceLabel, Technique
from ...nlp import doc_text
from .features import dense_features, target_features

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

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

    def probabilities(self, feats: dict[str, float],
                      dense: dict[str, np.ndarray] | None = None) -> dict[str, float]:
        scores = list(self.intercept)
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is None:
                continue
            for k in range(len(scores)):
                scores[k] += w[k] * value
        for block, vec in (dense or {}).items():
            mat = self.dense.get(block)
            if mat is not None:
                add = mat @ vec
                for k in range(len(scores)):
                    scores[k] += float(add[k])
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
    return StanceModel(
        classes=tuple(data["classes"]),
        intercept=tuple(float(b) for b in data["intercept"]),
        weights={k: [float(x) for x in v] for k, v in data["weights"].items()},
        dense={k: np.asarray(v, dtype=np.float32) for k, v in data.get("dense", {}).items()},
    )


def _label(probs: dict[str, float]) -> str:
    return max(probs, key=lambda c: probs[c])


def target_probabilities(sent: SpacySpan, start: int, end: int) -> dict[str, float]:
    """Class probabilities for the target at doc offsets ``[start, end)`` in sentence *sent*
    (dense features read the Doc's shared sentence encodings, computed on first use)."""
    model = load_stance_model()
    dense = dense_features(sent, start, end, tuple(model.dense)) if model.dense else None
    return model.probabilities(target_features(sent, start, end), dense)


def classify_targets(items: list[tuple[str, int, int]]) -> list[str]:
    """One label per ``(sentence, start, end)``; each sentence is parsed as one unit."""
    from ...nlp import load_model as load_nlp

    nlp = load_nlp()
    texts = sorted({s for s, _, _ in items})
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=128), strict=True))
    if load_stance_model().dense:
        from ...embeddings import encode_docs

        encode_docs(list(docs.values()))
    return [_label(target_probabilities(docs[s][:], a, b)) for s, a, b in items]


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
    doc: Doc, actors: list[Actor], techniques: list[Technique], events: list[Event]
) -> list[Actor]:
    """Fill ``stance`` and ``standing`` of every actor."""
    from .standing import find_standing

    standing = find_standing(doc, actors, events)
    if load_stance_model().dense:  # the mentions' sentences through the encoder in one batch
        from ...embeddings import encode_sentences_at

        encode_sentences_at([(doc, [m.start for a in actors for m in a.mentions])])
    sents = list(doc.sents)
    out = []
    for actor in actors:
        stance = actor_stance(doc, actor, techniques, events, sents=sents)
        out.append(replace(actor, stance=stance, standing=tuple(standing.get(actor.id, ()))))
    return out


#: Most dependency arcs between a mention and a technique span "attached" to it
#: (an appositive epithet: 1; a predicate nominal "X is a Y": 2; "X went from A to a Y": 3).
ATTACH_DISTANCE = 3


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


def actor_stance(
    doc: Doc, actor: Actor, techniques: list[Technique], events: list[Event],
    *, sents: list[SpacySpan] | None = None,
) -> Stance | None:
    """Aggregate the model's per-mention probabilities and the technique/event evidence.

    Each mention contributes its class probabilities (name mentions weight 1, pronouns 0.7,
    epithets and titles 1.2 — an epithet is the author's own wording). A name-calling,
    loaded-language or doubt span overlapping the mention (weight 1) or attached to it in
    the parse (within :data:`ATTACH_DISTANCE` arcs, weight 0.5) adds negative mass scaled
    by the technique's score; an event targeting the actor adds
    negative (ACCUSE, DISAPPROVE, …) or positive (SUPPORT, APPOINT) mass. The label
    is the class with the largest total; the score is its share of the total.
    """
    if not actor.mentions:
        return None
    totals: dict[str, float] = dict.fromkeys(LABELS, 0.0)
    evidence: dict[tuple[int, int], tuple[float, Span]] = {}
    text = doc_text(doc)
    if sents is None:
        sents = list(doc.sents)
    form_weight = {"name": 1.0, "pronoun": 0.7, "title": 1.2, "epithet": 1.2}
    for m in actor.mentions:
        try:
            sent = _sentence_of(doc, m.start, m.end, sents)
            probs = target_probabilities(sent, m.start, m.end)
        except ValueError:
            continue
        w = form_weight.get(m.form, 1.0)
        for c, p in probs.items():
            totals[c] = totals.get(c, 0.0) + w * p
        lab = _label(probs)
        if lab != "neutral":
            strength = probs[lab] * (1 if lab == "positive" else -1)
            evidence[(sent.start_char, sent.end_char)] = (
                strength,
                Span(start=sent.start_char, end=sent.end_char, text=text[sent.start_char : sent.end_char]),
            )
        for tech in techniques:
            if tech.technique not in NEGATIVE_TECHNIQUES:
                continue
            overlaps = tech.start < m.end and m.start < tech.end
            # attachment needs the same sentence: skip the parse walk for spans elsewhere
            nearby = sent.start_char <= tech.start < sent.end_char
            attached = not overlaps and nearby and _attached(doc, m.start, m.end, tech.start,
                                                             tech.end)
            if overlaps or attached:
                weight = (1.0 if overlaps else 0.5) * max(0.0, min(1.0, tech.score))
                totals["negative"] += weight
                evidence[(tech.start, tech.end)] = (
                    -weight,
                    Span(start=tech.start, end=tech.end, text=text[tech.start : tech.end]),
                )
    for ev in events:
        if ev.target != actor.id or ev.negated:
            continue
        label = "negative" if ev.category in NEGATIVE_EVENTS else "positive" if ev.category in POSITIVE_EVENTS else None
        if label is None:
            continue
        totals[label] += 1.0
        evidence[(ev.start, ev.end)] = (
            -1.0 if label == "negative" else 1.0,
            Span(start=ev.start, end=ev.end, text=text[ev.start : ev.end]),
        )
    total = sum(totals.values())
    if total <= 0:
        return None
    best: StanceLabel = max(LABELS, key=lambda c: totals[c])
    sign = {"negative": -1, "positive": 1, "neutral": 0}[best]
    chosen = [span for s, span in evidence.values() if (s < 0 and sign < 0) or (s > 0 and sign > 0)]
    chosen.sort(key=lambda s: s.start)
    return Stance(label=best, score=round(totals[best] / total, 3), evidence=tuple(chosen))

