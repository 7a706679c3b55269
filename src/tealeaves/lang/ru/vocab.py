"""The Russian vocabularies, read once from ``resources/ru/`` (each file names its sources)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _text(name: str) -> str:
    return resources.files("tealeaves").joinpath(f"resources/ru/{name}").read_text("utf-8")


@lru_cache(maxsize=8)
def load_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load(_text(name))
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=8)
def load_table(name: str) -> dict[str, str]:
    """A two-column tab-separated file (comments start with ``#``)."""
    out: dict[str, str] = {}
    for line in _text(name).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, value = line.partition("\t")
        out[key.strip()] = value.strip()
    return out


def words(section: str, name: str = "sourcing.yaml") -> frozenset[str]:
    """A list of *name* as a lower-case set."""
    return frozenset(str(w).lower() for w in load_yaml(name).get(section) or ())


def phrases(section: str, name: str = "sourcing.yaml") -> tuple[str, ...]:
    """A list of *name*, longest first (lower case)."""
    items = {str(w).lower() for w in load_yaml(name).get(section) or ()}
    return tuple(sorted(items, key=lambda s: (-len(s), s)))
