"""Steps 4 to 6 of the actors stage: roles, pronouns and descriptions, the Actor records.

- :func:`link_surnames_to_kb` gives a person named by surname only the knowledge-base
  entry of that surname holding an office on the article's date, when there is one;
- :func:`attach_roles` reads each name's titles and appositions (:mod:`.roles`): pre-name
  titles and appositions become roles, appositions also mentions; an "organisation" in
  apposition with a person's office becomes a person;
- :func:`link_references` resolves pronouns and definite descriptions (:mod:`.coref`);
- :func:`actor_records` turns the clusters into :class:`~tealeaves.model.Actor` records
  with stable ids, in the order of their first mention.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from ...model import Actor, Mention
from ...nlp import doc_text
from .clusters import Cluster, Clusters, slug
from .coref import CorefResolver, Referent, quote_mask
from .kb import KnowledgeBase
from .names import COMPANY
from .roles import Role, roles_for_name
from .spans import given_names

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Titles that tell a person's gender ("spokeswoman", "king").
_GENDERED = {"spokeswoman": "female", "congresswoman": "female", "chairwoman": "female",
             "businesswoman": "female", "queen": "female", "spokesman": "male",
             "congressman": "male", "chairman": "male", "businessman": "male", "king": "male"}


def link_surnames_to_kb(live: list[Cluster], kb: KnowledgeBase, day: dt.date) -> None:
    """KB entries for persons named by surname only: same surname, office held that day."""
    for c in live:
        if c.kind == "person" and c.kb is None and len(c.words) == 1:
            hits = [e for e in kb.by_surname(c.words[0]) if kb.offices_on(e, day)]
            if len(hits) == 1:
                c.kb = hits[0]


def _person_like(c: Cluster, appos: list[Role]) -> bool:
    """An "organisation" in apposition with a person's office is a person the model mislabelled."""
    if c.outlet or c.kb is not None or len(c.words) < 2 or c.words[-1] in COMPANY:
        return False
    return any(r.cls is not None and r.cls not in ("head", "official") for r in appos)


def _roles_of(doc: Doc, c: Cluster, s: int, e: int,
              is_name: set[int]) -> tuple[list[Role], list[Role]]:
    """The roles of *c*'s name at tokens ``s:e`` (pre-name titles, appositions), settling an
    organisation that an office shows to be a person."""
    pre, appos = roles_for_name(doc, s, e, is_name)
    if c.kind == "organization" and _person_like(c, appos):
        c.kind = "person"  # "Jean-Marc Ayrault, the foreign minister of France"
    if c.kind == "organization":  # an office title describes a person, not this body
        pre, appos = [], [r for r in appos if r.cls is None]
    return pre, appos


def _tokens_of(doc: Doc, role: Role) -> range | None:
    span = doc.char_span(role.start, role.end, alignment_mode="expand")
    return None if span is None else range(span.start, span.end)


def attach_roles(b: Clusters, live: list[Cluster]) -> set[int]:
    """Roles of every person's and organisation's name; returns the tokens no pronoun or
    description may take: the names, their titles and their apposition mentions."""
    doc = b.doc
    is_name = set(b.covered)
    blocked = set(b.covered)
    role_mentions: list[tuple[int, Role]] = []
    for s, e, ci in b.spans:
        c = b.live(b.clusters[ci])
        if c.kind not in ("person", "organization"):
            continue
        pre, appos = _roles_of(doc, c, s, e, is_name)
        c.roles.extend((r, None) for r in pre + appos)
        role_mentions.extend((c.idx, r) for r in appos)
        for r in pre:
            blocked.update(_tokens_of(doc, r) or ())
    by_char = {(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)): b.live(b.clusters[ci]).idx
               for s, e, ci in b.spans}
    for c in live:
        c.roles = [(r, by_char.get(r.possessor) if r.possessor else None) for r, _ in c.roles]
    for ci, r in role_mentions:
        toks = _tokens_of(doc, r)
        if toks is None:
            continue
        form = "title" if r.form == "title" and r.cls else "epithet"
        b.clusters[ci].add(doc, toks.start, toks.stop, form)
        blocked.update(toks)
    return blocked


