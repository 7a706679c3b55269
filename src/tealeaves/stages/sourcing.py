"""Sourcing: claims and who stands behind them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Actor, Claim, Source

if TYPE_CHECKING:
    from spacy.tokens import Doc

_QUOTE = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")


def find_claims(doc: Doc, actors: list[Actor]) -> list[Claim]:
    """First version: direct quotes attributed to the nearest person mentioned before them."""
    claims: list[Claim] = []
    for i, m in enumerate(_QUOTE.finditer(doc.text)):
        best: tuple[Actor, int] | None = None
        for actor in actors:
            if actor.kind != "person":
                continue
            for mention in actor.mentions:
                if mention.end <= m.start() and (best is None or mention.end > best[1]):
                    best = (actor, mention.end)
        if best is None:
            source = Source(kind="author")
        else:
            actor = best[0]
            source = Source(kind="named_person", actor=actor.id, text=actor.name)
        claims.append(
            Claim(
                id=f"c{i + 1}",
                start=m.start(1),
                end=m.end(1),
                text=m.group(1),
                quote=True,
                source=source,
            )
        )
    return claims
