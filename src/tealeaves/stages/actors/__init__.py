"""Actors: people, organisations, places and named events with every mention.

``find_actors`` (in :mod:`.build`) groups the parser's entities into actors; :mod:`.roles`
reads titles and roles, :mod:`.spans` finds named events, groups and outlets, :mod:`.coref`
links titles, descriptions and pronouns to actors, :mod:`.kb` is the knowledge base.
"""

from .build import find_actors

__all__ = ["find_actors"]
