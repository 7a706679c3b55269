"""How the renderers word a standing signal's type and who says so."""

from __future__ import annotations

from ..model import Analysis, StandingSignal
from .summary import speaker_label

_WHO = {"named_person": "a named person", "named_organization": "a named organisation",
        "anonymous": "anonymous sources", "rumour": "rumour"}
#: Kinds whose claim has a speaker worth naming beside the kind (a rumour has none).
_NAMED_KINDS = frozenset({"named_person", "named_organization", "anonymous"})


def signal_speaker(analysis: Analysis, sig: StandingSignal) -> str | None:
    """The speaker of the claim a standing signal rests on, as the claims list shows it
    ("he → Ben Wallace", "a Downing Street source"), so a reader sees *whose* words moved an
    actor, not only what kind of source they were; None for the author's word, a rumour, a
    claim id no longer in the analysis, or a claim with no speaker."""
    if not sig.claim or sig.source_kind not in _NAMED_KINDS:
        return None
    claim = next((c for c in analysis.claims if c.id == sig.claim), None)
    return speaker_label(analysis, claim) if claim is not None else None


def who_says_so(source_kind: str | None, contested: bool, speaker: str | None = None,
                by: str | None = None) -> str:
    """A standing signal's source in words ("anonymous sources, contested"; with *speaker*,
    "a named person: he → Ben Wallace"; with *by*, "rumour, contested by the Kremlin"); empty
    for the author's own uncontested word and for analyses written before sources were
    kept."""
    kind = _WHO.get(source_kind or "", "")
    if kind and speaker:
        kind = f"{kind}: {speaker}"
    dispute = ("contested by " + by if by else "contested") if contested else ""
    return ", ".join(w for w in (kind, dispute) if w)


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


def standing_source_rows(sig: StandingSignal, analysis: Analysis | None = None,
                         by: str | None = None) -> list[tuple[str, str]]:
    """The type and who-says-so rows of a standing signal's details (none for analyses
    written before they were kept); with *analysis*, the speaker of the claim is named;
    *by* names who contests it."""
    rows = []
    if sig.type:
        rows.append(("type", sig.type.replace("_", " ")))
    if sig.source_kind:
        speaker = signal_speaker(analysis, sig) if analysis is not None else None
        rows.append(("who says so", sig.source_kind.replace("_", " ")
                     + (f" — {speaker}" if speaker else "")
                     + (f" (claim {sig.claim})" if sig.claim else "")))
    if sig.contested:
        rows.append(("contested", f"yes: disputed by {by}" + (
            f" (claim {sig.contested_by})" if sig.contested_by else "") if by
            else "yes: the text disputes it"))
    return rows
