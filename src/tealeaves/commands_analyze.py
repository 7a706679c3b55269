"""Implementation of ``tealeaves analyze`` (kept out of cli.py so the CLI stays thin)."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import InputError, TealeavesError
from .model import Analysis
from .pipeline import Options, analyze


def run_analyze(paths: tuple[str, ...], *, fmt: str, out: Path | None, clean: bool,
                actors_file: Path | None) -> int:
    """Analyse each input; return the process exit code (0 ok, 2 if any input failed)."""
    from .ingest import iter_paths, read_path, read_text

    options = Options(clean=clean, actors_file=actors_file)
    results: list[Analysis] = []
    failed = 0
    inputs: list[str | Path] = []
    for p in paths:
        inputs.extend(["-"] if p == "-" else list(iter_paths([p])) or [Path(p)])
    for item in inputs:
        name = "<stdin>" if item == "-" else str(item)
        try:
            if item == "-":
                article = read_text(sys.stdin.read(), clean=clean)
            else:
                article = read_path(Path(item), clean=clean)
            results.append(analyze(article, options))
        except InputError as exc:
            print(f"tealeaves: {exc}", file=sys.stderr)
            failed += 1
        except TealeavesError as exc:
            print(f"tealeaves: {name}: {exc}", file=sys.stderr)
            failed += 1
    _write(results, fmt, out)
    return 2 if failed else 0


def _write(results: list[Analysis], fmt: str, out: Path | None) -> None:
    from .render import json as rjson

    if fmt == "jsonl":
        body = "".join(rjson.to_jsonl(a) + "\n" for a in results)
    elif fmt == "json":
        if len(results) == 1:
            body = rjson.to_json(results[0]) + "\n"
        else:
            import json

            body = json.dumps([a.to_dict() for a in results], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from .render.html import render_html

        body = "\n".join(render_html(a) for a in results)
    else:
        from .render.terminal import render_text

        body = "\n".join(render_text(a) for a in results)
    if out is None:
        sys.stdout.write(body)
    else:
        out.write_text(body, encoding="utf-8")
