"""Where each stage's CPU goes: a cProfile of every stage on the first N PTC articles.

    .venv/bin/python benchmarks/bench_profile.py [--limit N] [--top K] [--stage NAME]...
                                                 [--sort cumulative|tottime] [--dump DIR]

Reads the first N PTC training articles (as ``bench_pipeline.py`` does), parses each one
alone (timed, the baseline), then runs the stages in the pipeline's order on each Doc with
one ``cProfile.Profile`` per stage, switched on only around that stage's call. It prints,
per stage, its plain CPU time ÷ the parse (measured apart, without the profiler, on a second
run over fresh parses) and the top K functions of its profile by cumulative (or own) time.
With ``--dump DIR`` each stage's raw profile is written as ``DIR/<stage>.prof`` for
``python -m pstats``. The profiler adds a cost per Python call, so its seconds are for
ranking, not for ratios. ``--plain`` prints only the plain CPU times, as JSON (to compare
two versions of the code taking turns).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import DEFAULT_DATA, read_articles  # noqa: E402

STAGE_ORDER = ("actors", "sourcing", "events", "rhetoric", "stance")


def _run(articles: list[Any], stages: tuple[str, ...], profile: bool) -> dict[str, Any]:
    """Parse every article alone, run the stages on each Doc; CPU seconds per stage."""
    from tealeaves.nlp import doc_text, load_model
    from tealeaves.pipeline import STAGES, Options, State

    nlp = load_model()
    cpu = {"parse": 0.0, **{s: 0.0 for s in stages}}
    profiles = {s: cProfile.Profile() for s in stages} if profile else {}
    for article in articles:
        c0 = time.process_time()
        doc = nlp(article.text)
        cpu["parse"] += time.process_time() - c0
        doc_text(doc)
        state = State(article=article, doc=doc, options=Options())
        for name in STAGE_ORDER:
            timed = name in stages
            c0 = time.process_time()
            if timed and profile:
                profiles[name].enable()
            STAGES[name](state)
            if timed and profile:
                profiles[name].disable()
            if timed:
                cpu[name] += time.process_time() - c0
    return {"cpu": cpu, "profiles": profiles}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    ap.add_argument("--limit", type=int, default=30, help="the first N articles (default 30)")
    ap.add_argument("--top", type=int, default=25, help="functions listed per stage")
    ap.add_argument("--stage", action="append", choices=STAGE_ORDER,
                    help="profile only these stages (default: all)")
    ap.add_argument("--sort", choices=["cumulative", "tottime"], default="cumulative")
    ap.add_argument("--dump", type=Path, default=None, help="write DIR/<stage>.prof")
    ap.add_argument("--plain", action="store_true",
                    help="only the plain CPU times (no profile), as JSON")
    args = ap.parse_args(argv)
    articles, _ = read_articles(args.data, args.limit)
    if not articles:
        print(f"error: no .txt articles in {args.data}", file=sys.stderr)
        return 2
    stages = tuple(args.stage or STAGE_ORDER)
    _run(articles[:1], stages, profile=False)  # warm-up: models and vocabularies load
    plain = _run(articles, stages, profile=False)["cpu"]
    if args.plain:
        print(json.dumps({"articles": len(articles),
                          **{f"{k}_cpu_seconds": round(v, 3) for k, v in plain.items()},
                          **{f"ratio_{k}_to_parse": round(v / plain["parse"], 4)
                             for k, v in plain.items() if k != "parse"}}, indent=2))
        return 0
    profiled = _run(articles, stages, profile=True)["profiles"]
    print(f"{len(articles)} articles; parse {plain['parse']:.2f} CPU s")
    for name in stages:
        print(f"\n== {name}: {plain[name]:.2f} CPU s, {plain[name] / plain['parse']:.3f} x parse")
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            profiled[name].dump_stats(str(args.dump / f"{name}.prof"))
        out = io.StringIO()
        stats = pstats.Stats(profiled[name], stream=out)
        stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue().split("\n", 6)[-1].rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
