"""RSS and Atom feeds (feedparser), from a file or a URL.

Each entry becomes an article: its full content (``content:encoded`` / Atom ``content``),
else its summary, read as HTML with the entry's link, title and date and the feed's title
as outlet. With ``follow_links=True`` the linked page is fetched instead (the usual case for
feeds that carry only teasers). A feed that cannot be parsed at all is one failure; a broken
entry is another and the rest still come.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article
from .jsonl import Result

#: File endings read as feeds inside a directory.
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})

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


def parse_feed(data: bytes | str, source: str) -> Any:
    """The feedparser result for *data*; InputError if it holds no feed at all."""
    import feedparser

    parsed = feedparser.parse(data)
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
    name = str(source)
    get: Fetch = fetch or (lambda u: _default_fetch(u, timeout))
    try:
        if is_url(name):
            data: bytes | str = get(name).body
        else:
            data = Path(name).read_bytes()
        parsed = parse_feed(data, name)
    except InputError as exc:
        yield name, exc
        return
    except OSError as exc:
        yield name, InputError(name, f"cannot read the feed ({exc.strerror or exc})")
        return
    yield from iter_entries(parsed, name, clean=clean, follow_links=follow_links, fetch=get)


def iter_entries(
    parsed: Any, name: str, *, clean: bool = True, follow_links: bool = False,
    fetch: Fetch | None = None,
) -> Iterator[Result]:
    from . import read_bytes, read_html

    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or None
        src = link or f"{name}#entry{i}"
        title = (entry.get("title") or "").strip() or None
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        meta = {"url": link, "outlet": outlet, "published": published, "title": title}
        try:
            if follow_links and link and fetch is not None:
                page = fetch(link)
                art: Article = read_bytes(page.body, name=link, clean=clean,
                                          content_type=page.content_type, **meta)
            else:
                contents = [c.get("value", "") for c in entry.get("content", []) or []]
                body = max(contents, key=len, default="") or entry.get("summary", "") or ""
                if not body.strip():
                    raise InputError(src, "feed entry has no content (try --follow-links)")
                art = read_html(f"<html><body><article>{body}</article></body></html>",
                                clean=clean, **meta)
        except InputError as exc:
            yield src, exc
            continue
        yield src, art
