"""Features of the author's own voice, measured on a parsed article.

A sentence is in the author's own voice when most of its words are outside quotation marks
and it carries no attribution (a reporting verb such as *say* or *tell*, or a phrase such as
*according to*). Opinion writing argues in that voice; reporting mostly relays sources. The
rates below are measured on the words and sentences outside quotes:

* ``first_singular``, ``first_plural``, ``second_person``: pronouns per 100 words;
* ``questions``, ``exclamations``: sentences ending in ``?`` or ``!`` outside quotes
  (rhetorical questions and exclamations are the author's);
* ``modals``: sentences with a modal of obligation or judgement (*should*, *must*, …);
* ``stance_adverbs``: sentences with a stance adverbial (*clearly*, *of course*, *sadly*, …);
* ``imperatives``: sentences whose main verb is a bare imperative (no subject, base form);
* ``unattributed``: share of sentences neither quoted nor attributed; ``quote_share``: share
  of characters inside quotes;
* ``subjective_mean``, ``subjective_share``: the mean probability, and the share of own-voice
  sentences above one half, that a sentence states a view (:mod:`.subjectivity`, a model of
  sentence subjectivity), both over the own-voice sentences only; ``subjective_max``,
  ``subjective_p90``, ``subjective_strong``, ``subjective_spread``: the top of that
  distribution (:func:`subjectivity_spread`);
* ``label_cue``: an opinion-page label (*Opinion*, *Column*, *Editorial*, …) near the start,
  or in the page's metadata when there is some (:func:`page_label`: the title's label, an
  opinion section in the URL);
  ``bio_line``: an author bio line at the end (*X is a …*); ``dateline``: a news dateline or
  wire credit at the start (*WASHINGTON (AP) —*);
* the register features of Biber's dimensions of variation (Biber 1988, *Variation across
  Speech and Writing*: involved versus informational production, narrative concern, overt
  persuasion), outside quotes: the share of finite verbs in the past (``past_tense``) and
  present (``present_tense``) tense; per word: adjectives, adverbs, negations, pronouns,
  contractions, demonstratives (*this*, *these*, …) and contrast connectives (*but*, *yet*,
  *however*); per sentence: reporting verbs (anywhere, quotes included). Biber's
  informational features that count what a text is about (proper nouns, numbers, dates,
  person names) are left out on purpose: commentary on politicians names as many people as a
  report on them, and the genre is a matter of voice, not subject (with them the model read
  analyses of named officials as reporting; the cross-validation was no better with them).

The sentences of a question-and-answer transcript (:func:`transcript_start`) are read as
quoted: they are the speakers' words, not the author's.

The vocabularies are in ``resources/rhetoric/genre_cues.yaml``, each with its source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import yaml

from ..features import quote_state

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: The voice features, in the order the model reads them (:data:`..genre.FEATURES` adds
#: those of :mod:`.analysis`).
VOICE_FEATURES: tuple[str, ...] = (
    "first_singular",
    "first_plural",
    "second_person",
    "questions",
    "exclamations",
    "modals",
    "stance_adverbs",
    "imperatives",
    "unattributed",
    "quote_share",
    "subjective_mean",
    "subjective_share",
    "label_cue",
    "bio_line",
    "dateline",
    "past_tense",
    "present_tense",
    "reporting_verbs",
    "adjectives",
    "adverbs",
    "negation",
    "pronouns",
    "contractions",
    "demonstratives",
    "contrast",
    "subjective_max",
    "subjective_p90",
    "subjective_strong",
    "subjective_spread",
)

_BIO = re.compile(
    r"(?:^|[.!?]\s+)[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3},? (?:is|was) (?:a|an|the) [^.]{3,200}\.?\s*$"
)
#: A dateline (``WASHINGTON —``, ``LONDON (Reuters) -``) or a wire credit in the first words.
_DATELINE = re.compile(
    r"(?:^|\n|\.\s)[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][\w. ]{1,20})?\s*"
    r"(?:\((?:AP|AFP|Reuters|UPI|[A-Z][\w.]*(?: [A-Z][\w.]*)*)\)\s*)?[—–-]{1,2}\s"
    r"|\((?:AP|AFP|Reuters|UPI)\)"
)
_SUBJ_CUT = 0.5
#: A sentence the subjectivity model scores at or above this states a view outright; set a
#: priori (between the model's decision point and its top decile), not tuned on genre labels.
_SUBJ_STRONG = 0.7
#: Words that may stand before the verb of an imperative (*Please note*, *Just look*).
_IMPERATIVE_OPENERS = frozenset({"please", "do", "never", "just", "now", "so", "and", "but",
                                 "then", "always"})


@lru_cache(maxsize=1)
def cues() -> dict[str, list[str]]:
    """The cue vocabularies of ``resources/rhetoric/genre_cues.yaml`` (lower case)."""
    path = resources.files("tealeaves.resources") / "rhetoric" / "genre_cues.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: [str(w).lower() for w in v] for k, v in data.items()}


@dataclass(frozen=True)
class SentenceVoice:
    """One sentence as the voice features see it."""

    start: int
    end: int
    own_words: tuple[str, ...]
    own_text: str
    quoted: bool
    attributed: bool
    last: str
    imperative: bool

    @property
    def own_voice(self) -> bool:
        """Neither mostly quoted nor attributed: the author speaking."""
        return not self.quoted and not self.attributed


def _has_phrase(text: str, phrases: Sequence[str]) -> bool:
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def is_imperative(own: Sequence[Token]) -> bool:
    """Whether the sentence is a bare imperative: its root is a base-form verb (``VB``) with
    no subject and no auxiliary other than a leading *do* of a negative imperative (*Don't
    believe them*), or a leading *let* (*Let me explain*); questions are not."""
    words = [t for t in own if not t.is_punct]
    if not words or own[-1].text == "?":
        return False
    root = next((t for t in own if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ != "VB":
        return False
    first = words[0]
    if root.lower_ == "let" and first.i == root.i:
        return True
    for c in root.children:
        if c.dep_ in {"nsubj", "nsubjpass", "expl", "auxpass"}:
            return False
        if c.dep_ == "aux" and not (c.i == first.i and c.lower_ == "do"):
            return False
    return first.i == root.i or first.lower_ in _IMPERATIVE_OPENERS


def _sentence_voice(sent: Span, quoted: list[bool], reporting: set[str],
                    phrases: Sequence[str]) -> SentenceVoice | None:
    toks = [t for t in sent if not t.is_space]
    if not toks:
        return None
    own = [t for t in toks if not quoted[t.i]]
    alpha = [t for t in toks if t.is_alpha]
    in_quotes = sum(1 for t in alpha if quoted[t.i])
    own_words = tuple(t.lower_ for t in own if t.is_alpha)
    own_text = " ".join(t.lower_ for t in own)
    verbs = any(t.lemma_.lower() in reporting and t.pos_ in {"VERB", "AUX"} for t in toks)
    attributed = verbs or in_quotes > 0 or _has_phrase(own_text, phrases)
    return SentenceVoice(
        start=sent.start_char,
        end=sent.end_char,
        own_words=own_words,
        own_text=own_text,
        quoted=bool(alpha) and in_quotes * 2 >= len(alpha),
        attributed=attributed,
        last=own[-1].text if own else "",
        imperative=is_imperative(own) if len(own) == len(toks) else False,
    )


#: A speaker label opening a line of a transcript: ``Q:``, ``A:`` or a name of up to four
#: capitalised words (``Sputnik:``, ``Michael Smith:``, ``SEN. WARREN:``).
_SPEAKER = re.compile(r"^[ \t]*(Q|A|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):[ \t]", re.M)


def transcript_start(text: str) -> int | None:
    """Where a question-and-answer transcript begins in *text* (the first speaker label), or
    None when the text is not one: it needs at least two speakers with two labelled lines
    each, and it begins at the first line of such a speaker (a title such as *Brexit Deal:
    …* labels one line only). From there on the words are the speakers', not the author's (the guide's hard call:
    a Q&A interview is reporting, the views are the guest's)."""
    found = list(_SPEAKER.finditer(text))
    counts: dict[str, int] = {}
    for m in found:
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if sum(n >= 2 for n in counts.values()) < 2:
        return None
    return next(m.start() for m in found if counts[m.group(1)] >= 2)


def _as_transcript(v: SentenceVoice) -> SentenceVoice:
    """*v* read as a speaker's words in a transcript: quoted, nothing in the author's voice."""
    return replace(v, own_words=(), own_text="", quoted=True, attributed=True, last="",
                   imperative=False)


def sentence_voices(doc: Doc) -> list[SentenceVoice]:
    """Every non-empty sentence of *doc* with what the voice features read from it; the
    sentences of a question-and-answer transcript (:func:`transcript_start`) are read as
    quoted."""
    c = cues()
    reporting = set(c["reporting_lemmas"])
    phrases = c["attribution_phrases"]
    quoted = quote_state(doc)
    transcript = transcript_start(doc.text)
    out = []
    for sent in doc.sents:
        v = _sentence_voice(sent, quoted, reporting, phrases)
        if v is not None:
            in_transcript = transcript is not None and v.end > transcript
            out.append(_as_transcript(v) if in_transcript else v)
    return out


def _quoted_chars(doc: Doc) -> int:
    quoted = quote_state(doc)
    return sum(len(t.text_with_ws) for t in doc if quoted[t.i])


def _has_label(text: str) -> bool:
    """Whether *text* holds an opinion-page label (*Opinion*, *Op-Ed*, *Column*, …)."""
    low = " ".join(text.lower().split())
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low) for w in cues()["opinion_labels"])


