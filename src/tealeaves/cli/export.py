"""``tealeaves export``: stored findings as CSV, JSON Lines, Parquet or XLSX."""

from __future__ import annotations

from pathlib import Path

import click

from .options import db_option, open_db


@click.command()
@click.argument("kind", type=click.Choice(["claims", "actors", "events", "techniques",
                                           "standing"]))
@db_option
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "xlsx"]),
              default="csv", show_default=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (default: standard output; needed for parquet and xlsx).")
@click.option("--since", default=None, help="From this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Up to this date, inclusive.")
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--actor", default=None, help="Only findings by or about this actor.")
@click.option("--limit", type=click.IntRange(0), default=None, help="At most this many rows.")
def export(kind: str, db: str, fmt: str, out: Path | None, since: str | None,
           until: str | None, outlet: str | None, actor: str | None,
           limit: int | None) -> None:
    """Export KIND (claims, actors, events, techniques, standing) from the store, one row
    per finding with its article's metadata and character offsets."""
    from ..corpus.export import Filters, write

    filters = Filters(outlet=outlet, since=since, until=until, actor=actor, limit=limit)
    with open_db(db) as store:
        try:
            n = write(store, kind, fmt, out, filters)
        except (ValueError, RuntimeError, OSError) as exc:
            raise click.ClickException(str(exc)) from None
    if out is not None:
        click.echo(f"wrote {n} {kind} to {out}", err=True)


def register(cli: click.Group) -> None:
    cli.add_command(export)
