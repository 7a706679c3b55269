"""The web workbench: server-rendered pages over the store, each with a JSON twin under /api.

``create_app(db, token=None)`` builds the FastAPI app; ``tealeaves serve`` runs it with
uvicorn. Reads are open; writes (``POST /api/articles``, storing from ``/analyse``) need
the bearer token; submissions are rate-limited per client and analysed in worker
processes (:mod:`tealeaves.web.pool`). Every API error, including validation errors,
unknown ``/api`` paths and unexpected exceptions, has one shape:
``{"error": {"status", "message"}}``; pages show an error page. No answer carries a
traceback.
"""

from __future__ import annotations

import html
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
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import InputError, TealeavesError
from .data import WebData
from .pool import AnalysisPool, JobFailed, PoolConfig, shared_pool
from .security import (
    ApiError,
    BodyLimitMiddleware,
    HeadersMiddleware,
    TokenBucket,
    error_body,
    short,
)
from .submit import InFlight

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TOKEN_ENV = "TEALEAVES_API_TOKEN"


class Settings:
    """What a running app is configured with (kept on ``app.state.settings``)."""

    def __init__(self, *, token: str | None, max_body: int, rate: float, burst: int,
                 fetch_timeout: float, allow_private_fetch: bool, pool: AnalysisPool) -> None:
        self.token = token or None
        self.max_body = max_body
        self.fetch_timeout = fetch_timeout
        self.allow_private_fetch = allow_private_fetch
        self.bucket = TokenBucket(rate=rate, burst=burst)
        self.pool = pool
        self.in_flight = InFlight(per_client=1)


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
    analysis: PoolConfig | AnalysisPool | None = None,
    page_cache_mb: int = 256,
) -> FastAPI:
    """The workbench over *db* (a path or URL for :func:`tealeaves.store.open_store`, or a Store).

    *token* enables writes (``None``: taken from ``TEALEAVES_API_TOKEN``; empty: disabled).
    *rate*/*burst* tune the per-client token bucket of write and analyse requests;
    *max_body* caps request bodies in bytes. *warm* computes the slow corpus-wide views
    (claim groups, network) in a background thread at start-up and starts the analysis
    workers. *analysis* is how submitted texts are analysed: a :class:`PoolConfig` (the
    process's pool for it is shared by apps with the same settings) or a pool of the
    caller's. *page_cache_mb* bounds the cache of rendered article pages and JSON.
    """
    from ..store import open_store

    if token is None:
        token = os.environ.get(TOKEN_ENV) or None
    store = open_store(db) if isinstance(db, (str, Path)) else db
    pool = analysis if isinstance(analysis, AnalysisPool) else shared_pool(analysis or PoolConfig())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            pool.start()
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
    app.state.data = WebData(store, page_cache_mb=page_cache_mb)
    app.state.settings = Settings(token=token, max_body=max_body, rate=rate, burst=burst,
                                  fetch_timeout=fetch_timeout,
                                  allow_private_fetch=allow_private_fetch, pool=pool)
    app.state.templates = _templates()
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body)
    app.add_middleware(HeadersMiddleware)

    _install_error_handlers(app)
    from .alerts import router as alerts_router
    from .api import router as api_router
    from .downloads import router as downloads_router
    from .pages import router as pages_router

    app.include_router(alerts_router)
    app.include_router(downloads_router)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def _error_response(request: Request, status: int, message: str,
                    headers: dict[str, str] | None = None) -> Response:
    """The one error shape (JSON under /api, an error page elsewhere); never raises."""
    message = message.encode("utf-8", "replace").decode("utf-8")[:2000] or "error"
    if _wants_json(request):
        return JSONResponse(error_body(status, message), status_code=status, headers=headers)
    try:
        templates: Jinja2Templates = request.app.state.templates
        response: Response = templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status,
            headers=headers)
        return response
    except Exception:  # noqa: BLE001 - a broken template must not turn an error into a 500
        log.exception("error page failed")
        body = (f"<!doctype html><title>Error {status}</title><h1>Error {status}</h1>"
                f"<p id=\"error-message\">{html.escape(message)}</p>")
        return HTMLResponse(body, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error_response(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(JobFailed)
    async def job_failed(request: Request, exc: JobFailed) -> Response:
        return _error_response(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            what = "API endpoint" if _wants_json(request) else "page"
            message = f"no {what} {short(request.url.path)}"
        return _error_response(request, exc.status_code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path"))
            parts.append(f"{short(loc) or 'request'}: {short(str(err.get('msg', 'invalid')))}")
        return _error_response(request, 422, "; ".join(parts) or "invalid request")

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        return _error_response(request, 422, short(str(exc), 500))

    @app.exception_handler(UnicodeError)
    async def unicode_error(request: Request, exc: UnicodeError) -> Response:
        return _error_response(request, 422, "the request is not valid Unicode "
                                             f"({type(exc).__name__})")

    @app.exception_handler(OperationalError)
    async def store_busy(request: Request, exc: OperationalError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return _error_response(request, 503, "the store is busy or unavailable: try again",
                               {"Retry-After": "5"})

    @app.exception_handler(TealeavesError)
    async def tealeaves_error(request: Request, exc: TealeavesError) -> Response:
        log.error("tealeaves error on %s: %s", request.url.path, exc)
        return _error_response(request, 500, short(str(exc), 500))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error_response(request, 500, f"internal error ({type(exc).__name__})")


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (one per worker): store from ``TEALEAVES_WEB_DB``,
    analysis settings from ``TEALEAVES_WEB_ANALYSIS`` (``workers,timeout,memory_mb``)."""
    db = os.environ.get("TEALEAVES_WEB_DB")
    if not db:
        raise RuntimeError("set TEALEAVES_WEB_DB to the store path or URL")
    config = PoolConfig()
    spec = os.environ.get("TEALEAVES_WEB_ANALYSIS")
    if spec:
        workers, timeout, memory_mb = spec.split(",")
        config = PoolConfig(workers=int(workers), timeout=float(timeout),
                            memory_mb=int(memory_mb))
    return create_app(db, warm=True, analysis=config)
