"""The article's genre (opinion / reporting / satire) from the author's own voice.

:mod:`.voice` measures the features (first and second person, rhetorical questions,
imperatives, modal and stance words, the share of subjective sentences outside quotes and
attributions, opinion-page labels, bylines and datelines); :mod:`.subjectivity` scores each
sentence's subjectivity. A logistic regression over the features gives a score and a
calibration map fitted on out-of-fold scores turns it into the probability of opinion, so the
confidence of the label is a calibrated probability. Both were fitted on hand-labelled
articles (``data/genre-labels/``, ``resources/genre_labels.tsv`` and the SemEval-2023 genre
labels) by :mod:`tealeaves.training.genre`.

There is no labelled satire to learn from: ``satire`` is given only on an explicit satire
disclaimer in the text, never from the model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from ....errors import ModelError
from ....model import Article, Genre, Technique
from ....nlp import doc_text
from . import subjectivity
from .analysis import ANALYSIS_FEATURES, analysis_features
from .findings import FINDING_FEATURES, finding_features
from .reading import Reading, choose, cue_weights
from .subjectivity import author_vector, sentence_subjectivity
from .voice import VOICE_FEATURES, cues, page_label, sentence_voices, voice_features

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "FEATURES",
    "GENRE_MODEL",
    "article_inputs",
    "calibrate",
    "cues",
    "genre_features",
    "load_genre_model",
    "opinion_probability",
    "opinion_threshold",
    "page_label",
    "predict_genre",
    "satire_disclaimer",
    "vectorise",
]

GENRE_MODEL = "genre_model.json"
#: Feature names, in the order the model reads them: the voice features, those of
#: third-person analysis, then the technique findings in the author's voice.
FEATURES: tuple[str, ...] = VOICE_FEATURES + ANALYSIS_FEATURES + FINDING_FEATURES
#: Confidence given to ``satire`` on an explicit disclaimer (a rule, not a model estimate).
SATIRE_CONFIDENCE = 0.9
#: Calibrated probabilities are kept within [P_FLOOR, 1 - P_FLOOR]: a few hundred labelled
#: articles cannot support a confidence nearer certainty than about one in a hundred, and an
#: isotonic map (or a sigmoid far out) would otherwise give exactly 0 or 1.
P_FLOOR = 0.01


def satire_disclaimer(text: str) -> bool:
    """Whether the text carries an explicit satire disclaimer near its start or end."""
    low = " ".join(text.lower().split())
    window = low[:600] + " " + low[-600:]
    return any(c in window for c in cues()["satire_disclaimers"])


def genre_features(doc: Doc, techniques: Sequence[Technique] = (),
                   article: Article | None = None) -> dict[str, float]:
    """The genre features of a parsed article (:mod:`.voice`); *article*, when given, adds
    its page metadata (title label, URL section); *techniques*, the span finder's findings,
    give the technique features (:mod:`.findings`)."""
    return article_inputs(doc, article, vector=False, techniques=techniques)[0]


def article_inputs(doc: Doc, article: Article | None = None, vector: bool = True,
                   techniques: Sequence[Technique] = (),
                   reading: Reading | None = None) -> tuple[dict[str, float], np.ndarray]:
    """What the genre model reads of an article: its features (:func:`genre_features`; the
    technique features from *techniques*, the span finder's findings) and the mean sentence
    vector of the author's own sentences (:func:`.author_vector`; with *vector* False, for a
    model without an ``embedding`` part, an empty array).

    Only the own-voice sentences' subjectivity is read (``voice.voice_features``), so only
    they are scored; the others get 0.5, which no feature reads. *reading* (a saved model's
    :class:`.reading.Reading`) bounds how many own-voice sentences are scored and how much of
    each; those left unscored get NaN, and the subjectivity features are estimated from the
    ones scored."""
    reading = reading or Reading()
    voices = sentence_voices(doc)
    own = [v.start for v in voices if v.own_voice]
    weights = None
    if reading.rule == "cues":
        weights = cue_weights([v for v in voices if v.own_voice])
    read = choose(own, reading.sentences, reading.rule, weights)
    scored = dict(zip(read, sentence_subjectivity(doc, read, reading.pieces), strict=True))
    subj = [scored.get(v.start, math.nan if v.own_voice else 0.5) for v in voices]
    page = article is not None and page_label(article.title, article.url)
    feats = voice_features(doc, voices, subj, page)
    feats.update(analysis_features(doc, voices))
    feats.update(finding_features(voices, techniques))
    vec = author_vector(doc, own, [v.start for v in voices]) if vector else np.zeros(0)
    return feats, vec


def vectorise(feats: dict[str, float], names: Sequence[str] = FEATURES) -> list[float]:
    """Features in model order (*names*: a saved model's ``features``), rates squashed with
    log1p (robust to long tails)."""
    return [math.log1p(max(0.0, feats[name])) for name in names]


@lru_cache(maxsize=1)
def load_genre_model() -> dict[str, Any]:
    """The logistic regression and calibration map saved by ``scripts/train_genre.py``."""
    path = resources.files("tealeaves.resources") / "rhetoric" / GENRE_MODEL
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"genre model missing: {path} (run scripts/train_genre.py)") from exc
    if not set(model["features"]) <= set(FEATURES):
        raise ModelError(f"genre model {path} was trained on other features; retrain it")
    if model.get("tagger_layer") != subjectivity.tagger_layer():
        raise ModelError(f"genre model {path} and the subjectivity model read different "
                         "sentence vectors; retrain them together (scripts/train_genre.py)")
    return model


def raw_score(x: Sequence[float], model: dict[str, Any],
              vector: np.ndarray | None = None) -> float:
    """The logistic regression's decision value for one vectorised article; a model with an
    ``embedding`` part (the principal components of the author's mean sentence vector, folded
    into one weight per dimension) adds ``coef · vector + intercept`` of it, and needs
    *vector* (:func:`article_inputs`)."""
    z = float(model["intercept"])
    for xi, mu, sd, w in zip(x, model["mean"], model["scale"], model["coef"], strict=True):
        z += w * (xi - mu) / sd
    emb = model.get("embedding")
    if emb:
        if vector is None or len(vector) != len(emb["coef"]):
            raise ModelError("the genre model needs the author's mean sentence vector")
        z += float(np.dot(np.asarray(vector, dtype=np.float64), emb["coef"])) + emb["intercept"]
    return z


def calibrate(z: float | np.ndarray, calibration: dict[str, Any]) -> Any:
    """Calibrated P(opinion) of decision value(s) *z*: an isotonic map (``x``/``y`` knots,
    linear between them, flat outside) or a Platt sigmoid (``a``, ``b``), clipped to
    [:data:`P_FLOOR`, 1 − :data:`P_FLOOR`] so that no confidence reads 0 or 1."""
    if calibration["method"] == "isotonic":
        return np.clip(np.interp(z, calibration["x"], calibration["y"]), P_FLOOR, 1 - P_FLOOR)
    if calibration["method"] == "platt":
        a, b = calibration["a"], calibration["b"]
        p = 1.0 / (1.0 + np.exp(-np.clip(a * np.asarray(z) + b, -50.0, 50.0)))
        return np.clip(p, P_FLOOR, 1 - P_FLOOR)
    raise ModelError(f"unknown calibration method {calibration['method']!r}")


def opinion_probability(feats: dict[str, float], model: dict[str, Any],
                        vector: np.ndarray | None = None) -> float:
    """Calibrated P(opinion) of an article's features (and author vector, for a model with
    an ``embedding`` part) under the saved model."""
    z = raw_score(vectorise(feats, model["features"]), model, vector)
    return float(calibrate(z, model["calibration"]))


def opinion_threshold(model: dict[str, Any]) -> float:
    """The P(opinion) at and above which the label is opinion: chosen by cross-validation
    for opinion recall (``threshold`` in the model; 0.5 in a model saved without one)."""
    return float(model.get("threshold", 0.5))


def predict_genre(doc: Doc, techniques: Sequence[Technique] = (),
                  article: Article | None = None) -> Genre:
    """The genre of a parsed article (with *article*'s page metadata when given); the
    confidence is the calibrated probability of the label given, so an opinion label chosen
    below one half (:func:`opinion_threshold`) carries a confidence below one half."""
    if satire_disclaimer(doc_text(doc)):
        return Genre("satire", SATIRE_CONFIDENCE)
    model = load_genre_model()
    feats, vector = article_inputs(doc, article, vector=bool(model.get("embedding")),
                                   techniques=techniques, reading=Reading.of_model(model))
    p = opinion_probability(feats, model, vector if model.get("embedding") else None)
    if p >= opinion_threshold(model):
        return Genre("opinion", round(p, 3))
    return Genre("reporting", round(1.0 - p, 3))
