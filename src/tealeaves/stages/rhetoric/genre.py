"""The article's genre (opinion / reporting / satire) from signals that generalise.

Features are rates measured on the author's own voice (text outside quotation marks):
first and second person, rhetorical questions, exclamations, modal judgements, the share
of sentences that are neither quoted nor attributed, the quote share, the density of
persuasion spans found by the rhetoric stage, and opinion-page labels near the start
(``Opinion``, ``Column``, ``Letters`` …) or an author bio line at the end. A logistic
regression over them is calibrated on hand-labelled PolNeAR train articles
(``resources/genre_labels.tsv``). PolNeAR has no satire: ``satire`` is given only on an
explicit satire disclaimer in the text, never from the model.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ...errors import ModelError
from ...model import Genre, Technique
from .features import quote_state

if TYPE_CHECKING:
    from spacy.tokens import Doc

GENRE_MODEL = "genre_model.json"

FEATURES: tuple[str, ...] = (
    "first_singular",
    "first_plural",
    "second_person",
    "questions",
    "exclamations",
    "modals",
    "unattributed",
    "quote_share",
    "technique_density",
    "technique_chars",
    "label_cue",
    "bio_line",
)

_BIO = re.compile(r"(?:^|[.!?]\s+)[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3},? (?:is|was) (?:a|an|the) [^.]{3,200}\.?\s*$")


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    """The cue vocabularies of ``resources/rhetoric/genre_cues.yaml``."""
    path = resources.files("tealeaves.resources") / "rhetoric" / "genre_cues.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: [str(w).lower() for w in v] for k, v in data.items()}


def satire_disclaimer(text: str) -> bool:
    """Whether the text carries an explicit satire disclaimer near its start or end."""
    low = " ".join(text.lower().split())
    window = low[:600] + " " + low[-600:]
    return any(c in window for c in cues()["satire_disclaimers"])


def genre_features(doc: Doc, techniques: Sequence[Technique]) -> dict[str, float]:
    """The genre features of a parsed article (see module doc)."""
    c = cues()
    fs, fp, sp = set(c["first_singular"]), set(c["first_plural"]), set(c["second_person"])
    rep = set(c["reporting_lemmas"])
    modals = c["judgement_modals"]
    quoted = quote_state(doc)
    n_words = n_fs = n_fp = n_sp = 0
    sents = [s for s in doc.sents if s.text.strip()]
    n_sent = max(1, len(sents))
    q = ex = mod = unattr = 0
    quoted_chars = 0
    for sent in sents:
        own = [t for t in sent if not quoted[t.i] and not t.is_space]
        in_quotes = sum(1 for t in sent if quoted[t.i])
        quoted_chars += sum(len(t.text_with_ws) for t in sent if quoted[t.i])
        for t in own:
            if t.is_alpha:
                n_words += 1
                low = t.lower_
                n_fs += low in fs
                n_fp += low in fp
                n_sp += low in sp
        own_text = " ".join(t.lower_ for t in own)
        last = own[-1].text if own else ""
        q += last == "?"
        ex += last == "!"
        mod += any(f" {m} " in f" {own_text} " for m in modals)
        attributed = any(t.lemma_.lower() in rep for t in sent) or in_quotes > 0
        unattr += not attributed
    words = max(1, n_words)
    text = doc.text
    chars = max(1, len(text))
    head = " ".join(text[:300].lower().split())
    label_cue = any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", head) for w in c["opinion_labels"])
    tail = " ".join(text[-400:].split())
    covered = sum(t.end - t.start for t in techniques)
    return {
        "first_singular": 100 * n_fs / words,
        "first_plural": 100 * n_fp / words,
        "second_person": 100 * n_sp / words,
        "questions": q / n_sent,
        "exclamations": ex / n_sent,
        "modals": mod / n_sent,
        "unattributed": unattr / n_sent,
        "quote_share": quoted_chars / chars,
        "technique_density": 1000 * len(techniques) / chars,
        "technique_chars": covered / chars,
        "label_cue": float(label_cue),
        "bio_line": float(bool(_BIO.search(tail))),
    }


def vectorise(feats: dict[str, float]) -> list[float]:
    """Features in model order, rates squashed with log1p (robust to long tails)."""
    return [math.log1p(max(0.0, feats[name])) for name in FEATURES]


@lru_cache(maxsize=1)
def load_genre_model() -> dict[str, Any]:
    """The logistic-regression weights saved by ``scripts/train_rhetoric.py``."""
    path = resources.files("tealeaves.resources") / "rhetoric" / GENRE_MODEL
    try:
        model: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"genre model missing: {path} (run `make train-rhetoric`)") from exc
    if tuple(model["features"]) != FEATURES:
        raise ModelError(f"genre model {path} was trained on other features; retrain it")
    return model


def opinion_probability(feats: dict[str, float], model: dict[str, Any]) -> float:
    """P(opinion) from the saved standardised logistic regression."""
    x = vectorise(feats)
    z = float(model["intercept"])
    for xi, mu, sd, w in zip(x, model["mean"], model["scale"], model["coef"], strict=True):
        z += w * (xi - mu) / sd
    return 1.0 / (1.0 + math.exp(-z))


def predict_genre(doc: Doc, techniques: Sequence[Technique]) -> Genre:
    """The genre of a parsed article, with the model's probability as confidence."""
    if satire_disclaimer(doc.text):
        return Genre("satire", 0.9)
    p = opinion_probability(genre_features(doc, techniques), load_genre_model())
    if p >= 0.5:
        return Genre("opinion", round(p, 3))
    return Genre("reporting", round(1.0 - p, 3))
