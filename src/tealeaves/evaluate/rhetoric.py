"""``tealeaves evaluate rhetoric``: grouped cross-validation on the PTC training articles.

Prints SI precision/recall/F1 (SemEval-2020 Task 11 formula, partial credit for overlapping
characters) and TC micro-F1 on gold spans, retraining the models in every fold exactly as
``scripts/train_rhetoric.py`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ptc2020" / "train"


@click.command("rhetoric")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="PTC training folder (articles/ and train-task2-TC.labels).",
)
@click.option("--folds", default=5, show_default=True, help="Number of article-grouped folds.")
@click.option("--max-folds", type=int, default=None, help="Run only the first N folds (quicker).")
@click.option("--limit", type=int, default=None, help="Use only the first N articles (quicker).")
@click.option("--no-si", is_flag=True, help="Skip span identification (TC only: fast).")
@click.option("--no-tc", is_flag=True, help="Skip technique classification.")
@click.option("--crf-only", is_flag=True,
              help="Span identification by the CRF alone (no MiniLM fine-tuning, no torch).")
@click.option(
    "--cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="spaCy DocBin file to reuse parses from (written if missing).",
)
@click.option(
    "--enc-cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="pickle of the articles' MiniLM sentence encodings to reuse (written if missing).",
)
@click.option(
    "--probs-cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="pickle of each fold's token probabilities: rerunning with it decodes again "
    "without retraining (written as folds finish; ignored if the folds or settings differ).",
)
@click.option(
    "--tc-blocks",
    default=None,
    help="comma-separated embedding blocks of the technique classifier "
    "(span_text, sent_text, span_state, sent_vec; default: the shipped ones).",
)
@click.option("--tc-c", type=float, default=None,
              help="inverse regularisation of the technique classifier (default: the shipped one).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(
    data_dir: Path,
    folds: int,
    max_folds: int | None,
    limit: int | None,
    no_si: bool,
    no_tc: bool,
    crf_only: bool,
    cache: Path | None,
    enc_cache: Path | None,
    probs_cache: Path | None,
    tc_blocks: str | None,
    tc_c: float | None,
    as_json: bool,
) -> None:
    """Cross-validate the rhetoric stage on the PTC (SemEval-2020 Task 11) training articles."""
    from ..errors import InputError
    from ..nlp import load_model
    from ..stages.rhetoric.classifier import EMB_BLOCKS
    from ..training.finetune import have_torch
    from ..training.rhetoric import (
        CRF_WEIGHTS,
        TC_BLOCKS,
        TC_C,
        attach_encodings,
        cross_validate,
        parse_articles,
    )
    from .ptc import iter_articles

    blocks = tuple(b.strip() for b in tc_blocks.split(",")) if tc_blocks else TC_BLOCKS
    if not set(blocks) <= set(EMB_BLOCKS):
        raise click.BadParameter(f"blocks must be among {', '.join(EMB_BLOCKS)}",
                                 param_hint="--tc-blocks")
    if not no_si and not crf_only and not have_torch():
        raise click.ClickException(
            "span identification fine-tunes MiniLM in every fold, which needs the training "
            "extra: pip install -e '.[train]' (or pass --crf-only, or --no-si)")
    if folds < 2:
        raise click.BadParameter("need at least 2 folds", param_hint="--folds")
    try:
        articles = list(iter_articles(data_dir, limit=limit))
    except InputError as exc:
        raise click.ClickException(str(exc)) from exc
    if len(articles) < folds:
        raise click.BadParameter(f"only {len(articles)} articles for {folds} folds")
    click.echo(f"parsing {len(articles)} articles…", err=True)
    parsed = parse_articles(articles, load_model(), cache=cache)
    if not no_tc:  # the technique classifier reads them; span identification does not
        click.echo("encoding sentences…", err=True)
        attach_encodings(parsed, enc_cache)
    res = cross_validate(
        parsed,
        folds=folds,
        max_folds=max_folds,
        si=not no_si,
        tc=not no_tc,
        crf_weights=(1.0,) if crf_only else CRF_WEIGHTS,
        tc_blocks=blocks,
        tc_c=TC_C if tc_c is None else tc_c,
        progress=lambda m: click.echo(m, err=True),
        probs_cache=probs_cache,
    )
    figures = {
        "articles": len(articles),
        "folds": folds,
        "folds_run": max_folds or folds,
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
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"articles: {len(articles)}, folds: {figures['folds_run']} of {folds}")
    if not no_si:
        click.echo(
            f"SI  precision {res.si.precision:.3f}  recall {res.si.recall:.3f}  F1 {res.si.f1:.3f}"
            "  (CRF weight and thresholds chosen on the other folds)"
        )
        top = sorted(res.si_by_setting.items(), key=lambda kv: -kv[1].f1)[:10]
        click.echo("    best settings pooled over the folds (--json lists all):")
        for (w, t, lo), v in top:
            click.echo(f"    CRF weight {w:.2f}, threshold {t:.2f}, low {lo:.3f}:"
                       f" P {v.precision:.3f} R {v.recall:.3f} F1 {v.f1:.3f}")
    if not no_tc:
        click.echo(f"TC  micro-F1 {res.tc.f1:.3f} (gold spans)")
        for name, v in sorted(res.tc_per_technique.items(), key=lambda kv: -kv[1].f1):
            click.echo(f"    {name:<40} F1 {v.f1:.3f}")
    click.echo(f"time: {res.seconds:.0f} s")
