"""Events: who did or said what to whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Actor, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_events(doc: Doc, actors: list[Actor]) -> list[Event]:
    """Not built yet (issue 6): an empty list is the honest answer."""
    return []
