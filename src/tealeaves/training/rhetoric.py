"""Training and cross-validation of the rhetoric models (used by :mod:`.rhetoric_build`,
which ``scripts/train_rhetoric.py`` runs, and by ``tealeaves evaluate rhetoric``). Needs the
PTC training data (``../shared/data/ptc2020``).
"""

from __future__ import annotations

import logging
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..evaluate.ptc import (
    PRF,
    PtcArticle,
    SiCounts,
    per_technique_f1,
    si_counts,
    si_from_counts,
    tc_micro_f1,
)
from ..stages.rhetoric.classifier import TechniqueClassifier, memoised_embeddings
from ..stages.rhetoric.encoder import PieceTagger, doc_sentences
from ..stages.rhetoric.features import bio_labels, doc_token_features, sentence_units
from ..stages.rhetoric.techniques import (
    SpanFinder,
    decode_flat,
    flat_offsets,
    flat_probs,
    mix,
    rank_labels,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

Setting = tuple[float, float, float]  # (CRF weight, threshold, low threshold)
#: One article's token probabilities, per sentence: the CRF marginals and the MiniLM
#: tagger's probabilities (None without it).
ArticleProbs = list[tuple[np.ndarray, np.ndarray | None]]

#: CRF settings chosen on one 80/20 split of the training articles (see resources/rhetoric/README.md).
CRF_PARAMS: dict[str, Any] = {"c1": 0.1, "c2": 0.05, "max_iterations": 150}
THRESHOLDS: tuple[float, ...] = (0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.18, 0.2, 0.23, 0.25, 0.3, 0.35,
                                 0.4, 0.45, 0.5, 0.6)
#: Weights of the CRF marginal against the fine-tuned MiniLM tagger's probability (1.0: CRF
#: only; 0.0: MiniLM only).
CRF_WEIGHTS: tuple[float, ...] = (1.0, 0.7, 0.6, 0.5, 0.4, 0.3, 0.0)
#: Low thresholds of the hysteresis decoding (``rhetoric.hysteresis_runs``) as shares of the
#: threshold (1.0: plain runs over the threshold).
LOW_RATIOS: tuple[float, ...] = (1.0, 0.8, 0.6, 0.4, 0.3)
SEED = 13
#: (CRF weight, threshold, low threshold) the shipped span finder decodes at: the pooled best
#: of ``tealeaves evaluate rhetoric`` (how it was chosen: resources/rhetoric/README.md).
SI_SETTING: Setting = (0.5, 0.25, 0.15)
#: Technique classifier: a linear SVM and its inverse regularisation.
TC_KIND = "svm"
TC_C = 0.2
#: Weight of the MiniLM span and sentence embeddings in the technique classifier's features.
TC_EMB_WEIGHT = 1.0
#: Which embedding blocks (``classifier.EMB_BLOCKS`` / ``classifier.TAG_BLOCK``): the span
#: tagger's hidden states after layer 3, pooled over the span's word pieces and over its
#: sentence's (the shared encoder pass of issue 19: no frozen MiniLM pass and no embedding
#: of the span's text; the layer chosen by cross-validation, docs/benchmarks.md).
TC_BLOCKS: tuple[str, ...] = ("tag3_span", "tag3_sent")


@dataclass
class Parsed:
    """A PTC article with its spaCy doc and CRF inputs."""

    article: PtcArticle
    doc: Doc
    feats: list[list[dict[str, Any]]] = field(default_factory=list)
    labels: list[list[str]] = field(default_factory=list)


def parse_articles(
    articles: Sequence[PtcArticle], nlp: Any, batch_size: int = 16, cache: Path | None = None
) -> list[Parsed]:
    """Parse the articles once and compute CRF features and BIO labels.

    With *cache* (a spaCy DocBin file), parses are read from it when it holds the same
    texts, and written to it otherwise.
    """
    from spacy.tokens import DocBin

    docs: list[Doc] | None = None
    if cache is not None and cache.is_file():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] != [a.text for a in articles]:
            docs = None
    if docs is None:
        docs = list(nlp.pipe([a.text for a in articles], batch_size=batch_size))
        if cache is not None:
            DocBin(docs=docs).to_disk(cache)
    out = []
    for art, doc in zip(articles, docs, strict=True):
        units = sentence_units(doc)
        out.append(Parsed(art, doc, doc_token_features(doc), bio_labels(units, art.si_spans)))
    return out


