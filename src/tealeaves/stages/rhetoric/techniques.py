"""Rhetoric: persuasion techniques at span level and the article's genre.

* Span identification: a linear-chain CRF (python-crfsuite) over spaCy token features
  (``features.doc_token_features``), trained on the SemEval-2020 Task 11
  Propaganda Techniques Corpus, mixed with a MiniLM fine-tuned on the same articles to tag
  word pieces inside persuasion spans (``encoder``, an int8 ONNX graph). Spans are
  decoded from each token's mixed probability of being inside a span (Viterbi
  under-predicts): runs of tokens over a low threshold that reach a high one
  (``hysteresis_runs``); the CRF weight and both thresholds are saved with the model.
* Technique classification (scored from plain arrays with numpy, ``tc_arrays``): a linear
  SVM over TF-IDF word and character n-grams of the
  span, its sentence and context, numeric cues (length, repetition count, quotes, title…)
  and the span's contextual MiniLM state and its sentence's vector picks one of the 14 PTC
  techniques per span.
* Genre: ``stages.genre``.

Models live in ``resources/rhetoric/`` (built by ``scripts/train_rhetoric.py``) and load
once per process.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import InputError, ModelError
from ...model import TECHNIQUES, Article, Claim, Genre, Technique
from ...nlp import doc_text
from .calibration import Calibrator, load_calibrator
from .encoder import MAX_PIECES, PieceTagger, sentence_encodings_from_states
from .features import doc_token_features, sentence_units

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

#: A noun phrase inside a found span is reported as name calling on its own when the
#: technique classifier gives it at least this probability (see ``nested_name_calling``).
NESTED_NAME_CALLING = 0.9
NAME_CALLING = "Name_Calling,Labeling"

SI_MODEL = "si.crfsuite"
SI_META = "si_meta.json"
SI_ENCODER = "si_encoder.onnx"
#: Experiments with the shared encoder pass (issue 19; docs/benchmarks.md): a tagger graph
#: with hidden-state outputs (``python -m tealeaves.training.tagger_states``) used in place of
#: the shipped one, and the layer whose states become the Doc's sentence encodings. Unset,
#: the shipped models run as they are.
TAGGER_GRAPH_ENV = "TEALEAVES_TAGGER_GRAPH"
SHARED_LAYER_ENV = "TEALEAVES_SHARED_LAYER"

_lock = threading.Lock()


def model_dir() -> Path:
    """The folder holding the trained rhetoric models."""
    return Path(str(resources.files("tealeaves.resources") / "rhetoric"))


@dataclass(frozen=True)
class SpanFinder:
    """The CRF tagger, the optional fine-tuned MiniLM tagger and the decoding settings.

    A token's probability of being inside a span is ``crf_weight`` × the CRF's marginal +
    (1 − ``crf_weight``) × the MiniLM tagger's probability (``encoder``); without
    it, the CRF's marginal.
    """

    tagger: Any  # pycrfsuite.Tagger
    threshold: float
    min_chars: int
    tokens: PieceTagger | None = None
    crf_weight: float = 1.0
    #: runs of tokens down to this probability extend a span that passes ``threshold``
    #: (``hysteresis_runs``); None: spans are the runs that pass ``threshold``.
    low: float | None = None
    #: the MiniLM tagger reads only the sentences where some token's CRF marginal reaches
    #: this (``gate``); None: every sentence.
    gate: float | None = None
    #: the shared encoder pass (issue 19, off unless set): the tagger's hidden states after
    #: this layer become the Doc's sentence encodings (``encoder.sentence_encodings_from_
    #: states``), which the technique classifier, stance and genre then read instead of a
    #: frozen MiniLM pass; None: they run the frozen encoder (``embeddings``).
    shared_layer: int | None = None

    def crf_probs(self, doc: Doc) -> list[tuple[list[Token], np.ndarray]]:
        """For each sentence: its tokens and the CRF's marginal P(inside a span) per token."""
        out = []
        units = sentence_units(doc)
        has_o = "O" in self.tagger.labels()  # the model's labels, the same for every sentence
        marginal = self.tagger.marginal
        for toks, feats in zip(units, doc_token_features(doc, units), strict=True):
            self.tagger.set(feats)
            crf = np.array([1.0 - marginal("O", i) for i in range(len(toks))]) if has_o \
                else np.ones(len(toks))
            out.append((toks, crf))
        return out

    def unit_probs(self, doc: Doc) -> list[tuple[list[Token], np.ndarray, np.ndarray | None]]:
        """For each sentence: its tokens, the CRF marginals and the MiniLM tagger's
        probabilities (None without it; zeros for a sentence the gate keeps from it)."""
        crf = self.crf_probs(doc)
        if self.tokens is None or self.crf_weight >= 1.0:
            return [(toks, p, None) for toks, p in crf]
        keep = None if self.gate is None else gate_sentences([p for _t, p in crf], self.gate)
        mats = self.tokens.unit_probs(doc, [t for t, _p in crf], keep)
        if self.shared_layer is not None and keep is None:
            from ...embeddings import set_sentence_encodings

            set_sentence_encodings(doc, sentence_encodings_from_states(doc, self.shared_layer))
        return [(toks, p, m) for (toks, p), m in zip(crf, mats, strict=True)]

    def spans(self, doc: Doc) -> list[tuple[int, int, float]]:
        """``(start, end, score)`` of the runs of tokens that pass the thresholds
        (``hysteresis_runs``), sentence by sentence."""
        units = self.unit_probs(doc)
        starts, ends = flat_offsets([toks for toks, _, _ in units])
        probs = flat_probs([mix(crf, tok, self.crf_weight) for _, crf, tok in units])
        return decode_flat(probs, starts, ends, self.threshold, self.low, self.min_chars)


