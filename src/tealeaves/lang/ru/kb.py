"""The knowledge base seen from Russian text: the shipped (and a user's) actors_kb.yaml,
plus the Cyrillic names of ``resources/ru/actors_kb_ru.yaml``, plus a transliteration key
so that a Russian name the file does not list still finds its English entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...stages.actors.kb import Entry, KnowledgeBase, load_kb
from .translit import loose, to_latin
from .vocab import load_yaml


def key(name: str) -> str:
    """Lookup key of a Cyrillic name: lower case, ё as е, single spaces, no quotes."""
    s = name.lower().replace("ё", "е")
    for ch in "«»\"„“”'":
        s = s.replace(ch, "")
    return " ".join(s.split())


@dataclass
class RuIndex:
    kb: KnowledgeBase
    names: dict[str, Entry] = field(default_factory=dict)
    latin: dict[str, Entry] = field(default_factory=dict)
    surnames: dict[str, list[Entry]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> Entry | None:
        """The entry a Cyrillic (or Latin) name stands for: a listed Cyrillic name, then the
        knowledge base's own names, then the name's transliteration."""
        found = self.names.get(key(name)) or self.kb.lookup(name)
        if found is None and " " in name.strip():
            found = self.latin.get(loose(to_latin(name)))
        return found

    def by_surname(self, surname: str) -> Entry | None:
        """The one person of the knowledge base with this surname (by transliteration)."""
        hits = self.surnames.get(loose(to_latin(surname)), [])
        return hits[0] if len(hits) == 1 else None

    def country(self, word: str) -> str | None:
        return self.countries.get(key(word))


def _build(kb: KnowledgeBase) -> RuIndex:
    index = RuIndex(kb)
    data = load_yaml("actors_kb_ru.yaml")
    for section in ("people", "organizations"):
        for name, aliases in (data.get(section) or {}).items():
            entry = kb.lookup(str(name))
            if entry is None:  # the English file no longer has it: nothing to link to
                continue
            for alias in aliases or ():
                index.names[key(str(alias))] = entry
    for e in kb.entries:
        for name in (e.name, *e.aliases):
            if e.kind == "person" and name.isascii():
                index.latin[loose(name)] = e
                parts = loose(name).split()
                if len(parts) > 1 and e not in index.surnames.setdefault(parts[-1], []):
                    index.surnames[parts[-1]].append(e)
    for code, spec in (data.get("countries") or {}).items():
        for section in ("aliases", "adjectives", "seats"):
            for word in (spec or {}).get(section) or ():
                index.countries[key(str(word))] = str(code)
    return index


@lru_cache(maxsize=8)
def _cached(user_file: str | None) -> RuIndex:
    return _build(load_kb(user_file))


def load_index(user_file: Path | str | None = None) -> RuIndex:
    return _cached(str(user_file) if user_file is not None else None)
