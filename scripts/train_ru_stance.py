"""Cross-validate and train the Russian stance model (needs the ``ru`` extra and sklearn).

    python scripts/train_ru_stance.py ../shared/data/rusentne/train_data.csv \
        [--out PATH] [--cv-only] [--limit N] [--cache FILE]

Prints the grouped 5-fold CV (every setting of the grid, the best one, the majority
baseline, the calibration) as JSON, then writes the model trained on every row with the
best setting (``src/tealeaves/resources/ru/stance_ru.json.gz`` by default). ``--cache``
keeps the parsed features in a pickle so a second run skips the parse.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
from pathlib import Path

from tealeaves.training.ru_stance import cross_validate, featurize, read_rows, train, write_model

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/tealeaves/resources/ru/stance_ru.json.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", type=Path)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args()
    if not (args.cache and args.cache.exists()) and not args.data.is_file():
        ap.error(f"no RuSentNE file at {args.data}")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.cache and args.cache.exists():
        with args.cache.open("rb") as fh:
            rows = pickle.load(fh)  # noqa: S301 - our own cache file
    else:
        rows = featurize(read_rows(args.data, args.limit))
        if args.cache:
            with args.cache.open("wb") as fh:
                pickle.dump(rows, fh)
    cv = cross_validate(rows)
    print(json.dumps(cv, indent=1, ensure_ascii=False))
    if not args.cv_only:
        best = cv["best"]
        model = train(rows, best["C"], best["class_weight"], best["dense_weight"])
        print("wrote", write_model(model, cv, args.out, args.data))


if __name__ == "__main__":
    main()
