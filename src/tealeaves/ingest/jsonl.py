"""JSON Lines input: one article per line, ``{"text": ...}`` or ``{"html": ...}`` plus the
optional metadata ``url``, ``outlet``, ``published`` (a date) and ``title``.

Readers of many articles (this one, :mod:`.feeds`, :mod:`.warc`) yield ``(source, result)``
pairs, where *source* says where the article came from (``dump.jsonl:17``) and *result* is
an :class:`~tealeaves.model.Article` or the :class:`~tealeaves.errors.InputError` that
explains why that one item was skipped; a bad item never stops the others. A line no
reader can make sense of — whatever it raises — is reported the same way, never a
traceback. Escapes of lone surrogates (``"\\ud800"``) are valid JSON: the Article replaces
them (:func:`tealeaves.model.safe_text`) and notes it.
"""

from __future__ import annotations

import email.utils
import gzip
import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..model import Article, safe_text
from .source import open_regular

log = logging.getLogger(__name__)

Result = tuple[str, "Article | InputError"]

META = ("url", "outlet", "published", "title")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")
#: Longest line read (bytes); a longer one is reported and skipped.
MAX_LINE = 20_000_000


def normalise_date(value: Any, source: str) -> str | None:
    """An ISO date (``YYYY-MM-DD``, or a longer ISO timestamp kept as given) from an ISO or
    RFC 2822 string; ``None`` stays ``None``; anything else raises InputError."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InputError(source, f"published must be a date string, not {type(value).__name__}")
    value = value.strip()
    if _ISO.match(value):
        try:
            date.fromisoformat(value[:10])
        except ValueError as exc:
            raise InputError(source, f"published is not a valid date: {value!r}") from exc
        return value
    try:
        return email.utils.parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError) as exc:
        raise InputError(source, f"published is not a date: {value[:40]!r}") from exc


def article_from_record(record: Any, source: str, *, clean: bool = True) -> Article:
    """An Article from one decoded JSON record (a dict with ``text`` or ``html``)."""
    from . import read_html, read_text

    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, not {type(record).__name__}")
    meta: dict[str, str | None] = {}
    for key in META:
        value = record.get(key)
        if key == "published":
            meta[key] = normalise_date(value, source)
        elif value is None or isinstance(value, str):
            meta[key] = value or None
        else:
            raise InputError(source, f"{key} must be a string, not {type(value).__name__}")
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return read_text(text, clean=clean, **meta)
    if isinstance(html, str) and html.strip():
        return read_html(html, clean=clean, **meta)
    raise InputError(source, "no 'text' or 'html' field with content")


def _open(path: Path) -> IO[bytes]:
    """The file (a regular one only: never blocks on a FIFO), decompressed if ``.gz``."""
    fh = open_regular(path)
    if path.suffix.lower() == ".gz":
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def iter_jsonl(path: str | Path, *, clean: bool = True) -> Iterator[Result]:
    """``(source, Article | InputError)`` for each non-blank line of a JSONL file
    (``.gz`` is read compressed)."""
    path = Path(path)
    name = safe_text(str(path))[0]  # a record's source is printed and stored: keep it safe
    try:
        fh = _open(path)
    except InputError as exc:
        yield name, exc
        return
    with fh:
        reader = fh
        lineno = 0
        while True:
            try:
                raw = reader.readline(MAX_LINE + 1)
            except (OSError, EOFError) as exc:  # a truncated .gz
                yield f"{name}:{lineno + 1}", InputError(name, f"cannot read on: {exc}")
                return
            if not raw:
                return
            lineno += 1
            source = f"{name}:{lineno}"
            if len(raw) > MAX_LINE:
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line
                    raw = reader.readline(MAX_LINE)
                yield source, InputError(source, f"line longer than {MAX_LINE:,} bytes")
                continue
            if not raw.strip():
                continue
            yield source, read_line(raw, source, clean=clean)


def read_line(raw: bytes, source: str, *, clean: bool = True) -> Article | InputError:
    """The Article of one JSONL line, or the InputError saying why it was skipped."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return InputError(source, "line is not valid UTF-8")
    except json.JSONDecodeError as exc:
        return InputError(source, f"not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return InputError(source, "not readable JSON (nested too deeply)")
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        return InputError(source, f"not readable JSON ({exc})")
    try:
        return article_from_record(record, source, clean=clean)
    except InputError as exc:
        return exc
    except Exception as exc:  # a reader bug on one line must not cost the others
        log.warning("reading %s failed", source, exc_info=True)
        return InputError(source, f"could not be read ({type(exc).__name__}: {exc}); skipped")


def count_lines(path: str | Path) -> int:
    """Non-blank lines of a JSONL file (for a progress estimate): what could be counted
    before a read error, or 0 for a file that cannot be opened; lines are read in bounded
    pieces, so a long line (or a gzip bomb) costs time, not memory."""
    n = 0
    try:
        with _open(Path(path)) as fh:
            blank = True
            while piece := fh.readline(MAX_LINE):
                blank = blank and not piece.strip()
                if piece.endswith(b"\n"):
                    n += not blank
                    blank = True
            n += not blank
    except (InputError, OSError, EOFError):
        pass
    return n
