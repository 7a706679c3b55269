"""How the renderers word a standing signal's type and who says so."""

from __future__ import annotations

from ..model import Analysis, StandingSignal

_WHO = {"named_person": "a named person", "named_organization": "a named organisation",
        "anonymous": "anonymous sources", "rumour": "rumour"}


def who_says_so(source_kind: str | None, contested: bool, by: str | None = None) -> str:
    """A standing signal's source in words ("anonymous sources, contested"; "rumour,
    contested by the Kremlin" with *by*); empty for the author's own uncontested word and
    for analyses written before sources were kept."""
    dispute = ("contested by " + by if by else "contested") if contested else ""
    return ", ".join(w for w in (_WHO.get(source_kind or "", ""), dispute) if w)


def contesters(analysis: Analysis) -> dict[str, str]:
    """Claim id -> who stands behind it, in words: the source actor's name, the source's
    own words, or its kind ("anonymous sources"); for naming who contests a signal."""
    names = {a.id: a.name for a in analysis.actors}
    out: dict[str, str] = {}
    for claim in analysis.claims:
        src = claim.source
        out[claim.id] = (names.get(src.actor or "") or src.text
                         or _WHO.get(src.kind, "the author"))
    return out


def contested_by(sig: StandingSignal, who: dict[str, str]) -> str | None:
    """Who disputes *sig*, in words (from :func:`contesters`), or None."""
    if not sig.contested or not sig.contested_by:
        return None
    return who.get(sig.contested_by, f"claim {sig.contested_by}")


def standing_source_rows(sig: StandingSignal, by: str | None = None) -> list[tuple[str, str]]:
    """The type and who-says-so rows of a standing signal's details (none for analyses
    written before they were kept); *by* names who contests it."""
    rows = []
    if sig.type:
        rows.append(("type", sig.type.replace("_", " ")))
    if sig.source_kind:
        rows.append(("who says so", sig.source_kind.replace("_", " ")
                     + (f" (claim {sig.claim})" if sig.claim else "")))
    if sig.contested:
        rows.append(("contested", f"yes: disputed by {by}" + (
            f" (claim {sig.contested_by})" if sig.contested_by else "") if by
            else "yes: the text disputes it"))
    return rows
