"""The web workbench: server-rendered pages over the store, each with a JSON twin under /api.

``create_app(db, token=None)`` builds the FastAPI app; ``tealeaves serve`` runs it with
uvicorn. Reads are open; writes (``POST /api/articles``, storing from ``/analyse``) need
the bearer token and are rate-limited per client. Every API error, including validation
errors and unknown ``/api`` paths, has one shape: ``{"error": {"status", "message"}}``.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, TealeavesError
from .data import WebData
from .security import PAGE_CSP, ApiError, BodyLimitMiddleware, TokenBucket, error_body

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "TEALEAVES_API_TOKEN"


class Settings:
    """What a running app is configured with (kept on ``app.state.settings``)."""

    def __init__(self, *, token: str | None, max_body: int, rate: float, burst: int,
                 fetch_timeout: float, allow_private_fetch: bool) -> None:
        self.token = token or None
        self.max_body = max_body
        self.fetch_timeout = fetch_timeout
        self.allow_private_fetch = allow_private_fetch
        self.bucket = TokenBucket(rate=rate, burst=burst)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # article text and titles are hostile input
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda x: f"{float(x):.0%}"
    env.filters["day"] = lambda v: str(v or "")[:10]
    env.tests["http_url"] = lambda v: isinstance(v, str) and v.lower().startswith(("http://", "https://"))
    return Jinja2Templates(env=env)


def create_app(
    db: Any,
    token: str | None = None,
    *,
    max_body: int = 2_000_000,
    rate: float = 0.5,
    burst: int = 5,
    fetch_timeout: float = 10.0,
    allow_private_fetch: bool = False,
    warm: bool = False,
) -> FastAPI:
    """The workbench over *db* (a path or URL for :func:`tealeaves.store.open_store`, or a Store).

    *token* enables writes (``None``: taken from ``TEALEAVES_API_TOKEN``; empty: disabled).
    *rate*/*burst* tune the per-client token bucket of write and analyse requests;
    *max_body* caps request bodies in bytes. *warm* computes the slow corpus-wide views
    (claim groups, network) in a background thread at start-up.
    """
    from ..store import open_store

    if token is None:
        token = os.environ.get(TOKEN_ENV) or None
    store = open_store(db) if isinstance(db, (str, Path)) else db
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=app.state.data.warm, name="warm caches", daemon=True).start()
        yield
        if isinstance(db, (str, Path)):
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="tealeaves workbench",
        version="1",
        description=(
            "Read articles, actors, claims and the actor network of a tealeaves store. "
            "Every page has a JSON twin under /api. Writes need `Authorization: Bearer TOKEN`."
        ),
    )
    app.state.store = store
    app.state.data = WebData(store)
    app.state.settings = Settings(token=token, max_body=max_body, rate=rate, burst=burst,
                                  fetch_timeout=fetch_timeout,
                                  allow_private_fetch=allow_private_fetch)
    app.state.templates = _templates()
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        ctype = response.headers.get("content-type", "")
        if ctype.startswith("text/html") and not request.url.path.startswith(("/docs", "/redoc")):
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    _install_error_handlers(app)
    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def _error_response(request: Request, status: int, message: str,
                    headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(status, message), status_code=status, headers=headers)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status,
        headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            what = "API endpoint" if _wants_json(request) else "page"
            message = f"no {what} {request.url.path}"
        return _error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
            parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
        return _error_response(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return _error_response(request, 422, str(exc))

    @app.exception_handler(TealeavesError)
    async def tealeaves_error(request: Request, exc: TealeavesError) -> Response:
        log.error("tealeaves error on %s: %s", request.url.path, exc)
        return _error_response(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error_response(request, 500, f"internal error ({type(exc).__name__})")


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (one per worker): store from ``TEALEAVES_WEB_DB``."""
    db = os.environ.get("TEALEAVES_WEB_DB")
    if not db:
        raise RuntimeError("set TEALEAVES_WEB_DB to the store path or URL")
    return create_app(db, warm=True)
