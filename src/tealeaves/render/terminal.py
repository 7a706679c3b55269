"""A readable terminal summary of one Analysis, rendered with rich to a string.

Article text is hostile input: every piece of it goes into ``rich.text.Text``
objects (never through rich's markup parser), so ``[bold]`` in an article is
printed as written.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..model import MENTION_FORMS, SOURCE_KINDS, Actor, Analysis, Claim, Event
from .stance import NOT_EVALUATED
from .standing import contested_by, contesters, signal_speaker, who_says_so
from .summary import (
    SOURCE_KIND_LABELS,
    event_actor_label,
    source_label,
    sourcing_summary,
    technique_summary,
    truncate,
    via_label,
    word_count,
)

WIDTH = 100
MAX_ACTORS = 30
MAX_CLAIMS_PER_KIND = 12
MAX_EVENTS = 30
MAX_REMOVED = 20
HEDGE_OPEN, HEDGE_CLOSE = "⟨", "⟩"
_WS = re.compile(r"\s+")
_QUOTE_MARKS = ('"', "“", "'", "‘", "«", "„")


def render_text(analysis: Analysis, *, color: bool = False, width: int = WIDTH) -> str:
    """The terminal summary as a string; plain text unless *color* is true."""
    buf = io.StringIO()
    console = Console(
        file=buf,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    for block in _blocks(analysis):
        console.print(block)
    out = buf.getvalue()
    if color:
        return out
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


def _blocks(analysis: Analysis) -> list[RenderableType]:
    return [
        _header(analysis),
        _actors(analysis),
        _claims(analysis),
        _techniques(analysis),
        _events(analysis),
        _removed(analysis),
        _issues(analysis),
    ]


def _section(title: str, count: int | None = None) -> Rule:
    label = f"{title} ({count})" if count is not None else title
    return Rule(Text(label, style="bold"), align="left", characters="─")


def _header(analysis: Analysis) -> RenderableType:
    art = analysis.article
    title = Text(art.title or "(untitled article)", style="bold")
    facts: list[str] = []
    if art.outlet:
        facts.append(art.outlet)
    facts.append(art.published or "date unknown")
    if analysis.genre is not None:
        facts.append(f"genre: {analysis.genre.label} ({analysis.genre.confidence:.0%})")
    else:
        facts.append("genre: not assessed")
    facts.append(f"language: {art.language}")
    facts.append(f"{word_count(art.text):,} words")
    facts.append(f"{len(art.removed)} line(s) removed")
    meta = Text(" · ".join(facts), style="dim")
    lines: list[RenderableType] = [title, meta]
    if art.url:
        lines.append(Text(art.url, style="dim"))
    lines.append(Text(f"id {art.id[:16]}", style="dim"))
    return Group(*lines, Text(""))


def _forms(actor: Actor) -> str:
    counts: Counter[str] = Counter(m.form for m in actor.mentions)
    parts = [f"{form} {counts[form]}" for form in MENTION_FORMS if counts.get(form)]
    return f"{len(actor.mentions)}" + (f" ({', '.join(parts)})" if parts else "")


def _standing(analysis: Analysis, actor: Actor, names: dict[str, str] | None = None) -> Text:
    """One line per kind of signal; the same signal from the same source found several
    times is one line with a count ("↓ resigned ×2"), not a column of repeats. Who says so
    names the speaker of the claim a signal rests on ("a named person: he → Ben Wallace");
    *names* (claim id -> name) names who contests a signal."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (sig.direction, sig.signal,
         who_says_so(sig.source_kind, sig.contested, signal_speaker(analysis, sig),
                     contested_by(sig, names or {})))
        for sig in actor.standing)
    out = Text()
    for i, ((direction, signal, who), n) in enumerate(counts.items()):
        if i:
            out.append("\n")
        arrow = "↑" if direction == "rising" else "↓"
        style = "green" if direction == "rising" else "red"
        out.append(f"{arrow} {signal}" + (f" ×{n}" if n > 1 else ""), style=style)
        if who:
            out.append(f" ({who})", style="dim")
    return out or Text("—", style="dim")


