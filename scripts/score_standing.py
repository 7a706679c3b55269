"""Standing precision and recall on a realnews-style set (``../shared/data/realnews-dev``).

    python scripts/score_standing.py ../shared/data/realnews-dev [--details] [--json]

Each article file is analysed whole (title line and body) with every stage but rhetoric,
which standing does not read; the pairs are scored by :mod:`tealeaves.evaluate.standing`.
Use the figures and the kinds of failure they show; never tune a rule to a dev sentence.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tealeaves import Options, analyze
from tealeaves.evaluate.standing import read_gold, score_standing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--details", action="store_true", help="list right/wrong/missed pairs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.root / "gold").is_dir():
        print(f"error: {args.root} has no gold/ folder", file=sys.stderr)
        return 2
    gold = read_gold(args.root)
    options = Options(stages=("actors", "sourcing", "events", "stance"))
    scores = score_standing((g, analyze(g.path, options)) for g in gold)
    if args.json:
        print(json.dumps({**scores.figures(), "articles": scores.articles}, indent=2))
        return 0
    fig = scores.figures()
    print(f"standing pairs: precision {fig['precision']:.3f} ({fig['matched_predicted']}/"
          f"{fig['predicted']}), recall {fig['recall']:.3f} ({fig['matched_gold']}/{fig['gold']})")
    if args.details:
        for art in scores.articles:
            print(f"{art['article']}: right {art['right']} wrong {art['wrong']} "
                  f"missed {art['missed']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
