"""Reading files and strings into Articles (first version; see ingest helper for the full one)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Article


def read_text(text: str, *, clean: bool = True, **meta: Any) -> Article:
    from ..nlp import detect_language

    if not text.strip():
        raise InputError(meta.get("url") or "<text>", "empty text")
    lang, _ = detect_language(text)
    return Article.from_text(text, language=lang, **meta)


def read_path(path: Path, *, clean: bool = True) -> Article:
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file")
    data = path.read_bytes()
    return read_text(data.decode("utf-8"), clean=clean, url=None)


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.suffix.lower() in {".txt", ".html", ".htm"})
        else:
            yield p