def page_label(title: str | None, url: str | None) -> bool:
    """Whether the page's metadata marks an opinion section: a label at the start of the
    title (*Opinion | …*, *Column: …*) or an opinion section in the URL path
    (``/opinion/``, ``/commentary/``, ``/op-ed/``, ``/editorials/``, …)."""
    if title:
        head = re.split(r"[|:—–]", title, maxsplit=1)
        if len(head) == 2 and len(head[0].split()) <= 3 and _has_label(head[0]):
            return True
    if url:
        path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0]
        segments = {seg for seg in re.split(r"[/_.]", path) if seg}
        return bool(segments & set(cues()["opinion_sections"]))
    return False


def _text_cues(text: str, page: bool = False) -> dict[str, float]:
    label = page or _has_label(text[:300])
    tail = " ".join(text[-400:].split())
    return {
        "label_cue": float(label),
        "bio_line": float(bool(_BIO.search(tail))),
        "dateline": float(bool(_DATELINE.search(text[:250]))),
    }


_CONTRACTIONS = frozenset({"n't", "'re", "'ve", "'ll", "'m", "'d", "’re", "’ve", "’ll", "’m",
                           "’d"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
_CONTRAST = frozenset({"but", "yet", "however", "although", "though"})


def register_features(doc: Doc, reporting: set[str]) -> dict[str, float]:
    """Biber's register features of *doc* (module doc), outside quotes except the reporting
    verbs, which are counted anywhere."""
    quoted = quote_state(doc)
    own = [t for t in doc if not quoted[t.i] and not t.is_space and not t.is_punct]
    words = [t for t in own if t.is_alpha or t.lower_ in _CONTRACTIONS]
    n = max(1, len(words))
    finite = [t for t in own if t.tag_ in {"VBD", "VBZ", "VBP", "MD"}]
    nf = max(1, len(finite))
    n_sent = max(1, sum(1 for s in doc.sents if s.text.strip()))
    return {
        "past_tense": sum(t.tag_ == "VBD" for t in finite) / nf,
        "present_tense": sum(t.tag_ in {"VBZ", "VBP"} for t in finite) / nf,
        "reporting_verbs": sum(t.lemma_.lower() in reporting and t.pos_ == "VERB" for t in doc)
        / n_sent,
        "adjectives": sum(t.pos_ == "ADJ" for t in words) / n,
        "adverbs": sum(t.pos_ == "ADV" for t in words) / n,
        "negation": sum(t.dep_ == "neg" for t in own) / n,
        "pronouns": sum(t.pos_ == "PRON" for t in words) / n,
        "contractions": sum(t.lower_ in _CONTRACTIONS for t in own) / n,
        "demonstratives": sum(t.lower_ in _DEMONSTRATIVES and t.dep_ != "mark" for t in own) / n,
        "contrast": sum(t.lower_ in _CONTRAST for t in own) / n,
    }


def voice_features(doc: Doc, voices: Sequence[SentenceVoice], subjectivity: Sequence[float],
                   page: bool = False) -> dict[str, float]:
    """The features of the module doc from *voices* (:func:`sentence_voices`) and the
    subjectivity probability of each of those sentences (NaN for an own-voice sentence left
    unscored by a bounded reading, ``genre.reading``: the subjectivity features are then
    estimated from the scored ones); *page* is :func:`page_label` of the article's metadata
    (it sets ``label_cue`` like a label in the text does)."""
    if len(subjectivity) != len(voices):
        raise ValueError("one subjectivity score per sentence is needed")
    c = cues()
    fs, fp, sp = set(c["first_singular"]), set(c["first_plural"]), set(c["second_person"])
    words = [w for v in voices for w in v.own_words]
    n_words = max(1, len(words))
    n_sent = max(1, len(voices))
    own_all = [p for v, p in zip(voices, subjectivity, strict=True) if v.own_voice]
    # own-voice sentences left unscored (NaN, a bounded genre reading) are estimated from
    # the scored ones: the share of subjective ones among them, times the own-voice count
    own_p = [p for p in own_all if not np.isnan(p)]
    n_subj: float = sum(p > _SUBJ_CUT for p in own_p)
    if own_p and len(own_p) < len(own_all):
        n_subj = n_subj * len(own_all) / len(own_p)
    feats = {
        "first_singular": 100 * sum(w in fs for w in words) / n_words,
        "first_plural": 100 * sum(w in fp for w in words) / n_words,
        "second_person": 100 * sum(w in sp for w in words) / n_words,
        "questions": sum(v.last == "?" for v in voices) / n_sent,
        "exclamations": sum(v.last == "!" for v in voices) / n_sent,
        "modals": sum(_has_phrase(v.own_text, c["judgement_modals"]) for v in voices) / n_sent,
        "stance_adverbs": sum(_has_phrase(v.own_text, c["stance_adverbs"]) for v in voices)
        / n_sent,
        "imperatives": sum(v.imperative for v in voices) / n_sent,
        "unattributed": sum(v.own_voice for v in voices) / n_sent,
        "quote_share": _quoted_chars(doc) / max(1, len(doc.text)),
        "subjective_mean": float(np.mean(own_p)) if own_p else 0.0,
        "subjective_share": n_subj / n_sent,
    }
    feats.update(_text_cues(doc.text, page))
    feats.update(register_features(doc, set(c["reporting_lemmas"])))
    feats.update(subjectivity_spread(own_p))
    return feats


def subjectivity_spread(own_p: Sequence[float]) -> dict[str, float]:
    """How the author's evaluative sentences are spread: the largest and the 90th-percentile
    subjectivity of the own-voice sentences, the share of them at or above
    :data:`_SUBJ_STRONG` and the standard deviation. A column in the third person may judge in
    a few sentences among many plain ones: the mean hides them, the top of the distribution
    does not (issue 18, fourth round). All zero without own-voice sentences."""
    if not own_p:
        return {"subjective_max": 0.0, "subjective_p90": 0.0, "subjective_strong": 0.0,
                "subjective_spread": 0.0}
    p = np.asarray(own_p, dtype=np.float64)
    return {"subjective_max": float(p.max()), "subjective_p90": float(np.quantile(p, 0.9)),
            "subjective_strong": float(np.mean(p >= _SUBJ_STRONG)),
            "subjective_spread": float(p.std())}
