"""Server-rendered SVG charts: articles per day, an actor's timeline, the actor network.

Every label goes through :func:`markupsafe.escape`; the SVG is returned as ``Markup``
and embedded inline in the pages (no JS library, no build step).
"""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

from .queries import slugify


def _num(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return 0.0
    return f if math.isfinite(f) else 0.0


def bars(rows: list[dict[str, Any]], *, label: str, value: str, width: int = 720,
         height: int = 160, title: str = "") -> Markup:
    """A column chart of *rows* (``row[label]`` on x, ``row[value]`` on y) with tooltips."""
    if not rows:
        return Markup('<p class="muted">No data yet.</p>')
    top = max(_num(r.get(value)) for r in rows) or 1.0
    pad_b, pad_t = 22, 8
    inner_h = height - pad_b - pad_t
    step = width / len(rows)
    bw = max(1.0, step * 0.8)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, r in enumerate(rows):
        v = _num(r.get(value))
        h = inner_h * v / top
        x = i * step + (step - bw) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{pad_t + inner_h - h:.1f}" width="{bw:.1f}" height="{h:.1f}">'
            f'<title>{escape(r.get(label))}: {v:g}</title></rect>')
    first, last = escape(rows[0].get(label)), escape(rows[-1].get(label))
    parts.append(f'<text x="0" y="{height - 6}" class="axis">{first}</text>')
    parts.append(f'<text x="{width}" y="{height - 6}" class="axis" text-anchor="end">{last}</text>')
    parts.append(f'<text x="{width}" y="{pad_t + 10}" class="axis" text-anchor="end">max {top:g}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(rows: list[dict[str, Any]], *, width: int = 720, height: int = 200) -> Markup:
    """Mentions per period as columns, mean stance (−1..1) as a line, signals as ticks."""
    if not rows:
        return Markup('<p class="muted">No dated mentions.</p>')
    label_key = next((k for k in ("period", "bucket", "date", "week", "day", "month") if k in rows[0]),
                     None)
    top = max(_num(r.get("mentions")) for r in rows) or 1.0
    pad_b, pad_t = 22, 10
    inner_h = height - pad_b - pad_t
    step = width / len(rows)
    bw = max(1.0, step * 0.7)
    parts = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="mentions and stance over time" xmlns="http://www.w3.org/2000/svg">']
    mid = pad_t + inner_h / 2
    parts.append(f'<line x1="0" x2="{width}" y1="{mid:.1f}" y2="{mid:.1f}" class="zero"/>')
    points = []
    for i, r in enumerate(rows):
        v = _num(r.get("mentions"))
        h = inner_h * v / top
        x = i * step + (step - bw) / 2
        period = escape(r.get(label_key) if label_key else i)
        stance = r.get("stance", r.get("stance_mean"))
        tip = f"{period}: {v:g} mentions"
        if stance is not None:
            tip += f", stance {_num(stance):+.2f}"
        rising, falling = int(_num(r.get("rising"))), int(_num(r.get("falling")))
        if rising or falling:
            tip += f", signals +{rising}/−{falling}"
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + inner_h - h:.1f}" width="{bw:.1f}" '
                     f'height="{h:.1f}"><title>{tip}</title></rect>')
        if stance is not None:
            points.append(f"{x + bw / 2:.1f},{mid - _num(stance) * inner_h / 2:.1f}")
        if falling:
            parts.append(f'<circle class="falling" cx="{x + bw / 2:.1f}" cy="{height - pad_b + 4}" r="3"/>')
        if rising:
            parts.append(f'<circle class="rising" cx="{x + bw / 2:.1f}" cy="{pad_t - 4}" r="3"/>')
    if len(points) > 1:
        parts.append(f'<polyline class="stance" points="{" ".join(points)}"/>')
    if label_key:
        parts.append(f'<text x="0" y="{height - 4}" class="axis">{escape(rows[0].get(label_key))}</text>')
        parts.append(f'<text x="{width}" y="{height - 4}" class="axis" text-anchor="end">'
                     f'{escape(rows[-1].get(label_key))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _pick_edges(edges: list[dict[str, Any]], keep: set[str], per_node: int,
                max_edges: int) -> list[dict[str, Any]]:
    """One edge per pair (the heaviest; a signed edge wins over an unsigned one), then each
    node's *per_node* strongest ties, topped up with the heaviest others to *max_edges*."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for e in edges:
        a, b = str(e.get("source")), str(e.get("target"))
        if a == b or a not in keep or b not in keep:
            continue
        pair = (min(a, b), max(a, b))
        old = best.get(pair)
        rank = (_num(e.get("sign")) != 0, _num(e.get("weight", 1)))
        if old is None or rank > (_num(old.get("sign")) != 0, _num(old.get("weight", 1))):
            best[pair] = e
    ordered = sorted(best.values(), key=lambda e: -_num(e.get("weight", 1)))
    chosen: list[dict[str, Any]] = []
    seen: set[int] = set()
    count: dict[str, int] = {}
    for e in ordered:  # strongest ties of every node first
        a, b = str(e["source"]), str(e["target"])
        if count.get(a, 0) < per_node or count.get(b, 0) < per_node:
            chosen.append(e)
            seen.add(id(e))
            count[a] = count.get(a, 0) + 1
            count[b] = count.get(b, 0) + 1
    for e in ordered:
        if len(chosen) >= max_edges:
            break
        if id(e) not in seen:
            chosen.append(e)
    return chosen[:max(max_edges, len(keep))]


def network(data: dict[str, Any], *, max_nodes: int = 70, max_edges: int = 220,
            size: int = 760, labels: int = 30) -> tuple[Markup, list[dict[str, Any]]]:
    """The actor network laid out server-side (networkx spring layout, fixed seed).

    Keeps the *max_nodes* most-mentioned actors, each one's strongest ties and the
    heaviest other edges up to *max_edges*; the *labels* biggest nodes are labelled (the
    others show their name on hover). Returns the SVG and the nodes drawn.
    """
    import networkx as nx

    nodes = list(data.get("nodes") or [])
    edges = list(data.get("edges") or [])
    if not nodes:
        return Markup('<p class="muted">No actors yet.</p>'), []

    def weight(n: dict[str, Any]) -> float:
        return _num(n.get("mentions", n.get("weight", n.get("size", n.get("articles", 1)))))

    nodes.sort(key=lambda n: -weight(n))
    keep = {str(n.get("id")): n for n in nodes[:max_nodes]}
    kept_edges = _pick_edges(edges, set(keep), per_node=3, max_edges=max_edges)
    g = nx.Graph()
    g.add_nodes_from(keep)
    for e in kept_edges:
        g.add_edge(str(e["source"]), str(e["target"]), weight=1.0)
    # a weak hub tied to every node keeps separate components from drifting apart; edges are
    # unweighted and k generous, or co-occurrence cliques collapse to a dot
    hub = object()
    g.add_edges_from(((hub, n) for n in keep), weight=0.08)
    pos = nx.spring_layout(g, seed=7, iterations=150, weight="weight",
                           k=2.5 / math.sqrt(max(1, g.number_of_nodes())))
    g.remove_node(hub)
    pos.pop(hub, None)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    top = max(weight(n) for n in keep.values()) or 1.0
    margin = 60

    def xy(node_id: str) -> tuple[float, float]:
        x, y = pos[node_id]
        fx = (x - lo_x) / (hi_x - lo_x) if hi_x > lo_x else 0.5
        fy = (y - lo_y) / (hi_y - lo_y) if hi_y > lo_y else 0.5
        return margin + fx * (size - 2 * margin), margin + fy * (size - 2 * margin)

    wmax = max((_num(e.get("weight", 1)) for e in kept_edges), default=1.0) or 1.0
    parts = [f'<svg id="network" class="network" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="actor network" xmlns="http://www.w3.org/2000/svg"><g class="edges">']
    for e in kept_edges:
        (x1, y1), (x2, y2) = xy(str(e["source"])), xy(str(e["target"]))
        sign = _num(e.get("sign", e.get("stance", 0)))
        cls = "neg" if sign < 0 else "pos" if sign > 0 else "neu"
        kind = escape(e.get("type") or e.get("kind") or "")
        w = 0.5 + 3.5 * _num(e.get("weight", 1)) / wmax
        parts.append(
            f'<line class="{cls}" data-a="{escape(e["source"])}" data-b="{escape(e["target"])}" '
            f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{w:.2f}">'
            f'<title>{escape(keep[str(e["source"])].get("name"))} — '
            f'{escape(keep[str(e["target"])].get("name"))}: {kind} ×{_num(e.get("weight", 1)):g}'
            f'</title></line>')
    parts.append('</g><g class="nodes">')
    drawn = []
    for rank, (node_id, n) in enumerate(keep.items()):
        x, y = xy(node_id)
        r = 4 + 10 * math.sqrt(weight(n) / top)
        name = str(n.get("name") or n.get("label") or node_id)
        slug = n.get("slug") or slugify(name)
        kind = escape(n.get("kind") or "")
        parts.append(
            f'<a href="/actors/{escape(slug)}" class="node{" labelled" if rank < labels else ""}" '
            f'data-id="{escape(node_id)}">'
            f'<circle class="{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
            f'<text x="{x:.1f}" y="{y - r - 3:.1f}" text-anchor="middle">{escape(name)}</text>'
            f'<title>{escape(name)} ({kind}): {weight(n):g}</title></a>')
        drawn.append({"id": node_id, "name": name, "slug": slug, "kind": n.get("kind"),
                      "weight": weight(n), "degree": g.degree(node_id)})
    parts.append("</g></svg>")
    return Markup("".join(parts)), drawn
