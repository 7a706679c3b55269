"""Train the framing model on SemEval-2025 Task 10 entity framing (English training part).

    .venv/bin/python scripts/train_framing.py [--data ../shared/data/entity-framing/en] [--out DIR]
                                              [--cache FILE.npz] [--refit]
                                              [--features GROUP,GROUP,...]

The trainer is :mod:`tealeaves.training.framing` (what is chosen by grouped cross-validation
and what it writes); this script parses the options and calls it. The default ``--out`` is
the shipped model's folder, ``src/tealeaves/resources/framing/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.training.framing import train  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--data", type=Path,
                    default=ROOT.parent / "shared" / "data" / "entity-framing" / "en")
    ap.add_argument("--out", type=Path,
                    default=ROOT / "src" / "tealeaves" / "resources" / "framing")
    ap.add_argument("--cache", type=Path, default=None,
                    help="a .npz file to keep the feature rows in between runs")
    ap.add_argument("--refit", action="store_true",
                    help="keep the shipped model's C, class weighting and gate C (no grid "
                         "search), e.g. after an encoder change")
    ap.add_argument("--features", default=None,
                    help="comma-separated feature groups to fit (frozen, tag2, tag3, tag4, "
                         "stance, use, words); default: choose among the trainer's VARIANTS")
    args = ap.parse_args(argv)
    feats = tuple(f.strip() for f in args.features.split(",") if f.strip()) \
        if args.features else None
    train(args.data, args.out, args.cache, refit=args.refit, features=feats)


if __name__ == "__main__":
    main()
