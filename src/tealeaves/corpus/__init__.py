"""Views across the stored corpus: actors, timelines, the standing board (who's up, who's
down), the network, claims grouped across outlets, and near-duplicate detection. Each view
is a plain function of a :class:`~tealeaves.store.Store` returning JSON-ready dicts (used by
the CLI and the web app).
"""

from __future__ import annotations

from .actors import actor_detail, rank_actors, resolve_actor
from .corroboration import group_claims
from .network import network, to_graphml, to_html, write_network
from .standing import actor_standing, standing_board
from .timeline import plot_timeline, timeline

__all__ = [
    "actor_detail",
    "actor_standing",
    "group_claims",
    "network",
    "plot_timeline",
    "rank_actors",
    "resolve_actor",
    "standing_board",
    "timeline",
    "to_graphml",
    "to_html",
    "write_network",
]
