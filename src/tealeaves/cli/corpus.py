"""CLI commands of the corpus package: ``ingest``, ``actors``, ``timeline``, ``network``,
``claims``, ``search``, ``stats``. Each view prints a table, or JSON with ``--format json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..store import Store

DB_HELP = "The store: a SQLite path or a postgresql:// URL (env TEALEAVES_DB)."


def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", envvar="TEALEAVES_DB", default="tealeaves.db",
                        show_default=True, help=DB_HELP)(f)


def _format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]),
                        default="table", show_default=True, help="Output format.")(f)


@contextmanager
def _open(db: str, *, create: bool = False) -> Iterator[Store]:
    from ..store import open_store

    if not create and "://" not in db and db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"{db}: no such store (create it with `tealeaves ingest`)")
    try:
        store = open_store(db)
    except Exception as exc:  # bad URL, unreachable server: one line, not a traceback
        raise click.ClickException(f"cannot open the store {db}: {exc}") from exc
    try:
        yield store
    finally:
        store.close()


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    Console().print(table)


def _short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def register(cli: click.Group) -> None:
    """Add this package's commands to the top-level CLI group."""

    @cli.command()
    @click.argument("sources", nargs=-1, required=True)
    @_db_option
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
    @click.option("--no-progress", is_flag=True, help="No progress bar.")
    @_format_option
    def ingest(sources: tuple[str, ...], db: str, workers: int | None, engine: str,
               scheduler: str | None, chunk_size: int, stages: str | None, follow_links: bool,
               timeout: float, no_clean: bool, dedup_threshold: float, no_progress: bool,
               fmt: str) -> None:
        """Analyse SOURCES into the store: files, directories, JSONL, RSS/Atom, WARC, URLs.

        Already stored articles are skipped, so a stopped run resumes where it stopped."""
        from ..batch import BatchOptions, default_workers, estimate_total, run_batch
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
            pipeline=Options(clean=not no_clean, stages=chosen, check_language=True),
        )
        with _open(db, create=True) as store:
            if no_progress or not sys.stderr.isatty():
                report = run_batch(sources, store, opts)
            else:
                report = _with_progress(sources, store, opts, estimate_total(sources))
        if fmt == "json":
            _emit_json(report.to_dict())
        else:
            _print_report(report.to_dict())
        if report.interrupted:
            sys.exit(130)

    @cli.command()
    @_db_option
    @click.option("--since", default=None, help="From this date (YYYY-MM-DD).")
    @click.option("--until", default=None, help="Up to this date, inclusive.")
    @click.option("--outlet", default=None, help="Only this outlet.")
    @click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
    @_format_option
    def actors(db: str, since: str | None, until: str | None, outlet: str | None, limit: int,
               fmt: str) -> None:
        """Actors ranked by mentions, with roles seen and article counts."""
        from ..corpus import rank_actors

        with _open(db) as store:
            try:
                rows = rank_actors(store, since=since, until=until, outlet=outlet, limit=limit)
            except ValueError as exc:
                raise click.BadParameter(str(exc)) from exc
        if fmt == "json":
            _emit_json(rows)
            return
        _table("Actors", ["#", "name", "kind", "mentions", "articles", "stance", "roles"], [
            (i, r["name"], r["kind"], r["mentions"], r["articles"], r["stance_mean"],
             _short("; ".join(r["roles"][:3]), 50)) for i, r in enumerate(rows, 1)])

    @cli.command()
    @click.argument("actor")
    @_db_option
    @click.option("--by", type=click.Choice(["day", "week", "month"]), default="week",
                  show_default=True)
    @click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path),
                  default=None, help="Also draw the chart to this .png or .svg file.")
    @_format_option
    def timeline(actor: str, db: str, by: str, plot: Path | None, fmt: str) -> None:
        """ACTOR's mentions, stance and standing signals over time."""
        from ..corpus import plot_timeline, resolve_actor
        from ..corpus import timeline as make_timeline

        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            raise click.BadParameter("--plot must end in .png or .svg")
        with _open(db) as store:
            if resolve_actor(store, actor) is None:
                raise click.ClickException(f"no actor called {actor!r} in {db}")
            rows = make_timeline(store, actor, by=by)
        if plot is not None:
            plot_timeline(rows, plot, title=f"{actor} by {by}")
        if fmt == "json":
            _emit_json(rows)
            return
        _table(f"{actor} by {by}", ["period", "mentions", "articles", "stance", "neg", "neu",
                                    "pos", "rising", "falling"], [
            (r["period"], r["mentions"], r["articles"], r["stance_mean"], r["negative"],
             r["neutral"], r["positive"], r["rising"], r["falling"]) for r in rows])
        if plot is not None:
            click.echo(f"chart written to {plot}", err=True)

    @cli.command()
    @_db_option
    @click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True,
                  help="Most mentioned actors to include.")
    @click.option("--min-weight", type=click.IntRange(1, 10_000), default=1, show_default=True)
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write to FILE.graphml, FILE.json or FILE.html.")
    @_format_option
    def network(db: str, limit: int, min_weight: int, out: Path | None, fmt: str) -> None:
        """The actor network: co-occurrence and event edges, typed and signed by stance."""
        from ..corpus import network as make_network
        from ..corpus import write_network

        if out is not None and out.suffix.lower() not in (".graphml", ".json", ".html", ".htm"):
            raise click.BadParameter("--out must end in .graphml, .json or .html")
        with _open(db) as store:
            net = make_network(store, limit=limit, min_weight=min_weight)
        if out is not None:
            write_network(net, out)
            click.echo(f"network written to {out}", err=True)
        if fmt == "json":
            _emit_json(net)
            return
        names = {n["id"]: n["name"] for n in net["nodes"]}
        _table(f"Network: {len(net['nodes'])} actors, {len(net['edges'])} edges",
               ["source", "type", "target", "weight", "sign"], [
                   (names.get(e["source"], e["source"]), e["type"],
                    names.get(e["target"], e["target"]), e["weight"],
                    {1: "+", -1: "−", 0: "0"}[e["sign"]]) for e in net["edges"][:40]])

    @cli.command()
    @_db_option
    @click.option("--actor", default=None, help="Only claims by or about this actor.")
    @click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
    @click.option("--regroup", is_flag=True,
                  help="First rebuild every claim group from scratch, embedding the claims "
                       "stored without a vector (stores written before embeddings).")
    @_format_option
    def claims(db: str, actor: str | None, limit: int, regroup: bool, fmt: str) -> None:
        """Claims grouped across articles: outlets, original source, independence."""
        from ..corpus import group_claims
        from ..store import grouping

        with _open(db) as store:
            if regroup:
                def say(what: str, done: int, total: int) -> None:
                    click.echo(f"regroup: {what} {done}/{total}", err=True)

                rep = grouping.regroup(store, progress=say)
                click.echo("regroup: {embedded} claims embedded, {claims} claims compared, "
                           "{links} links, {components} groups ({grouped} claims) in "
                           "{seconds} s".format(**rep), err=True)
            state = grouping.status(store)
            if state["stale"] or state["without_vector"]:
                why = (f"{state['without_vector']} of {state['claims']} claims have no "
                       f"embedding" + (" and the groups predate this version of tealeaves"
                                       if state["stale"] else ""))
                click.echo(f"warning: {why}; run `tealeaves claims --db {db} --regroup`",
                           err=True)
            groups = group_claims(store, actor=actor, limit=limit)
        if fmt == "json":
            _emit_json(groups)
            return
        _table("Claims across outlets", ["claim", "articles", "outlets", "original source",
                                          "summary"], [
            (_short(g["text"], 70), len({m["article_id"] for m in g["members"]}),
             ", ".join(g["outlets"]), g["original_source"]["name"] or
             g["original_source"]["kind"], g["summary"]) for g in groups])

    @cli.command()
    @click.argument("query")
    @_db_option
    @click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
    @_format_option
    def search(query: str, db: str, limit: int, fmt: str) -> None:
        """Full-text search over stored articles (titles and texts)."""
        with _open(db) as store:
            rows = store.search(query, limit=limit)
        if fmt == "json":
            _emit_json(rows)
            return
        _table(f"Search: {query}", ["published", "outlet", "title", "snippet", "id"], [
            ((r["published"] or "")[:10], r["outlet"], _short(r["title"], 50),
             _short(r["snippet"], 80), r["id"][:12]) for r in rows])

    @cli.command()
    @_db_option
    @_format_option
    def stats(db: str, fmt: str) -> None:
        """Counts of articles, analyses, actors, mentions, claims, events, techniques,
        duplicates and failures."""
        with _open(db) as store:
            counts = store.stats()
        if fmt == "json":
            _emit_json(counts)
            return
        _table("Store", ["what", "count"], list(counts.items()))


def _print_report(rep: dict[str, Any]) -> None:
    click.echo(
        f"ingested {rep['ingested']} ({rep['duplicates']} near-duplicates linked), "
        f"skipped {rep['skipped']} already stored or repeated, failed {rep['failed']}"
        f" in {rep['seconds']} s" + (" — interrupted" if rep["interrupted"] else ""),
        err=True)
    for f in rep["failures"][:50]:
        click.echo(f"  failed: {f['source']}: {f['reason']}", err=True)
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
