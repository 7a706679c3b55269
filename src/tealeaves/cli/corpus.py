"""The corpus views: ``actors``, ``timeline``, ``network``, ``claims``, ``search``, ``stats``.
Each prints a table, or JSON with ``--format json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from .options import db_option, emit_json, format_option, open_db, short, table


@click.command()
@db_option
@click.option("--since", default=None, help="From this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Up to this date, inclusive.")
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@format_option
def actors(db: str, since: str | None, until: str | None, outlet: str | None, limit: int,
           fmt: str) -> None:
    """Actors ranked by mentions, with roles seen and article counts."""
    from ..corpus import rank_actors

    with open_db(db) as store:
        try:
            rows = rank_actors(store, since=since, until=until, outlet=outlet, limit=limit)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    if fmt == "json":
        emit_json(rows)
        return
    table("Actors", ["#", "name", "kind", "mentions", "articles", "stance", "roles"], [
        (i, r["name"], r["kind"], r["mentions"], r["articles"], r["stance_mean"],
         short("; ".join(r["roles"][:3]), 50)) for i, r in enumerate(rows, 1)])


def _contested(row: dict[str, Any]) -> str:
    """"contested 2 (by the Kremlin 1, unattributed 1)": a period's disputed signals."""
    by = ", ".join(f"{k} {v}" for k, v in (row.get("contested_by") or {}).items())
    return f"contested {row['contested']}" + (f" (by {by})" if by else "")


@click.command()
@click.argument("actor")
@db_option
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True)
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also draw the chart to this .png or .svg file.")
@format_option
def timeline(actor: str, db: str, by: str, plot: Path | None, fmt: str) -> None:
    """ACTOR's mentions, stance and standing signals over time."""
    from ..corpus import plot_timeline, resolve_actor
    from ..corpus import timeline as make_timeline

    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("--plot must end in .png or .svg")
    with open_db(db) as store:
        if resolve_actor(store, actor) is None:
            raise click.ClickException(f"no actor called {actor!r} in {db}")
        rows = make_timeline(store, actor, by=by)
    if plot is not None:
        plot_timeline(rows, plot, title=f"{actor} by {by}")
    if fmt == "json":
        emit_json(rows)
        return
    table(f"{actor} by {by}", ["period", "mentions", "articles", "stance", "neg", "neu",
                                "pos", "rising", "falling", "who says so"], [
        (r["period"], r["mentions"], r["articles"], r["stance_mean"], r["negative"],
         r["neutral"], r["positive"], r["rising"], r["falling"],
         "; ".join([f"{k} +{v['rising']}/−{v['falling']}" for k, v in r["by_source"].items()]
                   + ([_contested(r)] if r.get("contested") else [])))
        for r in rows])
    if plot is not None:
        click.echo(f"chart written to {plot}", err=True)


@click.command()
@db_option
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True,
              help="Most mentioned actors to include.")
@click.option("--min-weight", type=click.IntRange(1, 10_000), default=1, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE.graphml, FILE.json or FILE.html.")
@format_option
def network(db: str, limit: int, min_weight: int, out: Path | None, fmt: str) -> None:
    """The actor network: co-occurrence and event edges, typed and signed by stance."""
    from ..corpus import network as make_network
    from ..corpus import write_network

    if out is not None and out.suffix.lower() not in (".graphml", ".json", ".html", ".htm"):
        raise click.BadParameter("--out must end in .graphml, .json or .html")
    with open_db(db) as store:
        net = make_network(store, limit=limit, min_weight=min_weight)
    if out is not None:
        write_network(net, out)
        click.echo(f"network written to {out}", err=True)
    if fmt == "json":
        emit_json(net)
        return
    names = {n["id"]: n["name"] for n in net["nodes"]}
    table(f"Network: {len(net['nodes'])} actors, {len(net['edges'])} edges",
           ["source", "type", "target", "weight", "sign"], [
               (names.get(e["source"], e["source"]), e["type"],
                names.get(e["target"], e["target"]), e["weight"],
                {1: "+", -1: "−", 0: "0"}[e["sign"]]) for e in net["edges"][:40]])


@click.command()
@db_option
@click.option("--actor", default=None, help="Only claims by or about this actor.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option("--regroup", is_flag=True,
              help="First rebuild every claim group from scratch, embedding the claims "
                   "stored without a vector (stores written before embeddings).")
@format_option
def claims(db: str, actor: str | None, limit: int, regroup: bool, fmt: str) -> None:
    """Claims grouped across articles: outlets, original source, independence."""
    from ..corpus import group_claims
    from ..store import grouping

    with open_db(db) as store:
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
        emit_json(groups)
        return
    table("Claims across outlets", ["claim", "articles", "outlets", "original source",
                                      "summary"], [
        (short(g["text"], 70), len({m["article_id"] for m in g["members"]}),
         ", ".join(g["outlets"]), g["original_source"]["name"] or
         g["original_source"]["kind"], g["summary"]) for g in groups])


@click.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@format_option
def search(query: str, db: str, limit: int, fmt: str) -> None:
    """Full-text search over stored articles (titles and texts)."""
    with open_db(db) as store:
        rows = store.search(query, limit=limit)
    if fmt == "json":
        emit_json(rows)
        return
    table(f"Search: {query}", ["published", "outlet", "title", "snippet", "id"], [
        ((r["published"] or "")[:10], r["outlet"], short(r["title"], 50),
         short(r["snippet"], 80), r["id"][:12]) for r in rows])


def count_techniques(store: Any, min_score: float) -> int:
    """Stored technique findings scored at least *min_score*."""
    from sqlalchemy import func, select

    from ..store import schema

    t = schema.techniques
    with store.engine.connect() as conn:
        q = select(func.count()).select_from(t).where(t.c.score >= min_score)
        return int(conn.execute(q).scalar() or 0)


@click.command()
@db_option
@format_option
@click.option(
    "--min-score", type=click.FloatRange(0.0, 1.0), default=None,
    help="Count only persuasion-technique findings scored at least this (default: the "
         "threshold `analyze` uses, chosen by cross-validation; 0 counts every one).",
)
def stats(db: str, fmt: str, min_score: float | None) -> None:
    """Counts of articles, analyses, actors, mentions, claims, events, techniques,
    duplicates and failures."""
    from .analyze import resolve_min_score

    floor = resolve_min_score(min_score)
    with open_db(db) as store:
        counts = store.stats()
        if floor > 0:
            counts["techniques"] = count_techniques(store, floor)
    if fmt == "json":
        emit_json(counts)
        return
    table("Store", ["what", "count"], list(counts.items()))


def register(cli: click.Group) -> None:
    for command in (actors, timeline, network, claims, search, stats):
        cli.add_command(command)
