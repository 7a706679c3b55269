"""What the article page and ``/api/articles/{id}`` serve, built once per analysis.

Decoding a stored Analysis and rendering its highlighted report view cost tens of
milliseconds; an article page is read many more times than it is written. So each
article's page view (:class:`ArticleView`: the rendered report fragment, the actor chips
and the metadata) and its JSON body are kept in a least-recently-used cache bounded in
bytes (:class:`SizedLRU`), keyed by article id and checked against the analysis's
*stamp* on every request: one indexed read of ``analyzed_at``, the stored size and the
article's metadata (:func:`tealeaves.web.queries.analysis_stamp`). A re-analysed or
re-titled article therefore misses and is rebuilt; a write through this app also drops
its entry at once.

:class:`Timings` records where a request's time went (``db``: store reads, ``build``:
decoding and the report renderer on a miss, ``tpl``: the page template, ``json``:
serialising) and is sent back as a ``Server-Timing`` header, which the load benchmark
reads to report database and template time apart.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..model import Analysis


class Timings:
    """Milliseconds spent per phase of one request, plus a cache outcome."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}
        self.cache: str | None = None
        self.active: set[str] = set()  # phases being timed (a nested block counts once)

    def add(self, phase: str, seconds: float) -> None:
        self.ms[phase] = self.ms.get(phase, 0.0) + 1000 * seconds

    def header(self) -> str:
        parts = [f"{k};dur={v:.2f}" for k, v in self.ms.items()]
        if self.cache:
            parts.append(f'cache;desc="{self.cache}"')
        return ", ".join(parts)


_timings: ContextVar[Timings | None] = ContextVar("tealeaves_web_timings", default=None)


def start_timings() -> Timings:
    """A fresh :class:`Timings` for the current request (set by the app's middleware)."""
    t = Timings()
    _timings.set(t)
    return t


@contextmanager
def timed(phase: str) -> Iterator[None]:
    """Add the time spent in the block to the current request's *phase*."""
    t = _timings.get()
    if t is None or phase in t.active:
        yield
        return
    t.active.add(phase)
    started = time.perf_counter()
    try:
        yield
    finally:
        t.active.discard(phase)
        t.add(phase, time.perf_counter() - started)


def note_cache(outcome: str) -> None:
    t = _timings.get()
    if t is not None:
        t.cache = outcome if t.cache is None else f"{t.cache}+{outcome}"


class SizedLRU:
    """A thread-safe least-recently-used map holding at most *max_bytes* of values (each
    value's size given when it is put). Concurrent misses for one key build it once."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[str, tuple[Any, Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    def get(self, key: str, stamp: Any) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] != stamp:
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, stamp: Any, value: Any, size: int) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[2]
            if size > self.max_bytes:
                return
            self._items[key] = (stamp, value, size)
            self.size += size
            while self.size > self.max_bytes:
                _, (_, _, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def pop(self, key: str) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[2]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._items)

    def get_or_build(self, key: str, stamp: Any, build: Callable[[], tuple[Any, int] | None]
                     ) -> Any | None:
        """The value for (*key*, *stamp*), built by *build* (``(value, size)`` or ``None``)
        on a miss, by one thread at a time per key."""
        value = self.get(key, stamp)
        if value is not None:
            note_cache("hit")
            return value
        with self._lock:
            lock = self._building.setdefault(key, threading.Lock())
        with lock:
            value = self.get(key, stamp)
            if value is not None:
                note_cache("hit")
                return value
            note_cache("miss")
            built = build()
            if built is not None:
                self.put(key, stamp, *built)
                value = built[0]
        with self._lock:
            if not lock.locked():
                self._building.pop(key, None)
        return value


@dataclass(frozen=True)
class ArticleMeta:
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True)
class ActorChip:
    name: str
    slug: str


@dataclass(frozen=True)
class ArticleView:
    """Everything the article page shows of one analysis, rendered once."""

    art: ArticleMeta
    genre: str | None
    actors: tuple[ActorChip, ...]
    fragment: Markup
    text: str

    @property
    def size(self) -> int:
        return len(self.fragment) + len(self.text) + 200 * len(self.actors) + 1000


def article_view(analysis: Analysis, slugify: Callable[[str], str]) -> ArticleView:
    """The page view of *analysis*: the report fragment and the 20 most-mentioned actors."""
    art = analysis.article
    actors = sorted(analysis.actors, key=lambda x: -len(x.mentions))[:20]
    return ArticleView(
        art=ArticleMeta(id=art.id, title=art.title, outlet=art.outlet, published=art.published,
                        url=art.url),
        genre=analysis.genre.label if analysis.genre else None,
        actors=tuple(ActorChip(a.name, slugify(a.name)) for a in actors),
        fragment=report_fragment(analysis),
        text=art.text,
    )


def report_fragment(analysis: Analysis) -> Markup:
    """The standalone report's article view (``tealeaves.render.html``), or a plain one."""
    try:
        from ..render.html import render_article_fragment
    except ImportError:
        render_article_fragment = None  # type: ignore[assignment]
    if render_article_fragment is not None:
        return render_article_fragment(analysis)
    paragraphs = [p for p in analysis.article.text.split("\n") if p.strip()]
    return Markup("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def analysis_json(analysis: Analysis) -> bytes:
    """The Analysis as the API sends it (the same bytes as ``JSONResponse(to_dict())``)."""
    return json.dumps(analysis.to_dict(), ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")
