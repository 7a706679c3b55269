"""Turning what a user submits (text, an uploaded file, a URL) into an Analysis.

URLs go through :func:`tealeaves.ingest.fetch.fetch_url` (SSRF-safe); HTML is reduced to
its main text with trafilatura. The pipeline is :func:`tealeaves.analyze`.
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


def decode_bytes(data: bytes, source: str, charset: str | None = None) -> str:
    """Bytes of a text or HTML document → str (declared charset, else detected)."""
    if b"\x00" in data[:4096]:
        raise InputError(source, "binary content, not text")
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(source, "cannot tell the text encoding") from None
        return str(best)


def looks_like_html(text: str, content_type: str | None = None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head


def html_to_article(html: str, source: str, meta: dict[str, Any]) -> Article:
    """Main text and metadata of an HTML page (trafilatura), as an Article."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, url=meta.get("url"))
    if not text or not text.strip():
        raise InputError(source, "no article text found in the page")
    info = trafilatura.extract_metadata(html, default_url=meta.get("url"))
    found: dict[str, Any] = {}
    if info is not None:
        found = {"title": info.title, "published": info.date, "outlet": info.sitename}
    merged = {k: v for k, v in found.items() if v} | {k: v for k, v in meta.items() if v}
    return text_to_article(text, source, merged)


def text_to_article(text: str, source: str, meta: dict[str, Any]) -> Article:
    from ..ingest import read_text

    if len(text) > MAX_TEXT_CHARS:
        raise InputError(source, f"text of {len(text)} characters is over the {MAX_TEXT_CHARS} limit")
    if not text.strip():
        raise InputError(source, "empty text")
    clean = {k: v for k, v in meta.items() if v is not None and k in {"url", "outlet", "published", "title"}}
    return read_text(text, **clean)


def article_from_submission(*, text: str | None, url: str | None, meta: dict[str, Any],
                            settings: Any) -> Article:
    """One of *text* or *url* → Article (fetching the URL safely)."""
    if bool(text) == bool(url):
        raise ApiError(422, "give exactly one of 'text' or 'url'")
    if url:
        from ..ingest.fetch import fetch_url

        result = fetch_url(url, timeout=settings.fetch_timeout,
                           allow_private=settings.allow_private_fetch)
        body = decode_bytes(result.body, url, result.charset)
        meta = {**meta, "url": meta.get("url") or result.url}
        if looks_like_html(body, result.content_type):
            return html_to_article(body, url, meta)
        return text_to_article(body, url, meta)
    assert text is not None
    if looks_like_html(text):
        return html_to_article(text, meta.get("url") or "<text>", meta)
    return text_to_article(text, meta.get("url") or "<text>", meta)


def analyse_article(article: Article) -> Analysis:
    from .. import analyze

    return analyze(article)
