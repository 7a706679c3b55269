"""Speed and memory of the pipeline against a bare spaCy parse of the same texts.

    .venv/bin/python benchmarks/bench_pipeline.py [--limit N] [--batch-size B] [--json]

Reads the PTC articles (``../shared/data/ptc2020/train/articles``), cleans them as the CLI
does, then times, in one process and on the same texts:

1. the baseline: ``nlp.pipe`` over the texts (tokens, tags, parse, entities), and
2. ``tealeaves.analyze_many`` over the same Articles (the same parse plus every stage).

It prints words per second for both, by wall clock and by the CPU time of this process
(the second is steadier on a shared machine), their ratio (pipeline ÷ baseline: the share
of the parse speed left once the stages run), and the peak resident memory of the process. The
model and every stage's resources are loaded before timing (one warm-up article), so the
figures are steady-state throughput.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ptc2020" / "train" / "articles"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    from tealeaves import Options, analyze, analyze_many
    from tealeaves.errors import InputError
    from tealeaves.ingest import iter_paths, read_path
    from tealeaves.nlp import is_supported_language, load_model

    paths = [p for p in iter_paths([args.data]) if p.suffix == ".txt"]
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        print(f"no .txt articles in {args.data}", file=sys.stderr)
        return 2
    articles = []
    skipped = 0
    for p in paths:
        try:
            article = read_path(p)
        except InputError:
            skipped += 1
            continue
        if is_supported_language(article.language):
            articles.append(article)
        else:
            skipped += 1
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    rss_start = peak_rss_mb()

    nlp = load_model()
    options = Options(batch_size=args.batch_size, check_language=False)
    analyze(articles[0], options)  # warm-up: model and every stage's resources
    rss_loaded = peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    parse_s, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_parse = peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    issues = 0
    for analysis in analyze_many(articles, options):
        issues += len(analysis.issues)
    pipeline_s, pipeline_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_pipeline = peak_rss_mb()

    figures = {
        "articles": len(articles),
        "skipped": skipped,
        "words": words,
        "batch_size": args.batch_size,
        "parse_seconds": round(parse_s, 2),
        "parse_words_per_s": round(words / parse_s),
        "pipeline_seconds": round(pipeline_s, 2),
        "pipeline_words_per_s": round(words / pipeline_s),
        "ratio_pipeline_to_parse": round(parse_s / pipeline_s, 3),
        "parse_cpu_seconds": round(parse_cpu, 2),
        "parse_words_per_cpu_s": round(words / parse_cpu),
        "pipeline_cpu_seconds": round(pipeline_cpu, 2),
        "pipeline_words_per_cpu_s": round(words / pipeline_cpu),
        "ratio_pipeline_to_parse_cpu": round(parse_cpu / pipeline_cpu, 3),
        "stage_issues": issues,
        "peak_rss_mb_before_model": round(rss_start),
        "peak_rss_mb_after_warmup": round(rss_loaded),
        "peak_rss_mb_after_parse": round(rss_parse),
        "peak_rss_mb_after_pipeline": round(rss_pipeline),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"articles: {len(articles)} ({skipped} skipped), words: {words:,}, "
          f"batch size {args.batch_size}")
    print("                      wall clock                 CPU time of this process")
    print(f"bare nlp.pipe parse : {figures['parse_words_per_s']:>8,} words/s ({parse_s:6.1f} s)"
          f"   {figures['parse_words_per_cpu_s']:>8,} words/s ({parse_cpu:6.1f} s)")
    print(f"analyze_many        : {figures['pipeline_words_per_s']:>8,} words/s "
          f"({pipeline_s:6.1f} s)   {figures['pipeline_words_per_cpu_s']:>8,} words/s "
          f"({pipeline_cpu:6.1f} s)")
    print(f"ratio (pipeline / parse speed): {figures['ratio_pipeline_to_parse']:.3f} wall, "
          f"{figures['ratio_pipeline_to_parse_cpu']:.3f} CPU; {issues} stage issues")
    print(f"peak RSS: {rss_loaded:.0f} MB after loading, {rss_parse:.0f} MB after the parse, "
          f"{rss_pipeline:.0f} MB after the pipeline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