def _stance_cell(actor: Actor) -> Text:
    """The stance label and, below it, its confidence in words (never a signed number); then
    the role the article casts the actor in, its fine roles and confidence."""
    if actor.stance is None:
        out = Text(NOT_EVALUATED, style="dim")
    else:
        out = Text(f"{actor.stance.label}\nconfidence {actor.stance.score:.2f}")
    if actor.framing is not None:
        out.append(f"\ncast as {actor.framing.role}", style="bold")
        if actor.framing.fine:
            out.append("\n" + ", ".join(actor.framing.fine), style="italic")
        out.append(f"\nconfidence {actor.framing.score:.2f}")
    return out


def _actors(analysis: Analysis) -> RenderableType:
    head = _section("Actors", len(analysis.actors))
    if not analysis.actors:
        return Group(head, Text("No actors found.", style="dim"), Text(""))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Actor · roles · aliases", ratio=3, overflow="fold")
    table.add_column("Kind", width=12, no_wrap=True)
    table.add_column("Mentions", width=22, overflow="fold")
    table.add_column("Stance · framing", width=19, overflow="fold")
    # wide enough that "(a named organisation)" wraps between words, not inside one
    table.add_column("Standing", ratio=2, overflow="fold")
    ranked = sorted(analysis.actors, key=lambda a: (-len(a.mentions), a.name.lower()))
    who = contesters(analysis)
    for actor in ranked[:MAX_ACTORS]:
        name = Text(actor.name, style="bold")
        if actor.roles:
            name.append("\n" + truncate("; ".join(actor.roles), 90), style="italic")
        if actor.aliases:
            name.append("\n" + truncate("aka " + "; ".join(actor.aliases), 50), style="dim")
        table.add_row(
            name,
            Text(actor.kind),
            Text(_forms(actor)),
            _stance_cell(actor),
            _standing(analysis, actor, who),
        )
    parts: list[RenderableType] = [head, table]
    if len(ranked) > MAX_ACTORS:
        parts.append(Text(f"… and {len(ranked) - MAX_ACTORS} more actors", style="dim"))
    parts.append(Text(""))
    return Group(*parts)


def _sourcing_line(analysis: Analysis) -> Text:
    s = sourcing_summary(analysis)
    line = Text(f"{s['claims']} claims ({s['quotes']} direct quote{'' if s['quotes'] == 1 else 's'}): ")
    line.append(" · ".join(f"{SOURCE_KIND_LABELS[k]} {s[k]}" for k in SOURCE_KINDS))
    line.append(
        f" — resting on anonymous sources or rumour: {s['share_anonymous_or_rumour']:.0%}"
        f" ({s['share_attributed_anonymous_or_rumour']:.0%} of attributed claims)"
        f" · hedged: {s['share_hedged']:.0%}",
        style="bold",
    )
    return line


def _actor_name(analysis: Analysis, actor_id: str | None) -> str | None:
    if actor_id is None:
        return None
    actor = analysis.actor(actor_id)
    return actor.name if actor is not None else actor_id


def _claim_text(analysis: Analysis, claim: Claim, limit: int = 220) -> Text:
    """The claim's text with its hedges marked ⟨like this⟩, shortened to about *limit*."""
    text = analysis.article.text
    if not 0 <= claim.start < claim.end <= len(text):
        return Text(truncate(claim.text, limit))
    inside = sorted(
        (h for h in claim.hedges if claim.start <= h.start < h.end <= claim.end),
        key=lambda h: h.start,
    )
    out = Text()
    pos = claim.start
    for h in inside:
        if h.start < pos:
            continue
        out.append(_flat(text[pos : h.start]))
        out.append(HEDGE_OPEN + _flat(text[h.start : h.end]) + HEDGE_CLOSE, style="italic yellow")
        pos = h.end
    out.append(_flat(text[pos : claim.end]))
    if len(out.plain) > limit:
        return Text(truncate(out.plain, limit))
    return out


def _flat(s: str) -> str:
    return _WS.sub(" ", s)


