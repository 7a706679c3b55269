"""``tealeaves standing``: who's up, who's down across the stored corpus, with each signal's
evidence sentence a command away (``--actor``)."""

from __future__ import annotations

from typing import Any

import click

from .options import db_option, emit_json, open_db, short, table

_SIGN = {"rising": "+", "falling": "−"}
_SOURCE_SHORT = {"author": "author", "named_person": "person", "named_organization": "org",
                 "anonymous": "anon", "rumour": "rumour", "unknown": "?"}


def _sources(by_source: dict[str, dict[str, int]]) -> str:
    return "; ".join(f"{_SOURCE_SHORT.get(k, k)} +{v['rising']}/−{v['falling']}"
                     for k, v in by_source.items())


def _rows(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(i, e["name"], f"{e['net']:+d}", e["rising"], e["falling"], e["contested"],
             e["articles"], _sources(e["by_source"]),
             short(", ".join(list(e["by_type"])[:3]), 40))
            for i, e in enumerate(entries, 1)]


_COLUMNS = ["#", "actor", "net", "rising", "falling", "contested", "articles",
            "who says so (+rising/−falling)", "types"]


def _drill_down(entry: dict[str, Any]) -> None:
    click.echo(f"{entry['name']}: net {entry['net']:+d} ({entry['rising']} rising, "
               f"{entry['falling']} falling, {entry['contested']} contested and not counted)"
               f" in {entry['articles']} article(s)")
    for sig in entry["signals"]:
        who = sig["source_kind"] + (f" ({sig['claim']})" if sig["claim"] else "")
        flag = ""
        if sig["contested"]:
            flag = ", contested" + (f" by {sig['contested_by_name']}"
                                    if sig.get("contested_by_name") else "") + (
                f" ({sig['contested_by']})" if sig.get("contested_by") else "")
        click.echo(f"\n{_SIGN[sig['direction']]} {sig['type'] or sig['signal']} — {who}{flag}")
        click.echo(f"  {sig['published'] or 'undated'} · {sig['outlet'] or '?'} · "
                   f"{short(sig['title'], 70)} · {sig['article_id'][:12]} "
                   f"[{sig['start']}:{sig['end']}] {sig['text']!r}")
        if sig.get("sentence"):
            click.echo(f"  {sig['sentence']}")


@click.command()
@db_option
@click.option("--since", default=None, help="Signals in articles from this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Up to this date, inclusive.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="Most actors in each list (up, down, even).")
@click.option("--actor", default=None,
              help="Drill down: every signal of this actor with its evidence sentence.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def standing(db: str, since: str | None, until: str | None, limit: int, actor: str | None,
             fmt: str) -> None:
    """Who's up, who's down: actors ranked by net standing signals (rising minus falling),
    counted by who says so, each signal traced to its sentence."""
    from ..corpus import actor_standing, resolve_actor, standing_board

    with open_db(db) as store:
        try:
            if actor is not None:
                key = resolve_actor(store, actor)
                if key is None:
                    raise click.ClickException(f"no actor called {actor!r} in {db}")
                entry = actor_standing(store, key, since=since, until=until)
                if entry is None:
                    raise click.ClickException(f"no standing signals for {actor!r} in {db}")
                data: dict[str, Any] = entry
            else:
                data = standing_board(store, since=since, until=until, limit=limit,
                                      evidence=fmt == "json")
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    if fmt == "json":
        emit_json(data)
    elif actor is not None:
        _drill_down(data)
    else:
        span = f" from {since}" if since else ""
        span += f" until {until}" if until else ""
        table(f"Up{span}", _COLUMNS, _rows(data["up"]))
        table(f"Down{span}", _COLUMNS, _rows(data["down"]))
        if data["even"]:
            table(f"Even{span}", _COLUMNS, _rows(data["even"]))
        click.echo(f"{data['signals']} signal(s) on {data['actors']} actor(s); "
                   "`--actor NAME` shows each signal's sentence.")


def register(cli: click.Group) -> None:
    cli.add_command(standing)
