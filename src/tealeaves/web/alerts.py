"""The watcher and the alerts in the workbench: the alerts page (``/alerts``), its JSON twin
(``/api/alerts``), an Atom feed per saved query (``/alerts/{id}.atom``, for a feed reader),
and ``/api/health`` (the store answers; the watcher's counters and failing feeds).

Each alert links to its evidence: ``/articles/{id}?hl=START-END#evidence`` highlights the
sentence, claim or signal in the article's text.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from xml.sax.saxutils import escape

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..store import alerts as store_alerts
from .security import ApiError, short

router = APIRouter(include_in_schema=True)
Limit = Annotated[int, Query(ge=1, le=1000)]


def _store(request: Request) -> Any:
    return request.app.state.store


def evidence_link(alert: dict[str, Any]) -> str:
    return (f"/articles/{alert['article_id']}?hl={alert['start_char']}-{alert['end_char']}"
            "#evidence")


def _alerts(store: Any, query: str | None, limit: int) -> tuple[dict[str, Any] | None,
                                                                 list[dict[str, Any]]]:
    found = None
    if query:
        found = store_alerts.get_query(store.engine, query)
        if found is None:
            raise ApiError(404, f"no saved alert {short(query)}")
    rows = store_alerts.list_alerts(store.engine, query_id=found["id"] if found else None,
                                    limit=limit)
    for r in rows:
        r["link"] = evidence_link(r)
    return found, rows


@router.get("/api/alerts", tags=["api"], summary="Saved alert queries and their latest alerts")
def api_alerts(request: Request, query: str | None = None, limit: Limit = 100) -> JSONResponse:
    store = _store(request)
    _, rows = _alerts(store, query, limit)
    queries = store_alerts.list_queries(store.engine)
    for q in queries:
        q["feed"] = f"/alerts/{q['id']}.atom"
    return JSONResponse({"queries": queries, "alerts": rows})


@router.get("/alerts", include_in_schema=False, response_class=HTMLResponse)
def alerts_page(request: Request, query: str | None = None) -> Response:
    store = _store(request)
    found, rows = _alerts(store, query, 200)
    queries = store_alerts.list_queries(store.engine)
    response: Response = request.app.state.templates.TemplateResponse(
        request, "alerts.html", {"queries": queries, "rows": rows, "current": found,
                                 "path": request.url.path})
    return response


@router.get("/alerts/{ref}.atom", include_in_schema=False)
def alerts_feed(request: Request, ref: str) -> Response:
    """The latest 100 alerts of one saved query as an Atom feed."""
    store = _store(request)
    found, rows = _alerts(store, ref, 100)
    assert found is not None
    base = str(request.base_url).rstrip("/")
    return Response(atom(found, rows, base), media_type="application/atom+xml")


def atom(query: dict[str, Any], rows: list[dict[str, Any]], base: str) -> str:
    """An Atom 1.0 document of *rows* (alerts of *query*), every text escaped."""
    updated = rows[0]["created_at"] if rows else query["created_at"]
    entries = []
    for r in rows:
        link = escape(base + r["link"], {'"': "&quot;"})
        summary = f"{r['evidence']} ({r.get('outlet') or 'no outlet'}, {r.get('article_title')})"
        entries.append(
            f"<entry><id>{escape(base)}/alerts/{query['id']}#{r['id']}</id>"
            f"<title>{escape(r['title'])}</title><updated>{escape(r['created_at'])}</updated>"
            f'<link rel="alternate" href="{link}"/><summary>{escape(summary)}</summary></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>{escape(base)}/alerts/{query['id']}</id>"
            f"<title>tealeaves alert: {escape(query['name'])}</title>"
            f"<updated>{escape(updated)}</updated>"
            f'<link rel="self" href="{escape(base)}/alerts/{query["id"]}.atom"/>'
            + "".join(entries) + "</feed>")


@router.get("/api/health", tags=["api"], summary="The store answers; the watcher's counters")
async def api_health(request: Request) -> JSONResponse:
    from ..watch import read_status

    store = _store(request)
    try:
        stats = await run_in_threadpool(store.stats)
        watch = await run_in_threadpool(read_status, store)
    except Exception as exc:  # noqa: BLE001 - health reports, it does not raise
        return JSONResponse({"status": "error", "store": f"unavailable ({type(exc).__name__})"},
                            status_code=503)
    feeds = watch.pop("feed_states")
    watch["feeds_failing"] = [{"url": f["url"], "failures": f["failures"],
                               "last_error": f["last_error"]} for f in feeds if f["failures"]]
    return JSONResponse({"status": "ok", "time": datetime.now(UTC).isoformat(timespec="seconds"),
                         "articles": stats["articles"], "failures": stats["failures"],
                         "watch": watch})
