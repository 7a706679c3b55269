"""Choose the tagger gate, retrain the technique classifier on PTC plus SemEval-2023, and fit
the calibrated technique scores (no torch: the CRF and the fine-tuned tagger stay as shipped).

    .venv/bin/python scripts/fit_rhetoric_scores.py --work /tmp/rhet-scores [--write]

Prints (and writes to WORK/figures.json) the gate table, the 5-fold TC micro-F1 with and
without the SemEval articles, the calibration's cross-validated ECE and reliability table and
the chosen default minimum score; with --write, saves tc.npz + tc.json (the classifier's
plain-array export; its pickle goes to build/rhetoric/tc.joblib), score_calibration.json and
the gate in si_meta.json under --out. See tealeaves.training.rhetoric_scores.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.evaluate import semeval2023  # noqa: E402
from tealeaves.evaluate.ptc import iter_articles  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.rhetoric.classifier import memoised_embeddings  # noqa: E402
from tealeaves.stages.rhetoric.techniques import (  # noqa: E402
    SI_META,
    load_span_finder,
    load_technique_classifier,
    model_dir,
)
from tealeaves.training import rhetoric_scores as rs  # noqa: E402
from tealeaves.training.rhetoric import (  # noqa: E402
    TC_BLOCKS,
    attach_tc_inputs,
    fit_tc,
    parse_articles,
)

SHARED = ROOT.parent / "shared" / "data"
log = logging.getLogger("fit_rhetoric_scores")


def choose_gate(table: list[dict]) -> float | None:
    """The largest gate whose SI F1 is within 0.002 of reading every sentence."""
    full = next(r["si_f1"] for r in table if r["gate"] is None)
    ok = [r["gate"] for r in table if r["gate"] is not None and r["si_f1"] >= full - 0.002]
    return max(ok) if ok else None


def calibrate(finder: Any, cv: Any, sem_p: list, probs: dict, gate: float | None,
              figures: dict) -> tuple[list, Any]:
    """Calibration rows, their out-of-fold ECE and reliability, the default minimum score
    (into *figures*) and the calibrator fitted on every row."""
    rows = rs.calibration_rows(finder, cv, sem_p, probs, gate)
    scores, right = rs.cv_calibration(rows)
    ece, table = rs.reliability(scores, right)
    raw = rs.np.array([r[4] for r in rows])
    raw_score = rs.np.array([1 / (1 + rs.np.exp(-a)) * 1 / (1 + rs.np.exp(-b)) for a, b, _ in raw])
    ece_raw, table_raw = rs.reliability(raw_score, right)
    min_score, f1_table = rs.best_min_score(rows, scores, sem_p)
    figures.update({"findings": len(rows), "share_right": round(float(right.mean()), 4),
                    "ece_cv": round(ece, 4), "reliability_cv": table,
                    "ece_raw_product": round(ece_raw, 4), "reliability_raw": table_raw,
                    "min_score": min_score, "min_score_table": f1_table})
    log.info("ECE %.4f (raw %.4f), min score %s", ece, ece_raw, min_score)
    cal = rs.fit_calibrator(raw, right)
    cal = rs.Calibrator(cal.weights, cal.bias, min_score)
    return rows, cal


def write_outputs(args: argparse.Namespace, meta: dict, cal: Any, findings: int,
                  figures: dict, train: list, gate: float | None, t0: float) -> None:
    """With --write: the final technique classifier fitted on *train* (unless --shipped-tc),
    the calibration and the meta file (gate, the classifier's blocks and CV figures)."""
    if args.write and not args.shipped_tc:
        import joblib

        final = fit_tc(train)
        log.info("final TC fitted (%.0f s)", time.time() - t0)
        # run time reads the plain-array export; the pickle stays outside the package
        from tealeaves.stages.rhetoric.tc_arrays import export_classifier

        export_classifier(final, args.out)
        (ROOT / "build" / "rhetoric").mkdir(parents=True, exist_ok=True)
        joblib.dump(final, ROOT / "build" / "rhetoric" / "tc.joblib", compress=3)
    if args.write:
        (args.out / "score_calibration.json").write_text(
            json.dumps({**cal.to_dict(), "ece_cv": figures["ece_cv"],
                        "findings": findings, "fitted_on": "SemEval-2023 English, 98 "
                        "articles (no shipped model saw them): findings of the shipped "
                        "span finder labelled by " + ("the shipped technique classifier"
                        if args.shipped_tc else "out-of-fold technique classifiers")},
                       indent=2) + "\n", encoding="utf-8")
        if gate is not None:
            meta["tagger_gate"] = gate
        if not args.shipped_tc:
            meta["tc"] = {**meta.get("tc", {}), "emb_blocks": list(TC_BLOCKS),
                          "cv_micro_f1": {"ptc_folds": figures["tc_cv_with_semeval"]["ptc"],
                                          "semeval_folds":
                                              figures["tc_cv_with_semeval"]["semeval"]}}
        (args.out / SI_META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "src/tealeaves/resources/rhetoric")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--no-ptc-only-cv", action="store_true",
                    help="skip the comparison CV trained on PTC alone")
    ap.add_argument("--shipped-tc", action="store_true",
                    help="keep the shipped technique classifier (trained on PTC alone, so "
                    "out of sample on SemEval): calibrate its findings, train nothing")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    args.work.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    held = set(meta["gate_ids"])
    ptc_all = list(iter_articles(SHARED / "ptc2020" / "train"))
    sem = list(semeval2023.iter_articles(SHARED / "semeval2023-en"))
    nlp = load_model()
    ptc_p = parse_articles(ptc_all, nlp, cache=args.work / "ptc.spacy")
    sem_p = parse_articles(sem, nlp, cache=args.work / "sem.spacy")
    ptc_train = [p for p in ptc_p if p.article.id not in held]
    log.info("parsed %d PTC (%d for training) and %d SemEval articles in %.0f s",
             len(ptc_p), len(ptc_train), len(sem_p), time.time() - t0)
    finder = load_span_finder()
    probs_file = args.work / "sem_probs.pkl"
    if probs_file.is_file():
        probs = pickle.loads(probs_file.read_bytes())  # noqa: S301 - our own file
    else:
        probs = rs.ungated_probs(finder, sem_p)
        probs_file.write_bytes(pickle.dumps(probs))
    if not args.shipped_tc:  # what the classifier reads: the tagger's states (TC_BLOCKS)
        attach_tc_inputs(ptc_train + sem_p, TC_BLOCKS, args.work / "enc.pkl")
        log.info("technique classifier inputs for %s ready (%.0f s)", TC_BLOCKS,
                 time.time() - t0)
    figures: dict = {"gate_table": rs.gate_table(finder, sem_p, probs)}
    gate = choose_gate(figures["gate_table"])
    figures["gate"] = gate
    log.info("gate table %s -> %s (%.0f s)", figures["gate_table"], gate, time.time() - t0)
    with memoised_embeddings():
        if args.shipped_tc:  # the shipped classifier never saw these articles
            clf = load_technique_classifier()
            cv = rs.TcCv(float("nan"), float("nan"), dict.fromkeys(
                (p.article.id for p in sem_p), 0), [clf])
            figures["tc_shipped_on_semeval"] = round(rs.tc_f1(clf, sem_p), 4)
            log.info("shipped TC on SemEval gold spans %s", figures["tc_shipped_on_semeval"])
        else:
            cv = rs.cross_validate_tc(ptc_train, sem_p, use_extra=True)
            figures["tc_cv_with_semeval"] = {"ptc": round(cv.ptc_f1, 4),
                                             "semeval": round(cv.extra_f1, 4)}
            log.info("TC CV with SemEval %s (%.0f s)", figures["tc_cv_with_semeval"],
                     time.time() - t0)
        rows, cal = calibrate(finder, cv, sem_p, probs, gate, figures)
        (args.work / "figures.json").write_text(json.dumps(figures, indent=1))
        write_outputs(args, meta, cal, len(rows), figures, ptc_train + sem_p, gate, t0)
        if not args.no_ptc_only_cv and not args.shipped_tc:
            base = rs.cross_validate_tc(ptc_train, sem_p, use_extra=False)
            figures["tc_cv_ptc_only"] = {"ptc": round(base.ptc_f1, 4),
                                         "semeval": round(base.extra_f1, 4)}
            log.info("TC CV PTC only %s", figures["tc_cv_ptc_only"])
    figures["seconds"] = round(time.time() - t0)
    (args.work / "figures.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps({k: v for k, v in figures.items() if "table" not in k and "reliab" not in k}))


if __name__ == "__main__":
    main()
