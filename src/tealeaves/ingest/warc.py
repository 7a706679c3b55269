"""WARC archives (warcio): every HTML or plain-text ``response`` / ``resource`` record.

A record whose payload is shorter than its ``Content-Length`` (an interrupted crawl) is
reported as truncated and skipped; a record that cannot be parsed at all (a cut gzip
member, garbage) is reported and ends the file, since nothing after it can be found.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .jsonl import Result

#: File endings read as WARC archives inside a directory.
WARC_SUFFIXES = (".warc", ".warc.gz")
_WARC_TYPES = frozenset({"warcinfo", "response", "resource", "request", "metadata",
                         "revisit", "conversion", "continuation"})
_TEXTUAL = ("text/html", "application/xhtml+xml", "text/plain")


def is_warc(path: str | Path) -> bool:
    return str(path).lower().endswith(WARC_SUFFIXES)


def _payload_type(record: Any) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        ct = record.http_headers.get_header("Content-Type") or ""
    else:
        ct = record.rec_headers.get_header("Content-Type") or ""
    return ct.split(";", 1)[0].strip().lower()


def _status_ok(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return True
    code = (record.http_headers.get_statuscode() or "").strip()
    return code.startswith("2")


def iter_warc(path: str | Path, *, clean: bool = True) -> Iterator[Result]:
    """``(source, Article | InputError)`` for each textual record of the WARC at *path*."""
    from warcio.archiveiterator import ArchiveIterator

    from . import read_bytes

    name = str(path)
    try:
        fh = Path(path).open("rb")
    except OSError as exc:
        yield name, InputError(name, f"cannot read the archive ({exc.strerror or exc})")
        return
    with fh:
        records = iter(ArchiveIterator(fh))
        n = valid = 0
        while True:
            n += 1
            src = f"{name}#record{n}"
            try:
                record = next(records)
            except StopIteration:
                if not valid:
                    yield name, InputError(name, "no WARC records found (not a WARC file?)")
                return
            except Exception as exc:  # warcio raises many types on a cut or corrupt file
                yield src, InputError(src, f"corrupt or truncated archive, stopped reading "
                                           f"({type(exc).__name__}: {exc})")
                return
            if getattr(record, "format", "warc") != "warc":
                continue  # warcio's lenient ARC reading of non-WARC bytes: not ours
            if record.rec_type in _WARC_TYPES:
                valid += 1
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or None
            src = url or src
            ctype = _payload_type(record)
            if not ctype.startswith(_TEXTUAL) or not _status_ok(record):
                continue
            try:
                body = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0) or 0
            except Exception as exc:  # a payload cut inside a compressed member
                yield src, InputError(src, f"truncated record ({type(exc).__name__}: {exc})")
                return
            if missing:
                yield src, InputError(src, f"truncated record ({missing:,} of "
                                           f"{record.length:,} bytes missing); skipped")
                continue
            try:  # the crawl date is not the publication date: the page's own metadata is
                yield src, read_bytes(body, name=url or src, clean=clean, content_type=ctype,
                                      url=url)
            except InputError as exc:
                yield src, exc
