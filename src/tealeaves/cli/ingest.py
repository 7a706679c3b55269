"""``tealeaves ingest``: analyse sources into the store, in parallel, resuming where a run
stopped."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from .options import db_option, emit_json, format_option, open_db

if TYPE_CHECKING:
    from ..store import Store


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes (default: the CPU cores available).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="local process pool, or a Dask cluster.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Dask scheduler address (default: start a local cluster).")
@click.option("--chunk-size", type=click.IntRange(1, 1000), default=4, show_default=True,
              help="Articles sent to a worker at a time.")
@click.option("--stages", default=None, help="Comma-separated stages to run (default all).")
@click.option("--follow-links", is_flag=True, help="For feeds: fetch each entry's page.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds allowed for each URL fetch.")
@click.option("--no-clean", is_flag=True, help="Keep texts exactly as read.")
@click.option("--dedup-threshold", type=click.FloatRange(0.05, 1.0), default=0.7,
              show_default=True, help="MinHash similarity above which articles are "
                                      "near-duplicates.")
@click.option("--article-timeout", type=click.FloatRange(min=1), default=None,
              metavar="SECONDS",
              help="Time one article may take in a worker before the worker is stopped and "
                   "the article recorded as failed (default: 7200; a 1 MB news article "
                   "took about an hour on a busy 2-core machine).")
@click.option("--retry-failed", is_flag=True,
              help="Analyse again the articles whose analysis crashed, timed out or failed "
                   "in an earlier run (skipped otherwise).")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@format_option
def ingest(sources: tuple[str, ...], db: str, workers: int | None, engine: str,
           scheduler: str | None, chunk_size: int, stages: str | None, follow_links: bool,
           timeout: float, no_clean: bool, dedup_threshold: float,
           article_timeout: float | None, retry_failed: bool, no_progress: bool,
           fmt: str) -> None:
    """Analyse SOURCES into the store: files, directories, JSONL, RSS/Atom, WARC, URLs.

    Already stored articles are skipped, so a stopped run resumes where it stopped; so are
    articles whose analysis failed before (see --retry-failed). An article that crashes or
    hangs its worker costs only itself. Several runs on one store share the work."""
    from ..batch import (
        ARTICLE_TIMEOUT,
        BatchOptions,
        default_workers,
        estimate_total,
        run_batch,
    )
    from ..pipeline import STAGE_NAMES, Options

    chosen = STAGE_NAMES
    if stages:
        chosen = tuple(x.strip() for x in stages.split(",") if x.strip())
        bad = [x for x in chosen if x not in STAGE_NAMES]
        if bad:
            raise click.BadParameter(f"unknown stage(s) {bad}; choose from {STAGE_NAMES}")
    opts = BatchOptions(
        workers=workers or default_workers(), engine=engine, scheduler=scheduler,
        chunk_size=chunk_size, dedup_threshold=dedup_threshold, clean=not no_clean,
        follow_links=follow_links, timeout=timeout,
        article_timeout=article_timeout or ARTICLE_TIMEOUT,
        retry_failed=retry_failed,
        pipeline=Options(clean=not no_clean, stages=chosen, check_language=True),
    )
    with open_db(db, create=True) as store:
        if no_progress or not sys.stderr.isatty():
            report = run_batch(sources, store, opts)
        else:
            report = _with_progress(sources, store, opts, estimate_total(sources))
    if fmt == "json":
        emit_json(report.to_dict())
    else:
        _print_report(report.to_dict())
    if report.interrupted:
        sys.exit(130)


def _print_report(rep: dict[str, Any]) -> None:
    extra = [f"{rep[k]} {what}" for k, what in (
        ("elsewhere", "of them by another run meanwhile"),
        ("skipped_failed", "skipped as failed before (--retry-failed to try again)"),
        ("crashed", "crashed"), ("timed_out", "timed out"),
        ("retried", "analysed again alone after their chunk's worker failed")) if rep[k]]
    click.echo(
        f"ingested {rep['ingested']} ({rep['duplicates']} near-duplicates linked), "
        f"skipped {rep['skipped']} already stored or repeated, failed {rep['failed']}"
        f" in {rep['seconds']} s" + (" — interrupted" if rep["interrupted"] else ""),
        err=True)
    if extra:
        click.echo("  (" + "; ".join(extra) + ")", err=True)
    for f in rep["failures"][:50]:
        click.echo(f"  failed ({f['kind']}): {f['source']}: {f['reason']}", err=True)
    if len(rep["failures"]) > 50:
        click.echo(f"  … and {len(rep['failures']) - 50} more (see `tealeaves stats`)", err=True)


def _with_progress(sources: Sequence[str], store: Store, opts: Any, total: int | None) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ..batch import run_batch

    counts = {"ingested": 0, "duplicate": 0, "skipped": 0, "failed": 0}
    with Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"), TimeElapsedColumn(),
        TextColumn("ETA"), TimeRemainingColumn(),
        TextColumn("{task.fields[detail]}"), transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total, rate="–", detail="")

        def on_event(event: str, _source: str) -> None:
            counts[event] += 1
            elapsed = progress.tasks[task].elapsed or 0.0
            done = counts["ingested"] + counts["duplicate"]
            progress.update(
                task, advance=1, rate=f"{done / elapsed:.2f}" if elapsed else "–",
                detail=f"dup {counts['duplicate']} · skip {counts['skipped']} · "
                       f"fail {counts['failed']}")

        return run_batch(sources, store, opts, on_event=on_event)


def register(cli: click.Group) -> None:
    cli.add_command(ingest)
