"""How the renderers word a standing signal's type and who says so."""

from __future__ import annotations

from ..model import StandingSignal

_WHO = {"named_person": "a named person", "named_organization": "a named organisation",
        "anonymous": "anonymous sources", "rumour": "rumour"}


def who_says_so(source_kind: str | None, contested: bool) -> str:
    """A standing signal's source in words ("anonymous sources, contested"); empty for the
    author's own uncontested word and for analyses written before sources were kept."""
    return ", ".join(w for w in (_WHO.get(source_kind or "", ""),
                                 "contested" if contested else "") if w)


def standing_source_rows(sig: StandingSignal) -> list[tuple[str, str]]:
    """The type and who-says-so rows of a standing signal's details (none for analyses
    written before they were kept)."""
    rows = []
    if sig.type:
        rows.append(("type", sig.type.replace("_", " ")))
    if sig.source_kind:
        rows.append(("who says so", sig.source_kind.replace("_", " ")
                     + (f" (claim {sig.claim})" if sig.claim else "")))
    if sig.contested:
        rows.append(("contested", "yes: the text disputes it"))
    return rows
