"""Russian actors: natasha's PER/ORG/LOC spans in the nominative, surnames joined to full
names, organisation variants and countries through the knowledge base, roles from
appositions ("глава МИД России Сергей Лавров"), and 3rd-person singular pronouns ("он",
"его", "ей", "её" …) where one person fits.

A mention that resolves to a knowledge-base entry takes the entry's (English) name, so
its id is the one the English pipeline gives ("Лавров" → ``sergey-lavrov``); a name the
base does not know keeps its Cyrillic nominative and gets an id from its transliteration.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...model import Actor, ActorKind, Mention
from ...stages.actors.clusters import slug
from ...stages.actors.kb import Entry
from .kb import RuIndex, key, load_index
from .parse import RuDoc, RuEntity, RuToken
from .translit import to_latin
from .vocab import load_table, words

_KINDS: dict[str, ActorKind] = {"PER": "person", "ORG": "organization", "LOC": "place"}
#: tokens a role phrase may run over between the title and the name
_ROLE_POS = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "CCONJ", "NUM", "DET"})
_ROLE_REACH = 7


@dataclass
class Group:
    """One actor while it is being built."""

    kind: ActorKind
    name: str
    entry: Entry | None = None
    gender: str | None = None
    mentions: dict[tuple[int, int], Mention] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def has_surname(self, word: str) -> bool:
        """Whether *word* is the last word of this actor's name or of a form it was found as
        (a knowledge-base actor's name is English, its forms Cyrillic)."""
        k = key(word)
        return any(n.split() and key(n.split()[-1]) == k for n in (self.name, *self.forms))


@dataclass
class _Build:
    doc: RuDoc
    index: RuIndex
    groups: list[Group] = field(default_factory=list)
    by_entry: dict[int, Group] = field(default_factory=dict)
    by_key: dict[tuple[str, str], Group] = field(default_factory=dict)

    def group_for(self, kind: ActorKind, name: str, entry: Entry | None) -> Group:
        if entry is not None:
            g = self.by_entry.get(id(entry))
            if g is None:
                kind = "person" if entry.kind == "person" else "organization"
                g = Group(kind, entry.name, entry, entry.gender)
                self.by_entry[id(entry)] = g
                self.groups.append(g)
            return g
        k = (kind, key(name))
        g = self.by_key.get(k)
        if g is None:
            g = Group(kind, name)
            self.by_key[k] = g
            self.groups.append(g)
        return g


def _gender(doc: RuDoc, ent: RuEntity) -> str | None:
    g = doc.tokens[ent.last].feats.get("Gender")
    return {"Masc": "male", "Fem": "female"}.get(g or "")


def _untitled(name: str) -> str:
    """*name* without leading title words NER took into the span ("Президент Зеленский")."""
    titles = load_table("titles.txt")
    words = name.split()
    while len(words) > 1 and words[0].lower() in titles:
        words = words[1:]
    return " ".join(words)


#: Case endings of a Russian surname in -ов/-ев/-ин (Петров: Петрова, Петрову, Петровым,
#: Петрове) and in -ский/-цкий (Зеленский: Зеленского, Зеленскому, Зеленским, Зеленском), from
#: the standard declension tables (Розенталь, «Справочник по правописанию», § 60).
_SURNAME_ENDINGS = (("ого", "ий"), ("ому", "ий"), ("им", "ий"), ("ом", "ий"), ("ым", ""),
                    ("ом", ""), ("а", ""), ("у", ""), ("е", ""))


def _surname_forms(word: str) -> list[str]:
    """*word* and the nominatives it may be an oblique case of ("Петрова" → "Петров")."""
    out = [word]
    for ending, stem_end in _SURNAME_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            out.append(word[: -len(ending)] + stem_end)
    return out


def _same_person(b: _Build, name: str) -> Group | None:
    """The person already found whose surname *name* is, as written or in an oblique case
    (a masculine name's genitive "Петрова" is not taken for a woman "Петрова" when the
    actor is a woman or has no gender)."""
    same = [g for g in b.groups if g.kind == "person" and g.has_surname(name)]
    if same:
        return same[-1]
    inflected = [g for g in b.groups if g.kind == "person" and g.gender == "male"
                 and any(g.has_surname(f) for f in _surname_forms(name)[1:])]
    return inflected[-1] if inflected else None


def _bare_title(ent: RuEntity) -> bool:
    """An entity that is only a title ("Пресс-секретарь", "Президент"): no name."""
    words = ent.normal.lower().split()
    titles = load_table("titles.txt")
    return bool(words) and all(w in titles for w in words)


def _person(b: _Build, ent: RuEntity) -> Group:
    name = _untitled(ent.normal)
    entry = b.index.lookup(name)
    if entry is None and len(name.split()) == 1:
        same = [g] if (g := _same_person(b, name)) is not None else []
        if same:
            return same[-1]
        entry = b.index.by_surname(name)
    elif entry is None:  # a full name: a surname-only actor of the same name joins it
        solo = b.by_key.pop(("person", key(name.split()[-1])), None)
        if solo is not None:
            solo.name = name
            b.by_key[("person", key(name))] = solo
            return solo
    if entry is not None and entry.kind != "person":
        entry = None
    g = b.group_for("person", name, entry)
    if g.entry is None and len(name.split()) > len(g.name.split()):
        g.name = name
    g.gender = g.gender or _gender(b.doc, ent)
    return g


def _org_or_place(b: _Build, ent: RuEntity) -> Group:
    name = ent.normal
    entry = b.index.lookup(name)
    if entry is not None and entry.kind == "organization":
        return b.group_for("organization", name, entry)
    code = b.index.country(name) if ent.type == "LOC" else None
    if code is not None:
        return b.group_for("place", b.index.kb.country_name(code), None)
    return b.group_for(_KINDS[ent.type], name, None)


def _role(doc: RuDoc, ent: RuEntity) -> str | None:
    """The title phrase right before a person's name ("глава МИД России", "пресс-секретарь
    президента"), the title word in the nominative."""
    titles = load_table("titles.txt")
    first = ent.first
    sent_start = doc.sents[doc.tokens[first].sent][0]
    found: int | None = None
    for k in range(first - 1, max(sent_start, first - _ROLE_REACH) - 1, -1):
        t = doc.tokens[k]
        if t.lemma in titles and t.pos == "NOUN":
            found = k  # keep going: the role starts at its leftmost title
        elif t.pos not in _ROLE_POS and t.text != "-":
            break
    if found is None:
        return None
    t = doc.tokens[found]
    head = t.text.lower() if t.feats.get("Case") == "Nom" else t.lemma
    if found + 1 >= first:
        return head
    return f"{head} {doc.text[doc.tokens[found + 1].start : doc.tokens[first - 1].end]}"


def _pronoun_gender(t: RuToken, pronouns: dict[str, str], possessives: dict[str, str]
                    ) -> tuple[str, bool] | None:
    """("Masc" or "Fem", whether a subject) for a 3rd-person singular pronoun: "он"/"она"
    in any case ("его", "ему", "ней", "неё" …; lemma он/она) or a possessive ("его",
    "её"). "им"/"их" are left out: they are also forms of plural "они"."""
    if t.rel.startswith("nsubj") and t.text.lower() in pronouns:
        return pronouns[t.text.lower()], True
    if t.pos == "PRON" and t.lemma in pronouns:
        if t.feats.get("Number", "Sing") != "Sing" or t.text.lower() in ("им", "их"):
            return None
        return pronouns[t.lemma], False
    if t.pos == "DET" and t.lemma in possessives and t.text.lower() not in ("их",):
        return possessives[t.lemma], False
    return None


def _rival_noun(doc: RuDoc, lo: int, hi: int, gender: str) -> bool:
    """Whether a singular inanimate noun in the nominative or accusative that agrees with
    the pronoun stands between *lo* and *hi* (token indices): a likelier antecedent of an
    object or possessive pronoun than the person ("Закон приняли, его подписал …")."""
    genders = {"Masc": ("Masc", "Neut"), "Fem": ("Fem",)}[gender]
    for t in doc.tokens[lo:hi]:
        f = t.feats
        if (t.pos == "NOUN" and f.get("Animacy") == "Inan" and f.get("Number") == "Sing"
                and f.get("Gender") in genders and f.get("Case") in ("Nom", "Acc")):
            return True
    return False


def _pronouns(b: _Build, pronouns: dict[str, str], possessives: dict[str, str]) -> None:
    """A 3rd-person singular pronoun is a mention of the one person of its gender named in
    the same or the previous sentence before it, and only when exactly one fits. "он"/"она"
    as a subject need nothing more; an oblique form ("его", "ему", "с ней") or a possessive
    ("его слова", "её позиция") also needs no agreeing inanimate noun in the nominative or
    accusative between that person's last mention and the pronoun."""
    people = [(m.start, g) for g in b.groups if g.kind == "person" for m in g.mentions.values()]
    people.sort(key=lambda x: x[0])
    starts = {t.start: t.i for t in b.doc.tokens}
    for t in b.doc.tokens:
        found = _pronoun_gender(t, pronouns, possessives)
        if found is None:
            continue
        want, subject = found
        gender = "male" if want == "Masc" else "female"
        lo = b.doc.tokens[b.doc.sents[max(0, t.sent - 1)][0]].start
        fits = {id(g): (g, s) for s, g in people if lo <= s < t.start and g.gender == gender}
        if len(fits) != 1:
            continue
        g, last = next(iter(fits.values()))
        if not subject and _rival_noun(b.doc, starts.get(last, t.i), t.i, want):
            continue
        g.mentions[(t.start, t.end)] = Mention(t.start, t.end, t.text, "pronoun")


def _records(groups: list[Group]) -> list[Actor]:
    actors: list[Actor] = []
    used: Counter[str] = Counter()
    for g in sorted(groups, key=lambda g: min(g.mentions)):
        base = slug(to_latin(g.name))
        used[base] += 1
        aid = base if used[base] == 1 else f"{base}-{used[base]}"
        aliases = sorted(f for f in g.forms if f != g.name)
        latin = to_latin(g.name)
        if g.entry is None and latin != g.name:
            aliases.append(latin)
        notes = list(g.notes)
        if g.entry is not None and g.entry.source:
            notes.append(f"knowledge base: {g.entry.name} ({g.entry.source})")
        actors.append(Actor(
            id=aid, name=g.name, kind=g.kind, roles=tuple(g.roles), aliases=tuple(aliases),
            mentions=tuple(sorted(g.mentions.values(), key=lambda m: (m.start, m.end))),
            notes=tuple(notes)))
    return actors


def find_actors_ru(doc: RuDoc, actors_file: Path | str | None = None) -> list[Actor]:
    """Every person, organisation and place natasha finds in *doc*, one actor each."""
    b = _Build(doc, load_index(actors_file))
    ents = sorted(doc.ents, key=lambda e: (-len(e.normal.split()), e.start))  # full names first
    for ent in ents:
        if ent.type not in _KINDS or _bare_title(ent):
            continue
        g = _person(b, ent) if ent.type == "PER" else _org_or_place(b, ent)
        g.mentions[(ent.start, ent.end)] = Mention(ent.start, ent.end, ent.text, "name")
        g.forms.add(ent.normal)
        role = _role(doc, ent) if ent.type == "PER" else None
        if role and role not in g.roles:
            g.roles.append(role)
    _pronouns(b, load_table_pronouns(), load_table_pronouns("possessive_pronouns"))
    return _records([g for g in b.groups if g.mentions])


def load_table_pronouns(table: str = "person_pronouns") -> dict[str, str]:
    from .vocab import load_yaml

    data = load_yaml("sourcing.yaml").get(table) or {}
    return {str(k): str(v) for k, v in data.items()}


__all__ = ["find_actors_ru", "words"]
