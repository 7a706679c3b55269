"""Stance towards each actor and standing signals (rising / falling)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Actor, Event, Technique

if TYPE_CHECKING:
    from spacy.tokens import Doc


def assess_actors(
    doc: Doc, actors: list[Actor], techniques: list[Technique], events: list[Event]
) -> list[Actor]:
    """Not built yet (issue 6): actors are returned unchanged."""
    return actors


def stance_towards(text: str, start: int, end: int) -> str:
    raise NotImplementedError("stance model not trained yet (issue 6)")
