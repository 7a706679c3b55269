"""CPU time of each part of the rhetoric stage, as a multiple of the spaCy parse.

    .venv/bin/python benchmarks/bench_rhetoric_parts.py [--limit N] [--json]

Reads the first N PTC training articles (as ``bench_pipeline.py`` does), parses each one
alone, then times one part after the other on the same Doc, by the CPU time of this process
(steadier than the wall clock on a shared machine): the frozen MiniLM pass over every
sentence (``embeddings.sentence_encodings``, shared with stance and genre), the CRF's
features and marginals, the fine-tuned MiniLM tagger over the article's windows, the MiniLM
embeddings of the span texts (spans and nested name-calling candidates; only if the shipped
technique classifier reads them), the rest of the technique classifier (with the sentences
and span texts already encoded), and genre. Models load before timing. Each figure is the part's CPU
seconds over all articles ÷ the parse's.

Since 2026-12-03 (fourth session) the shipped technique classifier reads the tagger's
layer-3 states, so the frozen pass over every sentence is timed only while the classifier
reads it (a block ``span_state`` or ``sent_vec``); genre, which encodes only the author's own
sentences (with the frozen encoder unless its subjectivity model names a ``tagger_layer``),
is then timed with that encoding included.

With the shared pass on (``TEALEAVES_TAGGER_GRAPH`` and ``TEALEAVES_SHARED_LAYER``, see
``stages/rhetoric/techniques.py``), the frozen pass is not run: the tagger's run keeps its
hidden states, and ``encodings_from_states`` times turning them into the sentence encodings
that the classifier and genre then read.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import parts_main  # noqa: E402

PARTS = ("frozen_sentences", "crf", "tagger", "encodings_from_states", "span_text_embeddings",
         "technique_classifier", "genre")


def _timed(acc: dict[str, float], part: str, fn: Callable[[], Any]) -> Any:
    c0 = time.process_time()
    out = fn()
    acc[part] = acc.get(part, 0.0) + time.process_time() - c0
    return out


def measure(texts: list[str]) -> dict[str, Any]:
    """CPU seconds per part over *texts*, the parse's included."""
    from tealeaves.embeddings import sentence_encodings, set_sentence_encodings
    from tealeaves.nlp import load_model
    from tealeaves.stages.rhetoric import classifier
    from tealeaves.stages.rhetoric.encoder import sentence_encodings_from_states
    from tealeaves.stages.rhetoric.genre import load_genre_model
    from tealeaves.stages.rhetoric.techniques import (
        classify_genre,
        load_span_finder,
        load_technique_classifier,
        nested_candidates,
    )

    nlp, finder, clf = load_model(), load_span_finder(), load_technique_classifier()
    load_genre_model()
    classifier.embed_texts(["warm up"])
    acc: dict[str, float] = {}
    spans_n = 0
    # whether the technique classifier still reads the frozen pass over the sentences
    frozen = any(b in ("span_state", "sent_vec") for b in clf.blocks)
    for text in texts:
        doc = _timed(acc, "parse", lambda t=text: nlp(t))
        shared = finder.shared_layer
        if shared is None and frozen:
            _timed(acc, "frozen_sentences", lambda d=doc: sentence_encodings(d))
        crf = _timed(acc, "crf", lambda d=doc: finder.crf_probs(d))
        if finder.tokens is not None:
            _timed(acc, "tagger", lambda d=doc, c=crf: finder.tokens.unit_probs(  # type: ignore[union-attr]
                d, [u for u, _p in c]))
        if shared is not None:
            _timed(acc, "encodings_from_states", lambda d=doc, k=shared: set_sentence_encodings(
                d, sentence_encodings_from_states(d, k)))
        found = finder.spans(doc)  # not timed (it runs the CRF and the tagger again)
        spans = [(s, e) for s, e, _ in found] + [(s, e) for s, e, _ in nested_candidates(doc, found)]
        spans_n += len(spans)
        if not spans:
            continue
        with classifier.memoised_embeddings():  # the classifier reads the texts embedded here
            if "span_text" in clf.blocks:
                _timed(acc, "span_text_embeddings", lambda d=doc, sp=spans: classifier.embed_texts(
                    [d.text[s:e] for s, e in sp]))
            _timed(acc, "technique_classifier",
                   lambda d=doc, sp=spans: clf.predict_proba(d.text, sp, d))
        _timed(acc, "genre", lambda d=doc: classify_genre(d, [], []))
    parse = acc["parse"]
    return {"articles": len(texts), "spans_and_candidates": spans_n,
            "parse_cpu_seconds": round(parse, 2),
            **{f"ratio_{p}_to_parse": round(acc.get(p, 0.0) / parse, 3) for p in PARTS},
            "ratio_rhetoric_parts_to_parse": round(sum(acc.get(p, 0.0) for p in PARTS) / parse, 3)}


def main(argv: list[str] | None = None) -> int:
    return parts_main((__doc__ or "").split("\n\n")[0], lambda articles: measure([a.text for a in articles]), argv)

if __name__ == "__main__":
    raise SystemExit(main())
