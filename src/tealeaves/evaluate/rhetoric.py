"""Grouped cross-validation of the rhetoric stage on the PTC training articles.

SI precision/recall/F1 (SemEval-2020 Task 11 formula, partial credit for overlapping
characters) and TC micro-F1 on gold spans, retraining the models in every fold exactly as
``scripts/train_rhetoric.py`` does. ``tealeaves evaluate rhetoric`` prints the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ptc import PtcArticle, iter_articles

if TYPE_CHECKING:
    from ..training.rhetoric import CvResult

@dataclass(frozen=True)
class CvOptions:
    """What :func:`cross_validate_ptc` runs: folds, which tasks, the classifier's settings
    (None: the shipped ones) and the caches to reuse or write."""

    folds: int = 5
    max_folds: int | None = None
    si: bool = True
    tc: bool = True
    crf_only: bool = False
    tc_blocks: tuple[str, ...] | None = None
    tc_c: float | None = None
    cache: Path | None = None
    enc_cache: Path | None = None
    probs_cache: Path | None = None
    #: the span tagger's graph with hidden-state outputs (``training.tagger_states``), run
    #: over every article when a ``tagK_…`` block is asked for (None: the shipped tagger)
    tagger_graph: Path | None = None


def parse_blocks(text: str | None) -> tuple[str, ...] | None:
    """The embedding blocks named in a comma-separated *text* (None for none given).

    Raises ValueError naming the known blocks when one is not among them."""
    from ..stages.rhetoric.classifier import EMB_BLOCKS, known_block

    if not text:
        return None
    blocks = tuple(b.strip() for b in text.split(","))
    if not all(known_block(b) for b in blocks):
        raise ValueError(f"blocks must be among {', '.join(EMB_BLOCKS)} or tagK_span, "
                         "tagK_sent, tagK_edges (K: a tagger layer, 1-6)")
    return blocks


def lacks_torch(options: CvOptions) -> bool:
    """Whether *options* ask for the MiniLM fine-tuning and torch is not installed."""
    from ..training import finetune

    return options.si and not options.crf_only and not finetune.have_torch()


def read_articles(root: Path, limit: int | None = None) -> list[PtcArticle]:
    """The PTC articles under *root* (InputError if it is not a PTC folder)."""
    return list(iter_articles(root, limit=limit))


def cross_validate_ptc(articles: list[PtcArticle], options: CvOptions,
                       progress: Callable[[str], None] = lambda _m: None) -> CvResult:
    """Parse *articles* (and encode their sentences when TC is scored), then cross-validate."""
    from ..nlp import load_model
    from ..training.rhetoric import (
        CRF_WEIGHTS,
        TC_BLOCKS,
        TC_C,
        attach_encodings,
        attach_tagger_states,
        cross_validate,
        parse_articles,
    )

    progress(f"parsing {len(articles)} articles…")
    parsed = parse_articles(articles, load_model(), cache=options.cache)
    blocks = options.tc_blocks or TC_BLOCKS
    if options.tc and any(b in ("span_state", "sent_vec") for b in blocks):
        progress("encoding sentences…")  # the technique classifier reads them
        attach_encodings(parsed, options.enc_cache)
    if options.tc and any(b.startswith("tag") for b in blocks):
        progress("running the span tagger for its states…")
        attach_tagger_states(parsed, options.tagger_graph, blocks)
    return cross_validate(
        parsed,
        folds=options.folds,
        max_folds=options.max_folds,
        si=options.si,
        tc=options.tc,
        crf_weights=(1.0,) if options.crf_only else CRF_WEIGHTS,
        tc_blocks=options.tc_blocks or TC_BLOCKS,
        tc_c=TC_C if options.tc_c is None else options.tc_c,
        progress=progress,
        probs_cache=options.probs_cache,
    )


def figures(res: CvResult, articles: int, options: CvOptions) -> dict[str, Any]:
    """The JSON-ready figures of one cross-validation run over *articles* articles."""
    return {
        "articles": articles,
        "folds": options.folds,
        "folds_run": options.max_folds or options.folds,
        "si": {"precision": res.si.precision, "recall": res.si.recall, "f1": res.si.f1},
        "si_setting_pooled_best": {"crf_weight": res.best_setting[0],
                                   "threshold": res.best_setting[1],
                                   "low_threshold": res.best_setting[2]},
        "si_by_setting": {f"{w:g}/{t:g}/{lo:g}": round(v.f1, 4)
                          for (w, t, lo), v in res.si_by_setting.items()},
        "tc_micro_f1": res.tc.f1,
        "tc_per_technique_f1": {k: round(v.f1, 4) for k, v in res.tc_per_technique.items()},
        "seconds": round(res.seconds, 1),
    }
