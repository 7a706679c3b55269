"""Dates and quantities of a sentence, normalised so that English and Russian spell them
alike: "15 октября" and "October 15" are both ``date:10-15``; "3,5 млрд", "3.5 billion" and
"3,500,000,000" are all ``num:3.5e+09``; "12%" and "12 процентов" are ``pct:12``.

Used to match a Russian claim with an English one (:mod:`tealeaves.store.crosslang`). What
counts, so that a shared value says something:

- a date: a day and a month ("October 15", "15th of October", "15 октября"), the year
  ignored (``date:MM-DD``);
- a number with a scale word or a percent ("3.5 billion", "$40bn", "40 млрд", "7%");
- a plain number of at least 10 that is not a year (1900–2099): "140 people",
  "140 человек". Numbers under 10 (often spelled out in English, "three", and in digits in
  Russian) and bare years are left out: too common to tie two claims together.

Number words ("three", "трёх") are not read. English numbers take "," for thousands and
"." for the decimal point; Russian ones a space (or a no-break or thin space) for
thousands and "," (or ".") for the decimal point. The words are data in
``resources/quantity_words.yaml``, with their sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_SPACE = "[ \u00a0\u202f\u2009]"
_ATTACHED = re.compile(r"[-\u2010-\u2014]?[^\W\d_]")


@dataclass(frozen=True)
class _Patterns:
    date_md: re.Pattern[str]  # month day
    date_dm: re.Pattern[str]  # day month
    number: re.Pattern[str]
    months: tuple[re.Pattern[str], ...]
    scales: tuple[tuple[re.Pattern[str], int], ...]
    percent: re.Pattern[str]
    russian: bool


def _alt(words: list[str], stem: bool) -> str:
    tail = r"\w*" if stem else ""
    return "|".join(f"(?:{w}){tail}" if stem else re.escape(w)
                    for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    raw = resources.files("tealeaves").joinpath("resources/quantity_words.yaml")
    data: dict[str, Any] = yaml.safe_load(raw.read_text("utf-8"))
    return data


@lru_cache(maxsize=2)
def _patterns(russian: bool) -> _Patterns:
    w = _words()
    months_cfg = w["months"]
    lang = "ru" if russian else "en"
    month_words: list[str] = months_cfg["ru"] if russian else months_cfg["en"]
    short: list[str] = [] if russian else months_cfg["en_short"]
    dash = rf"{_SPACE}?[-\u2010-\u2014]{_SPACE}?"
    if russian:
        month_alt = _alt(month_words, stem=True)
        months = tuple(re.compile(f"^(?:{m})", re.I) for m in month_words)
        date_md = re.compile(r"(?!x)x")  # Russian writes the day first
        date_dm = re.compile(
            rf"(?<!\d)(?P<d1>\d{{1,2}})(?:{dash}(?P<d2>\d{{1,2}}))?(?:-?го)?{_SPACE}+"
            rf"(?P<mon>{month_alt})\b(?:{_SPACE}+(?P<year>\d{{4}}))?", re.I)
        number = re.compile(rf"(?<![\w.,-])(\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?"
                            rf"|\d+(?:[,.]\d+)?)(?![\d])")
    else:
        month_alt = _alt([*month_words, *short, "sept"], stem=False)
        months = tuple(re.compile(f"^(?:{m}|{s}t?)$", re.I)
                       for m, s in zip(month_words, short, strict=True))
        nth = "(?:st|nd|rd|th)?"
        date_md = re.compile(
            rf"\b(?P<mon>{month_alt})\.?{_SPACE}+(?P<d1>\d{{1,2}}){nth}"
            rf"(?:{dash}(?P<d2>\d{{1,2}}){nth})?\b(?:,?{_SPACE}+(?P<year>\d{{4}}))?", re.I)
        date_dm = re.compile(
            rf"(?<!\d)(?P<d1>\d{{1,2}}){nth}(?:{dash}(?P<d2>\d{{1,2}}){nth})?{_SPACE}+"
            rf"(?:of{_SPACE}+)?(?P<mon>{month_alt})\b(?:,?{_SPACE}+(?P<year>\d{{4}}))?", re.I)
        number = re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])")
    scale_cfg: dict[str, int] = w["scales"][lang]
    scales = []
    for word, power in sorted(scale_cfg.items(), key=lambda kv: -len(kv[0])):
        if russian:
            pat = rf"^{_SPACE}?{re.escape(word)}\w*\.?"
        elif len(word) <= 2:  # "$5m", "40bn": an abbreviation is written onto the number
            pat = rf"^{re.escape(word)}\b"
        else:
            pat = rf"^{_SPACE}?{re.escape(word)}s?\b"
        scales.append((re.compile(pat, re.I), int(power)))
    pct_words: list[str] = w["percent"][lang]
    percent = re.compile(rf"^{_SPACE}?(?:{_alt(pct_words, stem=russian)})", re.I)
    return _Patterns(date_md, date_dm, number, months, tuple(scales), percent, russian)


def _month(p: _Patterns, word: str) -> int | None:
    for i, pat in enumerate(p.months, start=1):
        if pat.search(word):
            return i
    return None


def _dates(p: _Patterns, text: str) -> tuple[set[str], list[tuple[int, int]]]:
    """``date:MM-DD`` for each day named (both ends of a range "23-24 июня"), and
    ``year:MM-DD:YYYY`` beside it when a year follows."""
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern in (p.date_md, p.date_dm):
        for m in pattern.finditer(text):
            month = _month(p, m.group("mon"))
            days = [int(d) for d in (m.group("d1"), m.group("d2")) if d]
            if not month or not all(1 <= d <= 31 for d in days):
                continue
            for day in days:
                found.add(f"date:{month:02d}-{day:02d}")
                if m.group("year"):
                    found.add(f"year:{month:02d}-{day:02d}:{m.group('year')}")
            spans.append(m.span())
    return found, spans


def _value(p: _Patterns, digits: str) -> float:
    if p.russian:
        digits = re.sub(_SPACE, "", digits).replace(",", ".")
    else:
        digits = digits.replace(",", "")
    return float(digits)


def quantities(text: str, language: str) -> frozenset[str]:
    """The dates (``date:MM-DD``), scaled numbers and plain numbers (``num:…``) and
    percentages (``pct:…``) of *text*, read by the conventions of *language* ("ru" for
    Russian, English otherwise)."""
    p = _patterns(language == "ru")
    found, taken = _dates(p, text)
    for m in p.number.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _value(p, m.group(1))
        rest = text[m.end():m.end() + 16]
        if p.percent.search(rest):
            found.add(f"pct:{value:.4g}")
            continue
        power = next((pw for pat, pw in p.scales if pat.search(rest)), None)
        if power is None and _ATTACHED.match(rest):
            continue  # "20th", "12-month", "5-летний", "Су-57М": part of a word
        if power is not None:
            found.add(f"num:{value * 10 ** power:.4g}")
        elif value >= 10 and not (value.is_integer() and 1900 <= value <= 2099
                                  and len(m.group(1)) == 4):
            found.add(f"num:{value:.4g}")
    return frozenset(found)


def shared(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """The facts two claims share: dates, numbers and percentages in both, less a date
    both give with different years ("June 23, 2016" is not "23 июня 2022 года")."""
    common = {f for f in a & b if not f.startswith("year:")}
    out = set()
    for f in common:
        if f.startswith("date:"):
            tail = f[len("date:"):]
            ya = {x.rsplit(":", 1)[1] for x in a if x.startswith(f"year:{tail}:")}
            yb = {x.rsplit(":", 1)[1] for x in b if x.startswith(f"year:{tail}:")}
            if ya and yb and not ya & yb:
                continue
        out.add(f)
    return frozenset(out)
