"""Speed and memory of the pipeline against a bare spaCy parse of the same texts.

    .venv/bin/python benchmarks/bench_pipeline.py [--limit N] [--batch-size B] [--json]

Reads the PTC articles (``../shared/data/ptc2020/train/articles``), cleans them as the CLI
does, then times, in one process and on the same texts:

1. the baseline: ``nlp.pipe`` over the texts (tokens, tags, parse, entities), and
2. ``tealeaves.analyze_many`` over the same Articles (the same parse plus every stage).

It prints words per second for both, by wall clock and by the CPU time of this process
(the second is steadier on a shared machine), their ratio (pipeline ÷ baseline: the share
of the parse speed left once the stages run), each stage's time (wall clock, from the
analyses' timings, and CPU time of the process, encoder threads included) ÷ the parse's, and
the peak resident memory of the process. The
model and every stage's resources are loaded before timing (one warm-up article), so the
figures are steady-state throughput.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tealeaves import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ptc2020" / "train" / "articles"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@dataclass
class Run:
    """What one benchmark run measured (seconds and MB unrounded)."""

    articles: int
    skipped: int
    words: int
    batch_size: int
    parse_s: float = 0.0
    parse_cpu: float = 0.0
    pipeline_s: float = 0.0
    pipeline_cpu: float = 0.0
    issues: int = 0
    rss: dict[str, float] = field(default_factory=dict)
    #: seconds spent in each stage over all articles (``Analysis.timings``)
    stages: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of this process in each stage over all articles (encoder threads included)
    stages_cpu: dict[str, float] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        words = self.words
        return {
            "articles": self.articles,
            "skipped": self.skipped,
            "words": words,
            "batch_size": self.batch_size,
            "parse_seconds": round(self.parse_s, 2),
            "parse_words_per_s": round(words / self.parse_s),
            "pipeline_seconds": round(self.pipeline_s, 2),
            "pipeline_words_per_s": round(words / self.pipeline_s),
            "ratio_pipeline_to_parse": round(self.parse_s / self.pipeline_s, 3),
            "parse_cpu_seconds": round(self.parse_cpu, 2),
            "parse_words_per_cpu_s": round(words / self.parse_cpu),
            "pipeline_cpu_seconds": round(self.pipeline_cpu, 2),
            "pipeline_words_per_cpu_s": round(words / self.pipeline_cpu),
            "ratio_pipeline_to_parse_cpu": round(self.parse_cpu / self.pipeline_cpu, 3),
            "stage_issues": self.issues,
            **{f"stage_{k}_seconds": round(v, 2) for k, v in self.stages.items()},
            **{f"ratio_stage_{k}_to_parse": round(v / self.parse_s, 3)
               for k, v in self.stages.items()},
            **{f"stage_{k}_cpu_seconds": round(v, 2) for k, v in self.stages_cpu.items()},
            **{f"ratio_stage_{k}_cpu_to_parse_cpu": round(v / self.parse_cpu, 3)
               for k, v in self.stages_cpu.items()},
            **{f"peak_rss_mb_{k}": round(v) for k, v in self.rss.items()},
        }


@contextmanager
def stage_cpu(acc: dict[str, float]) -> Iterator[None]:
    """Within this block, add each pipeline stage's CPU time (``time.process_time``) to
    *acc* by stage name (the stages are wrapped in ``pipeline.STAGES`` and put back after)."""
    from tealeaves import pipeline

    original = dict(pipeline.STAGES)

    def timed(name: str, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        def run_stage(state: Any) -> None:
            c0 = time.process_time()
            try:
                fn(state)
            finally:
                acc[name] = acc.get(name, 0.0) + time.process_time() - c0
        return run_stage

    pipeline.STAGES.update({name: timed(name, fn) for name, fn in original.items()})
    try:
        yield
    finally:
        pipeline.STAGES.update(original)


def read_articles(data: Path, limit: int | None) -> tuple[list[Article], int]:
    """The supported-language .txt articles under *data* (first *limit*), and how many
    were skipped (unreadable or in another language)."""
    from tealeaves.errors import InputError
    from tealeaves.ingest import iter_paths, read_path
    from tealeaves.nlp import is_supported_language

    paths = [p for p in iter_paths([data]) if p.suffix == ".txt"]
    if limit:
        paths = paths[:limit]
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
    return articles, skipped


def measure(articles: list[Article], skipped: int, batch_size: int) -> Run:
    """Time the bare parse and the pipeline on the same texts, after one warm-up article."""
    from tealeaves import Options, analyze, analyze_many
    from tealeaves.nlp import load_model

    texts = [a.text for a in articles]
    run = Run(len(articles), skipped, sum(len(t.split()) for t in texts), batch_size)
    run.rss["before_model"] = peak_rss_mb()
    nlp = load_model()
    options = Options(batch_size=batch_size, check_language=False)
    analyze(articles[0], options)  # warm-up: model and every stage's resources
    run.rss["after_warmup"] = peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    run.parse_s, run.parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    run.rss["after_parse"] = peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    with stage_cpu(run.stages_cpu):
        for analysis in analyze_many(articles, options):
            run.issues += len(analysis.issues)
            for name, seconds in analysis.timings.items():
                run.stages[name] = run.stages.get(name, 0.0) + seconds
    run.pipeline_s, run.pipeline_cpu = time.perf_counter() - t0, time.process_time() - c0
    run.rss["after_pipeline"] = peak_rss_mb()
    return run


def report(run: Run) -> None:
    """The figures as a short table."""
    figures = run.figures()
    print(f"articles: {run.articles} ({run.skipped} skipped), words: {run.words:,}, "
          f"batch size {run.batch_size}")
    print("                      wall clock                 CPU time of this process")
    print(f"bare nlp.pipe parse : {figures['parse_words_per_s']:>8,} words/s "
          f"({run.parse_s:6.1f} s)   {figures['parse_words_per_cpu_s']:>8,} words/s "
          f"({run.parse_cpu:6.1f} s)")
    print(f"analyze_many        : {figures['pipeline_words_per_s']:>8,} words/s "
          f"({run.pipeline_s:6.1f} s)   {figures['pipeline_words_per_cpu_s']:>8,} words/s "
          f"({run.pipeline_cpu:6.1f} s)")
    print(f"ratio (pipeline / parse speed): {figures['ratio_pipeline_to_parse']:.3f} wall, "
          f"{figures['ratio_pipeline_to_parse_cpu']:.3f} CPU; {run.issues} stage issues")
    print("stage time ÷ parse time: " + ", ".join(
        f"{k} {v / run.parse_s:.2f}" for k, v in run.stages.items()))
    print("stage CPU ÷ parse CPU: " + ", ".join(
        f"{k} {v / run.parse_cpu:.2f}" for k, v in run.stages_cpu.items()))
    print(f"peak RSS: {run.rss['after_warmup']:.0f} MB after loading, "
          f"{run.rss['after_parse']:.0f} MB after the parse, "
          f"{run.rss['after_pipeline']:.0f} MB after the pipeline")



def parts_main(description: str, measure: Callable[[list[Article]], dict[str, Any]],
               argv: list[str] | None = None) -> int:
    """The command line shared by the per-part benchmarks (``bench_rhetoric_parts.py``,
    ``bench_stance_parts.py``): read the first ``--limit`` articles of ``--data``, run
    *measure* on them and print its figures (as JSON with ``--json``)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    ap.add_argument("--limit", type=int, default=30, help="the first N articles (default 30)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    articles, _skipped = read_articles(args.data, args.limit)
    if not articles:
        print(f"error: no .txt articles in {args.data}", file=sys.stderr)
        return 2
    figures = measure(articles)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:40s} {value}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    articles, skipped = read_articles(args.data, args.limit)
    if not articles and not skipped:
        print(f"no .txt articles in {args.data}", file=sys.stderr)
        return 2
    run = measure(articles, skipped, args.batch_size)
    if args.json:
        print(json.dumps(run.figures(), indent=2))
    else:
        report(run)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