def _grid() -> Table:
    """Two columns: a short marker, then text that wraps under itself (a hanging indent)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    return grid


def _claims(analysis: Analysis) -> RenderableType:
    head = _section("Claims and their sources", len(analysis.claims))
    parts: list[RenderableType] = [head, _sourcing_line(analysis)]
    if not analysis.claims:
        parts += [Text("No claims found.", style="dim"), Text("")]
        return Group(*parts)
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in analysis.claims:
        groups[c.source.kind].append(c)
    for kind in SOURCE_KINDS:
        claims = sorted(groups.get(kind, []), key=lambda c: c.start)
        if not claims:
            continue
        parts.append(Text(f"\n{SOURCE_KIND_LABELS[kind].capitalize()} ({len(claims)})", style="bold"))
        grid = _grid()
        for c in claims[:MAX_CLAIMS_PER_KIND]:
            body = _claim_text(analysis, c)
            if c.quote and not body.plain.startswith(_QUOTE_MARKS):
                body = Text("“") + body + Text("”")
            grid.add_row("•", body)
            meta: list[str] = []
            src = source_label(analysis, c)
            if src:
                meta.append(f"source: {truncate(src, 90)}")
            if c.cue is not None:
                meta.append(f"cue: “{truncate(c.cue.text, 40)}”")
            if c.hedges:
                meta.append("hedges: " + ", ".join(truncate(h.text, 30) for h in c.hedges))
            via = via_label(analysis, c)
            if via:
                meta.append(f"via {via}")
            if meta:
                grid.add_row("", Text(" · ".join(meta), style="dim"))
        if len(claims) > MAX_CLAIMS_PER_KIND:
            grid.add_row("", Text(f"… and {len(claims) - MAX_CLAIMS_PER_KIND} more", style="dim"))
        parts.append(grid)
    parts.append(Text(""))
    return Group(*parts)


def _techniques(analysis: Analysis) -> RenderableType:
    head = _section("Persuasion techniques", len(analysis.techniques))
    top = technique_summary(analysis, top=5)
    if not top:
        return Group(head, Text("No persuasion techniques found.", style="dim"), Text(""))
    parts: list[RenderableType] = [head]
    for item in top:
        line = Text(f"  {item['label']}", style="bold")
        line.append(f" ×{item['count']}")
        parts.append(line)
        for ex, score in zip(item["examples"], item["example_scores"], strict=True):
            parts.append(Text(f"      “{truncate(ex, 80)}” confidence {score:.2f}", style="dim"))
    others = len({t.technique for t in analysis.techniques}) - len(top)
    if others > 0:
        parts.append(Text(f"  … and {others} more technique(s)", style="dim"))
    parts.append(Text(""))
    return Group(*parts)


def _event_line(analysis: Analysis, ev: Event) -> Text:
    line = Text("  ")
    line.append(f"{ev.category:<11}", style="bold")
    line.append(" ")
    line.append(event_actor_label(analysis, ev) or "?")
    line.append(" → ")
    line.append(("NOT " if ev.negated else "") + truncate(ev.action.text, 40), style="italic")
    line.append(" → ")
    line.append(_actor_name(analysis, ev.target) or "—")
    return line


def _events(analysis: Analysis) -> RenderableType:
    head = _section("Events", len(analysis.events))
    if not analysis.events:
        return Group(head, Text("No events found.", style="dim"), Text(""))
    parts: list[RenderableType] = [head]
    events = sorted(analysis.events, key=lambda e: e.start)
    for ev in events[:MAX_EVENTS]:
        parts.append(_event_line(analysis, ev))
    if len(events) > MAX_EVENTS:
        parts.append(Text(f"  … and {len(events) - MAX_EVENTS} more events", style="dim"))
    parts.append(Text(""))
    return Group(*parts)


def _removed(analysis: Analysis) -> RenderableType:
    """The lines the cleaner dropped, each with its reason, so nothing vanishes unseen."""
    removed = analysis.article.removed
    head = _section("Removed as page debris", len(removed))
    if not removed:
        return Group(head, Text("The cleaner removed no lines.", style="dim"), Text(""))
    grid = _grid()
    for r in removed[:MAX_REMOVED]:
        line = Text(f"“{truncate(_flat(r.text), 70)}”")
        line.append(f" — {r.reason}", style="dim")
        grid.add_row("•", line)
    if len(removed) > MAX_REMOVED:
        grid.add_row("", Text(f"… and {len(removed) - MAX_REMOVED} more", style="dim"))
    return Group(head, grid, Text(""))


def _issues(analysis: Analysis) -> RenderableType:
    head = _section("Stage issues", len(analysis.issues))
    if not analysis.issues:
        return Group(head, Text("None: every stage ran.", style="dim"))
    grid = _grid()
    for issue in analysis.issues:
        line = Text(f"{issue.stage}: ", style="bold red")
        line.append(truncate(issue.message, 300))
        grid.add_row("!", line)
    return Group(head, grid)
