"""``tealeaves alerts``: saved queries over findings (add, list, remove), the alerts they
raised (show), and evaluating them over the stored articles (check). The watcher evaluates
them by itself as articles arrive."""

from __future__ import annotations

import click

from .options import db_option, emit_json, format_option, open_db, short, table


@click.group()
def alerts() -> None:
    """Saved queries that raise alerts as articles arrive (see docs/alerts.md)."""


@alerts.command("add")
@click.argument("name")
@db_option
@click.option("--kind", required=True,
              type=click.Choice(["anonymous-claim", "standing", "group-outlets",
                                 "technique-density", "text"]),
              help="What to look for.")
@click.option("--actor", default=None, help="anonymous-claim, standing: the actor's name.")
@click.option("--n", "n_outlets", type=int, default=None,
              help="group-outlets: independent outlets a claim group must reach.")
@click.option("--above", type=float, default=None,
              help="technique-density: techniques per 1,000 words to exceed.")
@click.option("--outlet", default=None, help="technique-density: only in this outlet.")
@click.option("--query", default=None, help="text: words that must all appear.")
def add(name: str, db: str, kind: str, actor: str | None, n_outlets: int | None,
        above: float | None, outlet: str | None, query: str | None) -> None:
    """Save the query NAME."""
    from ..corpus.alerts import add as add_query

    with open_db(db, create=True) as store:
        try:
            qid = add_query(store, name, kind, actor=actor, n=n_outlets, above=above,
                            outlet=outlet, query=query)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"saved alert {qid}: {name} ({kind})")


@alerts.command("list")
@db_option
@format_option
def list_(db: str, fmt: str) -> None:
    """The saved queries and how many alerts each raised."""
    from ..store.alerts import list_queries

    with open_db(db) as store:
        rows = list_queries(store.engine)
    if fmt == "json":
        emit_json(rows)
        return
    table("saved alerts", ["id", "name", "kind", "params", "alerts"],
          [(r["id"], r["name"], r["kind"], r["params"], r["n_alerts"]) for r in rows])


@alerts.command("remove")
@click.argument("ref")
@db_option
def remove(ref: str, db: str) -> None:
    """Remove the saved query REF (id or name) and its alerts."""
    from ..store.alerts import remove_query

    with open_db(db) as store:
        if not remove_query(store.engine, ref):
            raise click.ClickException(f"no saved alert {ref!r}")
    click.echo(f"removed {ref}")


@alerts.command("show")
@click.argument("ref", required=False)
@db_option
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True,
              help="Alerts to show.")
@format_option
def show(ref: str | None, db: str, limit: int, fmt: str) -> None:
    """The latest alerts (of the saved query REF, if given), with their evidence."""
    from ..store.alerts import get_query, list_alerts

    with open_db(db) as store:
        qid = None
        if ref is not None:
            found = get_query(store.engine, ref)
            if found is None:
                raise click.ClickException(f"no saved alert {ref!r}")
            qid = found["id"]
        rows = list_alerts(store.engine, query_id=qid, limit=limit)
    if fmt == "json":
        emit_json(rows)
        return
    table("alerts", ["id", "query", "title", "outlet", "evidence", "article"],
          [(r["id"], r["query"], r["title"], r["outlet"], short(r["evidence"], 70),
            f"{r['article_id'][:12]} [{r['start_char']}:{r['end_char']}]") for r in rows])


@alerts.command("check")
@db_option
def check(db: str) -> None:
    """Evaluate the saved queries over every stored article (new alerts only)."""
    from ..corpus.alerts import all_article_ids, evaluate

    with open_db(db) as store:
        new = evaluate(store, list(all_article_ids(store)))
    click.echo(f"{len(new)} new alerts")


def register(cli: click.Group) -> None:
    cli.add_command(alerts)
