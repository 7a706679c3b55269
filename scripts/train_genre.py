"""Train the genre model (and, with --subjectivity, the sentence subjectivity model it reads)
into src/tealeaves/resources/rhetoric/, printing the cross-validated figures as JSON.

    .venv/bin/python scripts/train_genre.py --subjectivity --cache /tmp/genre-cache

The trainer is :mod:`tealeaves.training.genre`; this script parses the options and calls it.
Parsing the ~800 labelled articles takes about half an hour on two shared cores; --cache keeps
each parsed article, so new labels parse only the new articles and a refit takes minutes.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.stages.rhetoric.genre.reading import RULES  # noqa: E402
from tealeaves.training import genre as trainer  # noqa: E402

OUT = ROOT / "src" / "tealeaves" / "resources" / "rhetoric"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--shared", type=Path, default=trainer.SHARED, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="folder for the parsed articles")
    ap.add_argument("--calibration", choices=("isotonic", "platt"), default="platt")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--beta", type=float, default=trainer.BETA,
                    help="F-beta of opinion that chooses the opinion threshold")
    ap.add_argument("--subjectivity", action="store_true",
                    help="retrain the sentence subjectivity model first")
    ap.add_argument("--subjectivity-layer", type=int, default=None,
                    help="with --subjectivity: read the span tagger's states after this layer "
                    "instead of the frozen MiniLM sentence vectors")
    ap.add_argument("--procedure-of", type=Path, default=None,
                    help="repeat a saved genre model's procedure (its features, C and "
                    "components) instead of choosing C and components among all features")
    ap.add_argument("--sentences", type=int, default=None,
                    help="score at most this many own-voice sentences for subjectivity "
                    "(genre.reading; default: every one)")
    ap.add_argument("--pieces", type=int, default=None,
                    help="cut each scored sentence to this many word pieces")
    ap.add_argument("--sentence-rule", default="spaced", choices=RULES,
                    help="which sentences, with --sentences (genre.reading)")
    ap.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    ap.add_argument("--openings", action="store_true",
                    help="also cross-validate on the openings of the held-out articles "
                    "(their first 300 words; a second nested CV)")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    for name in ("sentences", "pieces"):
        if getattr(args, name) is not None and getattr(args, name) < 1:
            parser().error(f"--{name} must be at least 1")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from tealeaves.nlp import load_model
    from tealeaves.stages.rhetoric.genre import subjectivity

    report: dict[str, object] = {}
    if args.subjectivity:
        subj = trainer.train_subjectivity(args.shared, layer=args.subjectivity_layer)
        report["subjectivity"] = subj["scores"]
        if not args.dry_run:
            trainer.write_model(subj, args.out, subjectivity.SUBJECTIVITY_MODEL)
            subjectivity.load_subjectivity_model.cache_clear()
    procedure = None
    if args.procedure_of is not None:
        from tealeaves.training.genre_fit import Procedure

        procedure = Procedure.of_model(json.loads(args.procedure_of.read_text(encoding="utf-8")))
    from tealeaves.stages.rhetoric.genre.reading import Reading

    reading = Reading(args.sentences, args.pieces, args.sentence_rule)
    build = trainer.build_genre(load_model(), args.shared, args.cache, args.calibration,
                                args.folds, beta=args.beta, procedure=procedure,
                                reading=reading)
    if not args.dry_run:
        trainer.write_model(build.model, args.out, "genre_model.json")
    scores = build.scores.to_dict()
    scores.pop("errors")
    report.update({"n": build.n, "opinion": build.opinion, "cv": scores,
                   "by_dataset": build.by_dataset, "calibration": args.calibration,
                   "threshold": build.model["threshold"], "beta": args.beta})
    if args.openings:
        from tealeaves.training.genre_openings import openings_report

        report["openings"] = openings_report(load_model(), args.shared, args.cache,
                                             args.calibration, args.folds, beta=args.beta)
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
