"""Train the rhetoric models (span finder, technique classifier, genre) into resources/rhetoric/.

    .venv/bin/python scripts/train_rhetoric.py            # or: make train-rhetoric

Reproducible: fixed seeds, data only from ../shared/data (PTC 2020 train, PolNeAR train).
Needs the training extra (torch CPU) for the MiniLM fine-tuning: pip install -e '.[train]'.
Steps: parse the PTC training articles; hold out a fixed gate set (re-scored by the tests);
train the final CRF, fine-tune MiniLM (exported as int8 ONNX) and train the technique
classifier on the rest, decoding spans at the CRF weight and threshold that
`tealeaves evaluate rhetoric` chose (rhetoric_train.SI_SETTING; --cv chooses them again by
cross-validation, about an hour more); then fit the genre model on the hand-labelled
PolNeAR articles (resources/genre_labels.tsv) with the new span model's findings as one
feature.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import random
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import joblib
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.evaluate.ptc import iter_articles, si_score, tc_micro_f1  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.rhetoric import genre as genre_mod  # noqa: E402
from tealeaves.stages.rhetoric.techniques import (  # noqa: E402
    SI_ENCODER,
    SI_META,
    SI_MODEL,
    TC_MODEL,
    SpanFinder,
    open_span_finder,
    rank_labels,
)
from tealeaves.training.finetune import FinetuneParams  # noqa: E402
from tealeaves.training.rhetoric import (  # noqa: E402
    CRF_PARAMS,
    SEED,
    SI_SETTING,
    TC_BLOCKS,
    TC_C,
    TC_EMB_WEIGHT,
    TC_KIND,
    CvResult,
    attach_encodings,
    cross_validate,
    fit_crf,
    fit_encoder,
    fit_tc,
    parse_articles,
    predict_spans,
)

SHARED = ROOT.parent / "shared" / "data"
GATE_SIZE = 20
log = logging.getLogger("train_rhetoric")


def gate_ids(ids: list[str], n: int = GATE_SIZE, seed: int = 2020) -> list[str]:
    """A fixed set of article ids kept out of the shipped model, for the quality gate test."""
    return sorted(random.Random(seed).sample(sorted(ids), n))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ptc", type=Path, default=SHARED / "ptc2020" / "train")
    ap.add_argument("--polnear", type=Path, default=SHARED / "polnear" / "train" / "text")
    ap.add_argument("--labels", type=Path, default=ROOT / "src/tealeaves/resources/genre_labels.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "src/tealeaves/resources/rhetoric")
    ap.add_argument("--cv", action="store_true",
                    help="choose the CRF weight and threshold by cross-validation (slow)")
    ap.add_argument("--folds", type=int, default=5, help="CV folds (with --cv)")
    ap.add_argument("--max-folds", type=int, default=None, help="run only N of the CV folds")
    ap.add_argument(
        "--threshold",
        type=float,
        default=None,
        help=f"decode at this probability threshold (default {SI_SETTING[1]})",
    )
    ap.add_argument(
        "--crf-weight",
        type=float,
        default=None,
        help=f"weight of the CRF marginal against the MiniLM tagger (default {SI_SETTING[0]})",
    )
    ap.add_argument(
        "--low",
        type=float,
        default=None,
        help=f"low threshold that extends spans (hysteresis; default {SI_SETTING[2]})",
    )
    ap.add_argument(
        "--decode-only",
        action="store_true",
        help="keep the shipped CRF, MiniLM tagger and technique classifier; set the CRF weight "
        "and thresholds, re-score the gate and refit the genre model (which reads the spans)",
    )
    ap.add_argument("--limit", type=int, default=None, help="first N PTC articles (smoke test)")
    ap.add_argument("--cache", type=Path, default=None, help="spaCy DocBin of the PTC parses")
    ap.add_argument("--enc-cache", type=Path, default=None,
                    help="pickle of the PTC articles' MiniLM sentence encodings (written if missing)")
    ap.add_argument(
        "--tc-only",
        action="store_true",
        help="retrain only the technique classifier (keep the shipped CRF, threshold and genre "
        "model, which do not depend on it) and update its entries and gate figure in the meta",
    )
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    t_start = time.time()
    random.seed(SEED)
    np.random.seed(SEED)
    nlp = load_model()

    articles = list(iter_articles(args.ptc, limit=args.limit))
    gate = set(gate_ids([a.id for a in articles], min(GATE_SIZE, len(articles) // 5)))
    if args.decode_only:  # the taggers stay: only the gate articles are decoded, no encodings
        held_arts = [a for a in articles if a.id in gate]
        decode_only(args, nlp, parse_articles(held_arts, nlp), t_start)
        return
    log.info("parsing %d PTC articles", len(articles))
    parsed = parse_articles(articles, nlp, cache=None if args.limit else args.cache)
    log.info("encoding the sentences")
    attach_encodings(parsed, None if args.limit else args.enc_cache)
    train = [p for p in parsed if p.article.id not in gate]
    held = [p for p in parsed if p.article.id in gate]
    if args.tc_only:
        train_tc_only(args, train, held, t_start)
        return

    cv: CvResult | None = None
    if args.cv:
        log.info("cross-validating on %d articles (%d folds)", len(train), args.folds)
        cv = cross_validate(train, folds=args.folds, max_folds=args.max_folds, progress=log.info)
        crf_weight, threshold, low = cv.best_setting
        log.info("CV SI %s; best CRF weight %.2f, thresholds %.2f / %.3f; TC %s", cv.si,
                 crf_weight, threshold, low, cv.tc)
    else:
        crf_weight, threshold, low = chosen_setting(args)

    args.out.mkdir(parents=True, exist_ok=True)
    log.info("training the final CRF")
    tagger = fit_crf(train, args.out / SI_MODEL)
    tokens = None
    if crf_weight < 1.0:
        log.info("fine-tuning MiniLM")
        tokens = fit_encoder(train, args.out / SI_ENCODER)
    elif (args.out / SI_ENCODER).exists():
        (args.out / SI_ENCODER).unlink()
    finder = SpanFinder(tagger, threshold, 1, tokens, crf_weight, low)
    log.info("training the final technique classifier")
    clf = fit_tc(train)
    joblib.dump(clf, args.out / TC_MODEL, compress=3)

    # the gate: scores of the shipped models on the held-out articles
    gate_si = gate_si_f1(finder, held)
    gate_tc = gate_tc_f1(clf, held)
    log.info("gate SI %s, TC %.4f", gate_si, gate_tc)

    meta: dict[str, Any] = {
        "threshold": threshold,
        "low_threshold": low,
        "crf_weight": crf_weight,
        "min_chars": 1,
        "crf_params": CRF_PARAMS,
        "max_pieces": FinetuneParams().max_pieces,  # the windows the tagger was trained on
        "finetune": asdict(FinetuneParams()),
        "tc": {"kind": TC_KIND, "c": TC_C, "emb_weight": TC_EMB_WEIGHT,
               "emb_blocks": list(TC_BLOCKS)},
        "trained_on": len(train),
        "gate_ids": sorted(gate),
        "gate": {"si_f1": round(gate_si.f1, 4), "tc_micro_f1": round(gate_tc, 4)},
    }
    if cv is not None:
        meta["cv"] = {
            "folds": args.folds,
            "folds_run": args.max_folds or args.folds,
            "si": {"p": round(cv.si.precision, 4), "r": round(cv.si.recall, 4), "f1": round(cv.si.f1, 4)},
            "best_setting": {"crf_weight": crf_weight, "threshold": threshold,
                             "low_threshold": low},
            "si_by_setting": {f"{w:g}/{t:g}/{lo:g}": round(v.f1, 4)
                              for (w, t, lo), v in cv.si_by_setting.items()},
            "tc_micro_f1": round(cv.tc.f1, 4),
            "tc_per_technique_f1": {k: round(v.f1, 4) for k, v in cv.tc_per_technique.items()},
        }

    meta["span_and_technique_seconds"] = round(time.time() - t_start, 1)
    (args.out / SI_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    train_genre(args, nlp, finder, meta)
    meta["training_seconds"] = round(time.time() - t_start, 1)
    (args.out / SI_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("done in %.0f s", time.time() - t_start)


def chosen_setting(args: argparse.Namespace) -> tuple[float, float, float]:
    """(CRF weight, threshold, low threshold): the options, else ``SI_SETTING``."""
    w, t, lo = SI_SETTING
    return (w if args.crf_weight is None else args.crf_weight,
            t if args.threshold is None else args.threshold,
            lo if args.low is None else args.low)


def gate_si_f1(finder: SpanFinder, held: list[Any]) -> Any:
    """SI of *finder* (at its own setting) on the held-out gate articles."""
    setting = (finder.crf_weight, finder.threshold,
               finder.threshold if finder.low is None else finder.low)
    pred = predict_spans(finder, held, [setting])[setting]
    return si_score(pred, {p.article.id: p.article.si_spans for p in held})


def decode_only(args: argparse.Namespace, nlp: object, held: list[Any], t_start: float) -> None:
    """Decode the shipped taggers at a new setting: meta, gate figure and genre model."""
    meta_path = args.out / SI_META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if sorted(p.article.id for p in held) != meta["gate_ids"]:
        raise SystemExit("the gate articles differ from the shipped model's: retrain everything")
    crf_weight, threshold, low = chosen_setting(args)
    meta.update(threshold=threshold, low_threshold=low, crf_weight=crf_weight)
    finder = open_span_finder(args.out, meta)
    gate_si = gate_si_f1(finder, held)
    log.info("gate SI %s", gate_si)
    meta["gate"]["si_f1"] = round(gate_si.f1, 4)
    train_genre(args, nlp, finder, meta)
    meta["decode_seconds"] = round(time.time() - t_start, 1)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("done in %.0f s", time.time() - t_start)


def gate_tc_f1(clf: Any, held: list[Any]) -> float:
    """TC micro-F1 of *clf* on the gold spans of the held-out gate articles."""
    tc_p, tc_g = [], []
    for p in held:
        spans = [(s, e) for s, e, _ in p.article.spans]
        labs = rank_labels(clf.predict_proba(p.article.text, spans, p.doc).tolist(), clf.classes, spans)
        tc_p += [(p.article.id, s, e, lab) for (s, e), lab in zip(spans, labs, strict=True)]
        tc_g += [(p.article.id, s, e, t) for s, e, t in p.article.spans]
    return tc_micro_f1(tc_p, tc_g).f1


def train_tc_only(args: argparse.Namespace, train: list[Any], held: list[Any], t_start: float) -> None:
    """Retrain the technique classifier alone; the CRF and genre model stay as shipped."""
    meta_path = args.out / SI_META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if sorted(p.article.id for p in held) != meta["gate_ids"]:
        raise SystemExit("the gate articles differ from the shipped model's: retrain everything")
    log.info("training the technique classifier on %d articles", len(train))
    clf = fit_tc(train)
    joblib.dump(clf, args.out / TC_MODEL, compress=3)
    gate_tc = gate_tc_f1(clf, held)
    log.info("gate TC %.4f", gate_tc)
    meta["tc"] = {"kind": TC_KIND, "c": TC_C, "emb_weight": TC_EMB_WEIGHT,
                  "emb_blocks": list(TC_BLOCKS)}
    meta["gate"]["tc_micro_f1"] = round(gate_tc, 4)
    meta["tc_training_seconds"] = round(time.time() - t_start, 1)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    log.info("done in %.0f s", time.time() - t_start)


def train_genre(args: argparse.Namespace, nlp: object, finder: SpanFinder, meta: dict) -> None:
    """Fit the genre logistic regression on the hand-labelled PolNeAR articles."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    from tealeaves.model import Technique

    rows = []
    with open(args.labels, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append(row)
    texts = [(args.polnear / f"{r['file']}.txt").read_text(encoding="utf-8") for r in rows]
    y = np.array([r["label"] == "opinion" for r in rows], dtype=int)
    x = []
    for doc in nlp.pipe(texts, batch_size=16):  # type: ignore[attr-defined]
        spans = finder.spans(doc)
        techs = [Technique("Loaded_Language", s, e, doc.text[s:e], sc) for s, e, sc in spans]
        x.append(genre_mod.vectorise(genre_mod.genre_features(doc, techs)))
    xa = np.array(x)

    def make() -> Pipeline:
        lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000, random_state=SEED)
        return Pipeline([("scale", StandardScaler()), ("lr", lr)])

    cvp = cross_val_predict(make(), xa, y, cv=StratifiedKFold(5, shuffle=True, random_state=SEED))
    acc = float((cvp == y).mean())
    majority = float(max(y.mean(), 1 - y.mean()))
    pipe = make().fit(xa, y)
    scaler, lr = pipe.named_steps["scale"], pipe.named_steps["lr"]
    model = {
        "features": list(genre_mod.FEATURES),
        "mean": scaler.mean_.tolist(),
        "scale": scaler.scale_.tolist(),
        "coef": lr.coef_[0].tolist(),
        "intercept": float(lr.intercept_[0]),
        "trained_on": len(rows),
        "opinion": int(y.sum()),
        "cv_accuracy": round(acc, 4),
        "majority_baseline": round(majority, 4),
        "labels": str(args.labels.name),
    }
    (args.out / genre_mod.GENRE_MODEL).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    meta["genre"] = {"n": len(rows), "cv_accuracy": round(acc, 4), "majority": round(majority, 4)}
    log.info("genre: %d articles, 5-fold CV accuracy %.3f (majority %.3f)", len(rows), acc, majority)


if __name__ == "__main__":
    main()
