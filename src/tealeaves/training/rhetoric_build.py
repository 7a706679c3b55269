"""Building the shipped rhetoric models (span finder, technique classifier, genre) into a
folder (``resources/rhetoric/`` when shipping).

Reproducible: fixed seeds, data only from ../shared/data (PTC 2020 train, PolNeAR train).
Needs the training extra (torch CPU) for the MiniLM fine-tuning: pip install -e '.[train]'.
Steps: parse the PTC training articles; hold out a fixed gate set (re-scored by the tests);
train the final CRF, fine-tune MiniLM (exported as int8 ONNX) and train the technique
classifier on the rest, decoding spans at the CRF weight and threshold that
``tealeaves evaluate rhetoric`` chose (:data:`~tealeaves.training.rhetoric.SI_SETTING`;
``cv=True`` chooses them again by cross-validation, about an hour more); then fit the genre
model on the hand-labelled PolNeAR articles (resources/genre_labels.tsv) with the new span
model's findings as one feature (:mod:`.genre`).

Entry point: ``scripts/train_rhetoric.py`` (:func:`build`).
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.ptc import PRF, iter_articles, si_score, tc_micro_f1
from ..nlp import load_model
from ..stages.rhetoric.encoder import PieceTagger
from ..stages.rhetoric.techniques import (
    SI_ENCODER,
    SI_META,
    SI_MODEL,
    SpanFinder,
    open_span_finder,
    rank_labels,
)
from .finetune import FinetuneParams
from .genre import train_genre
from .rhetoric import (
    CRF_PARAMS,
    SEED,
    SI_SETTING,
    TC_BLOCKS,
    TC_C,
    TC_EMB_WEIGHT,
    TC_KIND,
    CvResult,
    Parsed,
    Setting,
    attach_tagger_states,
    attach_tc_inputs,
    cross_validate,
    fit_crf,
    fit_encoder,
    fit_tc,
    parse_articles,
    predict_spans,
)

log = logging.getLogger(__name__)

GATE_SIZE = 20
#: Layers whose hidden states the shipped tagger graph outputs (``training.tagger_states``).
STATE_LAYERS = (2, 3, 4)


@dataclass(frozen=True)
class BuildOptions:
    """Where the data are and the models go, and what to (re)build.

    ``crf_weight``, ``threshold`` and ``low`` default to :data:`SI_SETTING`; ``cv`` chooses
    them by cross-validation instead. ``decode_only`` keeps the shipped taggers and technique
    classifier (new decoding setting, gate figure and genre model); ``tc_only`` retrains the
    technique classifier alone. ``limit`` (a smoke test) uses the first N PTC articles and
    no caches."""

    ptc: Path
    polnear: Path
    labels: Path
    out: Path
    cv: bool = False
    folds: int = 5
    max_folds: int | None = None
    threshold: float | None = None
    crf_weight: float | None = None
    low: float | None = None
    decode_only: bool = False
    limit: int | None = None
    cache: Path | None = None
    enc_cache: Path | None = None
    tc_only: bool = False
    #: where the technique classifier's scikit-learn pickle goes (None: not written); the
    #: package ships its export to plain arrays (``tc.npz`` / ``tc.json`` in ``out``)
    tc_pickle: Path | None = None

    def setting(self) -> Setting:
        """(CRF weight, threshold, low threshold): the options, else ``SI_SETTING``."""
        w, t, lo = SI_SETTING
        return (w if self.crf_weight is None else self.crf_weight,
                t if self.threshold is None else self.threshold,
                lo if self.low is None else self.low)


def gate_ids(ids: list[str], n: int = GATE_SIZE, seed: int = 2020) -> list[str]:
    """A fixed set of article ids kept out of the shipped model, for the quality gate test."""
    return sorted(random.Random(seed).sample(sorted(ids), n))


def build(opts: BuildOptions) -> None:
    """Train (or re-decode) the rhetoric models as *opts* say and write them to ``opts.out``."""
    t_start = time.time()
    random.seed(SEED)
    np.random.seed(SEED)
    nlp = load_model()

    articles = list(iter_articles(opts.ptc, limit=opts.limit))
    gate = set(gate_ids([a.id for a in articles], min(GATE_SIZE, len(articles) // 5)))
    if opts.decode_only:  # the taggers stay: only the gate articles are decoded, no encodings
        held_arts = [a for a in articles if a.id in gate]
        decode_only(opts, nlp, parse_articles(held_arts, nlp), t_start)
        return
    log.info("parsing %d PTC articles", len(articles))
    parsed = parse_articles(articles, nlp, cache=None if opts.limit else opts.cache)
    log.info("encoding the sentences / running the span tagger for its states")
    attach_tc_inputs(parsed, TC_BLOCKS, None if opts.limit else opts.enc_cache)
    train = [p for p in parsed if p.article.id not in gate]
    held = [p for p in parsed if p.article.id in gate]
    if opts.tc_only:
        train_tc_only(opts, train, held, t_start)
    else:
        train_all(opts, nlp, train, held, t_start)


def train_all(opts: BuildOptions, nlp: Any, train: list[Parsed], held: list[Parsed],
              t_start: float) -> None:
    """The span finder, the technique classifier and the genre model, with their meta."""
    cv, setting = choose_setting(opts, train)
    opts.out.mkdir(parents=True, exist_ok=True)
    finder = fit_span_finder(train, opts.out, setting)
    if finder.tokens is not None and any(b.startswith("tag") for b in TC_BLOCKS):
        # the technique classifier reads the new tagger's states, not the old one's
        attach_tagger_states(train + held, opts.out / SI_ENCODER, TC_BLOCKS)
    log.info("training the final technique classifier")
    clf = fit_tc(train)
    _dump_tc(clf, opts)

    # the gate: scores of the shipped models on the held-out articles
    gate_si = gate_si_f1(finder, held)
    gate_tc = gate_tc_f1(clf, held)
    log.info("gate SI %s, TC %.4f", gate_si, gate_tc)

    crf_weight, threshold, low = setting
    meta: dict[str, Any] = {
        "threshold": threshold,
        "low_threshold": low,
        "crf_weight": crf_weight,
        "min_chars": 1,
        "crf_params": CRF_PARAMS,
        "max_pieces": FinetuneParams().max_pieces,  # the windows the tagger was trained on
        "finetune": asdict(FinetuneParams()),
        "tc": _tc_meta(),
        "trained_on": len(train),
        "gate_ids": sorted(p.article.id for p in held),
        "gate": {"si_f1": round(gate_si.f1, 4), "tc_micro_f1": round(gate_tc, 4)},
    }
    if cv is not None:
        meta["cv"] = cv_meta(cv, opts, setting)
    meta["span_and_technique_seconds"] = round(time.time() - t_start, 1)
    _write_meta(opts.out, meta)
    train_genre(opts.labels, opts.polnear, opts.out, nlp, finder, meta)
    meta["training_seconds"] = round(time.time() - t_start, 1)
    _write_meta(opts.out, meta)
    log.info("done in %.0f s", time.time() - t_start)


def choose_setting(opts: BuildOptions, train: list[Parsed]) -> tuple[CvResult | None, Setting]:
    """The decoding setting: chosen by cross-validation on *train* with ``opts.cv``, else
    the options' (:meth:`BuildOptions.setting`)."""
    if not opts.cv:
        return None, opts.setting()
    log.info("cross-validating on %d articles (%d folds)", len(train), opts.folds)
    cv = cross_validate(train, folds=opts.folds, max_folds=opts.max_folds, progress=log.info)
    crf_weight, threshold, low = cv.best_setting
    log.info("CV SI %s; best CRF weight %.2f, thresholds %.2f / %.3f; TC %s", cv.si,
             crf_weight, threshold, low, cv.tc)
    return cv, cv.best_setting


