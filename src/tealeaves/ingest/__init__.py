"""Turn what the user has (text, .txt, .html, bytes, a folder, stdin) into :class:`Article` records.

These names are the stable entry points other readers (JSONL, feeds, WARC, URLs) build on.
"""

from __future__ import annotations

from .clean import clean_text
from .decode import MAX_BYTES
from .files import iso_date, iter_paths, read_bytes, read_html, read_path, read_text

__all__ = [
    "MAX_BYTES",
    "clean_text",
    "iso_date",
    "iter_paths",
    "read_bytes",
    "read_html",
    "read_path",
    "read_text",
]
