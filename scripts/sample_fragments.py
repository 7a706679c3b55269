"""Hand-reading helper: a seeded random sample of attributed claims from PolNeAR train.

The sample is for counting fragments (content that is not a clause, a quotation or a noun
phrase that someone said; ``SOURCING-GUIDE.md``) by hand. This script only draws and shows the
claims; the verdicts are written by the person reading them.

    python scripts/sample_fragments.py show --seed 20261205 --claims 60
    python scripts/sample_fragments.py check data/fragment-samples/2026-12-03-dev.tsv
    python scripts/sample_fragments.py pool --seed 20261212 --articles 100 > new.tsv
    python scripts/sample_fragments.py diff old.tsv new.tsv   # every claim that changed

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


def _articles(seed: int, n_articles: int, skip: set[str]) -> list:  # type: ignore[type-arg]
    rng = random.Random(seed)
    pool = [a for a in ordered_articles("train")[FIRST:] if a.name not in skip]
    return rng.sample(pool, n_articles)


def _pool(args: argparse.Namespace) -> None:
    """Every attributed claim of N seeded articles, as TSV rows (no text), for ``diff``."""
    from tealeaves.model import Article
    from tealeaves.nlp import load_model
    from tealeaves.stages.actors.build import find_actors
    from tealeaves.stages.sourcing.claims import find_claims

    articles = _articles(args.seed, args.articles, _skipped(args.skip))
    nlp = load_model()
    print("file\tstart\tend\tkind\tcue")
    for art, doc in zip(articles, nlp.pipe(a.text for a in articles), strict=True):
        for c in find_claims(doc, find_actors(doc, Article.from_text(art.text))):
            if c.source.kind != "author":
                cue = " ".join(c.cue.text.split()) if c.cue else ""
                print(f"{art.name}\t{c.start}\t{c.end}\t{c.source.kind}\t{cue}")


def _diff(args: argparse.Namespace) -> None:
    """The claims of one pool file that the other lacks, shown in context for reading."""
    def rows(path: str) -> dict[tuple[str, int, int], str]:
        with open(path, encoding="utf-8") as fh:
            return {(r["file"], int(r["start"]), int(r["end"])): f"{r['kind']} cue={r['cue']!r}"
                    for r in csv.DictReader(fh, delimiter="\t")}

    old, new = rows(args.old), rows(args.new)
    texts = {a.name: a.text for a in ordered_articles("train")}
    print(f"{len(old)} claims before, {len(new)} after", file=sys.stderr)
    for change, mine, other in (("removed", old, new), ("added", new, old)):
        for (name, s, e), what in sorted(mine.items()):
            if (name, s, e) in other:
                continue
            text = texts[name]
            ctx = " ".join(text[max(0, s - 160):s].split())
            print(f"\n{change} {name} {s}-{e} {what}\n   …{ctx} ⟦{' '.join(text[s:e].split())}⟧ "
                  f"{' '.join(text[e:e + 100].split())}")


def _skipped(paths: list[str]) -> set[str]:
    skip: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            skip |= {row["file"] for row in csv.DictReader(fh, delimiter="\t")}
    return skip


def _show(args: argparse.Namespace) -> None:
    skip = _skipped(args.skip)
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
    pool = sub.add_parser("pool", help="every attributed claim of N seeded articles (TSV)")
    pool.add_argument("--seed", type=int, required=True)
    pool.add_argument("--articles", type=int, default=100)
    pool.add_argument("--skip", nargs="*", default=[], help="record files whose articles to skip")
    diff = sub.add_parser("diff", help="claims that differ between two pool files, in context")
    diff.add_argument("old")
    diff.add_argument("new")
    args = ap.parse_args()
    if not POLNEAR.exists():
        sys.exit(f"error: {POLNEAR} not found")
    {"show": _show, "check": _check, "pool": _pool, "diff": _diff}[args.cmd](args)


if __name__ == "__main__":
    main()
