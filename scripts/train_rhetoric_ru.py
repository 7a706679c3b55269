"""Cross-validate and train the Russian technique model (needs the ``ru`` extra for razdel).

    python scripts/train_rhetoric_ru.py ../shared/data/semeval2023-ru [--out PATH] [--cv-only]

Prints the grouped 5-fold CV figures as JSON, then writes the model trained on every
article with the threshold of the best CV SI F1 (``src/tealeaves/resources/ru/
rhetoric_ru.joblib`` by default). Threshold 0.0 (every sentence a span) is printed as the
baseline and never chosen.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tealeaves.training.rhetoric_ru import cross_validate, read_corpus, train

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/tealeaves/resources/ru/rhetoric_ru.joblib"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args()
    arts = read_corpus(args.data)
    cv = cross_validate(arts)
    print(json.dumps(cv, indent=1))
    if args.cv_only:
        return
    best = max((th for th in cv["si"] if th > 0), key=lambda th: cv["si"][th]["f1"])
    import joblib

    model = train(arts, float(best))
    model["meta"]["cv"] = cv
    joblib.dump(model, args.out, compress=3)
    print(f"wrote {args.out} (threshold {best})")


if __name__ == "__main__":
    main()
