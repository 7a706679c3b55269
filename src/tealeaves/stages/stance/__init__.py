"""Stance: the article's stance towards each actor and the standing signals around it.

:mod:`.assess` scores stance (``assess_actors``, ``stance_towards``) with the features of
:mod:`.features`; :mod:`.standing` finds who is blamed, sidelined, dispatched or praised.
"""

from .assess import assess_actors, classify_targets, stance_towards

__all__ = ["assess_actors", "classify_targets", "stance_towards"]
