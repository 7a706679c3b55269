"""The actor knowledge base: well-known people, organisations and countries.

The default file is ``resources/actors_kb.yaml`` (its header documents the format and
where the facts come from); a user's file (``--actors my.yaml``, ``Options.actors_file``)
is read after it and its entries take precedence for the same name. The knowledge base
*resolves* (canonical names, gender, country, "the Secretary of State" as of a date);
it never adds an actor that the text does not mention.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...errors import InputError

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def norm(name: str) -> str:
    """Lookup key for a name: lowercase, no leading article, no dots or possessive."""
    s = name.strip().lower().replace("’", "'")
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s$", "", s)
    s = s.replace(".", "")
    return re.sub(r"\s+", " ", s).strip()


def parse_date(value: Any, *, end: bool = False) -> dt.date | None:
    """A date from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a ``date``); None if absent.

    A partial date means its first day for a start and its last month/day for an end.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value).strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2) or (12 if end else 1))
    day = int(m.group(3) or (28 if end and not m.group(3) else 1))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Office:
    title: str
    cls: str
    country: str | None
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entry:
    name: str
    kind: str  # "person" or "organization"
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    country: str | None = None
    offices: tuple[Office, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()


@dataclass
class KnowledgeBase:
    entries: list[Entry] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    _by_name: dict[str, Entry] = field(default_factory=dict)
    _by_surname: dict[str, list[Entry]] = field(default_factory=dict)
    _country_words: dict[str, str] = field(default_factory=dict)
    _seats: dict[str, str] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        """Add *entry*; one with the same name (a user's file) replaces the earlier one."""
        old = self._by_name.get(norm(entry.name))
        if old is not None and norm(old.name) == norm(entry.name):
            self.entries.remove(old)
            for bucket in self._by_surname.values():
                if old in bucket:
                    bucket.remove(old)
        self.entries.append(entry)
        for name in (entry.name, *entry.aliases):
            self._by_name[norm(name)] = entry
        if entry.kind == "person":
            for name in (entry.name, *entry.aliases):
                parts = norm(name).split()
                if len(parts) > 1:
                    bucket = self._by_surname.setdefault(parts[-1], [])
                    if entry not in bucket:
                        bucket.append(entry)

    def add_country(self, country: Country) -> None:
        self.countries.append(country)
        for word in (country.name, *country.aliases, *country.adjectives):
            self._country_words[norm(word)] = country.code
        for seat in country.seats:
            self._seats[norm(seat)] = country.code

    def lookup(self, name: str) -> Entry | None:
        """The entry whose name or alias is *name* (case, dots and 'the' ignored)."""
        return self._by_name.get(norm(name))

    def by_surname(self, surname: str) -> list[Entry]:
        return list(self._by_surname.get(norm(surname), ()))

    def country_code(self, word: str) -> str | None:
        """The country code named by a country name or adjective ("Russian" → "RU")."""
        return self._country_words.get(norm(word))

    def country_name(self, code: str) -> str:
        return next((c.name for c in self.countries if c.code == code), code)

    def seat_of(self, name: str) -> str | None:
        """The country whose government *name* stands for ("the Kremlin" → "RU")."""
        return self._seats.get(norm(name))

    def holders(self, cls: str, country: str | None, day: dt.date) -> list[Entry]:
        """People holding an office of class *cls* (in *country* if given) on *day*."""
        out = []
        for e in self.entries:
            for o in e.offices:
                if o.cls == cls and o.held_on(day) and (country is None or o.country == country):
                    out.append(e)
                    break
        return out

    def offices_on(self, entry: Entry, day: dt.date) -> list[Office]:
        return [o for o in entry.offices if o.held_on(day)]


def _as_list(value: Any, what: str, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(where, f"{what} must be a list")
    return value


def _entry(item: Any, kind: str, where: str) -> Entry:
    if not isinstance(item, dict) or not item.get("name"):
        raise InputError(where, f"every {kind} entry needs a name (got {item!r:.60})")
    offices = []
    for o in _as_list(item.get("offices"), "offices", where):
        if not isinstance(o, dict) or "class" not in o:
            raise InputError(where, f"office of {item['name']} needs a class")
        offices.append(
            Office(
                title=str(o.get("title", o["class"])),
                cls=str(o["class"]),
                country=str(o["country"]) if o.get("country") else item.get("country"),
                start=parse_date(o.get("start")),
                end=parse_date(o.get("end"), end=True),
            )
        )
    return Entry(
        name=str(item["name"]),
        kind=kind,
        aliases=tuple(str(a) for a in _as_list(item.get("aliases"), "aliases", where)),
        gender=str(item["gender"]).lower() if item.get("gender") else None,
        country=str(item["country"]) if item.get("country") else None,
        offices=tuple(offices),
        source=str(item.get("source", "")),
    )


def parse_kb(text: str, where: str, kb: KnowledgeBase | None = None) -> KnowledgeBase:
    """Read one YAML knowledge-base document into *kb* (a new one if None)."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        raise InputError(where, f"not valid YAML: {str(exc).splitlines()[0]}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            where, "an actors file must be a mapping with people/organizations/countries")
    unknown = set(data) - {"people", "organizations", "countries"}
    if unknown:
        raise InputError(where, f"unknown section(s): {', '.join(sorted(unknown))}")
    kb = kb if kb is not None else KnowledgeBase()
    for c in _as_list(data.get("countries"), "countries", where):
        if not isinstance(c, dict) or not c.get("code") or not c.get("name"):
            raise InputError(where, "every country needs a code and a name")
        kb.add_country(
            Country(
                code=str(c["code"]),
                name=str(c["name"]),
                aliases=tuple(str(a) for a in c.get("aliases") or ()),
                adjectives=tuple(str(a) for a in c.get("adjectives") or ()),
                seats=tuple(str(a) for a in c.get("seats") or ()),
            )
        )
    for item in _as_list(data.get("people"), "people", where):
        kb.add(_entry(item, "person", where))
    for item in _as_list(data.get("organizations"), "organizations", where):
        kb.add(_entry(item, "organization", where))
    return kb


@lru_cache(maxsize=1)
def _default_text() -> str:
    return resources.files("tealeaves").joinpath("resources/actors_kb.yaml").read_text("utf-8")


@lru_cache(maxsize=8)
def _load(user_file: str | None, mtime: float) -> KnowledgeBase:
    kb = parse_kb(_default_text(), "actors_kb.yaml")
    if user_file:
        path = Path(user_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot read actors file: {exc}") from exc
        parse_kb(text, str(path), kb)
    return kb


def load_kb(user_file: Path | str | None = None) -> KnowledgeBase:
    """The default knowledge base, extended by *user_file* (YAML, same format) if given."""
    if user_file is None:
        return _load(None, 0.0)
    path = Path(user_file)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise InputError(str(path), f"cannot read actors file: {exc}") from exc
    return _load(str(path), mtime)


def article_date(published: str | None) -> dt.date:
    """The date titles are resolved at: the article's date, else today."""
    return parse_date(published) or dt.date.today()
