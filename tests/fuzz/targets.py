"""What each fuzz case runs, and the invariants every outcome must keep.

A reader may return an :class:`~tealeaves.model.Article`, a per-item error record
(``(source, InputError)`` from the JSONL, feed and WARC readers), or raise
:class:`~tealeaves.errors.InputError`. Anything else it raises is a crash; an outcome that
breaks an invariant raises :class:`Violation`:

* every string of an Article (text, metadata, removed lines and reasons) encodes as UTF-8
  and holds no unsafe code point (:func:`tealeaves.model.safe_text` leaves it unchanged);
* the id is the content hash of the text; the Article survives JSON and back unchanged;
* text read without cleaning keeps its length, so offsets into it stay valid;
* every error message encodes as UTF-8; no local file leaks in (XML external entities);
* an Analysis validates against the JSON schema and every offset lies inside the text,
  with ``text[start:end]`` equal to the span's quoted text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from tealeaves.errors import InputError
from tealeaves.model import Analysis, Article, Removed, safe_text

from . import strategies as s


class Violation(AssertionError):
    """An outcome that breaks an invariant (encoding, id, offsets, schema)."""


def _safe(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Violation(f"{what} does not encode as UTF-8: {exc}") from None
    if safe_text(value)[1]:
        raise Violation(f"{what} holds unsafe code points: {value[:60]!r}")


def check_article(art: object) -> Article:
    if not isinstance(art, Article):
        raise Violation(f"expected an Article, got {type(art).__name__}")
    for name in ("id", "text", "url", "outlet", "published", "title", "language"):
        value = getattr(art, name)
        if value is not None:
            _safe(value, f"Article.{name}")
    for r in art.removed:
        if not isinstance(r, Removed):
            raise Violation(f"removed holds a {type(r).__name__}")
        _safe(r.text, "Removed.text")
        _safe(r.reason, "Removed.reason")
    if art.id != Article.make_id(art.text):
        raise Violation("id is not the content hash of the text")
    if "root:x:0:0" in art.text:
        raise Violation("a local file leaked into the text (XML external entity)")
    back = Article.from_dict(json.loads(json.dumps(art.to_dict(), ensure_ascii=False)))
    if back != art:
        raise Violation("the Article changes through JSON and back")
    return art


def check_error(exc: InputError) -> None:
    _safe(str(exc), "InputError message")


def check_results(results: Iterable[tuple[str, object]]) -> list[object]:
    """Check each ``(source, Article | InputError)`` record of a many-item reader."""
    out: list[object] = []
    for source, result in results:
        _safe(source, "record source")
        if isinstance(result, InputError):
            check_error(result)
        else:
            check_article(result)
        out.append(result)
    return out


def check_analysis(analysis: object) -> None:
    """Schema and offsets of an Analysis (the pipeline's output)."""
    from tealeaves.model import validate

    if not isinstance(analysis, Analysis):
        raise Violation(f"expected an Analysis, got {type(analysis).__name__}")
    check_article(analysis.article)
    data = analysis.to_dict()
    try:
        validate(data)
    except Exception as exc:  # jsonschema.ValidationError
        raise Violation(f"schema: {str(exc).splitlines()[0]}") from None
    text = analysis.article.text
    for where, node in _spans(data, "analysis"):
        start, end = node["start"], node["end"]
        if start is None or end is None:
            continue
        if not 0 <= start <= end <= len(text):
            raise Violation(f"{where}: offsets {start}..{end} outside the text ({len(text)})")
        quoted = node.get("text")
        if isinstance(quoted, str) and text[start:end] != quoted:
            raise Violation(f"{where}: text[{start}:{end}] is {text[start:end]!r}, "
                            f"not {quoted!r}")


def _spans(node: Any, where: str) -> Iterable[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "start" in node and "end" in node:
            yield where, node
        for key, value in node.items():
            yield from _spans(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _spans(value, f"{where}[{i}]")


# -- the targets -------------------------------------------------------------------------


def run_text(text: str, work: Path) -> list[object]:
    from tealeaves.ingest import read_text

    art = check_article(read_text(text, clean=False))
    if len(art.text) != len(text):
        raise Violation("text read without cleaning changed length: offsets would shift")
    return [check_article(read_text(text))]


def run_bytes(data: bytes, work: Path) -> list[object]:
    from tealeaves.ingest import read_bytes, read_path

    path = work / "input.txt"
    path.write_bytes(data)
    return [check_article(read_bytes(data, name="input")), check_article(read_path(path))]


def run_html(page: str | bytes, work: Path) -> list[object]:
    from tealeaves.ingest import read_html

    return [check_article(read_html(page))]


def run_feed(data: bytes, work: Path) -> list[object]:
    from tealeaves.ingest.feeds import iter_feed

    path = work / "feed.xml"
    path.write_bytes(data)
    return check_results(iter_feed(path))


def run_warc(data: bytes, work: Path) -> list[object]:
    from tealeaves.ingest.warc import iter_warc

    path = work / "archive.warc.gz"
    path.write_bytes(data)
    return check_results(iter_warc(path))


def run_jsonl(case: tuple[bytes, bool], work: Path) -> list[object]:
    from tealeaves.ingest.jsonl import count_lines, iter_jsonl

    data, gz = case
    path = work / ("dump.jsonl.gz" if gz else "dump.jsonl")
    path.write_bytes(data)
    count_lines(path)
    return check_results(iter_jsonl(path))


@dataclass(frozen=True)
class ArticleCase:
    id: str
    text: str
    meta: dict[str, Any]
    removed: tuple[tuple[str, str], ...]


article_cases = st.builds(
    ArticleCase, s.meta_text.map(lambda t: t or ""), s.texts,
    st.fixed_dictionaries({k: s.meta_text for k in ("url", "outlet", "published", "title")}),
    st.lists(st.tuples(s.texts, s.meta_text.map(lambda t: t or "")), max_size=3).map(tuple),
)


def run_article(case: ArticleCase, work: Path) -> list[object]:
    removed = tuple(Removed(text=t, reason=r) for t, r in case.removed)
    made = Article(id=case.id, text=case.text, removed=removed, **case.meta)
    if len(made.text) != len(case.text):
        raise Violation("Article changed the length of its text")
    hashed = Article.make_id(case.text)  # must not raise on any str
    if hashed != Article.make_id(made.text):
        raise Violation("make_id differs between a text and its safe form")
    from_text = Article.from_text(case.text, **case.meta)
    for art in (made, from_text):
        for name in ("text", "url", "outlet", "published", "title"):
            _safe(getattr(art, name) or "", f"Article.{name}")
    return [check_article(from_text)]


def run_analyze(text: str, work: Path) -> list[object]:
    from tealeaves import analyze

    analysis = analyze(text)
    check_analysis(analysis)
    return [analysis]


def run_url(url: str, work: Path) -> list[object]:
    """The URL checks fetch_url runs before connecting (nothing is fetched here)."""
    from tealeaves.ingest.fetch import _check_url

    _check_url(url, allow_private=False)
    return []


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    run: Callable[[Any, Path], list[object]]
    #: Share of the big fuzz run's cases (the analyze target is slow: a fixed small count).
    weight: float


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("text", s.texts, run_text, 0.20),
    Target("bytes", s.raw_bytes, run_bytes, 0.20),
    Target("html", s.html_pages | s.html_bytes, run_html, 0.15),
    Target("feed", s.feeds, run_feed, 0.10),
    Target("warc", s.warcs, run_warc, 0.10),
    Target("jsonl", s.jsonl_files, run_jsonl, 0.10),
    Target("article", article_cases, run_article, 0.15),
    Target("url", s.urls, run_url, 0.05),
    Target("analyze", s.short_texts, run_analyze, 0.0),
)}
