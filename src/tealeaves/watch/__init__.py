"""Watching feeds and sitemaps: poll on a schedule, fetch new articles, ingest them, and
evaluate the saved alerts as they arrive (``tealeaves watch``; see docs/watch.md).

:mod:`.config` (what to watch), :mod:`.discover` (entries of a feed or sitemap),
:mod:`.http` (conditional GET, per-host spacing and pauses), :mod:`.run` (the
:class:`Watcher` and its status).
"""

from __future__ import annotations

from .config import FeedSpec, WatchConfig, load_config, parse_interval
from .http import HttpOptions
from .run import Watcher, WatchOptions, batch_ingest, read_status

__all__ = ["FeedSpec", "HttpOptions", "WatchConfig", "WatchOptions", "Watcher", "batch_ingest",
           "load_config", "parse_interval", "read_status"]
