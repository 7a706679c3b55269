"""Actors: people, organisations, places and named events with every mention.

``find_actors`` (in :mod:`.build`) groups the parser's entities into actors, step by step:
:mod:`.names` reads name mentions from the entity recogniser, :mod:`.mentions` joins
variants and finds re-mentions, events and groups, :mod:`.assemble` attaches roles and
references and writes the records; :mod:`.clusters` is the working state. :mod:`.roles`
reads titles and roles, :mod:`.spans` finds named events, groups and outlets, :mod:`.coref`
links titles, descriptions and pronouns to actors, :mod:`.kb` is the knowledge base.
"""

from .build import find_actors

__all__ = ["find_actors"]
