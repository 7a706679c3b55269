"""Russian actors recall on factRuEval-2016 dev (needs the ``ru`` extra).

    python scripts/eval_actors_ru.py ../shared/data/factrueval/devset [--limit N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tealeaves.evaluate.actors_ru import evaluate_actors_ru


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("root", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    print(json.dumps(evaluate_actors_ru(args.root, args.limit), indent=1))


if __name__ == "__main__":
    main()
