"""Turning what a user submits (text, an uploaded file, a URL) into an Analysis.

URLs go through :func:`tealeaves.ingest.fetch.fetch_url` (SSRF-safe); bytes, HTML and text
are read by the same functions as files on disk (:mod:`tealeaves.ingest`). The pipeline
is :func:`tealeaves.analyze`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..errors import InputError
from ..model import Analysis, Article
from .security import ApiError

MAX_TEXT_CHARS = 500_000


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(request: Request) -> None:
    """Take a token from the client's bucket or answer 429 with ``Retry-After``."""
    wait = request.app.state.settings.bucket.take(client_key(request))
    if wait > 0:
        raise ApiError(429, f"too many requests: retry in {wait:.1f} s",
                       {"Retry-After": str(max(1, int(wait + 0.999)))})


def _meta(meta: dict[str, Any]) -> dict[str, str | None]:
    return {k: meta.get(k) or None for k in ("url", "outlet", "published", "title")}


def _read_submitted_text(text: str, meta: dict[str, Any]) -> Article:
    from ..ingest import read_html, read_text
    from ..ingest.html import looks_like_html

    m = _meta(meta)
    reader = read_html if looks_like_html(text) else read_text
    return reader(text, url=m["url"], outlet=m["outlet"], published=m["published"],
                  title=m["title"])


def article_from_upload(data: bytes, filename: str, meta: dict[str, Any]) -> Article:
    """An uploaded file → Article, read like a file on disk (decoding, HTML or text)."""
    from ..ingest import read_bytes

    m = _meta(meta)
    return read_bytes(data, name=filename, url=m["url"], outlet=m["outlet"],
                      published=m["published"], title=m["title"])


def article_from_submission(*, text: str | None, url: str | None, meta: dict[str, Any],
                            settings: Any) -> Article:
    """One of *text* or *url* → Article (fetching the URL safely)."""
    if bool(text) == bool(url):
        raise ApiError(422, "give exactly one of 'text' or 'url'")
    if url:
        from ..ingest import read_bytes
        from ..ingest.fetch import fetch_url

        result = fetch_url(url, timeout=settings.fetch_timeout,
                           allow_private=settings.allow_private_fetch)
        m = _meta(meta)
        return read_bytes(result.body, name=url, content_type=result.content_type,
                          url=m["url"] or result.url, outlet=m["outlet"],
                          published=m["published"], title=m["title"])
    assert text is not None
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(meta.get("url") or "<text>",
                         f"text of {len(text)} characters is over the {MAX_TEXT_CHARS} limit")
    return _read_submitted_text(text, meta)


def analyse_article(article: Article) -> Analysis:
    from .. import analyze

    return analyze(article)
