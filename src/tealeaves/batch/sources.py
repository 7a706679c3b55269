"""Reading a batch's sources as one stream of ``(source, Article | InputError)``: files,
directories, JSONL, RSS/Atom feeds, WARC archives and URLs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Article

if TYPE_CHECKING:
    from .driver import BatchOptions

Result = tuple[str, "Article | InputError"]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
DOC_SUFFIXES = (".txt", ".html", ".htm")


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    from ..ingest.warc import is_warc

    if is_warc(name):
        return "warc"
    from ..ingest.feeds import FEED_SUFFIXES

    if path.suffix.lower() in FEED_SUFFIXES:
        return "feed"
    if path.suffix.lower() in DOC_SUFFIXES:
        return "doc"
    return None


def _read_doc(path: Path, clean: bool) -> Result:
    from ..ingest import read_path

    try:
        return str(path), read_path(path, clean=clean)
    except InputError as exc:
        return str(path), exc


def _read_url(url: str, opts: BatchOptions) -> Iterator[Result]:
    from ..ingest import read_bytes
    from ..ingest.feeds import iter_entries, parse_feed

    try:
        from ..ingest.fetch import fetch_url  # SSRF-safe, timeouts and size caps

        page = fetch_url(url, timeout=opts.timeout)
        ctype = (page.content_type or "").split(";", 1)[0].strip().lower()
        if any(x in ctype for x in ("rss", "atom")) or (
                ctype.endswith("xml") and "xhtml" not in ctype):
            parsed = parse_feed(page.body, url)
            yield from iter_entries(
                parsed, url, clean=opts.clean, follow_links=opts.follow_links,
                fetch=lambda u: fetch_url(u, timeout=opts.timeout))
            return
        yield url, read_bytes(page.body, name=url, clean=opts.clean,
                              content_type=page.content_type, url=page.url or url)
    except InputError as exc:
        yield url, exc


def iter_sources(sources: Iterable[str | Path | Article], opts: BatchOptions | None = None
                 ) -> Iterator[Result]:
    """``(source, Article | InputError)`` for every article in *sources*, streamed.

    A source is a file (``.txt``/``.html``, ``.jsonl``[``.gz``], ``.rss``/``.atom``/``.xml``,
    ``.warc``[``.gz``]), a directory (its files of those kinds, sorted) or an http(s) URL
    (a page or a feed). An :class:`Article` already read (the watcher's) passes as it is,
    named by its URL.
    """
    from ..ingest.feeds import is_url, iter_feed
    from ..ingest.jsonl import iter_jsonl
    from ..ingest.warc import iter_warc

    if opts is None:
        from .driver import BatchOptions

        opts = BatchOptions()
    for src in sources:
        if isinstance(src, Article):
            yield src.url or src.id, src
            continue
        name = str(src)
        if is_url(name):
            yield from _read_url(name, opts)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p)
                           and not any(x.startswith(".") for x in p.relative_to(path).parts))
        elif path.exists():
            files = [path]
        else:
            yield name, InputError(name, "no such file, directory or URL")
            continue
        for f in files:
            kind = _kind(f) or "doc"
            if kind == "jsonl":
                yield from iter_jsonl(f, clean=opts.clean)
            elif kind == "warc":
                yield from iter_warc(f, clean=opts.clean)
            elif kind == "feed":
                yield from iter_feed(f, clean=opts.clean, follow_links=opts.follow_links,
                                     timeout=opts.timeout)
            else:
                yield _read_doc(f, opts.clean)


def estimate_total(sources: Iterable[str | Path]) -> int | None:
    """How many articles *sources* hold, if that is cheap to know (files, dirs, JSONL)."""
    from ..ingest.jsonl import count_lines

    total = 0
    for src in sources:
        path = Path(str(src))
        if str(src).startswith(("http://", "https://")) or not path.exists():
            return None
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        for f in files:
            kind = _kind(f) if path.is_dir() else (_kind(f) or "doc")
            if kind == "doc":
                total += 1
            elif kind == "jsonl":
                total += count_lines(f)
            elif kind is not None:
                return None
    return total
