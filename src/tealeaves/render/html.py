"""A self-contained HTML report of one Analysis.

The article text is cut at every boundary of every finding into segments;
each segment is one ``<span class="tl-seg" data-start=… data-end=… data-f="…">``
naming the findings (by ``f<N>`` id) that cover it, so overlapping findings
render correctly and character offsets stay exact: stripping the tags from the
article block gives back ``article.text``. Findings are grouped in four
switchable layers (actors, claims, techniques, events); their details travel in
one JSON block that a small vanilla script reads.

Public functions:

- ``render_html(analysis) -> str``: the complete document (CSS and JS inline).
- ``render_article_fragment(analysis) -> Markup``: the highlighted article,
  layer switches, legend and side panel, for embedding in another page.
- ``report_assets() -> {"css": ..., "js": ...}``: what the fragment needs.

Articles are hostile input: every string from the Analysis is escaped by
Jinja2's autoescape or ``markupsafe.escape``; the JSON block goes through
Jinja2's ``tojson`` (which escapes ``<``, ``>``, ``&`` and quotes).
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..model import SOURCE_KINDS, TECHNIQUES, Actor, Analysis, Claim
from .stance import framing_words, stance_words, voice_words
from .standing import contested_by, contesters, signal_speaker, who_says_so
from .standing import standing_source_rows as _standing_source
from .summary import (
    SOURCE_KIND_LABELS,
    event_actor_label,
    source_label,
    sourcing_summary,
    technique_label,
    technique_summary,
    truncate,
    via_label,
    word_count,
)

LAYERS: tuple[str, ...] = ("actors", "claims", "techniques", "events")

#: Colour per source kind (also used, translucent, as the claim background).
SOURCE_COLORS: dict[str, str] = {
    "named_person": "#2b6cb0",
    "named_organization": "#2c7a7b",
    "anonymous": "#c05621",
    "rumour": "#c53030",
    "author": "#718096",
}

#: One colour per technique, in the order of ``model.TECHNIQUES``.
_TECHNIQUE_PALETTE = (
    "#1f77b4", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#17becf", "#ff7f0e", "#2ca02c", "#393b79", "#637939", "#8c6d31", "#843c39",
)
TECHNIQUE_COLORS: dict[str, str] = dict(zip(TECHNIQUES, _TECHNIQUE_PALETTE, strict=True))
_UNKNOWN_TECHNIQUE_COLOR = "#555555"

#: Actor colours (dark enough to read as text colour on white), cycled.
ACTOR_PALETTE: tuple[str, ...] = (
    "#1a5fb4", "#c01c28", "#26a269", "#a347ba", "#e66100", "#0f7b8a",
    "#865e3c", "#c64600", "#5e5c64", "#613583", "#2a7a2a", "#b5006b",
)

# Segment classes per finding type, and the CSS variable carrying its colour.
_TYPE_CLASS = {
    "mention": "tl-a",
    "claim": "tl-c",
    "source": "tl-cs",
    "cue": "tl-cue",
    "hedge": "tl-h",
    "technique": "tl-t",
    "event": "tl-e",
    "signal": "tl-sg",
}
_TYPE_VAR = {"mention": "--ac", "claim": "--cc", "source": "--sc", "technique": "--tc",
             "signal": "--gc"}
_ANCHORED = {"claim", "technique", "event", "signal"}
#: Standing signals: rising green, falling red.
DIRECTION_COLORS = {"rising": "#2f855a", "falling": "#c53030"}


@dataclass
class Finding:
    """One highlight in the article: what covers ``text[start:end]`` and why."""

    fid: str
    type: str
    layer: str
    start: int
    end: int
    title: str
    color: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type,
            "layer": self.layer,
            "title": self.title,
            "color": self.color,
            "start": self.start,
            "end": self.end,
            "fields": [list(f) for f in self.fields],
        }
        out.update(self.extra)
        return out


@dataclass
class Segment:
    start: int
    end: int
    findings: list[Finding]


# ----------------------------------------------------------------- findings


def _valid(start: int | None, end: int | None, n: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= n


def _actor_name(analysis: Analysis, actor_id: str | None) -> str:
    if actor_id is None:
        return ""
    actor = analysis.actor(actor_id)
    return actor.name if actor is not None else actor_id


def actor_colors(analysis: Analysis) -> dict[str, str]:
    """A stable colour per actor id (by order in the Analysis)."""
    return {a.id: ACTOR_PALETTE[i % len(ACTOR_PALETTE)] for i, a in enumerate(analysis.actors)}


def _stance_text(actor: Actor) -> str:
    return "; ".join([stance_words(actor.stance), *voice_words(actor.stance)])


def collect_findings(analysis: Analysis) -> tuple[list[Finding], list[str]]:
    """Every highlightable finding, and notes on findings whose offsets were unusable."""
    text = analysis.article.text
    n = len(text)
    out: list[Finding] = []
    skipped: Counter[str] = Counter()

    def add(f_type: str, layer: str, start: int | None, end: int | None, **kw: Any) -> Finding | None:
        if not _valid(start, end, n):
            skipped[f_type] += 1
            return None
        assert start is not None and end is not None
        f = Finding(fid=f"f{len(out)}", type=f_type, layer=layer, start=start, end=end, **kw)
        out.append(f)
        return f

    colors = actor_colors(analysis)
    first_mention: dict[str, list[Finding]] = {}
    for actor in analysis.actors:
        roles = "; ".join(actor.roles) or "—"
        for m in actor.mentions:
            f = add(
                "mention", "actors", m.start, m.end,
                title=actor.name, color=colors[actor.id],
                fields=[("finding", "actor mention"), ("actor", actor.name), ("kind", actor.kind),
                        ("mention form", m.form), ("text", m.text), ("roles", roles),
                        ("mentions", str(len(actor.mentions))), ("stance", _stance_text(actor)),
                        ("framing", framing_words(actor.framing))],
                extra={"actor": actor.id},
            )
            if f is not None:
                first_mention.setdefault(actor.id, []).append(f)

    who = contesters(analysis)
    for actor in analysis.actors:
        for i, sig in enumerate(actor.standing):
            add(
                "signal", "actors", sig.start, sig.end,
                title=f"{sig.direction.capitalize()}: {sig.signal} ({actor.name})",
                color=DIRECTION_COLORS.get(sig.direction, "#555555"),
                fields=[("finding", "standing signal"), ("actor", actor.name),
                        ("signal", sig.signal), ("direction", sig.direction),
                        *_standing_source(sig, analysis, contested_by(sig, who)),
                        ("evidence", truncate(sig.text, 300))],
                extra={"actor": actor.id, "signal": i},
            )
    for found in first_mention.values():
        found.sort(key=lambda m: m.start)
    for claim in analysis.claims:
        _claim_findings(analysis, claim, add, first_mention)

    for t in analysis.techniques:
        label = technique_label(t.technique)
        add(
            "technique", "techniques", t.start, t.end,
            title=label, color=TECHNIQUE_COLORS.get(t.technique, _UNKNOWN_TECHNIQUE_COLOR),
            fields=[("finding", "persuasion technique"), ("technique", label),
                    ("confidence", f"{t.score:.2f}"), ("text", truncate(t.text, 300))],
            extra={"label": label},
        )

    for ev in analysis.events:
        clause = text[ev.start:ev.end] if _valid(ev.start, ev.end, n) else ""
        add(
            "event", "events", ev.action.start, ev.action.end,
            title=f"{ev.category}: {ev.action.text}",
            fields=[("finding", "event"), ("category", ev.category),
                    ("actor", event_actor_label(analysis, ev) or "—"),
                    ("action", ("NOT " if ev.negated else "") + ev.action.text),
                    ("target", _actor_name(analysis, ev.target) or "—"),
                    ("negated", "yes" if ev.negated else "no"),
                    ("clause", truncate(clause, 300) or "—")],
            extra={"event": ev.id},
        )
    notes = [f"{count} {kind} finding(s) had offsets outside the text and are not highlighted"
             for kind, count in sorted(skipped.items())]
    return out, notes


def _claim_findings(analysis: Analysis, claim: Claim, add: Any,
                    first_mention: dict[str, list[Finding]]) -> None:
    kind = claim.source.kind
    color = SOURCE_COLORS.get(kind, "#718096")
    src_name = source_label(analysis, claim) or "—"
    base = [
        ("source kind", SOURCE_KIND_LABELS.get(kind, kind)),
        ("source", src_name),
        ("cue", claim.cue.text if claim.cue is not None else "—"),
        ("via", via_label(analysis, claim) or "—"),
        ("hedges", ", ".join(h.text for h in claim.hedges) or "none"),
        ("direct quote", "yes" if claim.quote else "no"),
    ]
    claim_f = add(
        "claim", "claims", claim.start, claim.end,
        title=f"Claim ({SOURCE_KIND_LABELS.get(kind, kind)})", color=color,
        fields=[("finding", "claim"), *base, ("claim", truncate(claim.text, 300))],
        extra={"claim": claim.id, "kind": kind},
    )
    about = ("claim", truncate(claim.text, 160))
    src_f = add(
        "source", "claims", claim.source.start, claim.source.end,
        title=f"Source: {src_name}", color=color,
        fields=[("finding", "source of a claim"), ("source kind", SOURCE_KIND_LABELS.get(kind, kind)),
                ("source", src_name), about],
    ) if claim.source.start is not None else None
    if claim.cue is not None:
        add("cue", "claims", claim.cue.start, claim.cue.end, title=f"Cue: {claim.cue.text}",
            color=color, fields=[("finding", "attribution cue"), ("cue", claim.cue.text), about])
    for h in claim.hedges:
        add("hedge", "claims", h.start, h.end, title=f"Hedge: {h.text}", color=color,
            fields=[("finding", "hedge"), ("hedge", h.text), about])
    if claim_f is None:
        return
    if src_f is not None:
        claim_f.extra.update(src=src_f.fid, dashed=False)
    elif claim.source.actor and first_mention.get(claim.source.actor):
        # No source span: point at the source actor's mention nearest the claim.
        claim_f.extra.update(src=_nearest(first_mention[claim.source.actor], claim_f.start).fid,
                             dashed=True)


def _nearest(mentions: list[Finding], pos: int) -> Finding:
    """The finding in *mentions* (sorted by start) whose start is nearest *pos*."""
    i = bisect.bisect_left(mentions, pos, key=lambda m: m.start)
    near = mentions[max(i - 1, 0) : i + 1]
    return min(near, key=lambda m: abs(m.start - pos))


# ----------------------------------------------------------------- segments


def build_segments(text: str, findings: list[Finding]) -> list[Segment]:
    """Cut *text* at every finding boundary; each segment lists the findings covering it.

    The segments tile the text exactly: consecutive, non-empty, from 0 to len(text).
    """
    bounds = {0, len(text)}
    for f in findings:
        bounds.add(f.start)
        bounds.add(f.end)
    points = sorted(b for b in bounds if 0 <= b <= len(text))
    by_start = sorted(findings, key=lambda f: f.start)
    active: list[tuple[int, int, Finding]] = []  # heap by end
    order = {f.fid: i for i, f in enumerate(findings)}
    segments: list[Segment] = []
    i = 0
    for a, b in zip(points, points[1:], strict=False):
        while i < len(by_start) and by_start[i].start <= a:
            f = by_start[i]
            heapq.heappush(active, (f.end, order[f.fid], f))
            i += 1
        while active and active[0][0] <= a:
            heapq.heappop(active)
        covering = sorted((f for _, _, f in active), key=lambda f: order[f.fid])
        segments.append(Segment(a, b, covering))
    return segments


def _innermost(fs: list[Finding]) -> Finding:
    return min(fs, key=lambda f: (f.end - f.start, f.start))


def segments_html(text: str, findings: list[Finding]) -> Markup:
    """The article as escaped HTML: one span per segment, empty anchors at finding starts."""
    segments = build_segments(text, findings)
    anchors: dict[int, list[str]] = {}
    for f in findings:
        if f.type in _ANCHORED:
            anchors.setdefault(f.start, []).append(f.fid)
    tech_ends: dict[int, list[str]] = {}
    for f in findings:
        if f.type == "technique":
            tech_ends.setdefault(f.end, []).append(str(f.extra.get("label", f.title)))
    parts: list[str] = []
    for seg in segments:
        for fid in anchors.pop(seg.start, []):
            parts.append(f'<a class="tl-anchor" id="tl-{fid}"></a>')
        attrs = [f'data-start="{seg.start}"', f'data-end="{seg.end}"']
        if seg.findings:
            classes = ["tl-seg"]
            styles = []
            by_type: dict[str, list[Finding]] = {}
            for f in seg.findings:
                by_type.setdefault(f.type, []).append(f)
            for f_type, fs in by_type.items():
                classes.append(_TYPE_CLASS[f_type])
                var = _TYPE_VAR.get(f_type)
                if var:
                    styles.append(f"{var}:{_innermost(fs).color}")
            attrs.insert(0, f'class="{" ".join(classes)}"')
            attrs.append(f'data-f="{" ".join(f.fid for f in seg.findings)}"')
            if styles:
                attrs.append(f'style="{";".join(styles)}"')
            labels = tech_ends.get(seg.end)
            if labels:
                attrs.append(f'data-tl="{escape(" · ".join(dict.fromkeys(labels)))}"')
        else:
            attrs.insert(0, 'class="tl-plain"')
        parts.append(f"<span {' '.join(attrs)}>{escape(text[seg.start:seg.end])}</span>")
    return Markup("".join(parts))


# ----------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tealeaves.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["truncate_text"] = truncate
    env.filters["pct"] = lambda x: f"{x:.0%}"
    return env


def report_assets() -> dict[str, str]:
    """The CSS and JS the article fragment needs (inline them in the host page)."""
    css, js = _read_assets()
    return {"css": css, "js": js}


@lru_cache(maxsize=1)
def _read_assets() -> tuple[str, str]:
    base = resources.files("tealeaves.render").joinpath("templates")
    return (base.joinpath("report.css").read_text("utf-8"),
            base.joinpath("report.js").read_text("utf-8"))


def _actor_rows(analysis: Analysis, findings: list[Finding]) -> list[dict[str, Any]]:
    colors = actor_colors(analysis)
    anchor = {(f.extra["actor"], f.extra["signal"]): f.fid for f in findings if f.type == "signal"}
    who = contesters(analysis)
    rows = []
    for a in sorted(analysis.actors, key=lambda a: (-len(a.mentions), a.name.lower())):
        forms = Counter(m.form for m in a.mentions)
        rows.append({
            "actor": a,
            "color": colors[a.id],
            "forms": ", ".join(f"{k} {v}" for k, v in forms.most_common()),
            "stance": _stance_text(a),
            "framing": framing_words(a.framing),
            "signals": [(sig, anchor.get((a.id, i)), who_says_so(
                sig.source_kind, sig.contested, signal_speaker(analysis, sig),
                contested_by(sig, who)))
                for i, sig in enumerate(a.standing)],
        })
    return rows


def _fragment_context(analysis: Analysis, findings: list[Finding], notes: list[str]) -> dict[str, Any]:
    present_kinds = {c.source.kind for c in analysis.claims}
    present_tech = list(dict.fromkeys(t.technique for t in analysis.techniques))
    primary = {"mention", "claim", "technique", "event"}
    counts = Counter(f.layer for f in findings if f.type in primary)
    return {
        "a": analysis,
        "article_html": segments_html(analysis.article.text, findings),
        "data": {"findings": {f.fid: f.to_json() for f in findings}},
        "layers": [(layer, counts.get(layer, 0)) for layer in LAYERS],
        "notes": notes,
        "actor_rows": _actor_rows(analysis, findings),
        "source_legend": [(k, SOURCE_KIND_LABELS[k], SOURCE_COLORS[k], k in present_kinds)
                          for k in SOURCE_KINDS],
        "technique_legend": [(technique_label(t), TECHNIQUE_COLORS.get(t, _UNKNOWN_TECHNIQUE_COLOR))
                             for t in present_tech],
    }


def render_article_fragment(analysis: Analysis) -> Markup:
    """The highlighted article with layer switches, legend and side panel (no <html>)."""
    return _fragment(analysis, *collect_findings(analysis))


def _fragment(analysis: Analysis, findings: list[Finding], notes: list[str]) -> Markup:
    context = _fragment_context(analysis, findings, notes)
    return Markup(_env().get_template("article.html.j2").render(**context))


def _event_rows(analysis: Analysis, findings: list[Finding]) -> list[dict[str, Any]]:
    anchor = {f.extra.get("event"): f.fid for f in findings if f.type == "event"}
    return [{
        "event": ev,
        "actor": event_actor_label(analysis, ev) or "—",
        "target": _actor_name(analysis, ev.target) or "—",
        "anchor": anchor.get(ev.id),
    } for ev in sorted(analysis.events, key=lambda e: e.start)]


def _claim_rows(analysis: Analysis, findings: list[Finding]) -> list[dict[str, Any]]:
    anchor = {f.extra.get("claim"): f.fid for f in findings if f.type == "claim"}
    return [{
        "claim": c,
        "kind_label": SOURCE_KIND_LABELS.get(c.source.kind, c.source.kind),
        "color": SOURCE_COLORS.get(c.source.kind, "#718096"),
        "source": source_label(analysis, c) or "—",
        "via": via_label(analysis, c) or "—",
        "anchor": anchor.get(c.id),
        "display": _quoted(c),
    } for c in sorted(analysis.claims, key=lambda c: c.start)]


_QUOTE_MARKS = ('"', "“", "'", "‘", "«", "„")


def _quoted(claim: Claim, limit: int = 200) -> str:
    """The claim's text for a table cell: shortened, in quote marks if it is a quote."""
    text = truncate(claim.text, limit)
    if claim.quote and not text.startswith(_QUOTE_MARKS):
        return f"“{text}”"
    return text


