"""Train the rhetoric models (span finder, technique classifier, genre) into resources/rhetoric/.

    .venv/bin/python scripts/train_rhetoric.py            # or: make train-rhetoric

The trainer is :mod:`tealeaves.training.rhetoric_build` (the steps, the gate, the meta
file) with :mod:`tealeaves.training.genre`; this script parses the options and calls it.
Needs the training extra (torch CPU) for the MiniLM fine-tuning: pip install -e '.[train]'.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.training.rhetoric import SI_SETTING  # noqa: E402
from tealeaves.training.rhetoric_build import BuildOptions, build  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--ptc", type=Path, default=SHARED / "ptc2020" / "train")
    ap.add_argument("--polnear", type=Path, default=SHARED / "polnear" / "train" / "text")
    ap.add_argument("--labels", type=Path, default=ROOT / "src/tealeaves/resources/genre_labels.tsv")
    ap.add_argument("--out", type=Path, default=ROOT / "src/tealeaves/resources/rhetoric")
    ap.add_argument("--cv", action="store_true",
                    help="choose the CRF weight and threshold by cross-validation (slow)")
    ap.add_argument("--folds", type=int, default=5, help="CV folds (with --cv)")
    ap.add_argument("--max-folds", type=int, default=None, help="run only N of the CV folds")
    ap.add_argument("--threshold", type=float, default=None,
                    help=f"decode at this probability threshold (default {SI_SETTING[1]})")
    ap.add_argument("--crf-weight", type=float, default=None,
                    help="weight of the CRF marginal against the MiniLM tagger "
                    f"(default {SI_SETTING[0]})")
    ap.add_argument("--low", type=float, default=None,
                    help=f"low threshold that extends spans (hysteresis; default {SI_SETTING[2]})")
    ap.add_argument("--decode-only", action="store_true",
                    help="keep the shipped CRF, MiniLM tagger and technique classifier; set the "
                    "CRF weight and thresholds, re-score the gate and refit the genre model "
                    "(which reads the spans)")
    ap.add_argument("--limit", type=int, default=None, help="first N PTC articles (smoke test)")
    ap.add_argument("--cache", type=Path, default=None, help="spaCy DocBin of the PTC parses")
    ap.add_argument("--enc-cache", type=Path, default=None,
                    help="pickle of the PTC articles' MiniLM sentence encodings "
                    "(written if missing)")
    ap.add_argument("--tc-only", action="store_true",
                    help="retrain only the technique classifier (keep the shipped CRF, threshold "
                    "and genre model, which do not depend on it) and update its entries and "
                    "gate figure in the meta")
    ap.add_argument("--tc-pickle", type=Path, default=ROOT / "build/rhetoric/tc.joblib",
                    help="also save the technique classifier's scikit-learn pickle here "
                    "(outside the package; the package gets its plain-array export tc.npz)")
    return ap


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    build(BuildOptions(**vars(args)))


if __name__ == "__main__":
    main()