def fit_span_finder(train: list[Parsed], out: Path, setting: Setting) -> SpanFinder:
    """Train the final CRF (and fine-tune MiniLM when the CRF weight is under 1) into *out*."""
    crf_weight, threshold, low = setting
    log.info("training the final CRF")
    tagger = fit_crf(train, out / SI_MODEL)
    tokens = None
    if crf_weight < 1.0:
        log.info("fine-tuning MiniLM")
        tokens = fit_encoder(train, out / SI_ENCODER)
        from .tagger_graph import simplify
        from .tagger_states import add_state_outputs

        # the shared encoder pass: the hidden states the technique classifier (and genre)
        # read come out of the same run as the tagger's probabilities
        add_state_outputs(out / SI_ENCODER, out / SI_ENCODER, STATE_LAYERS)
        simplify(out / SI_ENCODER, out / SI_ENCODER)  # exact: no softmax NaN guards
        tokens = PieceTagger(out / SI_ENCODER)
    elif (out / SI_ENCODER).exists():
        (out / SI_ENCODER).unlink()
    return SpanFinder(tagger, threshold, 1, tokens, crf_weight, low)


def cv_meta(cv: CvResult, opts: BuildOptions, setting: Setting) -> dict[str, Any]:
    """The cross-validation's figures as the meta file records them."""
    crf_weight, threshold, low = setting
    return {
        "folds": opts.folds,
        "folds_run": opts.max_folds or opts.folds,
        "si": {"p": round(cv.si.precision, 4), "r": round(cv.si.recall, 4),
               "f1": round(cv.si.f1, 4)},
        "best_setting": {"crf_weight": crf_weight, "threshold": threshold,
                         "low_threshold": low},
        "si_by_setting": {f"{w:g}/{t:g}/{lo:g}": round(v.f1, 4)
                          for (w, t, lo), v in cv.si_by_setting.items()},
        "tc_micro_f1": round(cv.tc.f1, 4),
        "tc_per_technique_f1": {k: round(v.f1, 4) for k, v in cv.tc_per_technique.items()},
    }


