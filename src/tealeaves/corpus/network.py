"""The actor network: who appears with whom, and who does what to whom.

Nodes are actors (cross-article key, see ``store.actor_key``). Edges are typed:

- ``co-occurrence`` (undirected, ``source`` < ``target``): the two actors appear in the same
  article; ``weight`` counts articles. Its ``sign`` comes from stance: the mean product of the
  two actors' signed stances in those articles (both treated alike → +1, one praised and one
  criticised → −1, no stance → 0).
- an event category (``ACCUSE``, ``CONSULT``, …; directed actor → target): ``weight`` counts
  events. Its ``sign`` is the category's PLOVER quad class (cooperation +1, conflict −1,
  others 0); for other categories, the sign of the article's stance towards the target.

Near-duplicate articles are left out.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import desc, func, select

from ..store import article_filters
from ..store import schema as s
from .actors import _names_and_roles

if TYPE_CHECKING:
    from ..store import Store

#: PLOVER quad classes (Open Event Data Alliance, PLOVER manual: verbal/material cooperation
#: and conflict); ACCUSE and FIGHT are the project's names for blame and armed clashes.
EVENT_SIGN: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT",
                     "CONCEDE"), 1),
    **dict.fromkeys(("DEMAND", "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "PROTEST",
                     "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT"), -1),
}


def _sign(x: float, eps: float = 0.05) -> int:
    return 0 if abs(x) < eps else (1 if x > 0 else -1)


def network(
    store: Store, *, limit: int = 100, min_weight: int = 1, since: Any = None,
    until: Any = None, outlet: str | None = None,
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` among the *limit* most mentioned actors.

    Node keys: id (the actor key), name, kind, mentions, articles. Edge keys: source, target,
    type (``co-occurrence`` or an event category), weight, sign (−1, 0, 1), score (the mean
    behind the sign, or null), directed.
    """
    a, ar, e = s.actors, s.articles, s.events
    where = article_filters(outlet=outlet, since=since, until=until, include_duplicates=False)
    joined = a.join(ar, ar.c.id == a.c.article_id)
    mentions = func.sum(a.c.n_mentions).label("mentions")
    top_q = (select(a.c.key, mentions, func.count(func.distinct(a.c.article_id)).label("n"))
             .select_from(joined).where(*where).group_by(a.c.key)
             .order_by(desc("mentions"), a.c.key).limit(max(0, int(limit))))
    with store.engine.connect() as conn:
        top = conn.execute(top_q).all()
        keys = [r[0] for r in top]
        details = _names_and_roles(conn, keys, where)
        per_article: dict[str, dict[str, float | None]] = defaultdict(dict)
        actor_of: dict[tuple[str, str], str] = {}
        polarity: dict[tuple[str, str], float | None] = {}
        for i in range(0, len(keys), 400):
            q = (select(a.c.article_id, a.c.actor_id, a.c.key, a.c.polarity)
                 .select_from(joined).where(a.c.key.in_(keys[i:i + 400]), *where))
            for aid, actor_id, key, pol in conn.execute(q):
                per_article[aid][key] = pol
                actor_of[(aid, actor_id)] = key
                polarity[(aid, actor_id)] = pol
        ev_q = (select(e.c.article_id, e.c.actor, e.c.target, e.c.category)
                .select_from(e.join(ar, ar.c.id == e.c.article_id))
                .where(e.c.actor.is_not(None), e.c.target.is_not(None), e.c.negated.is_(False),
                       *where))
        events = conn.execute(ev_q).all() if keys else []

    nodes = []
    for key, n_mentions, n_articles in top:
        name, kind, _ = details.get(key, (key, "", []))
        nodes.append({"id": key, "name": name, "kind": kind, "mentions": int(n_mentions or 0),
                      "articles": int(n_articles)})
    edges = (_co_occurrence_edges(per_article, min_weight)
             + _event_edges(events, actor_of, polarity, min_weight))
    edges.sort(key=lambda x: (-x["weight"], x["type"], x["source"], x["target"]))
    return {"nodes": nodes, "edges": edges}


def _co_occurrence_edges(per_article: dict[str, dict[str, float | None]],
                         min_weight: int) -> list[dict[str, Any]]:
    """Undirected edges between actors of one article, signed by the mean product of their
    polarities there (*per_article*: article id -> actor key -> polarity)."""
    co_weight: Counter[tuple[str, str]] = Counter()
    co_products: dict[tuple[str, str], list[float]] = defaultdict(list)
    for present in per_article.values():
        for k1, k2 in combinations(sorted(present), 2):
            co_weight[(k1, k2)] += 1
            p1, p2 = present[k1], present[k2]
            if p1 is not None and p2 is not None:
                co_products[(k1, k2)].append(p1 * p2)
    edges: list[dict[str, Any]] = []
    for (k1, k2), w in co_weight.items():
        if w < min_weight:
            continue
        prods = co_products.get((k1, k2))
        score = sum(prods) / len(prods) if prods else None
        edges.append({"source": k1, "target": k2, "type": "co-occurrence", "weight": w,
                      "sign": _sign(score) if score is not None else 0,
                      "score": None if score is None else round(score, 3), "directed": False})
    return edges


