"""Rhetoric: span-level persuasion techniques and the article's genre.

:mod:`.techniques` finds and labels spans (``find_techniques``, ``classify_techniques``)
with the CRF in :mod:`.features` and the MiniLM tagger in :mod:`.encoder`; the technique
classifier is :mod:`.classifier`; :mod:`.genre` tells opinion from reporting.
"""

from .techniques import classify_genre, classify_techniques, find_techniques

__all__ = ["classify_genre", "classify_techniques", "find_techniques"]
