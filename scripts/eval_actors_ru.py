"""Russian actors recall on factRuEval-2016 dev (needs the ``ru`` extra).

    python scripts/eval_actors_ru.py ../shared/data/factrueval/devset [--limit N]
    python scripts/eval_actors_ru.py --kb ../shared/data/semeval2023-ru/articles

The second form: the share of person mentions of knowledge-base people (by surname) that get
the knowledge base's (English) id.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tealeaves.evaluate.actors_ru import evaluate_actors_ru, kb_resolution


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("root", type=Path)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--kb", action="store_true", help="KB id share on a folder of .txt files")
    args = ap.parse_args()
    if args.kb:
        paths = sorted(args.root.glob("*.txt"))[: args.limit]
        print(json.dumps(kb_resolution(paths), indent=1))
        return
    print(json.dumps(evaluate_actors_ru(args.root, args.limit), indent=1))


if __name__ == "__main__":
    main()
