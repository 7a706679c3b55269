"""Train the target-dependent stance model on NewsMTSC (../shared/data/newsmtsc/train.jsonl).

    .venv/bin/python scripts/train_stance.py [--data ../shared/data/newsmtsc] [--out DIR]
                                             [--cache DIR]
    .venv/bin/python scripts/train_stance.py --time ARTICLE...   # time the stage only
    .venv/bin/python scripts/train_stance.py --calibrate [--cache DIR]  # refit the temperature
    .venv/bin/python scripts/train_stance.py --refit [--cache DIR]  # same settings, new vectors
    .venv/bin/python scripts/train_stance.py --refit --dense-blocks A,B,...  # other blocks
    .venv/bin/python scripts/train_stance.py --refit --tagger-layer 4  # the tagger's states
    .venv/bin/python scripts/train_stance.py --refit --tagger-layer 4 --head  # + target head

The trainer is :mod:`tealeaves.training.stance` (how the model is chosen and what it
writes); this script parses the options and calls it. The default ``--out`` is the shipped
model's folder, ``src/tealeaves/resources/stance/``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.training.stance import time_stage, train  # noqa: E402
from tealeaves.training.stance_calibration import calibrate  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "newsmtsc")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "tealeaves" / "resources" / "stance")
    ap.add_argument("--cache", type=Path, default=None,
                    help="folder to keep the parsed features and encodings in between runs")
    ap.add_argument("--time", type=Path, nargs="+", default=None, metavar="ARTICLE",
                    help="only time the stance stage on these articles (no training)")
    ap.add_argument("--calibrate", action="store_true",
                    help="only fit the shipped model's softmax temperature (calibration.json)")
    ap.add_argument("--refit", action="store_true",
                    help="fit the configuration the shipped model records again (no grid "
                         "search), e.g. after an encoder change")
    ap.add_argument("--dense-blocks", default=None, metavar="NAMES",
                    help="with --refit: comma-separated dense blocks to fit instead of the "
                         "recorded ones (same C and weight), e.g. adding mask_vec,mask_ph,"
                         "mask_diff")
    ap.add_argument("--tagger-layer", type=int, default=None, metavar="K",
                    help="the dense blocks read the span tagger's hidden states after layer K "
                         "(its graph must output them) instead of the frozen encoder; with "
                         "--refit, default: the source the shipped model records")
    ap.add_argument("--head", action="store_true",
                    help="with --tagger-layer: train the target head over the tagger's states "
                         "as well (needs torch: the train extra)")
    args = ap.parse_args(argv)
    if args.calibrate:
        calibrate(args.data, args.out, args.cache)
    elif args.time:
        time_stage(args.time)
    else:
        blocks = tuple(b for b in args.dense_blocks.split(",") if b) if args.dense_blocks \
            else None
        train(args.data, args.out, args.cache, refit=args.refit, blocks=blocks,
              layer=args.tagger_layer, head=args.head)


if __name__ == "__main__":
    main()