def _gender(c: Cluster) -> str | None:
    if c.gender:
        return c.gender
    if c.kb is not None and c.kb.gender:
        return c.kb.gender
    for r, _ in c.roles:
        for w in r.normalised.lower().split():
            if w in _GENDERED:
                return _GENDERED[w]
    if c.kind == "person" and len(c.words) > 1:
        return given_names().get(c.words[0])
    return None


def _referent(c: Cluster, kb: KnowledgeBase) -> Referent:
    """What the resolver needs to know of *c*."""
    surnames = frozenset({c.words[-1]} if c.kind == "person" and c.words else ())
    country = c.kb.country if c.kb else kb.seat_of(c.name) or kb.country_code(c.name)
    return Referent(idx=c.idx, kind=c.kind, gender=_gender(c), country=country, kb=c.kb,
                    surnames=surnames, roles=c.roles,
                    name_words=frozenset(w.lower() for w in c.name.split()), outlet=c.outlet,
                    last_word=c.name.split()[-1].lower() if c.name else "")


def _role_country(c: Cluster, kb: KnowledgeBase) -> str | None:
    """The first country a role of *c* names ("the Russian foreign minister" → RU)."""
    for r, _ in c.roles:
        code = next((x for x in (kb.country_code(w) for w in r.country_words) if x), None)
        if code:
            return code
    return None


def link_references(b: Clusters, live: list[Cluster], kb: KnowledgeBase, day: dt.date,
                    blocked: set[int]) -> None:
    """Pronouns and descriptions ("he", "the German chancellor") as mentions of actors."""
    doc = b.doc
    refs = [_referent(c, kb) for c in b.clusters]
    for c in live:
        if c.kind == "person" and refs[c.idx].country is None:
            refs[c.idx].country = _role_country(c, kb)
    spans = [(s, e, b.live(b.clusters[ci]).idx) for s, e, ci in b.spans]
    resolver = CorefResolver(doc, refs, kb, day, spans, blocked)
    for link in resolver.resolve(quote_mask(doc_text(doc))):
        c = b.clusters[link.referent]
        c.mentions.setdefault((link.start, link.end),
                              Mention(link.start, link.end, link.text, link.form))  # type: ignore[arg-type]
        if link.note and link.note not in c.notes:
            c.notes.append(link.note)


def _record(c: Cluster, aid: str) -> Actor:
    names = {m.text for m in c.mentions.values() if m.form == "name"}
    aliases = tuple(sorted(n for n in names if n != c.name))
    roles: list[str] = []
    for r, _ in c.roles:
        for t in (r.text, r.normalised):
            if t and t not in roles:
                roles.append(t)
    notes = list(c.notes)
    if c.kb is not None and c.kb.source:
        notes.append(f"knowledge base: {c.kb.name} ({c.kb.source})")
    return Actor(
        id=aid, name=c.name, kind=c.kind, roles=tuple(roles), aliases=aliases,
        mentions=tuple(sorted(c.mentions.values(), key=lambda m: (m.start, m.end))),
        notes=tuple(notes))


def actor_records(live: list[Cluster]) -> list[Actor]:
    """One Actor per cluster with mentions, by first mention; ids are slugs of the name, with
    "-2", "-3" … for a second and third actor of one slug."""
    actors: list[Actor] = []
    used: Counter[str] = Counter()
    for c in sorted(live, key=lambda c: min(c.mentions, default=(0, 0))):
        if not c.mentions:
            continue
        base = slug(c.name)
        used[base] += 1
        actors.append(_record(c, base if used[base] == 1 else f"{base}-{used[base]}"))
    return actors
