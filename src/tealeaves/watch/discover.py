"""Entries of a feed or a sitemap: the article links a poll found, newest first as the
document lists them, each with what the document says of it (title, date, outlet)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

#: Links read from one document at most (a huge feed or sitemap costs no more than this).
MAX_ENTRIES = 2000
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Entry:
    link: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Found:
    """What one document held: entries, and for a sitemap index the child sitemaps."""

    kind: str  # feed | sitemap
    entries: tuple[Entry, ...]
    sitemaps: tuple[str, ...] = ()


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def parse_sitemap(body: bytes, source: str) -> Found:
    """A sitemap (``<urlset>``) or sitemap index (``<sitemapindex>``), read without entity
    expansion or network access."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(source, f"not a readable sitemap ({exc})") from None
    if root is None:
        raise InputError(source, "not a readable sitemap (empty)")
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise InputError(source, f"not a sitemap (root element <{tag}>)")
    entries: list[Entry] = []
    children: list[str] = []
    for node in root:
        if not isinstance(node.tag, str):
            continue
        loc = _child(node, "loc")
        if not loc:
            continue
        if tag == "sitemapindex":
            children.append(loc)
        else:
            entries.append(Entry(loc, None, _child(node, "lastmod")))
        if len(entries) + len(children) >= MAX_ENTRIES:
            break
    return Found("sitemap", tuple(entries), tuple(children))


def _child(node: object, name: str) -> str | None:
    for sub in node:  # type: ignore[attr-defined]
        if isinstance(sub.tag, str) and sub.tag.rsplit("}", 1)[-1] == name:
            text = (sub.text or "").strip()
            return text or None
    return None


def parse_feed_entries(body: bytes, source: str) -> Found:
    """The entries of an RSS or Atom feed (through the ingest reader's safe parse)."""
    from ..ingest.feeds import _iso, parse_feed

    parsed = parse_feed(body, source)
    outlet = parsed.feed.get("title") if isinstance(parsed.feed.get("title"), str) else None
    entries = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = entry.get("link")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        title = entry.get("title")
        entries.append(Entry(link.strip(), title.strip() if isinstance(title, str) else None,
                             _iso(entry.get("published_parsed") or entry.get("updated_parsed")),
                             outlet.strip() if outlet else None))
    return Found("feed", tuple(entries))


def discover(body: bytes, source: str, kind: str = "auto") -> Found:
    """Entries of *body*, read as *kind* (``auto``: a sitemap if it looks like one)."""
    if kind == "sitemap" or (kind == "auto" and looks_like_sitemap(body)):
        return parse_sitemap(body, source)
    return parse_feed_entries(body, source)