def gate_sentences(crf: Sequence[np.ndarray], gate: float) -> list[bool]:
    """Which sentences go through the MiniLM tagger: those where some token's CRF marginal
    reaches *gate*. With the tagger's probability 0 elsewhere, a token there mixes to at most
    ``crf_weight × gate``; the gate is chosen (``si_meta.json``) where it costs no SI F1 on
    articles no model saw (resources/rhetoric/README.md)."""
    return [bool(len(p)) and float(np.max(p)) >= gate for p in crf]


def mix(crf: np.ndarray, tok: np.ndarray | None, crf_weight: float) -> np.ndarray:
    """Weighted mean of the CRF marginals and the MiniLM tagger's probabilities."""
    if tok is None or crf_weight >= 1.0:
        return crf
    return crf_weight * crf + (1.0 - crf_weight) * tok


def hysteresis_runs(
    probs: Sequence[float] | np.ndarray, threshold: float, low: float | None = None
) -> list[tuple[int, int]]:
    """Token runs ``[i, j)`` to report as spans: maximal runs of probability ≥ *low* that hold
    at least one token ≥ *threshold*. A confident token starts a span and its less confident
    neighbours extend it (hysteresis, as in edge detection); with *low* None or ≥ *threshold*,
    plain runs of probability ≥ *threshold*."""
    p = np.append(np.asarray(probs, dtype=float), -1.0)  # the sentinel closes a final run
    lo = threshold if low is None else min(low, threshold)
    edges = np.diff(np.concatenate([[0], (p >= lo).astype(np.int8)]))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    if len(starts) == 0:
        return []
    if lo < threshold:
        # peak of each run: reduceat over [start, end) pairs, every other slice
        peaks = np.maximum.reduceat(p, np.ravel(np.column_stack([starts, ends])))[::2]
        keep = peaks >= threshold
        starts, ends = starts[keep], ends[keep]
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def flat_offsets(units: Sequence[Sequence[Token]]) -> tuple[np.ndarray, np.ndarray]:
    """Character starts and ends of the units' tokens laid end to end, with one empty slot
    after each unit (where :func:`flat_probs` puts −1, so no run crosses a sentence)."""
    starts: list[int] = []
    ends: list[int] = []
    for toks in units:
        starts.extend(t.idx for t in toks)
        ends.extend(t.idx + len(t) for t in toks)
        starts.append(-1)
        ends.append(-1)
    return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


def flat_probs(per_unit: Sequence[np.ndarray]) -> np.ndarray:
    """The units' token probabilities end to end, −1 after each (see :func:`flat_offsets`)."""
    if not per_unit:
        return np.zeros(0)
    return np.concatenate([np.append(np.asarray(p, dtype=float), -1.0) for p in per_unit])


def decode_flat(
    probs: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    threshold: float,
    low: float | None = None,
    min_chars: int = 1,
) -> list[tuple[int, int, float]]:
    """Spans ``(start, end, mean token probability)`` of the :func:`hysteresis_runs` of
    *probs*, with character offsets from *starts* / *ends*."""
    runs = hysteresis_runs(probs, threshold, low)
    if not runs:
        return []
    total = np.concatenate([[0.0], np.cumsum(probs)])
    out: list[tuple[int, int, float]] = []
    for i, j in runs:
        start, end = int(starts[i]), int(ends[j - 1])
        if end - start >= min_chars:
            out.append((start, end, round(float((total[j] - total[i]) / (j - i)), 3)))
    return out


