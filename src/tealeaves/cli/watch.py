"""``tealeaves watch``: poll feeds and sitemaps into the store on a schedule, evaluating the
saved alerts as articles arrive; ``--status`` prints the watcher's counters and feeds."""

from __future__ import annotations

import signal
import sys
from datetime import UTC, datetime
from typing import Any

import click

from .options import db_option, emit_json, format_option, open_db, table


def _when(ts: float | None) -> str:
    return "" if not ts else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _print_status(status: dict[str, Any]) -> None:
    keys = ("cycles", "polls", "not_modified", "poll_errors", "entries_new", "stored",
            "skipped", "pages_failed", "ingest_failed")
    click.echo(f"watch: {status.get('state')} (pid {status.get('pid', '-')}, updated "
               f"{_when(status.get('updated'))} UTC); "
               + ", ".join(f"{k} {status[k]}" for k in keys if k in status))
    click.echo(f"entries: {status['items']}; feeds failing: {status['failing']}")
    rows = [(f["url"], f["kind"], f["last_status"] or "", f["failures"], f["n_entries"],
             f["n_stored"], _when(f["last_polled"]), _when(f["next_due"]),
             (f["last_error"] or "")[:60]) for f in status["feed_states"]]
    table("feeds", ["url", "kind", "last", "fails", "entries", "stored", "polled", "next",
                    "error"], rows)


@click.command()
@click.argument("sources", nargs=-1)
@db_option
@click.option("--every", default="15m", show_default=True,
              help="Polling interval for feeds that set none (90s, 15m, 1h, 1d).")
@click.option("--once", is_flag=True, help="Poll every feed once, then exit.")
@click.option("--max-cycles", type=click.IntRange(1), default=None,
              help="Stop after this many cycles (default: run until stopped).")
@click.option("--status", "show_status", is_flag=True,
              help="Print the watcher's counters and feed states, then exit.")
@click.option("--timeout", type=click.FloatRange(0.5, 600), default=20.0, show_default=True,
              help="Seconds allowed for each request.")
@click.option("--host-gap", type=click.FloatRange(0, 3600), default=1.0, show_default=True,
              help="Seconds between two requests to one host.")
@click.option("--max-new", type=click.IntRange(1, 10000), default=50, show_default=True,
              help="Pages fetched from one poll of a feed at most (the rest wait).")
@click.option("--engine", type=click.Choice(["local", "inline"]), default="local",
              show_default=True, help="Analyse in a worker process (local) or in this one.")
@click.option("--allow-private", is_flag=True,
              help="Fetch from private and loopback addresses (a local test server only).")
@click.option("--no-alerts", is_flag=True, help="Do not evaluate saved alerts.")
@click.option("--no-clean", is_flag=True, help="Keep texts exactly as read.")
@format_option
def watch(sources: tuple[str, ...], db: str, every: str, once: bool, max_cycles: int | None,
          show_status: bool, timeout: float, host_gap: float, max_new: int, engine: str,
          allow_private: bool, no_alerts: bool, no_clean: bool, fmt: str) -> None:
    """Watch SOURCES (feed or sitemap URLs, files of URLs, or a YAML file of feeds with
    per-feed intervals) and ingest new articles into the store as they appear.

    Conditional GET, a gap between requests to one host, backoff for failing feeds;
    SIGTERM or Ctrl-C stops cleanly and a restart resumes from the store."""
    from ..errors import InputError
    from ..watch import read_status

    if show_status:
        with open_db(db) as store:
            status = read_status(store)
        emit_json(status) if fmt == "json" else _print_status(status)
        return
    if not sources:
        raise click.UsageError("give feeds to watch (or --status)")
    try:
        _run(sources, db, every, 1 if once else max_cycles, timeout, host_gap, max_new,
             engine, allow_private, no_alerts, no_clean, fmt)
    except InputError as exc:
        raise click.ClickException(str(exc)) from None


def _run(sources: tuple[str, ...], db: str, every: str, max_cycles: int | None, timeout: float,
         host_gap: float, max_new: int, engine: str, allow_private: bool, no_alerts: bool,
         no_clean: bool, fmt: str) -> None:
    from ..batch import BatchOptions
    from ..pipeline import Options
    from ..watch import HttpOptions, Watcher, WatchOptions, batch_ingest, load_config
    from ..watch.config import parse_interval

    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    config = load_config(list(sources), interval)
    opts = WatchOptions(http=HttpOptions(timeout=timeout, host_gap=host_gap,
                                         allow_private=allow_private),
                        clean=not no_clean, max_new_per_poll=max_new)
    batch = BatchOptions(workers=1, engine=engine, clean=not no_clean,
                         pipeline=Options(clean=not no_clean, check_language=True))
    with open_db(db, create=True) as store:
        after = None
        if not no_alerts:
            from ..corpus.alerts import evaluate_new

            def after(ids: list[str]) -> None:
                evaluate_new(store, ids, webhook=config.webhook)

        w = Watcher(store, config.feeds, opts, ingest=batch_ingest(store, batch),
                    after_ingest=after)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, w.request_stop)
        click.echo(f"watching {len(config.feeds)} feeds into {db} (pid {_pid()})", err=True)
        sys.stderr.flush()
        counters = w.run(max_cycles=max_cycles)
    if fmt == "json":
        emit_json(counters)
    else:
        click.echo("watch stopped: " + ", ".join(f"{k} {v}" for k, v in counters.items()),
                   err=True)


def _pid() -> int:
    import os

    return os.getpid()


def register(cli: click.Group) -> None:
    cli.add_command(watch)
