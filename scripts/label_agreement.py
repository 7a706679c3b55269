"""Agreement between two sets of hand labels of PolNeAR source kinds.

A second labeller re-labels a seeded random sample of spans blind (seeing only the span in its
context, never the first labels); this script draws the sample, shows its spans, and compares.

    python scripts/label_agreement.py sample OUT.tsv FILE... [--n 150] [--seed 7]
    python scripts/label_agreement.py show dev SAMPLE.tsv [--width N]
    python scripts/label_agreement.py compare MINE.tsv REFERENCE.tsv...

``sample`` reads only the file/start/end columns of the label files and writes the sample
without kinds. ``compare`` prints the number of spans, raw agreement, Cohen's kappa and every
confusion pair (reference kind -> other kind, with its count); it exits 1 when a span of the
first file has no reference label.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
from collections import Counter
from pathlib import Path

Key = tuple[str, int, int]

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def read_rows(path: Path, with_kind: bool) -> list[tuple[Key, str]]:
    """The (file, start, end) keys of a label file, with the kind when asked for."""
    rows: list[tuple[Key, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith(("#", "file\t")):
            continue
        parts = line.split("\t")
        need = 4 if with_kind else 3
        if len(parts) < need:
            raise SystemExit(f"{path}:{number}: expected {need} tab-separated columns")
        try:
            key = (parts[0], int(parts[1]), int(parts[2]))
        except ValueError:
            raise SystemExit(f"{path}:{number}: start and end must be integers") from None
        rows.append((key, parts[3].strip() if with_kind else ""))
    return rows


def draw_sample(paths: list[Path], n: int, seed: int) -> list[Key]:
    """A seeded sample of n distinct spans over the rows of all files, in file order."""
    keys = sorted({key for p in paths for key, _ in read_rows(p, with_kind=False)})
    if n > len(keys):
        raise SystemExit(f"asked for {n} spans but the files hold only {len(keys)}")
    return sorted(random.Random(seed).sample(keys, n))


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labellings given as (first, second) pairs."""
    n = len(pairs)
    if n == 0:
        raise ValueError("no pairs")
    observed = sum(1 for a, b in pairs if a == b) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def compare(mine: Path, references: list[Path]) -> int:
    ref: dict[Key, str] = {}
    for path in references:
        ref.update(read_rows(path, with_kind=True))
    rows = read_rows(mine, with_kind=True)
    missing = [key for key, _ in rows if key not in ref]
    if missing:
        print(f"{len(missing)} spans have no reference label, e.g. {missing[:3]}")
        return 1
    pairs = [(ref[key], kind) for key, kind in rows]
    agree = sum(1 for a, b in pairs if a == b)
    print(f"spans {len(pairs)}; agreement {agree}/{len(pairs)} = {agree / len(pairs):.3f}; "
          f"Cohen's kappa {cohen_kappa(pairs):.3f}")
    print("reference kinds: " + ", ".join(f"{k} {v}" for k, v in Counter(a for a, _ in pairs)
                                          .most_common()))
    print("other kinds:     " + ", ".join(f"{k} {v}" for k, v in Counter(b for _, b in pairs)
                                          .most_common()))
    confusion = Counter((a, b) for a, b in pairs if a != b)
    for (a, b), count in confusion.most_common():
        print(f"  {a} -> {b}\t{count}")
    for key, kind in rows:
        if ref[key] != kind:
            print(f"  {key[0]}\t{key[1]}\t{key[2]}\treference {ref[key]}\tother {kind}")
    return 0


def show(part: str, sample: Path, width: int) -> int:
    from tealeaves.evaluate.polnear import iter_articles

    keys = [key for key, _ in read_rows(sample, with_kind=False)]
    wanted = {key[0] for key in keys}
    articles = {a.name: a for a in iter_articles(POLNEAR / part) if a.name in wanted}
    for number, (name, start, end) in enumerate(keys):
        article = articles.get(name)
        if article is None:
            raise SystemExit(f"{name}: no such article in PolNeAR {part}")
        text = article.text
        lo, hi = max(0, start - width), min(len(text), end + width)
        context = text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]
        print(f"--- {number} {name}\t{start}\t{end}\t{text[start:end]!r}")
        print("   ctx: " + " ".join(context.split()))
        for att in article.attributions:
            if att.source and (att.source.start, att.source.end) == (start, end):
                cue = " ".join(att.cue.text.split()) if att.cue else ""
                content = " ".join(att.content.text.split())[:200] if att.content else ""
                print(f"   cue: {cue} | content: {content}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_sample = sub.add_parser("sample", help="draw a seeded sample of spans (no kinds)")
    p_sample.add_argument("out", type=Path)
    p_sample.add_argument("files", type=Path, nargs="+")
    p_sample.add_argument("--n", type=int, default=150)
    p_sample.add_argument("--seed", type=int, default=7)
    p_show = sub.add_parser("show", help="print the sampled spans in context")
    p_show.add_argument("part", choices=("dev", "train"))
    p_show.add_argument("sample", type=Path)
    p_show.add_argument("--width", type=int, default=260)
    p_compare = sub.add_parser("compare", help="agreement, kappa and confusion pairs")
    p_compare.add_argument("mine", type=Path)
    p_compare.add_argument("references", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.cmd == "sample":
        keys = draw_sample(args.files, args.n, args.seed)
        lines = ["file\tstart\tend"] + [f"{f}\t{s}\t{e}" for f, s, e in keys]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(keys)} spans written to {args.out}")
        return 0
    if args.cmd == "show":
        return show(args.part, args.sample, args.width)
    return compare(args.mine, args.references)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly
    sys.exit(main())
