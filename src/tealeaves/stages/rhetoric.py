"""Rhetoric: persuasion techniques at span level and the article's genre."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Claim, Genre, Technique

if TYPE_CHECKING:
    from spacy.tokens import Doc


def find_techniques(doc: Doc) -> list[Technique]:
    """Not built yet (issue 5)."""
    return []


def classify_genre(doc: Doc, claims: list[Claim], techniques: list[Technique]) -> Genre | None:
    """Not built yet (issue 5): no genre rather than a guess."""
    return None


def classify_techniques(text: str, spans: list[tuple[int, int]]) -> list[str]:
    raise NotImplementedError("technique classifier not trained yet (issue 5)")
