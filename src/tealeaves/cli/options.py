"""What the CLI's command modules share: the ``--db``, ``--format``, ``--json`` and
``--limit`` options, opening a store with one clear error line, and printing JSON or a
table."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..store import Store

DB_HELP = "The store: a SQLite path or a postgresql:// URL (env TEALEAVES_DB)."


def db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", envvar="TEALEAVES_DB", default="tealeaves.db",
                        show_default=True, help=DB_HELP)(f)


def format_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]),
                        default="table", show_default=True, help="Output format.")(f)


def json_option(what: str = "scores") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--json`` (as ``as_json``): print the *what* as JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help=f"Print the {what} as JSON.")


def limit_option(help_text: str = "Score only the first N articles."
                 ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--limit N``: use only the first N items (default: all)."""
    return click.option("--limit", type=int, default=None, help=help_text)


@contextmanager
def open_db(db: str, *, create: bool = False) -> Iterator[Store]:
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


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*("" if v is None else str(v) for v in r))
    Console().print(table)


def short(text: str | None, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
