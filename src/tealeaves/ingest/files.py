"""Reading strings, bytes, files and folders into :class:`~tealeaves.model.Article` records.

Every reader ends in the same place: optional debris cleaning (:mod:`.clean`), a length
check, language detection and the content-hash id of the final text. Bad data from the
world raises :class:`~tealeaves.errors.InputError` naming the source and the problem.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..model import Article, Removed, replaced_note, safe_text
from .clean import clean_text, debris_reason, dominant_script
from .dateline import dateline_of, find_dateline
from .decode import decode
from .html import extract, looks_like_html
from .source import read_file

#: File name endings read as HTML; everything else is plain text unless it looks like HTML.
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
#: What a directory contributes: files with these endings, sorted by path.
TEXT_SUFFIXES = frozenset({".txt", ".html", ".htm"})

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y")


def iso_date(value: str | None, source: str = "<text>") -> str | None:
    """*value* as ``YYYY-MM-DD``: from an ISO date or timestamp, an RFC 2822 date (feeds,
    e-mail) or a written date ("14 March 2025", "March 14, 2025"); None stays None.
    """
    if value is None or not value.strip():
        return None
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    value = value.strip()
    m = _ISO_DATE.match(value)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            pass
    else:
        try:
            return parsedate_to_datetime(value).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(value, fmt).date().isoformat()
            except ValueError:
                continue
    raise InputError(source, f"published date {value!r} is not a date")


def _article(text: str, *, clean: bool, source: str, url: str | None, outlet: str | None,
             published: str | None, title: str | None,
             replaced: Counter[str] | None = None) -> Article:
    """The Article of *text*: unsafe characters replaced (and counted, with *replaced* found
    earlier in the page it came from), length and date checked, debris cleaned, language
    found. Metadata fields are made safe by :class:`Article` itself."""
    from ..nlp import MAX_CHARS, detect_language

    text, found = safe_text(text)
    counts = found + (replaced or Counter())
    if not text.strip():
        raise InputError(source, "empty text")
    if len(text) > MAX_CHARS:
        raise InputError(source, f"text too long ({len(text):,} characters; the limit is "
                                 f"{MAX_CHARS:,}, about two minutes of analysis: split it)")
    published = iso_date(published, source)
    where = ["page"] * bool(replaced) + ["text"] * bool(found)
    removed: list[Removed] = [replaced_note(counts, where)] if counts else []
    if clean:
        text, dropped = clean_text(text)
        removed.extend(dropped)
        if not text.strip():
            raise InputError(source, "no article text left after removing page debris")
    language, _ = detect_language(text)
    return Article(
        id=Article.make_id(text), text=text, url=url, outlet=outlet, published=published,
        title=title, language=language, removed=tuple(removed), dateline=dateline_of(removed),
    )


def read_text(text: str, *, clean: bool = True, url: str | None = None,
              outlet: str | None = None, published: str | None = None,
              title: str | None = None) -> Article:
    """An Article from plain *text* (cleaned of page debris unless ``clean=False``)."""
    if not isinstance(text, str):
        raise TypeError(f"read_text expects str, not {type(text).__name__}")
    return _article(text, clean=clean, source=url or "<text>", url=url, outlet=outlet,
                    published=published, title=title)


def _read_html(html: str | bytes, *, clean: bool, source: str, url: str | None,
               outlet: str | None, published: str | None, title: str | None) -> Article:
    if isinstance(html, bytes):
        html = decode(html, source, "text/html")
    html, replaced = safe_text(html)  # lxml refuses NULs and surrogates in a str
    page = extract(html, source)
    return _article(
        page.text, clean=clean, source=source, url=url or page.url,
        outlet=outlet or page.outlet, published=published or page.published,
        title=title or page.title, replaced=replaced,
    )


def read_html(html: str | bytes, *, clean: bool = True, url: str | None = None,
              outlet: str | None = None, published: str | None = None,
              title: str | None = None) -> Article:
    """An Article from an HTML page: trafilatura's main text plus title, date, site and URL.

    Explicit arguments win over the metadata found in the page.
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"read_html expects str or bytes, not {type(html).__name__}")
    return _read_html(html, clean=clean, source=url or "<html>", url=url, outlet=outlet,
                      published=published, title=title)


def read_bytes(data: bytes, *, name: str, clean: bool = True, content_type: str | None = None,
               **meta: str | None) -> Article:
    """An Article from raw bytes (a file, standard input, an HTTP body).

    Refuses binary data and oversized input, decodes (UTF-8, a byte-order mark, the declared
    charset, then a detected one) and reads the result as HTML or plain text, judged by
    *content_type*, the ending of *name*, or the data itself.
    """
    unknown = set(meta) - {"url", "outlet", "published", "title"}
    if unknown:
        raise TypeError(f"read_bytes got unexpected metadata {sorted(unknown)}")
    url, outlet = meta.get("url"), meta.get("outlet")
    published, title = meta.get("published"), meta.get("title")
    text = decode(data, name, content_type)
    if _is_html(data, name, content_type):
        return _read_html(text, clean=clean, source=name, url=url, outlet=outlet,
                          published=published, title=title)
    return _article(text, clean=clean, source=name, url=url, outlet=outlet,
                    published=published, title=title or headline(text))


#: Longest first line taken as a plain-text file's headline.
HEADLINE_MAX_CHARS = 200


def headline(text: str) -> str | None:
    """The first line of a plain-text article, when it reads as its headline.

    Saved articles (and the PTC and PolNeAR corpora) put the title on the first line.
    It is taken when it is short, is followed by more text, and is not a bracketed note
    or a sentence that runs on into the body (no closing punctuation but a full stop is
    allowed, as some outlets end headlines with one). Lines above it that the cleaner counts
    as page debris are passed over. The text itself is not changed.
    """
    dominant = dominant_script(text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # page debris above the headline (a promo line, a menu, a time stamp) is not the title
    while lines and debris_reason(lines[0], dominant) is not None:
        lines.pop(0)
    if len(lines) < 2:
        return None
    first = lines[0]
    if len(first) > HEADLINE_MAX_CHARS or first[0] in "[(<{":
        return None
    if first.endswith((",", ";", ":", "-", "—")) or find_dateline(first) is not None:
        return None  # a sentence running on, or a first paragraph with its wire dateline
    return first


def _is_html(data: bytes, name: str, content_type: str | None) -> bool:
    if content_type:
        ct = content_type.split(";", 1)[0].strip().lower()
        if "html" in ct:
            return True
        if ct == "text/plain":
            return False
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return True
    if suffix == ".txt":
        return False
    return looks_like_html(data)


def read_path(path: Path, *, clean: bool = True) -> Article:
    """An Article from a ``.txt`` or ``.html`` file.

    Only a regular file is read, and at most :data:`~.decode.MAX_BYTES` of it: a FIFO,
    socket or device is refused at once (its content can go through standard input).
    """
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(name, "is a directory (pass it to iter_paths)")
    except OSError as exc:
        raise InputError(name, f"cannot read the file ({exc.strerror or exc})") from exc
    return read_bytes(read_file(path, name), name=name, clean=clean)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path as given; a directory becomes its ``.txt``/``.html``/``.htm`` files, sorted.

    Files and folders whose names start with a dot are skipped inside directories.
    """
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = (
                x for x in p.rglob("*")
                if x.suffix.lower() in TEXT_SUFFIXES and x.is_file()
                and not any(part.startswith(".") for part in x.relative_to(p).parts)
            )
            yield from sorted(found)
        else:
            yield p
