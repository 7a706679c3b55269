"""Hand-labelling helper: the source kind of each gold Source span in PolNeAR.

The labels themselves are written by a person reading each span in its context, by
``SOURCING-GUIDE.md`` (kinds: named_person, named_organization, anonymous, rumour, author).
This script only shows the spans and checks the label files; it never proposes a kind.

    python scripts/label_source_kinds.py articles train      # the articles to label, in order
    python scripts/label_source_kinds.py show dev --articles 0-9
    python scripts/label_source_kinds.py check dev data/polnear-source-kinds/dev.tsv

A label file is TSV with a header: ``file  start  end  kind``; ``start``/``end`` are the outer
character bounds of the gold Source span in ``text/FILE.txt``. No article text is kept in it.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
from pathlib import Path

from tealeaves.evaluate.polnear import GoldArticle, iter_articles

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
KINDS = ("named_person", "named_organization", "anonymous", "rumour", "author")
SAMPLE_SEED = 20261202  # the train articles are labelled in this shuffled order


def ordered_articles(part: str) -> list[GoldArticle]:
    """Dev in name order; train in a fixed shuffled order, so any prefix is a random sample."""
    articles = list(iter_articles(POLNEAR / part))
    if part == "train":
        random.Random(SAMPLE_SEED).shuffle(articles)
    return articles


def _one_line(text: str) -> str:
    return " ".join(text.split())


def show_article(index: int, article: GoldArticle, width: int) -> None:
    print(f"=== [{index}] {article.name} ===")
    text = article.text
    sources = sorted(
        (a for a in article.attributions if a.source), key=lambda a: a.source.start  # type: ignore[union-attr]
    )
    seen: set[tuple[int, int]] = set()
    for att in sources:
        src = att.source
        assert src is not None
        if (src.start, src.end) in seen:  # one span can be the source of several attributions
            continue
        seen.add((src.start, src.end))
        lo, hi = max(0, src.start - width), min(len(text), src.end + width)
        context = text[lo:src.start] + "[[" + text[src.start:src.end] + "]]" + text[src.end:hi]
        print(f"{article.name}\t{src.start}\t{src.end}\t{_one_line(src.text)!r}")
        print("   ctx: " + _one_line(context))
        if att.cue:
            print("   cue: " + _one_line(att.cue.text))
        if att.content:
            print("   content: " + _one_line(att.content.text)[:200])


def parse_range(spec: str, n: int) -> range:
    if "-" in spec:
        a, b = spec.split("-", 1)
        return range(int(a), min(n, int(b) + 1))
    return range(int(spec), int(spec) + 1)


def read_labels(path: Path) -> list[tuple[str, int, int, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "file\t")):
            continue
        parts = line.split("\t")
        if len(parts) < 4:
            sys.exit(f"{path}:{number}: expected file, start, end, kind")
        rows.append((parts[0], int(parts[1]), int(parts[2]), parts[3].strip()))
    return rows


def check(part: str, path: Path) -> int:
    gold = {
        (a.name, att.source.start, att.source.end)
        for a in iter_articles(POLNEAR / part)
        for att in a.attributions
        if att.source
    }
    rows = read_labels(path)
    bad = [r for r in rows if r[3] not in KINDS or (r[0], r[1], r[2]) not in gold]
    for row in bad[:20]:
        print("not a gold Source span or unknown kind:", row)
    keys = [(r[0], r[1], r[2]) for r in rows]
    dupes = len(keys) - len(set(keys))
    counts = {k: sum(1 for r in rows if r[3] == k) for k in KINDS}
    files = {r[0] for r in rows}
    covered = sum(1 for g in gold if g[0] in files)
    print(f"{len(rows)} labels in {len(files)} articles ({covered} gold spans in them); "
          f"{len(bad)} bad, {dupes} duplicated; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    missing = [g for g in gold if g[0] in files and g not in set(keys)]
    if missing:
        print(f"{len(missing)} gold spans of labelled articles have no label, e.g. {missing[:3]}")
    return 1 if bad or dupes or missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_articles = sub.add_parser("articles", help="list the articles of a part in labelling order")
    p_articles.add_argument("part", choices=("dev", "train"))
    p_show = sub.add_parser("show", help="print the Source spans of some articles in context")
    p_show.add_argument("part", choices=("dev", "train"))
    p_show.add_argument("--articles", required=True, help="index range in labelling order, e.g. 0-9")
    p_show.add_argument("--width", type=int, default=220, help="context characters each side")
    p_check = sub.add_parser("check", help="validate a label file against the gold spans")
    p_check.add_argument("part", choices=("dev", "train"))
    p_check.add_argument("labels", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "check":
        return check(args.part, args.labels)
    articles = ordered_articles(args.part)
    if args.cmd == "articles":
        total = 0
        for i, art in enumerate(articles):
            n = sum(1 for a in art.attributions if a.source)
            total += n
            print(f"{i}\t{art.name}\t{n}\t{total}")
        return 0
    for i in parse_range(args.articles, len(articles)):
        show_article(i, articles[i], args.width)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly
    raise SystemExit(main())
