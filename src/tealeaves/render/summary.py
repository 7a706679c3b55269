"""Numbers and labels shared by the terminal summary and the HTML report.

``sourcing_summary`` answers "who stands behind the article's claims, and how
firmly"; ``technique_summary`` lists the most frequent persuasion techniques
with example spans. Both work on whatever the stages produced, including
empty lists (all counts zero, shares 0.0).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from ..model import SOURCE_KINDS, Analysis, Claim, Event, Technique

#: Human-readable names of the source kinds, in the model's order.
SOURCE_KIND_LABELS: dict[str, str] = {
    "named_person": "named person",
    "named_organization": "named organization",
    "anonymous": "anonymous",
    "rumour": "rumour",
    "author": "the author",
}


def sourcing_summary(analysis: Analysis) -> dict[str, Any]:
    """Counts of claims by source kind and the shares that rest on weak sourcing.

    Returns a flat dict: one count per source kind (``named_person``,
    ``named_organization``, ``anonymous``, ``rumour``, ``author``; all five
    always present), the same counts under ``by_kind``, ``claims`` (total),
    ``quotes`` (direct quotes), ``anonymous_or_rumour`` and ``hedged``
    (counts), and ``share_anonymous_or_rumour`` and ``share_hedged``
    (fractions 0..1 of all claims; 0.0 when there are no claims); ``attributed`` (claims of
    a kind other than ``author``) and ``share_attributed_anonymous_or_rumour`` (the share of
    those that rest on an unnamed source or on rumour).
    """
    by_kind = {kind: 0 for kind in SOURCE_KINDS}
    for claim in analysis.claims:
        by_kind[claim.source.kind] = by_kind.get(claim.source.kind, 0) + 1
    total = len(analysis.claims)
    weak = by_kind["anonymous"] + by_kind["rumour"]
    attributed = total - by_kind["author"]
    hedged = sum(1 for c in analysis.claims if c.hedges)
    out: dict[str, Any] = dict(by_kind)
    out.update(
        by_kind=by_kind,
        claims=total,
        quotes=sum(1 for c in analysis.claims if c.quote),
        anonymous_or_rumour=weak,
        hedged=hedged,
        share_anonymous_or_rumour=weak / total if total else 0.0,
        share_hedged=hedged / total if total else 0.0,
        attributed=attributed,
        share_attributed_anonymous_or_rumour=weak / attributed if attributed else 0.0,
    )
    return out


#: Personal pronouns (English and Russian) that say nothing about who speaks on their own.
_BARE_PRONOUNS = frozenset({
    "he", "she", "they", "it", "we", "i", "you", "him", "her", "them",
    "он", "она", "они", "оно", "мы", "я",
})


def speaker_label(analysis: Analysis, claim: Claim) -> str | None:
    """Who stands behind *claim*, as a reader needs it: the source's words, and the person or
    body they resolve to when the words do not name it ("he → Dmitry Peskov", "the
    spokesman → Dmitry Peskov"); the resolved name alone for a source with no words of its
    own (a quotation continuing the speaker before); the document an "it" refers to when no
    actor holds it (``Source.refers``: "it → National Security Strategy"); a bare pronoun
    nobody was found for is marked "(not resolved)"; None when there is neither."""
    src = claim.source
    actor = analysis.actor(src.actor) if src.actor else None
    if actor is None:
        if (src.kind == "rumour" and src.text and claim.cue is not None
                and src.text.strip() == claim.cue.text.strip()):
            return None  # the frame ("rumours of", "word is") is the cue, not a source
        if src.text and src.refers is not None:
            return f"{src.text} → {src.refers.text}"  # "it → National Security Strategy"
        if src.text and src.text.strip().lower() in _BARE_PRONOUNS:
            return f"{src.text} (not resolved)"  # say so rather than leave "he" unexplained
        return src.text or None
    if not src.text:
        return actor.name
    words = src.text.lower()
    forms = [actor.name, *actor.aliases]
    if any(f.lower() in words for f in forms if len(f) > 2) or words in actor.name.lower():
        return src.text  # the words name it already ("Peskov", "Dmitry Peskov")
    return f"{src.text} → {actor.name}"


#: What the reports print as the source of a rumour with no one behind it.
HEARSAY = "none (hearsay)"


def source_label(analysis: Analysis, claim: Claim) -> str | None:
    """The source line of a claim in the reports: :func:`speaker_label`, or for a rumour
    with no speaker, "none (hearsay)" — a rumour rests on no source by the guide, and its
    frame words are shown as its cue."""
    label = speaker_label(analysis, claim)
    if label is None and claim.source.kind == "rumour":
        return HEARSAY
    return label


def via_label(analysis: Analysis, claim: Claim) -> str | None:
    """The name of the channel a claim came through (``via``), or None."""
    if claim.via is None:
        return None
    actor = analysis.actor(claim.via)
    return actor.name if actor is not None else claim.via


def event_actor_label(analysis: Analysis, event: Event) -> str | None:
    """Who acts in *event*: the actor's name; for a statement by an unnamed group ("a White
    House official said"), the group's words marked as unnamed; None when neither is known."""
    if event.actor is not None:
        actor = analysis.actor(event.actor)
        return actor.name if actor is not None else event.actor
    if event.unnamed_actor is not None and event.unnamed_actor.text.strip():
        return f"{' '.join(event.unnamed_actor.text.split())} (unnamed)"
    return None


def technique_label(name: str) -> str:
    """``"Name_Calling,Labeling"`` → ``"Name calling, labeling"``."""
    parts = [p.replace("_", " ").strip() for p in name.split(",")]
    text = ", ".join(p for p in parts if p).lower()
    return text[:1].upper() + text[1:]


def technique_summary(analysis: Analysis, top: int = 5, examples: int = 3) -> list[dict[str, Any]]:
    """The *top* most frequent techniques, most frequent first.

    Each item: ``technique`` (the PTC name), ``label`` (readable), ``count``,
    ``examples`` (up to *examples* distinct span texts, highest score first),
    ``best_score`` and ``example_scores`` (the score of each example). Plain JSON-friendly values only.
    Ties in count are broken by the best score, then by name.
    """
    groups: dict[str, list[Technique]] = defaultdict(list)
    for t in analysis.techniques:
        groups[t.technique].append(t)
    counts = Counter({name: len(items) for name, items in groups.items()})

    def key(name: str) -> tuple[int, float, str]:
        best = max((t.score for t in groups[name]), default=0.0)
        return (-counts[name], -best, name)

    out: list[dict[str, Any]] = []
    for name in sorted(groups, key=key)[: max(top, 0)]:
        spans = sorted(groups[name], key=lambda t: (-t.score, t.start))
        seen: list[str] = []
        scores: list[float] = []
        for t in spans:
            text = " ".join(t.text.split())
            if text and text not in seen:
                seen.append(text)
                scores.append(t.score)
            if len(seen) >= examples:
                break
        out.append(
            {
                "technique": name,
                "label": technique_label(name),
                "count": counts[name],
                "examples": seen,
                "best_score": spans[0].score if spans else 0.0,
                "example_scores": scores,
            }
        )
    return out


def truncate(text: str, limit: int = 160) -> str:
    """Collapse whitespace and shorten to about *limit* characters, keeping both ends."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = max(limit * 2 // 3, 1)
    tail = max(limit - head - 3, 0)
    cut_head = flat[:head].rsplit(" ", 1)[0] if " " in flat[:head] else flat[:head]
    cut_tail = flat[len(flat) - tail :].split(" ", 1)[-1] if tail else ""
    return f"{cut_head} … {cut_tail}".rstrip()


def word_count(text: str) -> int:
    return len(text.split())


__all__ = [
    "SOURCE_KIND_LABELS",
    "sourcing_summary",
    "technique_label",
    "technique_summary",
    "truncate",
    "word_count",
]
