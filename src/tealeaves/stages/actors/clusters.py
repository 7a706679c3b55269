"""The working state of the actors stage: clusters of name mentions, one per actor.

A :class:`Cluster` gathers what the stage learns of one actor while it runs (mentions,
kind votes, roles, knowledge-base entry, gender); :class:`Clusters` holds them all, with
the token bookkeeping the later steps read (which tokens a name mention covers, the name
mentions in order, full-name persons by their last word) and the lookups that join a
surname or a shorter full name to the person it names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import ActorKind, Mention
from .coref import KB_CLASSES
from .kb import Entry, KnowledgeBase
from .roles import Role, title_ending_at
from .spans import given_names

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Honorifics dropped from the edges of a name ("Mr. Obama" names Obama).
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr."}
)
_MALE_HON = frozenset({"mr", "mr.", "sir"})
_FEMALE_HON = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame"})


def slug(name: str) -> str:
    """The id of an actor named *name* ("Angela Merkel" → "angela-merkel")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "actor"


def honorific_gender(doc: Doc, start: int) -> str | None:
    """"male" or "female" if the token before *start* is a gendered honorific ("Mrs.")."""
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in _MALE_HON:
        return "male"
    if prev in _FEMALE_HON:
        return "female"
    return None


@dataclass
class Cluster:
    """One actor in the making: its mentions by character span and what is known of it."""

    idx: int
    name: str
    kind: ActorKind
    words: tuple[str, ...]
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    votes: Counter[str] = field(default_factory=Counter)
    roles: list[tuple[Role, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    kb: Entry | None = None
    gender: str | None = None
    outlet: bool = False
    merged_into: int | None = None

    def add(self, doc: Doc, start: int, end: int, form: str = "name") -> None:
        """Add tokens ``start:end`` as a mention of *form* (the first form for a span wins)."""
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if (s, e) not in self.mentions:
            self.mentions[(s, e)] = Mention(s, e, doc[start:end].text, form)  # type: ignore[arg-type]


def known_gender(c: Cluster) -> str | None:
    """The gender an honorific, the knowledge base or a given name gave *c* (None if none)."""
    if c.gender:
        return c.gender
    if c.kb is not None and c.kb.gender:
        return c.kb.gender
    return given_names().get(c.words[0]) if len(c.words) > 1 else None


class Clusters:
    """Every cluster of one document, with the token bookkeeping of its name mentions."""

    def __init__(self, doc: Doc, kb: KnowledgeBase) -> None:
        self.doc = doc
        self.kb = kb
        self.clusters: list[Cluster] = []
        self.keys: dict[tuple[str, tuple[str, ...]], int] = {}
        self.covered: dict[int, int] = {}  # token -> cluster of its name mention
        self.spans: list[tuple[int, int, int]] = []  # name mentions (token start, end, cluster)
        self.by_last: dict[str, list[Cluster]] = {}  # full-name person clusters by last word

    def cluster(self, kind: ActorKind, name: str, words: tuple[str, ...]) -> Cluster:
        """The cluster of *words* (persons, events and groups apart from the rest), new if
        none yet; the mention's *kind* counts as one vote for the cluster's kind."""
        group = "person" if kind == "person" else kind if kind in ("event", "group") else "np"
        key = (group, words)
        if key in self.keys:
            c = self.clusters[self.keys[key]]
        else:
            c = Cluster(len(self.clusters), name, kind, words)
            self.clusters.append(c)
            self.keys[key] = c.idx
        c.votes[kind] += 1
        return c

    def live(self, c: Cluster) -> Cluster:
        """The cluster *c* was merged into (itself if it was not)."""
        while c.merged_into is not None:
            c = self.clusters[c.merged_into]
        return c

    def merge(self, src: Cluster, dst: Cluster) -> None:
        src, dst = self.live(src), self.live(dst)
        if src is dst:
            return
        for k, m in src.mentions.items():
            dst.mentions.setdefault(k, m)
        dst.votes.update(src.votes)
        dst.outlet = dst.outlet or src.outlet
        dst.kb = dst.kb or src.kb
        src.merged_into = dst.idx
        src.mentions = {}

    def mention(self, c: Cluster, start: int, end: int) -> None:
        """Record tokens ``start:end`` as a name mention of *c*."""
        c.add(self.doc, start, end)
        self.spans.append((start, end, c.idx))
        for i in range(start, end):
            self.covered[i] = c.idx

    def person_full(self, words: tuple[str, ...], name: str) -> Cluster:
        """The cluster of a full name: "Donald J. Trump" joins "Donald Trump" (same first and
        last word), "Alicia Machado" joins "Miss Alicia Machado" (one ends the other)."""
        for c in self.by_last.get(words[-1], ()):
            if c.merged_into is not None:
                continue
            n = min(len(c.words), len(words))
            if c.words[0] == words[0] or c.words[-n:] == words[-n:]:
                if len(words) < len(c.words):
                    c.name, c.words = name, words
                return c
        c = self.cluster("person", name, words)
        self.by_last.setdefault(words[-1], []).append(c)
        return c

    def fits_title(self, entry: Entry, at: int) -> bool:
        """False if a title before token *at* names an office *entry* never held."""
        hit = title_ending_at(self.doc, at, max(0, at - 4))
        if hit is None or hit[0].cls not in KB_CLASSES:
            return True
        return any(o.cls == hit[0].cls for o in entry.offices)

    def surname_cluster(self, word: str, at: int) -> Cluster | None:
        """The full-name person a lone *word* at token *at* names: the only one with that last
        (or first) word and a fitting honorific, else the nearest one named before *at*."""
        full = [c for c in self.by_last.get(word, ()) if c.merged_into is None and len(c.words) > 1]
        if not full:
            full = [c for c in self.clusters if c.kind == "person" and len(c.words) > 1
                    and c.merged_into is None and c.words[0] == word]
        want = honorific_gender(self.doc, at)
        if want is not None:  # "Mr. Obama" is not Michelle Obama
            full = [c for c in full if known_gender(c) in (None, want)]
        if len(full) == 1:
            return full[0]
        if len(full) > 1:  # the nearest full name before this mention
            here = self.doc[at].idx
            before = [(max((k[0] for k in c.mentions if k[0] <= here), default=-1), c)
                      for c in full]
            best = max(before, key=lambda x: x[0])
            return best[1] if best[0] >= 0 else None
        return None
