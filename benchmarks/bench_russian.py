"""Speed of the Russian pipeline against a bare natasha parse of the same texts.

    python benchmarks/bench_russian.py [--limit N] [--json]     (needs the ``ru`` extra)

Reads SemEval-2023 Russian articles (``../shared/data/semeval2023-ru/articles``) and times,
in one process and on the same texts, (1) the baseline: a plain natasha ``Doc`` with
segmentation, morphology, syntax and NER, and (2) ``tealeaves.lang.ru.analyze_ru`` (the
same parse plus every Russian stage). Prints articles per second for both by CPU time of
this process (steadier on a shared machine) and wall clock, and their ratio (pipeline ÷
baseline time). Models load before timing (one warm-up article).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "semeval2023-ru" / "articles"


def bare_parse(text: str, nat: Any) -> Any:
    from natasha import Doc

    doc = Doc(text)
    doc.segment(nat.segmenter)
    doc.tag_morph(nat.morph)
    doc.parse_syntax(nat.syntax)
    doc.tag_ner(nat.ner)
    return doc


def _timed(fn: Any, texts: list[Any]) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    for t in texts:
        fn(t)
    return time.process_time() - c0, time.perf_counter() - w0


def run(data: Path, limit: int) -> dict[str, Any]:
    from tealeaves.lang.ru import analyze_ru
    from tealeaves.lang.ru.parse import load_natasha
    from tealeaves.model import Article

    paths = sorted(data.glob("article*.txt"))[:limit]
    articles = [Article.from_text(p.read_text("utf-8"), language="ru") for p in paths]
    nat = load_natasha()
    analyze_ru(articles[0])  # warm-up: models, vocabularies, the technique model
    bare_parse(articles[0].text, nat)
    base_cpu, base_wall = _timed(lambda a: bare_parse(a.text, nat), articles)
    pipe_cpu, pipe_wall = _timed(analyze_ru, articles)
    n = len(articles)
    return {
        "articles": n, "characters": sum(len(a.text) for a in articles),
        "baseline_articles_per_cpu_s": round(n / base_cpu, 2),
        "pipeline_articles_per_cpu_s": round(n / pipe_cpu, 2),
        "pipeline_articles_per_wall_s": round(n / pipe_wall, 2),
        "ratio_cpu": round(pipe_cpu / base_cpu, 3), "ratio_wall": round(pipe_wall / base_wall, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = run(args.data, args.limit)
    print(json.dumps(out) if args.json else json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
