"""Grouped cross-validation of a Russian framing model (measure only; nothing is written).

    python scripts/cv_ru_framing.py ../shared/data/entity-framing/ru [--c 0.1] [--dense 0.5]

Prints main-role macro-F1 and accuracy and fine-role exact match, beside the majority
baseline, as JSON (``tealeaves.training.ru_framing``; needs the ``ru`` extra and sklearn).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tealeaves.training.ru_framing import cross_validate, read_mentions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("data", type=Path)
    ap.add_argument("--c", type=float, default=0.1)
    ap.add_argument("--dense", type=float, default=0.5)
    args = ap.parse_args()
    if not (args.data / "annotations.tsv").is_file():
        ap.error(f"no annotations.tsv in {args.data} (SemEval-2025 Task 10 Russian folder)")
    out = cross_validate(read_mentions(args.data), args.c, args.dense)
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