def attach_encodings(parsed: Sequence[Parsed], cache: Path | None = None) -> None:
    """Give every parsed article its sentence encodings (``embeddings.sentence_encodings``).

    With *cache* (a pickle file), they are read from it when it holds the same articles and
    sentences (word-piece states stored as float16), and written to it otherwise: the encoder
    pass over the 371 PTC articles is the slowest step of a cross-validation.
    """
    import pickle

    from ..embeddings import Encoding, sentence_encodings, set_sentence_encodings

    def key(p: Parsed) -> list[int]:
        return [s.start_char for s in p.doc.sents]

    if cache is not None and cache.is_file():
        with cache.open("rb") as fh:
            stored = pickle.load(fh)  # noqa: S301 - our own cache file
        if [k for k, _ in stored] == [(p.article.id, key(p)) for p in parsed]:
            for p, (_k, rows) in zip(parsed, stored, strict=True):
                text = p.doc.text
                ends = [s.end_char for s in p.doc.sents]
                set_sentence_encodings(p.doc, [
                    (base, Encoding(text[base:end], vec, states.astype(np.float32), offs))
                    for (base, vec, states, offs), end in zip(rows, ends, strict=True)
                ])
            return
    rows_out = []
    for p in parsed:
        encs = sentence_encodings(p.doc)
        rows_out.append(((p.article.id, key(p)),
                         [(b, e.vector, e.states.astype(np.float16), e.offsets) for b, e in encs]))
    if cache is not None:
        with cache.open("wb") as out:
            pickle.dump(rows_out, out, protocol=4)


def attach_tagger_states(parsed: Sequence[Parsed], graph: Path | None,
                         blocks: Sequence[str]) -> None:
    """Run the span tagger (*graph*, with ``state{k}`` outputs: ``training.tagger_states``;
    None: the shipped tagger, which must have them) over every sentence of every article, so
    that its hidden states sit in each Doc for the ``tagK_…`` blocks; only the layers those
    *blocks* name are kept."""
    from ..stages.rhetoric.classifier import TAG_BLOCK
    from ..stages.rhetoric.encoder import tagger_states
    from ..stages.rhetoric.techniques import SI_ENCODER, model_dir

    layers = {int(m.group(1)) for b in blocks if (m := TAG_BLOCK.fullmatch(b))}
    tagger = PieceTagger(graph if graph is not None else model_dir() / SI_ENCODER)
    missing = layers - set(tagger.layers)
    if missing:
        raise ValueError(f"the tagger graph outputs no states of layer(s) {sorted(missing)}")
    for p in parsed:
        tagger.unit_probs(p.doc, sentence_units(p.doc))
        got = tagger_states(p.doc)
        if got is not None:
            for k in set(got.states) - layers:
                del got.states[k]


def attach_tc_inputs(parsed: Sequence[Parsed], blocks: Sequence[str] = TC_BLOCKS,
                     enc_cache: Path | None = None, graph: Path | None = None) -> None:
    """Give every parsed article what the technique classifier's *blocks* read: the frozen
    sentence encodings (``span_state``, ``sent_vec``; :func:`attach_encodings`) and the span
    tagger's hidden states (``tagK_…``; :func:`attach_tagger_states`, *graph* None: the
    shipped tagger)."""
    if any(b in ("span_state", "sent_vec") for b in blocks):
        attach_encodings(parsed, enc_cache)
    if any(b.startswith("tag") for b in blocks):
        attach_tagger_states(parsed, graph, blocks)


