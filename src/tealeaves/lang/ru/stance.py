"""Russian stance towards each actor, from what the article says about it.

The target model is a multinomial logistic regression over the features of
:mod:`.stance_features` (lemmas around the target and in its syntactic neighbourhood, its
role, negation, navec vectors), trained on RuSentNE-2023 by ``training/ru_stance.py``
(``scripts/train_ru_stance.py``); its scores are divided by a temperature fitted on
out-of-fold scores, so each class probability is a calibrated confidence. Weights in
``resources/ru/stance_ru.json.gz``; numpy only at run time.

Aggregation follows the English stage (``stages/stance/assess.py``): a mention counts only
where the actor is a target of what is said (:func:`voice_of`: not the speaker of a claim,
not a setting such as "в Москве" or the "России" of "МИД России"); a mention counts as an
evaluation when the calibrated probability of a polar class is the largest and at least
:data:`~tealeaves.stages.stance.assess.EVALUATIVE`, weighted by its form; events that
blame, dismiss or sanction the actor (or back or appoint it) add evidence at a fixed
confidence. An actor never evaluated gets ``stance = None``. The author's own words and
the claims the article relays are aggregated apart (``Stance.voices``). Technique spans
are not used: the Russian ones are whole sentences, too coarse to say whom they are about.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ...model import Actor, Claim, Event, Span, Stance
from ...stages.stance.assess import (
    EVALUATIVE,
    FORM_WEIGHT,
    Item,
    event_items,
    stance_of,
)
from .parse import RuDoc, RuToken
from .stance_features import KIND_TAGS, dense_features, sparse_features, target_tokens

MODEL_FILE = "resources/ru/stance_ru.json.gz"
#: Prepositions whose object (in the case given, None: any) is a place or time the sentence
#: happens in, not someone judged (Russian grammar: the locative "в/на" and the
#: prepositions of location; "на" with the accusative is a target: "давление на Россию").
SETTING_PREPOSITIONS: dict[str, str | None] = {
    "в": "Loc", "во": "Loc", "на": "Loc", "из": None, "около": None, "возле": None,
    "вблизи": None, "близ": None, "внутри": None, "под": "Ins",
}
#: Prepositions whose object is a setting only when it is a place: "по" with the dative
#: names a topic or a route ("план по Украине", "поездка по России"), and being the
#: object of an attack ("удары по Украине") is no evaluation of a place either.
PLACE_PREPOSITIONS: dict[str, str | None] = {"по": "Dat"}


@dataclass(frozen=True)
class RuStanceModel:
    """Sparse weights by feature name, a ``(3, 1200)`` dense matrix, the intercept and the
    temperature the scores are divided by before the softmax."""

    classes: tuple[str, ...]
    intercept: np.ndarray
    weights: dict[str, np.ndarray]
    dense: np.ndarray | None
    temperature: float

    def probabilities(self, feats: dict[str, float], vec: np.ndarray | None) -> dict[str, float]:
        """Calibrated class probabilities."""
        scores = self.intercept.copy()
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                scores += w * value
        if self.dense is not None and vec is not None:
            scores += self.dense @ vec
        scores /= self.temperature
        exps = np.exp(scores - scores.max())
        probs = exps / exps.sum()
        return {c: float(p) for c, p in zip(self.classes, probs, strict=True)}


@lru_cache(maxsize=1)
def load_stance_model_ru() -> RuStanceModel | None:
    """The trained model, once per process; None when the file is not shipped."""
    ref = resources.files("tealeaves").joinpath(MODEL_FILE)
    if not ref.is_file():
        return None
    with ref.open("rb") as raw, gzip.GzipFile(fileobj=raw) as fh:
        data: dict[str, Any] = json.loads(fh.read().decode("utf-8"))
    dense = np.asarray(data["dense"], dtype=np.float64) if data.get("dense") else None
    return RuStanceModel(
        classes=tuple(data["classes"]), intercept=np.asarray(data["intercept"], dtype=np.float64),
        weights={k: np.asarray(v, dtype=np.float64) for k, v in data["weights"].items()},
        dense=dense, temperature=float(data.get("temperature", 1.0)))


def target_probabilities_ru(doc: RuDoc, toks: Sequence[RuToken],
                            tag: str | None = None) -> dict[str, float] | None:
    """Calibrated probabilities of the target *toks* (None: no model shipped)."""
    model = load_stance_model_ru()
    if model is None or not toks:
        return None
    vec = dense_features(doc, toks) if model.dense is not None else None
    return model.probabilities(sparse_features(doc, toks, tag), vec)


def stance_towards_ru(text: str, start: int, end: int) -> str:
    """The stance (``negative``/``neutral``/``positive``) of Russian *text* towards
    ``text[start:end]`` (the span treated as a person)."""
    from .parse import parse

    if not 0 <= start < end <= len(text) or not text[start:end].strip():
        raise ValueError(f"[{start}, {end}) is not a non-empty span of the text")
    doc = parse(text)
    probs = target_probabilities_ru(doc, target_tokens(doc, start, end), "PERSON")
    return "neutral" if probs is None else max(probs, key=lambda c: probs[c])


def _head(doc: RuDoc, toks: Sequence[RuToken]) -> RuToken:
    ids = {t.i for t in toks}
    return next((t for t in toks if t.head < 0 or t.head not in ids), toks[-1])


def is_setting(doc: RuDoc, toks: Sequence[RuToken], kind: str) -> bool:
    """Whether the mention is only a setting: the object of a preposition of place
    (:data:`SETTING_PREPOSITIONS`; for a place also :data:`PLACE_PREPOSITIONS`), or a place that modifies another noun in the genitive
    ("МИД России", "президент Франции")."""
    head = _head(doc, toks)
    preps = SETTING_PREPOSITIONS | PLACE_PREPOSITIONS if kind == "place" else SETTING_PREPOSITIONS
    for c in doc.children(head.i):
        if c.rel == "case" and c.lemma in preps:
            case = preps[c.lemma]
            if case is None or head.feats.get("Case") == case:
                return True
    return kind == "place" and head.rel == "nmod" and head.feats.get("Case") == "Gen"


def voice_of(doc: RuDoc, toks: Sequence[RuToken], kind: str, start: int, end: int,
             claims: Sequence[Claim]) -> tuple[str | None, str | None]:
    """``(voice, claim id)`` of a mention: None for a claim's speaker or a setting,
    ``relayed`` inside a claim by a source other than the author, else ``author``."""
    for c in claims:
        s = c.source
        if s.start is not None and s.end is not None and s.start < end and start < s.end:
            return None, None
    if is_setting(doc, toks, kind):
        return None, None
    for c in claims:
        if c.source.kind != "author" and c.start <= start and end <= c.end:
            return "relayed", c.id or None
    return "author", None


def _mention_items(doc: RuDoc, actor: Actor, claims: Sequence[Claim]) -> list[Item]:
    items = []
    tag = KIND_TAGS.get(actor.kind)
    for m in actor.mentions:
        toks = target_tokens(doc, m.start, m.end)
        if not toks:
            continue
        voice, claim = voice_of(doc, toks, actor.kind, m.start, m.end, claims)
        if voice is None:
            continue
        probs = target_probabilities_ru(doc, toks, tag)
        if probs is None:
            return []
        label = max(probs, key=lambda c: probs[c])
        if label != "neutral" and probs[label] >= EVALUATIVE:
            a, b = doc.sents[toks[0].sent]
            s0, s1 = doc.tokens[a].start, doc.tokens[b - 1].end
            items.append(Item(probs, FORM_WEIGHT.get(m.form, 1.0), voice, claim,
                               Span(start=s0, end=s1, text=doc.text[s0:s1])))
    return items


def actor_stance_ru(doc: RuDoc, actor: Actor, events: Sequence[Event] = (),
                    claims: Sequence[Claim] = ()) -> Stance | None:
    """The article's stance towards *actor*, or None when the article never evaluates it
    (the English stage's aggregation, :func:`stages.stance.assess.stance_of`)."""
    return stance_of(_mention_items(doc, actor, claims) + event_items(doc.text, actor, events, claims))


def assess_actors_ru(doc: RuDoc, actors: Sequence[Actor], events: Sequence[Event] = (),
                     claims: Sequence[Claim] = ()) -> list[Actor]:
    """Every actor with its ``stance`` filled (None where never evaluated)."""
    return [replace(a, stance=actor_stance_ru(doc, a, events, claims)) for a in actors]
