"""Stance and framing in words, shared by the terminal summary, the HTML report and the web.

A stance's ``score`` is the calibrated confidence of its label, not a polarity, so it is
never written with a sign: "negative, confidence 0.40".
"""

from __future__ import annotations

from ..model import Framing, Stance

NOT_EVALUATED = "not evaluated"
NOT_CAST = "not cast"


def stance_words(stance: Stance | None, *, short: bool = False) -> str:
    """``"negative, confidence 0.40"`` (``"negative · 0.40"`` when *short*), or
    :data:`NOT_EVALUATED` for an actor the article never evaluates."""
    if stance is None:
        return NOT_EVALUATED
    if short:
        return f"{stance.label} · {stance.score:.2f}"
    return f"{stance.label}, confidence {stance.score:.2f}"


def voice_words(stance: Stance | None) -> list[str]:
    """One line per voice: ``"author: negative (0.62)"``, ``"relayed: positive (0.55), 2
    claims"``; empty when there is no stance."""
    if stance is None:
        return []
    out = []
    for v in stance.voices:
        who = "the author" if v.voice == "author" else "relayed claims"
        line = f"{who}: {v.label} ({v.score:.2f})"
        if v.claims:
            line += f", {len(v.claims)} claim{'' if len(v.claims) == 1 else 's'}"
        out.append(line)
    return out


def framing_words(framing: Framing | None) -> str:
    """``"antagonist (Tyrant, Instigator), confidence 0.71"``, or :data:`NOT_CAST`."""
    if framing is None:
        return NOT_CAST
    fine = f" ({', '.join(framing.fine)})" if framing.fine else ""
    return f"{framing.role}{fine}, confidence {framing.score:.2f}"