def _technique_groups(analysis: Analysis, findings: list[Finding]) -> list[dict[str, Any]]:
    anchor = {(f.start, f.end, f.extra.get("label")): f.fid for f in findings if f.type == "technique"}
    groups = technique_summary(analysis, top=len(TECHNIQUES) + len(analysis.techniques))
    for g in groups:
        spans = sorted((t for t in analysis.techniques if t.technique == g["technique"]),
                       key=lambda t: t.start)
        g["color"] = TECHNIQUE_COLORS.get(g["technique"], _UNKNOWN_TECHNIQUE_COLOR)
        g["items"] = [{"t": t, "anchor": anchor.get((t.start, t.end, g["label"]))} for t in spans]
    return groups


def render_html(analysis: Analysis) -> str:
    """The complete, self-contained report (one HTML document, no external assets)."""
    findings, notes = collect_findings(analysis)
    assets = report_assets()
    return _env().get_template("report.html.j2").render(
        a=analysis,
        css=Markup(assets["css"]),
        js=Markup(assets["js"]),
        fragment=_fragment(analysis, findings, notes),
        summary=sourcing_summary(analysis),
        source_kinds=[(k, SOURCE_KIND_LABELS[k], SOURCE_COLORS[k]) for k in SOURCE_KINDS],
        words=word_count(analysis.article.text),
        claim_rows=_claim_rows(analysis, findings),
        technique_groups=_technique_groups(analysis, findings),
        event_rows=_event_rows(analysis, findings),
    )

