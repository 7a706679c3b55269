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


def who_says_so(source_kind: str | None, contested: bool, speaker: str | None = None) -> str:
    """A standing signal's source in words ("anonymous sources, contested"; with *speaker*,
    "a named person: he → Ben Wallace"); empty for the author's own uncontested word and for
    analyses written before sources were kept."""
    kind = _WHO.get(source_kind or "", "")
    if kind and speaker:
        kind = f"{kind}: {speaker}"
    return ", ".join(w for w in (kind, "contested" if contested else "") if w)


def standing_source_rows(sig: StandingSignal,
                         analysis: Analysis | None = None) -> list[tuple[str, str]]:
    """The type and who-says-so rows of a standing signal's details (none for analyses
    written before they were kept); with *analysis*, the speaker of the claim is named."""
    rows = []
    if sig.type:
        rows.append(("type", sig.type.replace("_", " ")))
    if sig.source_kind:
        speaker = signal_speaker(analysis, sig) if analysis is not None else None
        rows.append(("who says so", sig.source_kind.replace("_", " ")
                     + (f" — {speaker}" if speaker else "")
                     + (f" (claim {sig.claim})" if sig.claim else "")))
    if sig.contested:
        rows.append(("contested", "yes: the text disputes it"))
    return rows
