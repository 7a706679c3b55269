"""Loading and applying the Russian technique model (filled in by the trainer)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ...model import Technique
from .parse import RuDoc

MODEL_FILE = "resources/ru/rhetoric_ru.joblib"


@lru_cache(maxsize=1)
def load_model_ru() -> Any | None:
    path = resources.files("tealeaves").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    import joblib

    with resources.as_file(path) as p:
        return joblib.load(p)


def predict(model: Any, doc: RuDoc) -> list[Technique]:
    return []