def gate_si_f1(finder: SpanFinder, held: list[Parsed]) -> PRF:
    """SI of *finder* (at its own setting) on the held-out gate articles."""
    setting = (finder.crf_weight, finder.threshold,
               finder.threshold if finder.low is None else finder.low)
    pred = predict_spans(finder, held, [setting])[setting]
    return si_score(pred, {p.article.id: p.article.si_spans for p in held})


def gate_tc_f1(clf: Any, held: list[Parsed]) -> float:
    """TC micro-F1 of *clf* on the gold spans of the held-out gate articles."""
    tc_p, tc_g = [], []
    for p in held:
        spans = [(s, e) for s, e, _ in p.article.spans]
        labs = rank_labels(clf.predict_proba(p.article.text, spans, p.doc).tolist(),
                           clf.classes, spans)
        tc_p += [(p.article.id, s, e, lab) for (s, e), lab in zip(spans, labs, strict=True)]
        tc_g += [(p.article.id, s, e, t) for s, e, t in p.article.spans]
    return tc_micro_f1(tc_p, tc_g).f1


def decode_only(opts: BuildOptions, nlp: Any, held: list[Parsed], t_start: float) -> None:
    """Decode the shipped taggers at a new setting: meta, gate figure and genre model."""
    meta = _shipped_meta(opts.out, held)
    crf_weight, threshold, low = opts.setting()
    meta.update(threshold=threshold, low_threshold=low, crf_weight=crf_weight)
    finder = open_span_finder(opts.out, meta)
    gate_si = gate_si_f1(finder, held)
    log.info("gate SI %s", gate_si)
    meta["gate"]["si_f1"] = round(gate_si.f1, 4)
    train_genre(opts.labels, opts.polnear, opts.out, nlp, finder, meta)
    meta["decode_seconds"] = round(time.time() - t_start, 1)
    _write_meta(opts.out, meta)
    log.info("done in %.0f s", time.time() - t_start)


def train_tc_only(opts: BuildOptions, train: list[Parsed], held: list[Parsed],
                  t_start: float) -> None:
    """Retrain the technique classifier alone; the CRF and genre model stay as shipped."""
    meta = _shipped_meta(opts.out, held)
    log.info("training the technique classifier on %d articles", len(train))
    clf = fit_tc(train)
    _dump_tc(clf, opts)
    gate_tc = gate_tc_f1(clf, held)
    log.info("gate TC %.4f", gate_tc)
    meta["tc"] = _tc_meta()
    meta["gate"]["tc_micro_f1"] = round(gate_tc, 4)
    meta["tc_training_seconds"] = round(time.time() - t_start, 1)
    _write_meta(opts.out, meta)
    log.info("done in %.0f s", time.time() - t_start)


def _tc_meta() -> dict[str, Any]:
    return {"kind": TC_KIND, "c": TC_C, "emb_weight": TC_EMB_WEIGHT,
            "emb_blocks": list(TC_BLOCKS)}


def _shipped_meta(out: Path, held: list[Parsed]) -> dict[str, Any]:
    """The meta of the models in *out*, which must have been gated on the same articles."""
    meta: dict[str, Any] = json.loads((out / SI_META).read_text(encoding="utf-8"))
    if sorted(p.article.id for p in held) != meta["gate_ids"]:
        raise SystemExit("the gate articles differ from the shipped model's: retrain everything")
    return meta


def _write_meta(out: Path, meta: dict[str, Any]) -> None:
    (out / SI_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _dump_tc(clf: Any, opts: BuildOptions) -> None:
    """The technique classifier as the plain arrays run time reads (``tc_arrays``, in
    ``opts.out``) and, when asked, as a scikit-learn pickle (``opts.tc_pickle``: kept
    outside the package, for experiments and a later export)."""
    from ..stages.rhetoric.tc_arrays import export_classifier

    export_classifier(clf, opts.out)
    if opts.tc_pickle is not None:
        _dump(clf, opts.tc_pickle)


def _dump(model: Any, path: Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