def grouped_folds(ids: Sequence[str], k: int, seed: int = SEED) -> list[list[int]]:
    """k folds of article indices (articles shuffled with a fixed seed, dealt round-robin)."""
    order = list(range(len(ids)))
    random.Random(seed).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


def fit_crf(train: Sequence[Parsed], path: Path, params: dict[str, Any] | None = None) -> Any:
    """Train the CRF on *train*, write it to *path*, and return an open pycrfsuite tagger."""
    import pycrfsuite

    p = dict(CRF_PARAMS, **(params or {}))
    trainer = pycrfsuite.Trainer(verbose=False)
    for item in train:
        for xs, ys in zip(item.feats, item.labels, strict=True):
            trainer.append(xs, ys)
    trainer.set_params(
        {
            "c1": p["c1"],
            "c2": p["c2"],
            "max_iterations": p["max_iterations"],
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def fit_encoder(train: Sequence[Parsed], path: Path,
                progress: Callable[[str], None] = log.info) -> PieceTagger:
    """Fine-tune MiniLM on the gold spans of *train* (``training.finetune``, needs torch),
    write it to *path* as int8 ONNX and return it as a :class:`PieceTagger`."""
    from .finetune import FinetuneParams, export_onnx, finetune

    items = [(p.article.text, doc_sentences(p.doc), p.article.si_spans) for p in train]
    model = finetune(items, FinetuneParams(), progress)
    export_onnx(model, path)
    return PieceTagger(path)


def article_probs(finder: SpanFinder, item: Parsed) -> ArticleProbs:
    """*item*'s token probabilities from *finder*'s taggers, per sentence (float32)."""
    return [(crf.astype(np.float32), None if tok is None else tok.astype(np.float32))
            for _toks, crf, tok in finder.unit_probs(item.doc)]


def grid(crf_weights: Sequence[float], thresholds: Sequence[float] = THRESHOLDS,
         low_ratios: Sequence[float] = LOW_RATIOS) -> list[Setting]:
    """Every (CRF weight, threshold, low threshold) to decode at."""
    return [(w, t, round(t * r, 4)) for w in crf_weights for t in thresholds for r in low_ratios]


def decode_settings(
    item: Parsed, probs: ArticleProbs, settings: Sequence[Setting], min_chars: int = 1
) -> dict[Setting, list[tuple[int, int]]]:
    """*item*'s spans at every setting, decoded from its token probabilities (mixed once per
    CRF weight) as :meth:`SpanFinder.spans` decodes them."""
    starts, ends = flat_offsets(sentence_units(item.doc))
    out: dict[Setting, list[tuple[int, int]]] = {}
    for w in dict.fromkeys(w for w, _, _ in settings):
        flat = flat_probs([mix(crf, tok, w) for crf, tok in probs])
        for st in (st for st in settings if st[0] == w):
            out[st] = [(s, e) for s, e, _ in decode_flat(flat, starts, ends, st[1], st[2], min_chars)]
    return out


def predict_spans(
    finder: SpanFinder, items: Sequence[Parsed], settings: Sequence[Setting]
) -> dict[Setting, dict[str, list[tuple[int, int]]]]:
    """Predicted SI spans per setting per article (probabilities computed once per article)."""
    out: dict[Setting, dict[str, list[tuple[int, int]]]] = {st: {} for st in settings}
    for item in items:
        for st, spans in decode_settings(item, article_probs(finder, item), settings,
                                         finder.min_chars).items():
            out[st][item.article.id] = spans
    return out


def fit_tc(
    items: Sequence[Parsed],
    c: float = TC_C,
    emb_weight: float = TC_EMB_WEIGHT,
    blocks: Sequence[str] = TC_BLOCKS,
) -> TechniqueClassifier:
    """Train the technique classifier on the gold spans of *items*."""
    data = [
        (p.article.text, [(s, e) for s, e, _ in p.article.spans], [t for _, _, t in p.article.spans], p.doc)
        for p in items
    ]
    return TechniqueClassifier(
        c=c, seed=SEED, kind=TC_KIND, emb_weight=emb_weight, emb_blocks=blocks
    ).fit(data)


def tc_predict(clf: TechniqueClassifier, item: Parsed) -> list[str]:
    """Labels for the gold spans of *item* (duplicates get successive best labels)."""
    spans = [(s, e) for s, e, _ in item.article.spans]
    if not spans:
        return []
    probs = clf.predict_proba(item.article.text, spans, item.doc)
    return rank_labels(probs.tolist(), clf.classes, spans)


def _nested_si(
    counts: dict[Setting, dict[str, SiCounts]],
    fold_ids: Sequence[Sequence[str]],
) -> PRF:
    """SI with each fold decoded at the setting that is best on the *other* folds."""
    pooled: list[SiCounts] = []
    for f, ids in enumerate(fold_ids):
        others = [a for g, idx in enumerate(fold_ids) if g != f for a in idx] or list(ids)
        best = max(counts, key=lambda st: si_from_counts(counts[st][a] for a in others).f1)
        pooled.extend(counts[best][a] for a in ids)
    return si_from_counts(pooled)


class ProbsCache:
    """Per-fold token probabilities of a cross-validation, kept in a pickle file so that
    decoding settings can be compared again without retraining. The file is used only when
    its key (articles, folds, CRF and fine-tuning settings) matches; each finished fold is
    written at once, so an interrupted run resumes."""

    def __init__(self, path: Path | None, key: dict[str, Any]) -> None:
        import json
        import pickle

        self.path = path
        self.key = json.dumps(key, sort_keys=True)
        self.folds: dict[int, dict[str, ArticleProbs]] = {}
        if path is not None and path.is_file():
            with path.open("rb") as fh:
                stored = pickle.load(fh)  # noqa: S301 - our own cache file
            if stored.get("key") == self.key:
                self.folds = stored["folds"]

    def put(self, fold: int, probs: dict[str, ArticleProbs]) -> None:
        import pickle

        self.folds[fold] = probs
        if self.path is not None:
            with self.path.open("wb") as out:
                pickle.dump({"key": self.key, "folds": self.folds}, out, protocol=4)


def crf_inputs_digest(parsed: Sequence[Parsed]) -> str:
    """SHA-256 of the CRF's training inputs (every article's token features and BIO labels):
    it changes whenever the features, the parses or the labels do (about 2 s for the 371
    PTC articles)."""
    import hashlib
    import pickle

    h = hashlib.sha256()
    for p in parsed:
        h.update(pickle.dumps((p.feats, p.labels), protocol=4))
    return h.hexdigest()


def probs_cache_key(article_ids: Sequence[str], fold_idx: Sequence[Sequence[int]],
                    crf_params: dict[str, Any] | None,
                    finetune: dict[str, Any] | None, crf_inputs: str) -> dict[str, Any]:
    """What a :class:`ProbsCache` file must match: the articles, the folds, the CRF's
    settings and inputs (:func:`crf_inputs_digest`), and the fine-tuning settings (None
    without it)."""
    return {
        "articles": list(article_ids), "folds": [list(f) for f in fold_idx],
        "crf": dict(CRF_PARAMS, **(crf_params or {})),
        "crf_inputs": crf_inputs,
        "finetune": finetune,
    }


@dataclass
class CvResult:
    si_by_setting: dict[Setting, PRF]
    best_setting: Setting
    si: PRF
    tc: PRF
    tc_per_technique: dict[str, PRF]
    seconds: float


def cross_validate(*args: Any, **kwargs: Any) -> CvResult:
    """:func:`cross_validate_folds`, with each distinct text embedded once over all folds."""
    with memoised_embeddings():
        return cross_validate_folds(*args, **kwargs)


def cross_validate_folds(
    parsed: Sequence[Parsed],
    folds: int = 5,
    max_folds: int | None = None,
    thresholds: Sequence[float] = THRESHOLDS,
    crf_weights: Sequence[float] = CRF_WEIGHTS,
    params: dict[str, Any] | None = None,
    tc_blocks: Sequence[str] = TC_BLOCKS,
    tc_c: float = TC_C,
    si: bool = True,
    tc: bool = True,
    progress: Callable[[str], None] = log.info,
    probs_cache: Path | None = None,
    low_ratios: Sequence[float] = LOW_RATIOS,
) -> CvResult:
    """Grouped k-fold CV: SI (per CRF weight, threshold and low threshold) and TC on gold
    spans, pooled over folds. With a CRF weight under 1 in *crf_weights*, MiniLM is
    fine-tuned in every fold too (needs torch: ``finetune.have_torch``) and run as
    the int8 graph that ships. *probs_cache* keeps each fold's token probabilities
    (:class:`ProbsCache`)."""
    from dataclasses import asdict

    from .finetune import FinetuneParams

    t0 = time.time()
    fold_idx = grouped_folds([p.article.id for p in parsed], folds)
    if max_folds is not None:
        fold_idx = fold_idx[:max_folds]
    use_encoder = min(crf_weights) < 1.0
    settings = grid(crf_weights, thresholds, low_ratios)
    cache = ProbsCache(probs_cache, probs_cache_key(
        [p.article.id for p in parsed], fold_idx, params,
        asdict(FinetuneParams()) if use_encoder else None,
        crf_inputs_digest(parsed) if probs_cache is not None else ""))
    counts: dict[Setting, dict[str, SiCounts]] = {st: {} for st in settings}
    tc_pred: list[tuple[str, int, int, str]] = []
    tc_gold: list[tuple[str, int, int, str]] = []
    for f, test_idx in enumerate(fold_idx):
        test_set = set(test_idx)
        train = [p for i, p in enumerate(parsed) if i not in test_set]
        test = [parsed[i] for i in test_idx]
        if si:
            if f not in cache.folds:
                with tempfile.TemporaryDirectory() as tmp:
                    tagger = fit_crf(train, Path(tmp) / "fold.crfsuite", params)
                    tokens = (fit_encoder(train, Path(tmp) / "fold.onnx", progress)
                              if use_encoder else None)
                    finder = SpanFinder(tagger, 0.0, 1, tokens)
                    cache.put(f, {p.article.id: article_probs(finder, p) for p in test})
            for p in test:
                spans = decode_settings(p, cache.folds[f][p.article.id], settings)
                for st, found in spans.items():
                    counts[st][p.article.id] = si_counts(found, p.article.si_spans)
        if tc:
            clf = fit_tc(train, c=tc_c, blocks=tc_blocks)
            for p in test:
                labs = tc_predict(clf, p)
                for (s, e, g), lab in zip(p.article.spans, labs, strict=True):
                    tc_gold.append((p.article.id, s, e, g))
                    tc_pred.append((p.article.id, s, e, lab))
        progress(f"fold {f + 1}/{len(fold_idx)} done ({time.time() - t0:.0f} s)")
    by_st = {st: si_from_counts(c.values()) for st, c in counts.items()} if si else {}
    best = max(by_st, key=lambda st: by_st[st].f1) if by_st else (1.0, 0.0, 0.0)
    fold_ids = [[parsed[i].article.id for i in idx] for idx in fold_idx]
    empty = PRF(0.0, 0.0, 0.0)
    return CvResult(
        si_by_setting=by_st,
        best_setting=best,
        si=_nested_si(counts, fold_ids) if si else empty,
        tc=tc_micro_f1(tc_pred, tc_gold) if tc else empty,
        tc_per_technique=per_technique_f1(tc_pred, tc_gold) if tc else {},
        seconds=time.time() - t0,
    )
