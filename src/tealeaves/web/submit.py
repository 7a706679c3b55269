"""Turning what a user submits (text, an uploaded file, a URL) into an Analysis, safely.

The server only checks the request and, for a URL, fetches the page
(:func:`tealeaves.ingest.fetch.fetch_url`, SSRF-safe); reading and analysing happen in a
worker process (:mod:`tealeaves.web.pool`), with a time and a memory limit, so that no
text can crash, hang or exhaust the server. Submissions are limited per client address:
a token bucket (:func:`rate_limit`, a bounded table of clients) and one analysis at a
time per client (:class:`InFlight`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool

from ..errors import InputError
from ..model import Analysis
from .pool import JobFailed
from .security import ApiError

MAX_TEXT_CHARS = 500_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(request: Request) -> None:
    """Take a token from the client's bucket or answer 429 with ``Retry-After``."""
    wait = request.app.state.settings.bucket.take(client_key(request))
    if wait > 0:
        raise ApiError(429, f"too many requests: retry in {wait:.1f} s",
                       {"Retry-After": str(max(1, int(wait + 0.999)))})


class InFlight:
    """At most *per_client* analyses at a time per client address; the table holds only
    the clients with an analysis running, so it is bounded by the pool's capacity."""

    def __init__(self, per_client: int = 1) -> None:
        self.per_client = per_client
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._lock:
            if self._running.get(key, 0) >= self.per_client:
                raise ApiError(429, "an analysis of yours is still running: wait for it",
                               {"Retry-After": "5"})
            self._running[key] = self._running.get(key, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running.pop(key, 1) - 1
                if left > 0:
                    self._running[key] = left


def check_text(value: str | None, what: str) -> None:
    """422 for a lone surrogate (text no UTF-8 encoder, database or JSON writer accepts)."""
    if value and (m := _SURROGATE.search(value)):
        raise ApiError(422, f"{what} is not valid Unicode: a lone surrogate "
                            f"(U+{ord(m.group()):04X}) at character {m.start()}")


def meta_of(url: str | None, outlet: str | None, published: str | None,
            title: str | None) -> dict[str, str | None]:
    meta = {"url": url or None, "outlet": outlet or None, "published": published or None,
            "title": title or None}
    for key, value in meta.items():
        check_text(value, key)
    return meta


def text_job(text: str, meta: dict[str, str | None], *, store: bool) -> dict[str, Any]:
    """A worker job for a pasted text (or HTML page)."""
    if not text.strip():
        raise ApiError(422, "give a text (or an HTML page) to analyse")
    if len(text) > MAX_TEXT_CHARS:
        raise ApiError(422, f"text of {len(text):,} characters is over the "
                            f"{MAX_TEXT_CHARS:,} limit")
    return {"kind": "text", "text": text, "meta": meta, "vectors": store}


def bytes_job(data: bytes, name: str, meta: dict[str, str | None], *, store: bool,
              content_type: str | None = None) -> dict[str, Any]:
    """A worker job for an uploaded file or a fetched page, read like a file on disk."""
    if not data.strip():
        raise ApiError(422, f"{name[:80]}: the file is empty")
    return {"kind": "bytes", "data": data, "name": name, "content_type": content_type,
            "meta": meta, "vectors": store}


async def url_job(url: str, meta: dict[str, str | None], settings: Any, *,
                  store: bool) -> dict[str, Any]:
    """Fetch *url* (public hosts only) and make a worker job of the page."""
    result = await run_in_threadpool(fetch, url, settings)
    return bytes_job(result.body, url, {**meta, "url": meta.get("url") or result.url},
                     store=store, content_type=result.content_type)


def fetch(url: str, settings: Any) -> Any:
    """:func:`fetch_url` with every refusal as :class:`InputError`: the fetcher raises
    ``httpx.InvalidURL`` (not an InputError) for hosts such as ``0177.0.0.1``."""
    import httpx

    from ..ingest.fetch import fetch_url

    try:
        return fetch_url(url, timeout=settings.fetch_timeout,
                         allow_private=settings.allow_private_fetch)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as exc:
        raise InputError(url[:200], f"refusing to fetch: not a valid URL ({exc})") from None


async def analyse(request: Request, job: dict[str, Any]) -> dict[str, Any]:
    """Run *job* in the app's worker pool for this request's client: ``{"analysis",
    "vectors", "fragment"}`` (see :func:`tealeaves.web.worker.run_job`); failures become
    :class:`ApiError`."""
    settings = request.app.state.settings
    with settings.in_flight.hold(client_key(request)):
        try:
            out = await settings.pool.run(job, disconnected=request.is_disconnected)
        except JobFailed as exc:
            headers = {"Retry-After": "30"} if exc.status == 503 else None
            raise ApiError(exc.status, exc.message, headers) from None
    if not isinstance(out.get("analysis"), Analysis):
        raise ApiError(500, "the analysis worker gave no analysis")
    return out
