"""CPU time of each part of the stance stage, as a multiple of the spaCy parse.

    .venv/bin/python benchmarks/bench_stance_parts.py [--limit N] [--json]

Reads the first N PTC training articles (as ``bench_pipeline.py`` does), parses each one
alone, runs the stages before stance (actors, sourcing, events, rhetoric) and the frozen
MiniLM pass over every sentence (the rhetoric stage's, shared; not counted here), then
times, by the CPU time of this process, on the same Docs:

* ``stage``: the whole stance stage (``assess_actors``), each Doc's per-target memo cleared
  first, twice; the second run counts (the first warms the caches of the vocabularies);
* its parts, one after the other on every mention the stage reads: ``standing``
  (``find_standing``); ``voices`` (whose words each mention sits in); ``sparse_features``
  (``target_features``); ``tagger_encodings`` (the sentence encodings built from the span
  tagger's states the rhetoric stage left, for a model on the tagger's layer);
  ``dense_blocks`` (``dense_features``, the stance model's blocks read from them); ``head``
  (the target head over the tagger's states, each sentence normalised once); ``model`` (the
  linear model and softmax over them);
  ``framing`` (``cast_actor`` for every actor, the stance probabilities already kept).

The parts time each piece alone, so their sum is not the stage's time: the stage reads some
mentions twice (stance and framing) and skips the stance model where a mention is a speaker
or a setting. Each figure is CPU seconds over all articles ÷ the parse's.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import parts_main  # noqa: E402

PARTS = ("standing", "voices", "sparse_features", "tagger_encodings", "dense_blocks", "head",
         "model", "framing")
#: ``Doc.user_data`` keys of the stance stage's per-target memos (cleared before each run).
MEMO_KEYS = ("tealeaves.stance_probabilities", "tealeaves.stance_dense",
             "tealeaves.stance_head_base", "tealeaves.framing_sentence_states",
             "tealeaves.stance_tokens")


def _timed(acc: dict[str, float], part: str, fn: Callable[[], Any]) -> Any:
    c0 = time.process_time()
    out = fn()
    acc[part] = acc.get(part, 0.0) + time.process_time() - c0
    return out


def _prepare(articles: list[Any], acc: dict[str, float]) -> list[Any]:
    """Parse each article alone (timed as ``parse``) and run the stages before stance."""
    from tealeaves.embeddings import sentence_encodings
    from tealeaves.nlp import load_model
    from tealeaves.pipeline import STAGES, Options, State

    nlp = load_model()
    states = []
    for article in articles:
        doc = _timed(acc, "parse", lambda a=article: nlp(a.text))
        state = State(article=article, doc=doc, options=Options())
        for name in ("actors", "sourcing", "events", "rhetoric"):
            STAGES[name](state)
        sentence_encodings(doc)
        states.append(state)
    return states


def _stage(states: list[Any], acc: dict[str, float] | None) -> None:
    from tealeaves.stages.stance import assess_actors

    def run(st: Any) -> None:
        assess_actors(st.doc, st.actors, st.techniques, st.events, claims=st.claims)

    for st in states:
        for key in MEMO_KEYS:
            st.doc.user_data.pop(key, None)
        if acc is None:
            run(st)
        else:
            _timed(acc, "stage", lambda s=st: run(s))


def _parts(states: list[Any], acc: dict[str, float]) -> int:
    """Time each part over every mention; returns how many mentions the model read."""
    from tealeaves.stages.stance.assess import _head_scores, _sentence_of, load_stance_model
    from tealeaves.stages.stance.features import dense_features, target_features
    from tealeaves.stages.stance.framing import cast_actor
    from tealeaves.stages.stance.tagged import tagger_encoding_at
    from tealeaves.stages.stance.voices import voice_of
    from tealeaves.stages.standing import find_standing

    model = load_stance_model()
    blocks = tuple(model.dense)
    read = 0
    for st in states:
        doc = st.doc
        _timed(acc, "standing", lambda s=st: find_standing(s.doc, s.actors, s.events, s.claims))
        sents = list(doc.sents)
        targets = []
        for actor in st.actors:
            for m in actor.mentions:
                try:
                    targets.append((_sentence_of(doc, m.start, m.end, sents), m.start, m.end))
                except ValueError:
                    continue
        voices = _timed(acc, "voices", lambda t=targets, s=st: [
            voice_of(sent, a, b, s.claims)[0] for sent, a, b in t])
        modelled = [t for t, v in zip(targets, voices, strict=True) if v is not None]
        read += len(modelled)
        doc.user_data.pop("tealeaves.stance_tokens", None)  # the features' token table: counted
        sparse = _timed(acc, "sparse_features", lambda t=modelled: [
            target_features(sent, a, b) for sent, a, b in t])
        layer = model.dense_layer
        if layer is None:  # the frozen encoder's blocks (an older model)
            encs: list[Any] = [None] * len(modelled)
        else:  # the tagger's states as sentence encodings (the rhetoric stage left them)
            encs = _timed(acc, "tagger_encodings", lambda t=modelled, d=doc, k=layer: [
                tagger_encoding_at(d, a, k) for _s, a, _b in t])
        dense = _timed(acc, "dense_blocks", lambda t=modelled, e=encs, k=layer: [
            {} if x is None and k is not None else dense_features(sent, a, b, blocks, encoding=x)
            for (sent, a, b), x in zip(t, e, strict=True)])
        doc.user_data.pop("tealeaves.stance_head_base", None)
        head = _timed(acc, "head", lambda t=modelled, e=encs, d=doc: [
            _head_scores(model, x, a, b, d) for (_s, a, b), x in zip(t, e, strict=True)])
        _timed(acc, "model", lambda f=sparse, d=dense, h=head: [
            model.probabilities(x, y, z) for x, y, z in zip(f, d, h, strict=True)])
        _timed(acc, "framing", lambda s=st, ss=sents: [
            cast_actor(s.doc, actor, ss) for actor in s.actors])
    return read


def measure(articles: list[Any]) -> dict[str, Any]:
    """CPU seconds of the stage and of each part over *articles*, ÷ the parse's."""
    from tealeaves.stages.stance.assess import load_stance_model
    from tealeaves.stages.stance.framing import load_framing_model

    load_stance_model()
    load_framing_model()
    acc: dict[str, float] = {}
    states = _prepare(articles, acc)
    _stage(states, None)  # warm-up
    _stage(states, acc)
    read = _parts(states, acc)
    parse = acc["parse"]
    return {"articles": len(articles), "actors": sum(len(s.actors) for s in states),
            "mentions_read_by_the_model": read,
            "parse_cpu_seconds": round(parse, 2),
            "stage_cpu_seconds": round(acc["stage"], 2),
            "ratio_stage_to_parse": round(acc["stage"] / parse, 3),
            **{f"ratio_{p}_to_parse": round(acc.get(p, 0.0) / parse, 3) for p in PARTS}}


def main(argv: list[str] | None = None) -> int:
    return parts_main((__doc__ or "").split("\n\n")[0], measure, argv)

if __name__ == "__main__":
    raise SystemExit(main())
