"""Hand-reading helper for a sweep over real pages: run a folder of texts, show each page's
findings in a compact listing, and tally the verdicts the reader writes down.

    python scripts/page_sweep.py show /tmp/pages --sheet /tmp/pages/verdicts.tsv
    python scripts/page_sweep.py tally /tmp/pages/verdicts.tsv

``show`` analyses every ``*.txt`` and ``*.html`` in the folder in one process and prints, per
page, the genre, every attributed claim (numbered, with kind, the speaker as the reports show
it, the channel, the hedges and the content), the standing signals with who says so, the
stance labels, the removed lines and any stage issue. With ``--sheet`` it also writes a
verdict sheet (TSV, one row a page) with the counts the program knows filled in and the
columns only a reader can fill left empty. ``tally`` adds up a filled sheet. The pages' text
stays where it is: neither the sheet nor the listing is meant to be committed.

Sheet columns: page, genre (the program's), genre_true (the reader's: opinion, reporting,
satire), claims_read, claims_right, fragments, wrong_kind, wrong_speaker, missed (claims the
reader found that the program did not), standing_total, standing_plausible, notes.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

COLUMNS = (
    "page", "genre", "genre_true", "claims_read", "claims_right", "fragments", "wrong_kind",
    "wrong_speaker", "missed", "standing_total", "standing_plausible", "notes",
)
COUNTS = (
    "claims_read", "claims_right", "fragments", "wrong_kind", "wrong_speaker", "missed",
    "standing_total", "standing_plausible",
)
SUFFIXES = (".txt", ".html", ".htm")


def pages(folder: Path) -> list[Path]:
    """The texts of *folder* a sweep reads, in name order."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)


def _short(text: str, limit: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def listing(analysis: Any) -> list[str]:
    """The lines a reader judges one page by (an ``Analysis`` in, plain strings out)."""
    from tealeaves.render.stance import stance_words
    from tealeaves.render.standing import who_says_so
    from tealeaves.render.summary import speaker_label, via_label

    lines: list[str] = []
    genre = analysis.genre
    lines.append(f"genre: {genre.label} ({genre.confidence:.2f})" if genre else "genre: none")
    attributed = [c for c in analysis.claims if c.source.kind != "author"]
    lines.append(f"claims: {len(attributed)} attributed, "
                 f"{len(analysis.claims) - len(attributed)} author")
    for i, claim in enumerate(attributed, 1):
        speaker = speaker_label(analysis, claim) or "—"
        via = via_label(analysis, claim)
        hedges = ",".join(h.text for h in claim.hedges)
        extra = (f" via {via}" if via else "") + (f" hedged[{hedges}]" if hedges else "")
        lines.append(f"  C{i:02d} {claim.source.kind:<18} {speaker}{extra}")
        lines.append(f"       {_short(claim.text)!r}")
    for actor in analysis.actors:
        for sig in actor.standing:
            arrow = "↑" if sig.direction == "rising" else "↓"
            lines.append(f"  S {arrow} {actor.name}: {sig.type or sig.signal} "
                         f"[{who_says_so(sig.source_kind, sig.contested)}] {_short(sig.text, 80)!r}")
    for actor in analysis.actors:
        if actor.stance is not None:
            lines.append(f"  stance {actor.name}: {stance_words(actor.stance)}")
    removed = analysis.article.removed
    if removed:
        lines.append(f"  removed {len(removed)}: "
                     + "; ".join(_short(r.text, 40) for r in removed[:6]))
    lines.extend(f"  ISSUE {i.stage}: {i.message}" for i in analysis.issues)
    return lines


def sheet_row(name: str, analysis: Any) -> dict[str, str]:
    """A verdict-sheet row with what the program knows; the reader fills the rest."""
    row = dict.fromkeys(COLUMNS, "")
    row["page"] = name
    row["genre"] = analysis.genre.label if analysis.genre else ""
    row["claims_read"] = str(sum(1 for c in analysis.claims if c.source.kind != "author"))
    row["standing_total"] = str(sum(len(a.standing) for a in analysis.actors))
    return row


def _int(value: str, column: str, page: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise ValueError(f"{page}: column {column} is not a whole number: {value!r}") from None


def tally(rows: Iterable[dict[str, str]]) -> dict[str, int]:
    """Totals of a filled sheet: the count columns summed, genre right/judged, pages."""
    total = dict.fromkeys(COUNTS, 0) | {"pages": 0, "genre_judged": 0, "genre_right": 0}
    for row in rows:
        page = row.get("page", "?")
        total["pages"] += 1
        for column in COUNTS:
            total[column] += _int(row.get(column, ""), column, page)
        truth = (row.get("genre_true") or "").strip()
        if truth:
            total["genre_judged"] += 1
            total["genre_right"] += truth == (row.get("genre") or "").strip()
    return total


def _ratio(num: int, den: int) -> str:
    return f"{num}/{den} ({num / den:.2f})" if den else f"{num}/0"


def tally_lines(total: dict[str, int]) -> list[str]:
    """The sweep's figures as the docs state them."""
    return [
        f"pages {total['pages']}",
        f"claims right {_ratio(total['claims_right'], total['claims_read'])}",
        f"fragments {_ratio(total['fragments'], total['claims_read'])}",
        f"wrong kind {total['wrong_kind']}, wrong speaker {total['wrong_speaker']}, "
        f"missed {total['missed']}",
        f"standing plausible {_ratio(total['standing_plausible'], total['standing_total'])}",
        f"genre right {_ratio(total['genre_right'], total['genre_judged'])}",
    ]


def _show(folder: Path, sheet: Path | None) -> int:
    from tealeaves import analyze

    rows = []
    for path in pages(folder):
        analysis = analyze(path)
        print(f"=== {path.name}")
        print("\n".join(listing(analysis)))
        rows.append(sheet_row(path.name, analysis))
    if sheet is not None:
        with sheet.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t")
            writer.writeheader()
            writer.writerows(rows)
    return 0


def _tally(sheet: Path) -> int:
    with sheet.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    print("\n".join(tally_lines(tally(rows))))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("show", help="analyse a folder of pages and list their findings")
    show.add_argument("folder", type=Path)
    show.add_argument("--sheet", type=Path, help="write a verdict sheet (TSV) here")
    tal = sub.add_parser("tally", help="add up a filled verdict sheet")
    tal.add_argument("sheet", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "show":
            if not args.folder.is_dir():
                raise ValueError(f"not a folder: {args.folder}")
            return _show(args.folder, args.sheet)
        return _tally(args.sheet)
    except (OSError, ValueError) as exc:
        print(f"page_sweep: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
