"""Hand-labelling helper: the sense of each rule-accepted cue verb, by the guide's strict reading.

A seeded random draw of the cue verbs that the sourcing rules accept (the claims'
cues, veto off) in PolNeAR **train** articles — never dev — stratified by complement (mostly
the cue-sense veto's domain: a noun phrase, a preposition or nothing; a smaller share with a
clause) and by lemma (at most ``--per-lemma`` of one lemma, so rare lemmas appear). Each
occurrence is shown in its sentence; the label is written by the person reading it
(``SOURCING-GUIDE.md``, "What is a claim"): 1 when the verb reports what someone says,
thinks, holds or claims, 0 when it is another sense or its subject cannot hold a view.
This script never proposes a label.

    python scripts/label_cue_senses.py draw --seed 20261403 --articles 260 > /tmp/cands.tsv
    python scripts/label_cue_senses.py show /tmp/cands.tsv --rows 0-99
    python scripts/label_cue_senses.py merge /tmp/cands.tsv /tmp/verdicts.txt > labels.tsv
    python scripts/label_cue_senses.py check data/cue-senses/2026-12-03-labels.tsv

The candidate file (in /tmp, with the sentence) is for reading only; the label file kept in
the project is TSV with a header ``file  start  end  lemma  comp  label  reason``: the verb's
character bounds in ``text/FILE.txt``, its lemma and complement class, the label and a
one-word reason. No article text. A verdict file has one line per read row:
``ROW LABEL REASON``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

from label_source_kinds import ordered_articles

FIRST = 200  # as sample_fragments.py: positions before this are the source-kind labels
RECORDS = Path(__file__).resolve().parents[1] / "data" / "fragment-samples"
HEADER = ("file", "start", "end", "lemma", "comp", "label", "reason")


def _record_articles() -> set[str]:
    """Articles of every fragment-sample record file (kept apart from the labels)."""
    out: set[str] = set()
    for path in sorted(RECORDS.glob("*.tsv")):
        with path.open(encoding="utf-8") as fh:
            out |= {row["file"] for row in csv.DictReader(fh, delimiter="\t")}
    return out


def _rule_cues(doc, actors):  # type: ignore[no-untyped-def]
    """The cue verbs the rules accept in *doc* (those that reach the veto and give a claim)."""
    from tealeaves.stages.sourcing import cue_sense
    from tealeaves.stages.sourcing.claims import find_claims

    seen: dict[int, object] = {}
    original = cue_sense.vetoed

    def record(tok):  # type: ignore[no-untyped-def]
        seen[tok.idx] = tok
        return False

    cue_sense.vetoed = record  # type: ignore[assignment]
    try:
        claims = find_claims(doc, actors)
    finally:
        cue_sense.vetoed = original  # type: ignore[assignment]
    starts = {c.cue.start for c in claims if c.cue is not None and c.source.kind != "author"}
    return [tok for idx, tok in sorted(seen.items()) if idx in starts]


def _draw(args: argparse.Namespace) -> None:
    from tealeaves.nlp import load_model
    from tealeaves.stages.sourcing.cue_sense import complement, open_sense

    rng = random.Random(args.seed)
    skip = _record_articles()
    for path in args.skip:  # an earlier draw's articles (a top-up draw)
        skip |= {row["file"] for row in _read(path)}
    order = ordered_articles("train")
    part = order if args.forms else order[:FIRST] if args.head else order[FIRST:]
    pool = [a for a in part if a.name not in skip]
    articles = rng.sample(pool, min(args.articles, len(pool)))
    groups: dict[tuple[bool, str], list[tuple[str, int, int, str, str, str]]] = defaultdict(list)
    for art, doc in zip(articles, load_model().pipe(a.text for a in articles), strict=True):
        for tok in _rule_cues(doc, []):
            comp = complement(tok)
            sent = " ".join(doc.text[tok.sent.start_char:tok.idx].split()) + " ⟦" + tok.text + \
                "⟧ " + " ".join(doc.text[tok.idx + len(tok.text):tok.sent.end_char].split())
            lemma = tok.lemma_.lower()
            if args.forms and comp.removeprefix("quote+") not in args.forms:
                continue
            groups[(open_sense(comp), lemma)].append(
                (art.name, tok.idx, tok.idx + len(tok.text), lemma, comp, sent))
    chosen = _forms_choice(groups, rng, args) if args.forms else []
    for is_open, share in (() if args.forms else ((True, args.open), (False, args.clause))):
        capped = []
        for key in sorted(k for k in groups if k[0] is is_open):
            rows = groups[key]
            capped += rng.sample(rows, min(len(rows), args.per_lemma if is_open else 4))
        chosen += rng.sample(capped, min(share, len(capped)))
    rng.shuffle(chosen)
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(("row", "file", "start", "end", "lemma", "comp", "sentence"))
    for i, row in enumerate(chosen):
        out.writerow((i, *row))


def _forms_choice(groups, rng, args):  # type: ignore[no-untyped-def]
    """A forms draw (``--forms``): at most ``--per-lemma`` uses of one lemma, then
    ``--clause`` uses of those, seeded."""
    capped = []
    for key in sorted(groups):
        rows = groups[key]
        capped += rng.sample(rows, min(len(rows), args.per_lemma))
    return rng.sample(capped, min(args.clause, len(capped)))


def _read(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _show(args: argparse.Namespace) -> None:
    lo, _, hi = args.rows.partition("-")
    for row in _read(args.candidates)[int(lo):int(hi or lo) + 1]:
        print(f"[{row['row']}] {row['lemma']}/{row['comp']}: {row['sentence'][:400]}")


def _merge(args: argparse.Namespace) -> None:
    verdicts: dict[str, tuple[str, str]] = {}
    with open(args.verdicts, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                verdicts[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "-")
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(HEADER)
    for row in _read(args.candidates):
        if row["row"] in verdicts:
            label, reason = verdicts[row["row"]]
            out.writerow((row["file"], row["start"], row["end"], row["lemma"], row["comp"],
                          label, reason))


def _check(args: argparse.Namespace) -> None:
    rows = _read(args.labels)
    if not rows or tuple(rows[0]) != HEADER:
        sys.exit(f"error: {args.labels} lacks the header {' '.join(HEADER)}")
    bad = [r for r in rows if r["label"] not in ("0", "1")]
    if bad:
        sys.exit(f"error: {len(bad)} rows without a label 0/1")
    ones = sum(r["label"] == "1" for r in rows)
    print(f"{len(rows)} labels ({ones} report, {len(rows) - ones} not), "
          f"{len({r['file'] for r in rows})} articles, {len({r['lemma'] for r in rows})} lemmas")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    draw = sub.add_parser("draw", help="seeded candidates (TSV with the sentence) to stdout")
    draw.add_argument("--seed", type=int, required=True)
    draw.add_argument("--articles", type=int, default=260)
    draw.add_argument("--open", type=int, default=520, help="uses with a noun phrase or none")
    draw.add_argument("--clause", type=int, default=160, help="uses with a clause")
    draw.add_argument("--per-lemma", type=int, default=25)
    draw.add_argument("--head", action="store_true",
                      help="draw from the first 200 train articles (the source-kind ones)")
    draw.add_argument("--forms", nargs="*", default=[],
                      help="only these complement classes (with or without a quotation), "
                           "from every train article (a top-up of the forms outside the veto)")
    draw.add_argument("--skip", nargs="*", default=[], help="earlier draws whose articles to skip")
    show = sub.add_parser("show", help="candidates in their sentences")
    show.add_argument("candidates")
    show.add_argument("--rows", default="0-49", help="A-B")
    merge = sub.add_parser("merge", help="candidates + verdicts -> label file (no text)")
    merge.add_argument("candidates")
    merge.add_argument("verdicts")
    check = sub.add_parser("check", help="count and validate a label file")
    check.add_argument("labels")
    args = ap.parse_args()
    {"draw": _draw, "show": _show, "merge": _merge, "check": _check}[args.cmd](args)


if __name__ == "__main__":
    main()
