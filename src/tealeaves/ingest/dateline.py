"""Datelines glued to the first paragraph of wire copy ("MOSCOW, March 3 (Reuters) - …").

A dateline is page furniture, not part of the first sentence: left in, its city becomes an
actor and the whole line the source of the first claim. The cleaner cuts it from the start
of the first paragraph and lists it among the removed lines; :func:`parse_dateline` reads
place, date and agency back for the article's metadata.

The pattern is the general form of the wire-service dateline (AP Stylebook, "datelines";
Reuters Handbook of Journalism, "datelines"): the place in capitals or capitalised words,
maybe a region ("KYIV, Ukraine", "YUMA, Ariz."), maybe a date ("March 3", "3 March",
"Oct. 3, 2025", a weekday), maybe the agency in parentheses ("(Reuters)", "(AP)"), then a
dash. Russian agencies write "МОСКВА, 3 марта. /ТАСС/." or "МОСКВА, 3 мар — РИА Новости.";
regional agencies "Город, ИА Name." (ИА = информационное агентство). Some services put the
agency first in parentheses ("(Agency – CITY, March 3, 2025)") or the date first with no
place ("Mar 3 (Agency) -"). Nothing here is taken from a particular article.

Guards, so that a real first sentence survives:

* only the start of a line counts ("… in WASHINGTON — the word …" is never cut);
* a place in ordinary capitalisation needs a date or an agency ("Smith — who had resigned —
  said" is a sentence; "Moscow, March 3 —" is a dateline);
* a place in capitals with only a dash needs a capitalised word after the dash ("NATO — the
  alliance said" stays; "WASHINGTON — President X said" is cut);
* the parenthesis holds a name, not a party tag ("Sen. X (R-Texas) —" stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Dateline, Removed

#: A dateline is looked for at the start of this many first non-empty lines (headline,
#: standfirst, first paragraph), and only up to the first line of at least
#: PARAGRAPH_WORDS words that ends in closing punctuation.
LEADING_LINES = 4
PARAGRAPH_WORDS = 12
#: The reason the cleaner gives a removed dateline.
DATELINE_REASON = "dateline glued to the first paragraph (place, date, agency)"

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATE = (
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?"
    rf"|{_WEEKDAYS}|\d{{4}}-\d{{2}}-\d{{2}})"
)
#: One word of a place in capitals: "WASHINGTON", "ST.", "D.C.", "RIO", "O'HARE".
_CAPS_WORD = r"[A-Z][A-Z.'’-]*[A-Z.]"
#: One word of a place in ordinary capitalisation (or a short joining word: "Rio de Janeiro").
_NAME_WORD = r"(?:[A-Z][a-zA-Z.'’-]+|de|da|del|la|el|al|of|upon|on)"
#: A region after the place: "Ukraine", "Ariz.", "D.C.", "Calif."
_REGION = r"[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,2}"
#: The agency in parentheses: capitalised words or an acronym, no digits, no party tag.
_AGENCY = r"\((?P<agency>[A-Z][A-Za-z&.'’]*(?:\s[A-Za-z&.'’]+){0,3})\)"
#: An em or en dash may touch its words ("NEW YORK—An employee"); hyphens need a space
#: ("SMITH--John, 98, of …" heads a death notice).
_DASH = r"(?:\s*[—–]\s*|\s*--?\s+|\s+--?\s*)"
#: Labels written like a dateline in capitals: "EXCLUSIVE – …", "BREAKING — …".
_LABELS = frozenset(
    "EXCLUSIVE BREAKING UPDATE UPDATED WATCH ANALYSIS OPINION EDITORIAL COMMENTARY LIVE VIDEO "
    "PHOTOS REVIEW INTERVIEW CORRECTION DEVELOPING URGENT FLASH SPECIAL REPORT FACTBOX "
    "EXPLAINER".split())

_CAPS_PLACE = rf"(?P<place>{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}})"
_NAME_PLACE = rf"(?P<place>[A-Z][a-zA-Z.'’-]+(?:\s{_NAME_WORD}){{0,3}})"
_TAIL = rf"(?:,\s(?P<region>{_REGION}))??(?:,?\s(?P<date>{_DATE}))?(?:\s?{_AGENCY})?"

#: Capitals: the dash alone will do when a capitalised word follows it.
_CAPS = re.compile(rf"^{_CAPS_PLACE}{_TAIL}{_DASH}(?=[\"“‘'(]?[A-Z0-9])")
#: Ordinary capitalisation: a date or an agency is needed.
_NAMED = re.compile(rf"^{_NAME_PLACE}{_TAIL}{_DASH}(?=\S)")
#: Russian agencies: "МОСКВА, 3 марта. /ТАСС/." and "МОСКВА, 3 мар — РИА Новости."
_RU = re.compile(
    r"^(?P<place>[А-ЯЁ][А-ЯЁ-]+(?:\s[А-ЯЁ][А-ЯЁ-]+){0,2}),\s(?P<date>\d{1,2}\s[а-я]{3,8}\.?)"
    r"(?:\s\d{4})?(?:\.\s/(?P<agency>[^/\n]{2,30})/\.?|\s(?:—|–|-)\s"
    r"(?P<agency2>[А-ЯЁA-Z][\w-]*(?:\s[А-ЯЁA-Z][\w-]*){0,2})\.)\s+(?=\S)"
)
#: Russian regional agencies: "Город, ИА Name." ("ИА" says an agency follows).
_RU_IA = re.compile(
    r"^(?P<place>[А-ЯЁ][А-ЯЁа-яё-]+(?:\s[А-ЯЁ][А-ЯЁа-яё-]+){0,2}),\s"
    r"(?P<agency>(?:ИА|ИАА)\s[\w«»\"-]{2,30}(?:\s[\w«»\"-]{2,20})?)\.\s+(?=\S)"
)
#: The agency first, in parentheses: "(Agency – CITY, March 3, 2025)".
_PAREN = re.compile(
    rf"^\((?P<agency>[A-Z][A-Za-z&.'’]*(?:\s[A-Za-z&.'’]+){{0,3}})\s[—–-]\s"
    rf"(?P<place>[A-Z][A-Za-z.'’-]+(?:\s{_NAME_WORD}){{0,3}})(?:,\s(?P<date>{_DATE}))?\)\s*"
    r"(?=[\"“‘'A-Z0-9])"
)
#: The date first, then the agency, no place: "Mar 3 (Agency) - ".
_DATE_FIRST = re.compile(
    rf"^(?P<date>{_MONTHS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?)"
    rf"\s?{_AGENCY}{_DASH}(?=\S)"
)
#: Closing punctuation of a paragraph (a headline has none).
_PARAGRAPH_END = re.compile(r"[.!?…:;\"”’»)]\s*$")
#: Party tags and other non-agency parentheses: "(R-Texas)", "(D)".
_PARTY = re.compile(r"^(?:[A-Z]|[A-Z]{1,2}-[A-Za-z. ]+)$")


@dataclass(frozen=True)
class Found:
    """A dateline at the start of a line: where it ends (the cut point) and its parts."""

    end: int
    place: str
    date: str | None
    agency: str | None


def _check(m: re.Match[str], named: bool) -> Found | None:
    agency = m.group("agency")
    if agency is not None and _PARTY.match(agency):
        return None
    date = m.group("date")
    if date is None and agency is None and (named or len(m.group("place")) < 4):
        return None  # "Smith — who …", "US — The …": no dateline without more
    place = m.group("place")
    if place.upper() in _LABELS:
        return None
    region = m.group("region")
    if region:
        place = f"{place}, {region}"
    return Found(end=m.end(), place=place, date=date, agency=agency)


def find_dateline(line: str) -> Found | None:
    """The dateline at the start of *line* (one line of text), or None.

    >>> find_dateline("MOSCOW, March 3 (Reuters) - Russia said on Tuesday ...").agency
    'Reuters'
    >>> find_dateline("Smith — who had resigned — said nothing.") is None
    True
    """
    if len(line) < 8:
        return None
    m = _CAPS.match(line)
    if m is not None:
        found = _check(m, named=False)
        if found is not None and found.end < len(line.rstrip()):
            return found
    m = _NAMED.match(line)
    if m is not None and not m.group("place").isupper():
        found = _check(m, named=True)
        if found is not None and found.end < len(line.rstrip()):
            return found
    return _other_forms(line)


def _other_forms(line: str) -> Found | None:
    """Datelines in the agency-first, date-first and Russian forms."""
    m = _RU.match(line)
    if m is not None:
        return Found(end=m.end(), place=m.group("place"), date=m.group("date"),
                     agency=m.group("agency") or m.group("agency2"))
    m = _RU_IA.match(line)
    if m is not None:
        return Found(end=m.end(), place=m.group("place"), date=None, agency=m.group("agency"))
    for pattern in (_PAREN, _DATE_FIRST):
        m = pattern.match(line)
        if m is None or _PARTY.match(m.group("agency")):
            continue
        if m.end() < len(line.rstrip()):
            place = m.groupdict().get("place") or ""  # date-first lines name no place
            return Found(end=m.end(), place=place, date=m.group("date"),
                         agency=m.group("agency"))
    return None


def leading_dateline(lines: list[str]) -> tuple[int, int, Found] | None:
    """The dateline opening one of the first lines of *lines*: (line index, indent, found).

    Only the first :data:`LEADING_LINES` non-empty lines are looked at, up to and including
    the first that reads as a paragraph.
    """
    looked = 0
    for k, line in enumerate(lines):
        body = line.lstrip()
        if not body.strip():
            continue
        found = find_dateline(body)
        if found is not None:
            return k, len(line) - len(body), found
        looked += 1
        if looked >= LEADING_LINES or _is_paragraph(body):
            return None
    return None


def _is_paragraph(line: str) -> bool:
    """A line that reads as a paragraph: long enough and closed by punctuation (a long
    headline without a full stop is not one)."""
    return len(line.split()) >= PARAGRAPH_WORDS and _PARAGRAPH_END.search(line) is not None


def dateline_range(text: str) -> tuple[int, int] | None:
    """Character range of a dateline left at the start of *text*'s first paragraph (text
    read with ``--no-clean``, or a corpus's raw text), or None."""
    lines = text.splitlines(keepends=True)
    hit = leading_dateline(lines[:64])
    if hit is None:
        return None
    k, indent, found = hit
    start = sum(len(line) for line in lines[:k]) + indent
    return start, start + found.end


def parse_dateline(text: str) -> Found | None:
    """Place, date and agency of a removed dateline (*text* as the cleaner listed it)."""
    return find_dateline(text + " X")


def dateline_of(removed: list[Removed] | tuple[Removed, ...]) -> Dateline | None:
    """The article's dateline from the cleaner's removed lines, or None."""
    for r in removed:
        if r.reason == DATELINE_REASON:
            found = parse_dateline(r.text)
            if found is not None:
                return Dateline(text=r.text, place=found.place, date=found.date,
                                agency=found.agency)
    return None
