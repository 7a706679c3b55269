"""Show that a change leaves the analyses byte-identical.

Writes the JSON analysis of the founding article and of the first N PolNeAR dev articles
(sorted by file name) to a folder, or compares them with a folder written earlier:

    python scripts/compare_outputs.py save /tmp/before
    ... change the code ...
    python scripts/compare_outputs.py compare /tmp/before

Stage timings (wall-clock) are left out. Exit status 0 when every file is byte-identical, 1 otherwise (the differing names are listed).
The folder lives outside the repository: the outputs quote the articles' text.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def inputs(n: int) -> list[Path]:
    founding = SHARED / "examples" / "lavrov-last-tango.txt"
    dev = sorted((SHARED / "data" / "polnear" / "dev" / "text").glob("*.txt"))[:n]
    missing = [p for p in [founding, *dev[:1]] if not p.is_file()]
    if missing:
        sys.exit(f"error: missing input {missing[0]} (needs ../shared beside the repository)")
    return [founding, *dev]


def outputs(paths: list[Path]) -> dict[str, str]:
    from tealeaves import analyze_many

    out = {}
    for path, analysis in zip(paths, analyze_many(paths), strict=True):
        # Stage timings are wall-clock measurements and differ on every run.
        out[path.name] = replace(analysis, timings={}).to_json(indent=2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["save", "compare"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--n", type=int, default=20, help="PolNeAR dev articles (default 20)")
    args = ap.parse_args()
    got = outputs(inputs(args.n))
    if args.mode == "save":
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in got.items():
            (args.folder / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"saved {len(got)} analyses to {args.folder}")
        return 0
    differ = [
        name for name, text in got.items()
        if not (args.folder / f"{name}.json").is_file()
        or (args.folder / f"{name}.json").read_text(encoding="utf-8") != text
    ]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(got) - len(differ)} of {len(got)} analyses byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
