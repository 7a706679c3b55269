"""Russian articles: natasha's parse and the Russian stages behind the same Analysis.

Modules, one per stage (in the manner of spaCy's ``spacy/lang/ru``): ``parse`` (natasha),
``actors``, ``sourcing``, ``events`` (events and standing), ``rhetoric``, ``pipeline``
(``analyze_ru``). Vocabularies are data in ``resources/ru/``. natasha is the optional
``ru`` extra and loads only when a Russian article arrives.
"""

from __future__ import annotations

from .pipeline import analyze_ru

__all__ = ["analyze_ru"]