def _event_edges(events: Sequence[Any], actor_of: dict[tuple[str, str], str],
                 polarity: dict[tuple[str, str], float | None],
                 min_weight: int) -> list[dict[str, Any]]:
    """Directed actor -> target edges per event category, signed by the category's quad
    class, else by the article's stance towards the target."""
    ev_weight: Counter[tuple[str, str, str]] = Counter()
    ev_pol: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for aid, actor_id, target_id, category in events:
        src, dst = actor_of.get((aid, actor_id)), actor_of.get((aid, target_id))
        if src is None or dst is None or src == dst:
            continue
        ev_weight[(src, dst, category)] += 1
        pol = polarity.get((aid, target_id))
        if pol is not None:
            ev_pol[(src, dst, category)].append(pol)
    edges: list[dict[str, Any]] = []
    for (src, dst, category), w in ev_weight.items():
        if w < min_weight:
            continue
        pols = ev_pol.get((src, dst, category))
        score = sum(pols) / len(pols) if pols else None
        sign = EVENT_SIGN.get(category.upper())
        if sign is None:
            sign = _sign(score) if score is not None else 0
        edges.append({"source": src, "target": dst, "type": category, "weight": w,
                      "sign": sign, "score": None if score is None else round(score, 3),
                      "directed": True})
    return edges


def to_graphml(net: dict[str, Any], path: str | Path) -> Path:
    """Write *net* as GraphML (a networkx MultiDiGraph: co-occurrence edges carry
    ``directed=False``)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in net["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id" and v is not None})
    for ed in net["edges"]:
        attrs = {k: v for k, v in ed.items() if k not in ("source", "target") and v is not None}
        g.add_edge(ed["source"], ed["target"], **attrs)
    path = Path(path)
    nx.write_graphml(g, path)
    return path


def to_json(net: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(net, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


_COLOURS = {1: "#3f8f5a", -1: "#c0392b", 0: "#9aa4ad"}


def to_html(net: dict[str, Any], path: str | Path, *, title: str = "Actor network") -> Path:
    """A self-contained HTML page drawing *net* as SVG (spring layout; green edges are
    positive, red negative, grey neutral; dashed edges are co-occurrences)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in net["nodes"])
    for ed in net["edges"]:
        if ed["source"] in g and ed["target"] in g:
            g.add_edge(ed["source"], ed["target"])
    pos = nx.spring_layout(g, seed=7) if len(g) else {}
    size, pad = 900, 60

    def xy(key: str) -> tuple[float, float]:
        x, y = pos[key]
        return pad + (x + 1) / 2 * (size - 2 * pad), pad + (y + 1) / 2 * (size - 2 * pad)

    parts = []
    for ed in net["edges"]:
        if ed["source"] not in pos or ed["target"] not in pos:
            continue
        (x1, y1), (x2, y2) = xy(ed["source"]), xy(ed["target"])
        dash = ' stroke-dasharray="4 3"' if ed["type"] == "co-occurrence" else ""
        width = min(8.0, 0.6 + math.log1p(ed["weight"]))
        tip = html.escape(f'{ed["source"]} → {ed["target"]}: {ed["type"]} ×{ed["weight"]}')
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{_COLOURS[ed["sign"]]}" stroke-width="{width:.1f}" opacity="0.6"{dash}>'
            f"<title>{tip}</title></line>")
    biggest = max((n["mentions"] for n in net["nodes"]), default=1) or 1
    for n in net["nodes"]:
        if n["id"] not in pos:
            continue
        x, y = xy(n["id"])
        r = 4 + 14 * math.sqrt(n["mentions"] / biggest)
        label = html.escape(n["name"])
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#345" opacity="0.85">'
            f'<title>{label} ({html.escape(n["kind"])}): {n["mentions"]} mentions, '
            f'{n["articles"]} articles</title></circle>'
            f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-size="11">{label}</text>')
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1em}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{len(net['nodes'])} actors, {len(net['edges'])} "
        "edges. Green: positive, red: negative, grey: neutral; dashed: co-occurrence.</p>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">{"".join(parts)}</svg></body></html>')
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def write_network(net: dict[str, Any], path: str | Path) -> Path:
    """Write *net* by the file's suffix: ``.graphml``, ``.json`` or ``.html``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".graphml":
        return to_graphml(net, path)
    if suffix == ".json":
        return to_json(net, path)
    if suffix in (".html", ".htm"):
        return to_html(net, path)
    raise ValueError(f"network file must end in .graphml, .json or .html, not {path!s}")


__all__ = ["EVENT_SIGN", "network", "to_graphml", "to_html", "to_json", "write_network"]
