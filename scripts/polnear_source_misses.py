"""List PolNeAR source mismatches where the gold Source is a pronoun or a description.

For reading failure *kinds* on the **train** part (never dev, never to fit a rule to a
sentence): for each matched claim whose predicted source span is not the gold one, and whose
gold Source starts with a pronoun or a lower-case word ("he", "the spokesman", "officials"),
one line with both spans and the words around the cue.

    PYTHONPATH=src python scripts/polnear_source_misses.py ../shared/data/polnear/train 40
"""

from __future__ import annotations

import sys
from pathlib import Path

from tealeaves.evaluate.sourcing import _close, match_pairs, predict


def main(root: str, limit: int) -> int:
    shown = 0
    for claims, gold in predict(Path(root), limit):
        for c, g in match_pairs(claims, gold)[2]:
            if g.source is None:
                continue
            first = g.source.text.split()[0] if g.source.text.split() else ""
            if not first[:1].islower():
                continue  # a name: not this script's kind
            s = c.source
            span = (s.start, s.end) if s.start is not None and s.end is not None else None
            if _close(span, g.source):
                continue
            cue = g.cue.start if g.cue is not None else g.source.start
            around = gold.text[max(0, cue - 90):cue + 60].replace("\n", " ")
            print(f"{gold.name}: gold {g.source.text!r} | got {s.text!r} ({s.kind}) | "
                  f"…{around}…")
            shown += 1
    print(f"{shown} mismatches")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40))
