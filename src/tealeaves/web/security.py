"""Guards for the web app: bearer-token check, a per-client token bucket, a body-size cap,
and security headers on every response (with a ``Server-Timing`` header)."""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .views import start_timings

#: The Content-Security-Policy of every HTML page: scripts and styles only from this
#: server, so even markup that slipped past escaping could not run inline script.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class ApiError(Exception):
    """An error answered with the one JSON error shape (or an error page for HTML routes)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def check_bearer(authorization: str | None, token: str | None) -> None:
    """Raise :class:`ApiError` unless *authorization* carries the configured *token*."""
    if not token:
        raise ApiError(403, "writes are disabled: start the server with --token or TEALEAVES_API_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "invalid bearer token", {"WWW-Authenticate": "Bearer"})


def check_form_token(given: str | None, token: str | None) -> None:
    """The same check for a token typed into a form field."""
    if not token:
        raise ApiError(403, "storing is disabled: the server has no write token")
    if not given or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "invalid token")


class TokenBucket:
    """An in-memory token bucket per client key: *burst* requests at once, refilled at *rate*/s.

    Keeps at most *max_clients* buckets (least recently used dropped first).
    """

    def __init__(self, rate: float, burst: int, max_clients: int = 10_000) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = burst
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str, now: float | None = None) -> float:
        """Take one token for *key*; 0.0 when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0
            if tokens >= 1.0:
                tokens -= 1.0
            else:
                wait = (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
            return wait


class BodyLimitMiddleware:
    """Refuse request bodies over *max_bytes* with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    await _send_json_error(send, 413, f"request body over {self.max_bytes} bytes")
                    return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _send_json_error(send, 413, f"request body over {self.max_bytes} bytes")


class HeadersMiddleware:
    """Security headers on every response (the CSP and frame denial on HTML pages, except
    the API docs, which load their own scripts) and ``Server-Timing`` with where the
    request's time went (:class:`tealeaves.web.views.Timings`). Plain ASGI, so that it
    neither buffers responses nor hides a client's disconnect from the handlers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timings = start_timings()
        docs = str(scope.get("path", "")).startswith(("/docs", "/redoc"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if headers.get("content-type", "").startswith("text/html") and not docs:
                    headers.setdefault("Content-Security-Policy", PAGE_CSP)
                    headers.setdefault("X-Frame-Options", "DENY")
                server_timing = timings.header()
                if server_timing:
                    headers.append("Server-Timing", server_timing)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the cap; an HTTPException so that
    FastAPI's body parser passes it on (as a 413) instead of turning it into a 400."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body over {max_bytes} bytes")


async def _send_json_error(send: Send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


def short(value: str, limit: int = 80) -> str:
    """*value* cut to *limit* characters for an error message (ids come from the URL)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def error_body(status: int, message: str) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"error": {"status": status, "message": message}}
