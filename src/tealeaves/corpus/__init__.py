"""Views across the stored corpus: actors, timelines, the network, claims grouped across
outlets, and near-duplicate detection. Each view is a plain function of a
:class:`~tealeaves.store.Store` returning JSON-ready dicts (used by the CLI and the web app).
"""

from __future__ import annotations

from .actors import actor_detail, rank_actors, resolve_actor
from .corroboration import group_claims
from .network import network, to_graphml, to_html, write_network
from .timeline import plot_timeline, timeline

__all__ = [
    "actor_detail",
    "group_claims",
    "network",
    "plot_timeline",
    "rank_actors",
    "resolve_actor",
    "timeline",
    "to_graphml",
    "to_html",
    "write_network",
]
