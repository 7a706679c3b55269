"""WARC archives (warcio): every HTML or plain-text ``response`` / ``resource`` record.

A record whose payload is shorter than its ``Content-Length`` (an interrupted crawl) is
reported as truncated and skipped; a record that cannot be parsed at all (a cut gzip
member, garbage) is reported and ends the file, since nothing after it can be found.

Bounded: a record's payload is read up to :data:`~.decode.MAX_BYTES` (a larger one is
reported and skipped), and a run of more than :data:`MAX_RUN` bytes without a line break
(a gzip bomb aimed at the header parser, which reads whole lines) ends the file with an
error instead of filling memory. Only a regular file is opened (:mod:`.source`).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..model import Article, safe_text
from .decode import MAX_BYTES, human_size
from .jsonl import Result
from .source import open_regular

log = logging.getLogger(__name__)

#: Longest run of bytes without a line break read from an archive (headers are lines).
MAX_RUN = 32 * 1024 * 1024
#: Bytes warcio asks for at a time: large, since its line reader joins blocks one by one.
_BLOCK = 1024 * 1024

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


class _RunGuard:
    """A read-only stream that fails once *limit* bytes pass without a line break."""

    def __init__(self, raw: IO[bytes], limit: int | None = None) -> None:
        self.raw = raw
        self.limit = MAX_RUN if limit is None else limit
        self.run = 0

    def read(self, size: int = -1) -> bytes:
        n = size if size is not None and size >= 0 else 1 << 16
        # read1: a cut gzip stream then still yields what precedes the cut
        data = self.raw.read1(n) if hasattr(self.raw, "read1") else self.raw.read(n)
        nl = data.rfind(b"\n")
        self.run = len(data) - nl - 1 if nl >= 0 else self.run + len(data)
        if self.run > self.limit:
            raise ValueError(f"over {human_size(self.limit)} without a line break")
        return data

    def close(self) -> None:
        self.raw.close()


def _open_archive(path: str | Path, name: str) -> _RunGuard:
    """The archive's bytes, decompressed here when gzipped (so the guard sees them)."""
    fh = open_regular(path, name)
    try:
        head = fh.peek(2)[:2] if hasattr(fh, "peek") else b""
        raw: IO[bytes] = (gzip.GzipFile(fileobj=fh)  # type: ignore[assignment]
                          if head == b"\x1f\x8b" else fh)
    except OSError as exc:
        fh.close()
        raise InputError(name, f"cannot read the archive ({exc.strerror or exc})") from None
    return _RunGuard(raw)


def iter_warc(path: str | Path, *, clean: bool = True) -> Iterator[Result]:
    """``(source, Article | InputError)`` for each textual record of the WARC at *path*."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):  # type: ignore[misc]
        # warcio writes this warning, with the stray bytes (kilobytes of them), straight to
        # sys.stderr whenever a record's length is off; the record is reported here instead
        INC_RECORD = ""

    name = safe_text(str(path))[0]  # a record's source is printed and stored: keep it safe
    try:
        stream = _open_archive(path, name)
    except InputError as exc:
        yield name, exc
        return
    try:
        yield from _records(iter(Quiet(stream, block_size=_BLOCK)), name, clean)
    finally:
        stream.close()


def _records(records: Iterator[Any], name: str, clean: bool) -> Iterator[Result]:
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
        src = safe_text(url)[0] if url else src
        ctype = _payload_type(record)
        if not ctype.startswith(_TEXTUAL) or not _status_ok(record):
            continue
        try:
            body = record.content_stream().read(MAX_BYTES + 1)
            missing = getattr(record.raw_stream, "limit", 0) or 0
        except Exception as exc:  # a payload cut inside a compressed member
            yield src, InputError(src, f"truncated record ({type(exc).__name__}: {exc})")
            return
        yield src, _article(record, body, missing, src, url, ctype, clean)


def _article(record: Any, body: bytes, missing: int, src: str, url: str | None, ctype: str,
             clean: bool) -> Article | InputError:
    """The Article of one record's payload, or the InputError saying why it was skipped."""
    from . import read_bytes

    if len(body) > MAX_BYTES:
        return InputError(src, f"record over {human_size(MAX_BYTES)}, the limit; skipped")
    if missing:
        return InputError(src, f"truncated record ({missing:,} of {record.length:,} bytes "
                               "missing); skipped")
    try:  # the crawl date is not the publication date: the page's own metadata is
        return read_bytes(body, name=url or src, clean=clean, content_type=ctype, url=url)
    except InputError as exc:
        return exc
    except Exception as exc:  # a reader bug on one record must not cost the others
        log.warning("reading %s failed", src, exc_info=True)
        return InputError(src, f"could not be read ({type(exc).__name__}: {exc}); skipped")
