"""Russian rhetoric: persuasion-technique spans and the article's genre.

Techniques come from a small linear model trained on the SemEval-2023 Russian articles
(``training/rhetoric_ru.py``; ``resources/ru/rhetoric_ru.joblib``). Where the model file
is absent the list is empty, and the docs say so.
"""

from __future__ import annotations

from ...model import Claim, Genre, Technique
from .parse import RuDoc


def find_techniques_ru(doc: RuDoc) -> list[Technique]:
    from .technique_model import load_model_ru, predict

    model = load_model_ru()
    return [] if model is None else predict(model, doc)


def classify_genre_ru(doc: RuDoc, claims: list[Claim], techniques: list[Technique]) -> Genre | None:
    """No Russian genre model ships: the genre stays None (docs/stages/russian.md)."""
    return None
