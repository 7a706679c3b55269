"""Turn what the user has (text, .txt, .html, a folder, stdin) into :class:`Article` records.

The ingest helper owns this package; the functions below are the stable entry points.
"""

from __future__ import annotations

from .files import iter_paths, read_path, read_text

__all__ = ["iter_paths", "read_path", "read_text"]
