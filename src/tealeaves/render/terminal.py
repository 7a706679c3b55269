"""A readable terminal summary (first version)."""

from __future__ import annotations

from ..model import Analysis


def render_text(analysis: Analysis) -> str:
    lines = [f"Article {analysis.article.id[:12]}  {analysis.article.title or ''}".rstrip()]
    lines.append(f"Actors ({len(analysis.actors)}):")
    for a in analysis.actors:
        lines.append(f"  {a.name} [{a.kind}] x{len(a.mentions)}")
    lines.append(f"Claims ({len(analysis.claims)}):")
    for c in analysis.claims:
        lines.append(f"  [{c.source.kind}] {c.text[:80]}")
    return "\n".join(lines) + "\n"
