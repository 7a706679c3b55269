"""Persistent storage of articles and analyses (SQLite by default, PostgreSQL for a team).

>>> from tealeaves.store import open_store
>>> store = open_store("tealeaves.db")      # doctest: +SKIP
"""

from __future__ import annotations

from .migrations import LATEST as SCHEMA_VERSION
from .store import Store, actor_key, article_filters, open_store, resolve_url

__all__ = ["SCHEMA_VERSION", "Store", "actor_key", "article_filters", "open_store", "resolve_url"]
