"""Removing page debris: captions, share bars, cookie notices, "read more" teasers…

Cleaning works on whole lines and keeps every other character of the text as it was,
so the cleaned text is the input minus some lines. Each removed line is reported as a
:class:`~tealeaves.model.Removed` with the reason, so nothing disappears silently.

Three kinds of evidence, all general (nothing here is tuned to one article):

* **patterns** — regular expressions per language in ``resources/debris.yaml``
  (English, Chinese, Russian, German, French, Spanish), each with a length limit so a real
  sentence that merely mentions "cookies" survives;
* **symbols and links only** — a line with no letter or digit once URLs are taken out;
* **script change** — a short line written mostly in another script than the article's
  dominant one (a Chinese caption in an English article), and a short run in another script
  glued after the final punctuation of a line (the same caption pasted without a line
  break). In that one case the run is cut from the end of the line, not the whole line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import Removed
from .dateline import DATELINE_REASON, leading_dateline

#: Lines at most this long (stripped) in another script than the article's are debris.
SHORT_FOREIGN_LINE = 60
#: A glued run in another script at the end of a line is cut when at most this long.
MAX_TRAILING_RUN = 40
#: …and when the rest of the line has at least this many letters of the dominant script.
MIN_HOST_LETTERS = 20

#: A repeated line is dropped when it has at least this many words and no closing
#: punctuation (a caption or heading).
REPEAT_MIN_WORDS = 4
_CLOSING = tuple(".!?…:;,\"'”’»)")
_ATTRIBUTION_DASHES = ("—", "–", "-", "~")

_LINE_ENDS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LINK_SEPARATORS = " \t|•·,;/"
#: A separator line: rules, asterisks, bullets, an elision mark "[…]".
_DECORATION = re.compile(r"(?:[\s*\-_=~#+•·—–/\\|<>^°]|\[(?:…|\.\.\.)\])+")
#: What closes a sentence before a glued run: a terminal mark, then maybe closing quotes.
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")

#: Scripts used by languages as hints when a text has no letters of its own to count.
_LANGUAGE_SCRIPT = {
    "en": "LATIN", "de": "LATIN", "fr": "LATIN", "es": "LATIN", "it": "LATIN", "pt": "LATIN",
    "nl": "LATIN", "pl": "LATIN", "ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC",
    "sr": "CYRILLIC", "zh": "CJK", "ja": "CJK", "ko": "HANGUL", "ar": "ARABIC", "fa": "ARABIC",
    "he": "HEBREW", "el": "GREEK",
}
#: Unicode name prefixes that belong to one writing tradition (Japanese mixes kanji and kana).
_SCRIPT_ALIASES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "FULLWIDTH": "CJK", "HALFWIDTH": "CJK",
                   "IDEOGRAPHIC": "CJK", "BOPOMOFO": "CJK"}


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    reason: str
    language: str
    max_len: int


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    import yaml

    text = resources.files("tealeaves").joinpath("resources/debris.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    rules: list[_Rule] = []
    for category in data["categories"].values():
        for language, patterns in category["patterns"].items():
            for p in patterns:
                rules.append(_Rule(re.compile(p, re.IGNORECASE), str(category["reason"]),
                                   str(language), int(category.get("max_len", 120))))
    return tuple(rules)


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """The script of a letter (``LATIN``, ``CYRILLIC``, ``CJK``, …), or None for non-letters."""
    if not ch.isalpha():
        return None
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "OTHER"
    return _SCRIPT_ALIASES.get(first, first)


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        s = script_of(ch)
        if s is not None:
            counts[s] = counts.get(s, 0) + 1
    return counts


def dominant_script(text: str, language_hint: str | None = None) -> str | None:
    """The script most letters of *text* are written in (the hint's script if it has none)."""
    counts = script_counts(text[:200_000])
    if counts:
        return max(counts, key=lambda s: counts[s])
    if language_hint:
        return _LANGUAGE_SCRIPT.get(language_hint.split("-")[0].lower())
    return None


def debris_reason(line: str, dominant: str | None = None) -> str | None:
    """Why *line* (one stripped line) is page debris, or None if it is article text."""
    for rule in _rules():
        if len(line) > rule.max_len:
            continue
        m = rule.pattern.search(line)
        # a pattern in one script says nothing about a line written in another
        if m and dominant_script(m.group(0)) in (dominant_script(line), None):
            return f"{rule.reason} [{rule.language} pattern]"
    symbol_reason = _symbols_reason(line) or glued_menu_reason(line)
    if symbol_reason is not None:
        return symbol_reason
    if dominant is not None and len(line) <= SHORT_FOREIGN_LINE:
        counts = script_counts(line)
        letters = sum(counts.values())
        foreign = letters - counts.get(dominant, 0)
        if letters >= 2 and foreign * 2 > letters:
            other = max((s for s in counts if s != dominant), key=lambda s: counts[s])
            return f"short line in {other.title()} script in a {dominant.title()}-script text"
    return None


def _symbols_reason(line: str) -> str | None:
    """Links, separators and invisible characters on a line of their own.

    Punctuation that belongs to the text (a lone closing quote or full stop left on its own
    line by a bad line break) is kept: it may close a quotation a later stage reads.
    """
    rest = _URL.sub("", line)
    if rest != line and not rest.strip(_LINK_SEPARATORS):
        return "only links"
    if all(unicodedata.category(ch) == "Cf" or ch.isspace() for ch in line):
        return "only invisible characters"
    if len(line) >= 3 and _DECORATION.fullmatch(line):
        return "only separator symbols"
    return None


def trailing_foreign_run(line: str, dominant: str | None) -> int | None:
    """Where a short run in another script, glued after a line's final punctuation, starts.

    Returns the index just after that punctuation (the cut point), or None.
    """
    if dominant is None:
        return None
    end = len(line.rstrip())
    i = end
    foreign = 0
    while i > 0:
        s = script_of(line[i - 1])
        if s == dominant:
            break
        if s is not None:
            foreign += 1
        i -= 1
    if foreign < 2 or i == 0:
        return None
    # i: just after the last letter of the dominant script; the foreign run starts at the
    # first foreign letter after it, and what lies between must close a sentence.
    j = i
    while j < end and script_of(line[j]) is None:
        j += 1
    gap = line[i:j].rstrip()
    if not _SENTENCE_END.search(gap):
        return None
    cut = i + len(gap)
    if end - cut > MAX_TRAILING_RUN:
        return None
    if script_counts(line[:cut]).get(dominant, 0) < MIN_HOST_LETTERS:
        return None
    return cut


#: A word glued to the next menu item: "SolutionsLegal", "AccountingBlog".
_GLUED_ITEMS = re.compile(r"[a-z]{2,}[A-Z][a-z]{2,}")
#: A line of at most MAX_MENU_CHARS with no closing punctuation is a menu bar when at least
#: MIN_GLUED_ITEMS of its words, and GLUED_SHARE of them, are glued (hashtags and handles
#: such as "#StephenPaddock" or "@SecDef" do not count).
MIN_GLUED_ITEMS = 3
GLUED_SHARE = 0.25
MAX_MENU_CHARS = 200


def glued_menu_reason(line: str) -> str | None:
    """A navigation bar whose items lost their separators ("NewsWorldBusinessSport").

    Brand names glue words too ("YouTube"), so it takes three such words, a quarter of the
    line's words, and a short line that does not end like a sentence.
    """
    if len(line) > MAX_MENU_CHARS or line.endswith(_CLOSING):
        return None
    words = line.split()
    glued = sum(1 for w in words if w[:1] not in "#@" and _GLUED_ITEMS.search(w))
    if glued < MIN_GLUED_ITEMS or glued < GLUED_SHARE * len(words):
        return None
    return "navigation bar (menu items run together)"


def repeat_reason(line: str, seen: set[str], previous: str | None = None) -> str | None:
    """Why *line* (stripped) is debris as a copy of an earlier line in *seen*, or None.

    Only lines that read as captions or headings count (four words or more, or any label
    printed twice in a row, "Reuters" over "Reuters"): transcript labels ("PUTIN:"),
    repeated sentences (a refrain, a live blog's repeated paragraph) and the signature line
    of an embedded post ("— Name (@handle) date", which a later stage may read as the
    source of a second post) are kept.
    """
    if line not in seen or line.startswith(_ATTRIBUTION_DASHES) or line.endswith(_CLOSING):
        return None
    if line == previous or len(line.split()) >= REPEAT_MIN_WORDS:
        return "repeated line (a caption or heading printed twice)"
    return None


def clean_text(text: str, language_hint: str | None = None) -> tuple[str, list[Removed]]:
    """Drop page-debris lines from *text*; return the cleaned text and what was removed."""
    dominant = dominant_script(text, language_hint)
    out: list[str] = []
    removed: list[Removed] = []
    seen: set[str] = set()
    previous: str | None = None
    for line in text.splitlines(keepends=True):
        body = line.rstrip(_LINE_ENDS)
        stripped = body.strip()
        if not stripped:
            out.append(line)
            continue
        cut = trailing_foreign_run(body, dominant)
        if cut is not None:
            removed.append(Removed(
                text=body[cut:].strip(),
                reason="run in another script glued to the end of a line",
            ))
            body = body[:cut]
            line = body + line[len(line.rstrip(_LINE_ENDS)):]
            stripped = body.strip()
        reason = debris_reason(stripped, dominant) or repeat_reason(stripped, seen, previous)
        previous = stripped
        if reason is not None:
            removed.append(Removed(text=stripped, reason=reason))
            continue
        seen.add(stripped)
        out.append(line)
    dateline = cut_dateline(out)
    if dateline is not None:
        removed.append(dateline)
    return "".join(out), removed


def cut_dateline(lines: list[str]) -> Removed | None:
    """Cut a wire dateline from the start of one of the first lines of *lines* (in place,
    with the space after it; :func:`~tealeaves.ingest.dateline.leading_dateline` says
    where to look) and return it as a :class:`Removed` entry."""
    hit = leading_dateline(lines)
    if hit is None:
        return None
    k, indent, found = hit
    line = lines[k]
    lines[k] = line[:indent] + line[indent + found.end:]
    return Removed(text=line[indent:indent + found.end].strip(), reason=DATELINE_REASON)
