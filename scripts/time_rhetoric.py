"""Time the rhetoric stage against the spaCy parse, per article.

    .venv/bin/python scripts/time_rhetoric.py [--n 30]

Uses the first N PolNeAR dev articles (../shared/data/polnear/dev/text); models are loaded
(and timed) once before the loop, as in a long-running process. The MiniLM pass over the
article's sentences (``embeddings.sentence_encodings``, shared with the stance stage) is
timed on its own, then the rest of the stage (which reads it from the Doc's cache).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tealeaves.embeddings import sentence_encodings  # noqa: E402
from tealeaves.nlp import load_model  # noqa: E402
from tealeaves.stages.rhetoric.classifier import embed_texts  # noqa: E402
from tealeaves.stages.rhetoric.genre import load_genre_model  # noqa: E402
from tealeaves.stages.rhetoric.techniques import (  # noqa: E402
    classify_genre,
    find_techniques,
    load_span_finder,
    load_technique_classifier,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--texts", type=Path, default=ROOT.parent / "shared/data/polnear/dev/text")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.texts.glob("*.txt"))[: args.n]]
    nlp = load_model()
    t = time.perf_counter()
    load_span_finder()
    load_technique_classifier()
    load_genre_model()
    embed_texts(["warm up"])  # loads the MiniLM encoder used by the technique classifier
    load_s = time.perf_counter() - t
    nlp(texts[0])  # warm up
    parse = enc = stage = 0.0
    n_tech = 0
    for text in texts:
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        sentence_encodings(doc)
        t2 = time.perf_counter()
        techs = find_techniques(doc)
        classify_genre(doc, [], techs)
        t3 = time.perf_counter()
        parse += t1 - t0
        enc += t2 - t1
        stage += t3 - t2
        n_tech += len(techs)
    n = len(texts)
    chars = sum(len(t) for t in texts) / n
    print(f"articles: {n} (mean {chars:.0f} chars); model load {load_s * 1000:.0f} ms once")
    print(f"parse {parse / n * 1000:.0f} ms/article; sentence encodings (shared with stance)"
          f" {enc / n * 1000:.0f} ms/article ({enc / parse:.2f} x parse); rest of the rhetoric"
          f" stage {stage / n * 1000:.0f} ms/article ({stage / parse:.2f} x parse);"
          f" stage with the encodings {(enc + stage) / parse:.2f} x parse;"
          f" techniques/article {n_tech / n:.1f}")


if __name__ == "__main__":
    main()