def decode_runs(
    toks: Sequence[Token],
    probs: Sequence[float],
    threshold: float,
    min_chars: int = 1,
    low: float | None = None,
) -> list[tuple[int, int, float]]:
    """Spans from one sentence's token probabilities (:func:`decode_flat`)."""
    starts, ends = flat_offsets([toks])
    return decode_flat(flat_probs([np.asarray(probs)]), starts, ends, threshold, low, min_chars)


def open_span_finder(folder: Path, meta: dict[str, Any]) -> SpanFinder:
    """The span finder saved in *folder*, decoding at the settings in *meta*
    (``si_meta.json``)."""
    import pycrfsuite

    path = folder / SI_MODEL
    if not path.is_file():
        raise ModelError(f"span model missing: {path} (run `make train-rhetoric`)")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    tokens = None
    weight = float(meta.get("crf_weight", 1.0))
    shared = meta.get("shared_pass_layer")
    if weight < 1.0:
        tok_path = folder / SI_ENCODER
        if os.environ.get(TAGGER_GRAPH_ENV):  # an experiment: a graph with state outputs
            tok_path = Path(os.environ[TAGGER_GRAPH_ENV])
            shared = os.environ.get(SHARED_LAYER_ENV) or shared
        if not tok_path.is_file():
            raise ModelError(f"span encoder missing: {tok_path} (run `make train-rhetoric`)")
        tokens = PieceTagger(tok_path, int(meta.get("max_pieces", MAX_PIECES)))
        if shared is not None and int(shared) not in tokens.layers:
            raise ModelError(f"the shared pass reads layer {shared}, which {tok_path} "
                             "does not output")
    low = meta.get("low_threshold")
    gate = meta.get("tagger_gate")
    return SpanFinder(tagger, float(meta["threshold"]), int(meta.get("min_chars", 1)), tokens, weight,
                      None if low is None else float(low), None if gate is None else float(gate),
                      None if shared is None or tokens is None else int(shared))


@lru_cache(maxsize=1)
def load_span_finder() -> SpanFinder:
    """Open the shipped CRF model (and the MiniLM tagger) once per process."""
    folder = model_dir()
    meta = json.loads((folder / SI_META).read_text(encoding="utf-8"))
    return open_span_finder(folder, meta)


@lru_cache(maxsize=1)
def load_technique_classifier() -> Any:
    """The shipped technique classifier (``tc_arrays.ArrayClassifier``: numpy alone, no
    scikit-learn), loaded once."""
    from .tc_arrays import load_arrays

    return load_arrays(model_dir())


def rank_labels(
    probs: Sequence[Sequence[float]], classes: Sequence[str], spans: Sequence[tuple[int, int]]
) -> list[str]:
    """Best label per span; a span given n times gets its n best labels, in order."""
    seen: Counter[tuple[int, int]] = Counter()
    out = []
    for row, span in zip(probs, spans, strict=True):
        order = sorted(range(len(classes)), key=lambda k: -row[k])
        rank = min(seen[span], len(order) - 1)
        seen[span] += 1
        out.append(str(classes[order[rank]]))
    return out


def with_tagger_states(doc: Doc, clf: Any) -> None:
    """Run the span tagger over *doc* for its hidden states when *clf* reads them (a
    ``tagK_…`` block, ``classifier.TAG_BLOCK``) and the span finder has not left them there
    (``classify_techniques``, or a gated tagger that skipped sentences)."""
    from .classifier import TAG_BLOCK
    from .encoder import tagger_states

    layers = sorted({int(m.group(1)) for b in getattr(clf, "blocks", ())
                     if (m := TAG_BLOCK.fullmatch(b))})
    if not layers:
        return
    if tagger_states(doc) is not None and load_span_finder().gate is None:
        return
    run_tagger(doc, layers, "the technique model")


def run_tagger(doc: Doc, layers: Sequence[int], reader: str) -> None:
    """Run the shipped span tagger over every sentence of *doc*, so that its hidden states
    after *layers* are in the Doc (:func:`.encoder.tagger_states`) for a model that reads
    them; *reader* names that model in the error raised when the shipped graph does not
    output those layers."""
    tokens = load_span_finder().tokens
    if tokens is None or not set(layers) <= set(tokens.layers):
        what = f"layer {layers[0]}" if len(layers) == 1 else f"layers {list(layers)}"
        raise ModelError(f"{reader} reads the span tagger's {what}, which the shipped "
                         "tagger graph does not output")
    tokens.unit_probs(doc, sentence_units(doc))


