"""tealeaves: an evidence-linked reading of political news.

>>> from tealeaves import analyze
>>> analysis = analyze("path/to/article.txt")   # doctest: +SKIP
"""

from __future__ import annotations

import logging

from .model import Analysis, Article
from .pipeline import Options, analyze, analyze_many

__all__ = [
    "Analysis",
    "Article",
    "Options",
    "analyze",
    "analyze_many",
    "classify_techniques",
    "stance_towards",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def classify_techniques(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """One persuasion-technique label per given ``(start, end)`` span of *text*."""
    from .stages.rhetoric import classify_techniques as _classify

    return _classify(text, spans)


def stance_towards(text: str, start: int, end: int) -> str:
    """The stance (``negative``/``neutral``/``positive``) of *text* towards the target at offsets."""
    from .stages.stance import stance_towards as _stance

    return _stance(text, start, end)


def __getattr__(name: str) -> object:
    """``tealeaves.Corpus``: the notebook API (:mod:`tealeaves.corpus.notebook`), loaded on
    first use. It sits above the package root in the layers, so it is looked up by name
    when asked for, never imported by the root itself."""
    if name == "Corpus":
        import importlib

        return importlib.import_module("tealeaves.corpus.notebook").Corpus
    raise AttributeError(f"module 'tealeaves' has no attribute {name!r}")
