"""Hand-reading helper: a seeded random sample of attributed claims from PolNeAR train.

The sample is for counting fragments (content that is not a clause, a quotation or a noun
phrase that someone said; ``SOURCING-GUIDE.md``) by hand. This script only draws and shows the
claims; the verdicts are written by the person reading them.

    python scripts/sample_fragments.py show --seed 20261205 --claims 60
    python scripts/sample_fragments.py check data/fragment-samples/2026-12-03-dev.tsv

Articles come from the train part's labelling order (``label_source_kinds.ordered_articles``)
from position 200 on, so they never overlap the hand-labelled source-kind articles. A record
file is TSV with a header ``file  start  end  kind  verdict  note``: the claim's content bounds
in ``text/FILE.txt``; verdict ``ok`` or ``fragment``; no article text.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys

from label_source_kinds import POLNEAR, ordered_articles

FIRST = 200  # articles before this position are labelled or were read in earlier samples
PER_ARTICLE = 14  # articles drawn per sample, before the claims are drawn from them


def draw(seed: int, n_claims: int, skip: set[str]) -> list[tuple[str, object]]:
    from tealeaves.model import Article
    from tealeaves.nlp import load_model
    from tealeaves.stages.actors.build import find_actors
    from tealeaves.stages.sourcing.claims import find_claims

    rng = random.Random(seed)
    pool = [a for a in ordered_articles("train")[FIRST:] if a.name not in skip]
    articles = rng.sample(pool, PER_ARTICLE)
    nlp = load_model()
    claims: list[tuple[str, object]] = []
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        actors = find_actors(doc, Article.from_text(art.text))
        claims += [(art.name, c) for c in find_claims(doc, actors) if c.source.kind != "author"]
    return rng.sample(claims, min(n_claims, len(claims)))


def _show(args: argparse.Namespace) -> None:
    skip: set[str] = set()
    for path in args.skip:
        with open(path, encoding="utf-8") as fh:
            skip |= {row["file"] for row in csv.DictReader(fh, delimiter="\t")}
    texts = {a.name: a.text for a in ordered_articles("train")}
    print("file\tstart\tend\tkind\tverdict\tnote", file=sys.stderr)
    for i, (name, c) in enumerate(draw(args.seed, args.claims, skip)):
        s, e = c.start, c.end  # type: ignore[attr-defined]
        text = texts[name]
        ctx = " ".join(text[max(0, s - 200):s].split())
        print(f"\n[{i}] {name} {s}-{e} kind={c.source.kind} "  # type: ignore[attr-defined]
              f"source={c.source.text!r} cue={c.cue.text if c.cue else None!r}")  # type: ignore[attr-defined]
        print(f"   …{ctx} ⟦{' '.join(text[s:e].split())}⟧ {' '.join(text[e:e + 120].split())}")
        print(f"{name}\t{s}\t{e}\t{c.source.kind}", file=sys.stderr)  # type: ignore[attr-defined]


def _check(args: argparse.Namespace) -> None:
    with open(args.records, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    bad = [r for r in rows if r["verdict"] not in ("ok", "fragment")]
    if bad:
        sys.exit(f"error: {len(bad)} rows without a verdict ok/fragment")
    frag = sum(r["verdict"] == "fragment" for r in rows)
    print(f"{frag} of {len(rows)} fragments ({len({r['file'] for r in rows})} articles)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    show = sub.add_parser("show")
    show.add_argument("--seed", type=int, required=True)
    show.add_argument("--claims", type=int, default=40)
    show.add_argument("--skip", nargs="*", default=[], help="record files whose articles to skip")
    check = sub.add_parser("check")
    check.add_argument("records")
    args = ap.parse_args()
    if not POLNEAR.exists():
        sys.exit(f"error: {POLNEAR} not found")
    _show(args) if args.cmd == "show" else _check(args)


if __name__ == "__main__":
    main()
