"""Disease and epidemic names, which are no actors ("Covid killed thousands", "Ebola has
returned", "the flu kept him home"): the recogniser often takes them for a person or an
organisation. The names are data (``resources/diseases.txt``: WordNet's infectious,
contagious and viral diseases and the WHO's names of newer ones)."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

#: Head words after a disease name that keep it a disease ("the Covid pandemic", "Zika virus").
_HEADS = frozenset("pandemic epidemic outbreak virus".split())
_SEP = re.compile(r"[\s\-_‐‑–]+")


@lru_cache(maxsize=1)
def disease_names() -> frozenset[str]:
    """The lowercase names of ``resources/diseases.txt``, normalised as :func:`disease_key`."""
    text = resources.files("tealeaves").joinpath("resources/diseases.txt").read_text("utf-8")
    return frozenset(_key(ln) for ln in text.splitlines()
                     if ln.strip() and not ln.startswith("#"))


def _key(name: str) -> str:
    return _SEP.sub(" ", name.strip().lower().replace("’", "'")).strip()


def is_disease(name: str) -> bool:
    """Whether *name* (an entity's text) names a disease or epidemic: "Covid-19", "the
    flu", "Ebola virus", "the Covid pandemic", "COVID's" — its whole text, so "Ebola
    Response Team" or "Lyme Regional Hospital" stay organisations."""
    key = _key(name)
    key = re.sub(r"^the ", "", key)
    key = re.sub(r"'s?$", "", key).strip()
    names = disease_names()
    if key in names:
        return True
    head, _, last = key.rpartition(" ")
    return last in _HEADS and head in names
