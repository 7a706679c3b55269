"""Actors: people, organisations, places, events and groups, with every mention."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import TYPE_CHECKING

from ..model import Actor, ActorKind, Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from ..pipeline import Options

_KIND: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


def find_actors(doc: Doc, article: Article, options: Options | None = None) -> list[Actor]:
    """First version: spaCy entity mentions grouped by name (surname joins full name)."""
    groups: OrderedDict[tuple[ActorKind, str], list[Mention]] = OrderedDict()
    for ent in doc.ents:
        kind = _KIND.get(ent.label_)
        if kind is None:
            continue
        text = ent.text
        name = re.sub(r"['’]s$", "", text).strip()
        if name.lower().startswith("the "):
            name = name[4:]
        key: tuple[ActorKind, str] = (kind, name)
        if kind == "person":
            for old in list(groups):
                n = old[1]
                if old[0] == "person" and (n.split()[-1] == name or name.split()[-1] == n):
                    key = (old[0], n if len(n) >= len(name) else name)
                    if key != old:
                        groups[key] = groups.pop(old)
                    break
        groups.setdefault(key, []).append(
            Mention(start=ent.start_char, end=ent.end_char, text=text, form="name")
        )
    actors = []
    for (akind, name), mentions in groups.items():
        aliases = tuple(sorted({m.text for m in mentions} - {name}))
        actors.append(
            Actor(id=_slug(name), name=name, kind=akind, aliases=aliases, mentions=tuple(mentions))
        )
    return actors
