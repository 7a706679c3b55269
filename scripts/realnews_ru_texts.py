"""Check a folder of article texts against the hashes kept in ``data/realnews-ru``.

The hand-annotated Russian sourcing set keeps only annotations and a SHA-256 of each
article's text (the texts are copyrighted news and stay outside the repository). A user who
rebuilds the texts from the URLs in ``index.tsv`` (title on line 1, then the body, UTF-8)
checks them with::

    python scripts/realnews_ru_texts.py check DIR [--data data/realnews-ru]

It prints one line per article (``ok``, ``missing`` with the URL to fetch it from, or
``changed`` when the text differs from the annotated one) and a summary, and exits 0 only
when every text is present and matches. ``index`` rewrites ``index.tsv`` from the gold files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "data" / "realnews-ru"
COLUMNS = ("file", "url", "outlet", "genre", "sha256")


@dataclass(frozen=True)
class Entry:
    """One annotated article: its text file name, where it came from, and its hash."""

    file: str
    url: str
    outlet: str
    genre: str
    sha256: str


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes (the texts are stored as UTF-8)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_index(index: Path) -> list[Entry]:
    """The rows of ``index.tsv`` (a header line, then tab-separated ``COLUMNS``)."""
    lines = index.read_text(encoding="utf-8").splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise ValueError(f"{index}: the header must be {' '.join(COLUMNS)}")
    entries = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{index}:{number}: expected {len(COLUMNS)} columns, got {len(cells)}")
        entries.append(Entry(*cells))
    return entries


def entries_from_gold(gold: Path) -> list[Entry]:
    """One entry per ``gold/*.json`` file, in file-name order."""
    entries = []
    for path in sorted(gold.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        entries.append(Entry(record["file"], record["url"], record["outlet"], record["genre"],
                             record["sha256"]))
    return entries


def write_index(entries: list[Entry], index: Path) -> None:
    """Write ``index.tsv``: the header, then one row per entry."""
    rows = ["\t".join(COLUMNS)]
    for e in entries:
        cells = (e.file, e.url, e.outlet, e.genre, e.sha256)
        if any("\t" in c or "\n" in c for c in cells):
            raise ValueError(f"{e.file}: a field holds a tab or a newline")
        rows.append("\t".join(cells))
    index.write_text("\n".join(rows) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Report:
    """What ``check`` found: the files that match, are missing, or differ."""

    ok: list[Entry]
    missing: list[Entry]
    changed: list[Entry]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.changed


def check(texts: Path, entries: list[Entry]) -> Report:
    """Compare each entry's hash with the file of that name under *texts*."""
    ok: list[Entry] = []
    missing: list[Entry] = []
    changed: list[Entry] = []
    for e in entries:
        path = texts / e.file
        if not path.is_file():
            missing.append(e)
        elif sha256_of(path) != e.sha256:
            changed.append(e)
        else:
            ok.append(e)
    return Report(ok, missing, changed)


def report_lines(report: Report) -> list[str]:
    """Human-readable lines: one per problem, then a one-line summary."""
    lines = [f"missing  {e.file}  fetch from {e.url}" for e in report.missing]
    lines += [f"changed  {e.file}  (differs from the annotated text; see README)"
              for e in report.changed]
    total = len(report.ok) + len(report.missing) + len(report.changed)
    lines.append(f"{len(report.ok)}/{total} texts match; {len(report.missing)} missing, "
                 f"{len(report.changed)} changed")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the data folder holding index.tsv and gold/ (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    check_cmd = sub.add_parser("check", help="verify a folder of texts against the stored hashes")
    check_cmd.add_argument("texts", type=Path, help="folder of NN-slug.txt files")
    sub.add_parser("index", help="rewrite index.tsv from gold/*.json")
    args = parser.parse_args(argv)
    try:
        if args.command == "index":
            entries = entries_from_gold(args.data / "gold")
            write_index(entries, args.data / "index.tsv")
            print(f"wrote {len(entries)} rows to {args.data / 'index.tsv'}")
            return 0
        if not args.texts.is_dir():
            raise ValueError(f"{args.texts}: not a folder")
        report = check(args.texts, read_index(args.data / "index.tsv"))
    except KeyError as error:
        print(f"error: a gold file lacks the field {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print("\n".join(report_lines(report)))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
