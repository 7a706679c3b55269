"""List predicted-vs-gold source spans of matched claims, to count kinds of source-span error.

Runs actors + sourcing over the labelled PolNeAR articles of one part (as ``tealeaves
evaluate sourcing-kinds --part PART`` does), pairs predictions with gold attributions the
same way, and prints one line per pair whose kind is wrong (or every pair with ``--all``):
gold kind, predicted kind, whether the predicted source span overlaps the gold Source by
half, the two spans in their words and the sentence start. It proposes no fix.

    python scripts/source_span_errors.py train --wrong anonymous     # false anonymous pairs
    python scripts/source_span_errors.py train --all --span-wrong    # every wrong source span

For development on train; dev may be listed to see kinds of failure, never to fit a rule.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from tealeaves.evaluate.polnear import GoldSpan
from tealeaves.evaluate.source_kinds import label_files, read_labels
from tealeaves.evaluate.sourcing import match_pairs, predict
from tealeaves.model import Claim

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def _overlaps(claim: Claim, gold: GoldSpan | None) -> bool:
    s, e = claim.source.start, claim.source.end
    if gold is None or s is None or e is None:
        return False
    ov = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in gold.pieces)
    return ov > 0 and ov >= min(e - s, gold.end - gold.start) / 2


def _one_line(text: str, limit: int = 70) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("part", choices=("train", "dev"))
    ap.add_argument("--wrong", help="only pairs predicted as this kind and labelled otherwise")
    ap.add_argument("--all", action="store_true", help="every labelled pair, right or wrong")
    ap.add_argument("--span-wrong", action="store_true", help="only pairs whose span is wrong")
    ap.add_argument("--limit", type=int, default=None, help="first N labelled articles")
    args = ap.parse_args(argv)
    labels = read_labels(label_files(args.part))
    files = {k[0] for k in labels}
    results = predict(POLNEAR / args.part, args.limit, only=files)
    shown = total = 0
    for claims, gold in results:
        for claim, att in match_pairs(claims, gold)[2]:
            src = att.source
            kind = labels.get((gold.name, src.start, src.end)) if src is not None else None
            if kind is None:
                continue
            total += 1
            pred = claim.source.kind
            if not args.all and pred == kind:
                continue
            if args.wrong and (pred != args.wrong or kind == args.wrong):
                continue
            span_ok = _overlaps(claim, src)
            if args.span_wrong and span_ok:
                continue
            shown += 1
            gtext = _one_line(src.text if src else "-", 40)
            ptext = _one_line(claim.source.text or "-", 40)
            s = claim.source.start if claim.source.start is not None else claim.start
            ctx = _one_line(gold.text[max(0, s - 50): s + 80], 130)
            print(f"{gold.name}\t{kind}\t{pred}\t{'span-ok' if span_ok else 'SPAN'}\t"
                  f"gold=[{gtext}]\tpred=[{ptext}]\t{ctx}")
    print(f"# {shown} shown of {total} labelled pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
