"""RSS and Atom feeds (feedparser), from a file or a URL.

Each entry becomes an article: its full content (``content:encoded`` / Atom ``content``),
else its summary, read as HTML with the entry's link, title and date and the feed's title
as outlet. With ``follow_links=True`` the linked page is fetched instead (the usual case for
feeds that carry only teasers). A feed that cannot be parsed at all is one failure; a broken
entry is another and the rest still come.

A feed file is read only if it is a regular file, and at most :data:`MAX_FEED_BYTES` of
it; entity expansion ("billion laughs") is stopped by the XML parser's amplification
limit (expat 2.4+), after which feedparser's lenient parser reads what is left.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article, safe_text
from .decode import MAX_BYTES
from .jsonl import Result
from .source import read_file

log = logging.getLogger(__name__)

#: File endings read as feeds inside a directory.
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
#: Largest feed file read: a feed carries many articles, each up to MAX_BYTES as a page.
MAX_FEED_BYTES = 5 * MAX_BYTES

Fetch = Callable[[str], Any]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _default_fetch(url: str, timeout: float) -> Any:
    from .fetch import fetch_url  # imported lazily: the web engineer's SSRF-safe client

    return fetch_url(url, timeout=timeout)


def _iso(struct: Any) -> str | None:
    if not struct:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", struct)
    except (TypeError, ValueError):
        return None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _safe_charref(m: re.Match[bytes]) -> bytes:
    """A character reference to a code point no text may hold becomes U+FFFD (feedparser's
    lenient parser raises on ``&#xD800;``; ``chr`` on one past U+10FFFF)."""
    value = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    bad = value > 0x10FFFF or 0xD800 <= value <= 0xDFFF or (value < 32 and value not in
                                                              (9, 10, 13))
    return b"&#xFFFD;" if bad else m.group(0)


def parse_feed(data: bytes | str, source: str) -> Any:
    """The feedparser result for *data*; InputError if it holds no feed at all."""
    import feedparser

    if isinstance(data, str):  # feedparser reads a str as a URL or a file name to open
        data = data.encode("utf-8", "surrogatepass")
    data = _CHARREF.sub(_safe_charref, data)
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # its lenient parser raises on what it cannot read
        log.warning("feedparser failed on %s", source, exc_info=True)
        raise InputError(source, f"not a readable feed ({type(exc).__name__}: {exc})") from None
    version = getattr(parsed, "version", "") or ""
    if not parsed.entries and (parsed.bozo or not version):
        why = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        raise InputError(source, f"not a readable feed ({why})")
    return parsed


def iter_feed(
    source: str | Path, *, clean: bool = True, follow_links: bool = False,
    timeout: float = 10.0, fetch: Fetch | None = None,
) -> Iterator[Result]:
    """``(source, Article | InputError)`` for each entry of the feed at *source* (a path
    or an http(s) URL)."""
    raw = str(source)
    name = safe_text(raw)[0]  # a record's source is printed and stored: keep it safe
    get: Fetch = fetch or (lambda u: _default_fetch(u, timeout))
    try:
        if is_url(raw):
            data: bytes | str = get(raw).body
        else:
            data = read_file(Path(raw), name, MAX_FEED_BYTES)
        parsed = parse_feed(data, name)
    except InputError as exc:
        yield name, exc
        return
    yield from iter_entries(parsed, name, clean=clean, follow_links=follow_links, fetch=get)


def iter_entries(
    parsed: Any, name: str, *, clean: bool = True, follow_links: bool = False,
    fetch: Fetch | None = None,
) -> Iterator[Result]:
    outlet = _text(parsed.feed.get("title"))
    for i, entry in enumerate(parsed.entries, start=1):
        link = _text(entry.get("link"))
        src = safe_text(link)[0] if link else f"{name}#entry{i}"
        try:
            art: Article | InputError = _entry_article(entry, src, link, outlet, clean,
                                                       fetch if follow_links else None)
        except InputError as exc:
            art = exc
        except Exception as exc:  # a reader bug on one entry must not cost the others
            log.warning("reading %s failed", src, exc_info=True)
            art = InputError(src, f"could not be read ({type(exc).__name__}: {exc}); skipped")
        yield src, art


def _text(value: Any) -> str | None:
    """A feed field as stripped text (feedparser gives str, or odd types on broken feeds)."""
    return (value.strip() or None) if isinstance(value, str) else None


def _entry_article(entry: Any, src: str, link: str | None, outlet: str | None, clean: bool,
                   fetch: Fetch | None) -> Article:
    from . import read_bytes, read_html

    published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    meta = {"url": link, "outlet": outlet, "published": published,
            "title": _text(entry.get("title"))}
    if link and fetch is not None:
        page = fetch(link)
        return read_bytes(page.body, name=link, clean=clean, content_type=page.content_type,
                          **meta)
    contents = [c.get("value", "") for c in entry.get("content", []) or []]
    body = max(contents, key=len, default="") or entry.get("summary", "") or ""
    if not isinstance(body, str) or not body.strip():
        raise InputError(src, "feed entry has no content (try --follow-links)")
    return read_html(f"<html><body><article>{body}</article></body></html>", clean=clean,
                     **meta)
