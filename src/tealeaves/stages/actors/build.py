"""Actors: people, organisations, places, events and groups, with every mention.

``find_actors(doc, article, actors_file)`` groups the spaCy entities into actors and adds
what the entity recogniser alone does not give:

1. **names** (:mod:`.names`, :mod:`.mentions`) — full name and surname ("Angela Merkel" /
   "Merkel"), possessives stripped, honorifics dropped, acronym and expansion ("IAEA" /
   "International Atomic Energy Agency"), organisation variants ("the Chinese Commerce
   Ministry" / "the Commerce Ministry" / "the Ministry"), and the model's typical errors
   fixed by general rules: a known outlet is an organisation; a one-word "person" opening a
   sentence or quote that is no proper noun and is never seen elsewhere is dropped; a
   surname of a person is a person even where the model says ORG; a seat of government
   ("Washington", "the Kremlin", "Moscow") that is the subject of a verb is an
   organisation, with a note;
2. **roles** (:mod:`.roles`) — titles before the name, appositions, parentheses;
3. **pronouns and descriptions** (:mod:`.coref`) — "he", "her chief negotiator", "the
   Secretary of State" (with the knowledge base, :mod:`.kb`, as of the article's date);
4. **events and groups** (:mod:`.spans`) — "the Geneva talks", "hardliners".

The working state is :class:`.clusters.Clusters`; :mod:`.assemble` attaches roles and
references and writes the :class:`~tealeaves.model.Actor` records. Ids are slugs of the
canonical name (stable within an analysis); every mention has exact offsets into the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...model import Actor, Article
from .assemble import actor_records, attach_roles, link_references, link_surnames_to_kb
from .clusters import Clusters, slug
from .kb import article_date, load_kb
from .mentions import add_events_and_groups, merge_variants, remention, settle_kinds
from .names import build_names

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_actors", "slug"]


def find_actors(doc: Doc, article: Article, actors_file: Path | str | None = None) -> list[Actor]:
    """Every actor in *doc* with all its mentions (names, titles, pronouns, epithets).

    *actors_file* is a user's extra knowledge base (YAML) beside the shipped one.
    """
    kb = load_kb(actors_file)
    day = article_date(article.published)
    b = Clusters(doc, kb)
    build_names(b)
    merge_variants(b)
    remention(b)
    add_events_and_groups(b)
    settle_kinds(b)
    live = [c for c in b.clusters if c.merged_into is None]
    link_surnames_to_kb(live, kb, day)
    blocked = attach_roles(b, live)
    link_references(b, live, kb, day, blocked)
    return actor_records(live)