def classify_techniques(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """One of the 14 PTC technique names per ``(start, end)`` span of *text*."""
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            raise InputError("spans", f"span ({start}, {end}) is not inside the text")
    if not spans:
        return []
    clf = load_technique_classifier()
    with _lock:
        doc = None
        if getattr(clf, "needs_context", False):
            from ...nlp import load_model

            doc = load_model()(text)
            with_tagger_states(doc, clf)
        probs = clf.predict_proba(text, spans, doc)
    return rank_labels(probs.tolist(), list(clf.classes), spans)


def find_techniques(doc: Doc) -> list[Technique]:
    """Persuasion-technique spans of the article, each with its technique and a score."""
    if not doc.text.strip():
        return []
    finder = load_span_finder()
    with _lock:
        found = finder.spans(doc)
    if not found:
        return []
    clf = load_technique_classifier()
    spans = [(s, e) for s, e, _ in found]
    cands = nested_candidates(doc, found) if NAME_CALLING in clf.classes else []
    # one call for the spans and the nested candidates: the sentences they share are
    # embedded once
    with _lock:
        with_tagger_states(doc, clf)
        all_probs = clf.predict_proba(doc.text, spans + [(s, e) for s, e, _ in cands], doc)
    probs = all_probs[: len(spans)]
    classes = list(clf.classes)
    cal = load_calibrator()
    out = []
    for (start, end, p_span), row in zip(found, probs.tolist(), strict=True):
        k = max(range(len(classes)), key=lambda j: row[j])
        label = str(classes[k])
        if label not in TECHNIQUES:  # a model trained on another label set
            raise ModelError(f"technique model gave an unknown label {label!r}")
        out.append(
            Technique(
                technique=label,
                start=start,
                end=end,
                text=doc_text(doc)[start:end],
                score=finding_score(cal, p_span, row[k], nested=False),
            )
        )
    out.extend(nested_name_calling(cands, all_probs[len(spans) :], classes, doc.text, cal))
    return sorted(out, key=lambda t: (t.start, -t.end))


def nested_candidates(doc: Doc, found: Sequence[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Noun chunks nested in the found spans, as ``(start, end, host span probability)``.

    PTC spans overlap: a short labelling noun phrase often sits inside a longer span of
    another technique, and the CRF, which tags one layer, returns only the longer span.
    Every noun chunk whose root lies inside a found span (clipped to it; a common noun or
    adjective in it; not the span itself) is a candidate for :func:`nested_name_calling`.
    """
    whole = {(s, e) for s, e, _ in found}
    cands: list[tuple[int, int, float]] = []
    for chunk in doc.noun_chunks:
        root = chunk.root.idx
        host = next(((s, e, p) for s, e, p in found if s <= root < e), None)
        if host is None:
            continue
        # clipped to its host span, so that it is nested in it
        start, end = max(chunk.start_char, host[0]), min(chunk.end_char, host[1])
        if (start, end) in whole:
            continue
        if not any(t.pos_ in {"NOUN", "ADJ"} and start <= t.idx < end for t in chunk):
            continue
        cands.append((start, end, host[2]))
    return cands


def finding_score(cal: Calibrator | None, span_prob: float, technique_prob: float,
                  nested: bool) -> float:
    """A finding's score: the calibrated probability that it is right
    (``calibration.Calibrator``); without a calibrator, the product of the two raw
    probabilities."""
    if cal is None:
        return round(float(span_prob) * float(technique_prob), 3)
    return cal.score(span_prob, technique_prob, nested)


def nested_name_calling(
    cands: Sequence[tuple[int, int, float]], probs: Any, classes: Sequence[str], text: str,
    cal: Calibrator | None = None,
) -> list[Technique]:
    """Labels (name calling) nested inside longer persuasive spans.

    *cands* come from :func:`nested_candidates`, *probs* are the technique classifier's rows
    for them; a candidate is reported as name calling when the classifier is confident
    (``NESTED_NAME_CALLING``; what it added on the gate articles is in the tuning history of
    ``resources/rhetoric/README.md``).
    """
    if NAME_CALLING not in classes or not cands:
        return []
    k = list(classes).index(NAME_CALLING)
    return [
        Technique(NAME_CALLING, s, e, text[s:e], finding_score(cal, host, float(row[k]), True))
        for (s, e, host), row in zip(cands, probs, strict=True)
        if row[k] >= NESTED_NAME_CALLING
    ]


def classify_genre(doc: Doc, claims: list[Claim], techniques: list[Technique],
                   article: Article | None = None) -> Genre | None:
    """Opinion, reporting or (only on an explicit disclaimer) satire, with a calibrated
    confidence (:mod:`.genre`); *article*, when given, adds its page metadata (a title label
    or an opinion section in the URL).

    *claims* are not used: the genre model measures attribution itself, so that training
    (on articles without a sourcing run) and use see the same features.
    """
    from .genre import predict_genre

    if not doc.text.strip():
        return None
    return predict_genre(doc, techniques, article)
