"""Server-rendered pages (Jinja2, autoescaped). Each reads through :class:`WebData`, like its
JSON twin in :mod:`tealeaves.web.api`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from ..model import SOURCE_KINDS
from . import svg
from .data import WebData
from .security import ApiError, check_form_token, short
from .submit import analyse, bytes_job, meta_of, rate_limit, text_job
from .views import timed

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _data(request: Request) -> WebData:
    data: WebData = request.app.state.data
    return data


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200,
          headers: dict[str, str] | None = None) -> Response:
    settings = request.app.state.settings
    ctx = {"writes_enabled": bool(settings.token), "path": request.url.path, **context}
    with timed("tpl"):
        response: Response = request.app.state.templates.TemplateResponse(
            request, name, ctx, status_code=status, headers=headers)
    return response


def _date(value: str | None) -> str | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise ApiError(422, f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return value


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet with the store's ``[``…``]`` match markers as <mark>, text escaped."""
    text = str(escape(snippet or ""))
    return Markup(re.sub(r"\[([^\[\]]{1,200})\]", r"<mark>\1</mark>", text))


def articles_over_time(by_day: list[dict[str, Any]], max_days: int = 400) -> tuple[list[dict[str, Any]], str]:
    """Daily counts with the empty days filled in; per ISO week when the span is long."""
    days: dict[date, int] = {}
    for row in by_day:
        try:
            days[date.fromisoformat(str(row["day"])[:10])] = int(row["articles"])
        except ValueError:
            continue
    if not days:
        return [], "day"
    first, last = min(days), max(days)
    span = (last - first).days + 1
    if span <= max_days:
        return [{"period": (first + timedelta(d)).isoformat(),
                 "articles": days.get(first + timedelta(d), 0)} for d in range(span)], "day"
    weeks: dict[str, int] = {}
    monday = first - timedelta(first.weekday())
    while monday <= last:
        y, w, _ = monday.isocalendar()
        weeks[f"{y}-W{w:02d}"] = 0
        monday += timedelta(7)
    for d, n in days.items():
        y, w, _ = d.isocalendar()
        weeks[f"{y}-W{w:02d}"] += n
    return [{"period": k, "articles": n} for k, n in weeks.items()], "week"


# ------------------------------------------------------------------------------ pages
@router.get("/")
def home(request: Request) -> Response:
    data = _data(request)
    ov = data.overview()
    series, unit = articles_over_time(ov["by_day"])
    return _page(request, "home.html", {
        "ov": ov, "unit": unit,
        "by_day_svg": svg.bars(series, label="period", value="articles", title=f"articles per {unit}"),
        "recent": data.articles(limit=15),
        "kind_total": sum(k["claims"] for k in ov["source_kinds"]) or 1,
        "outlet_total": sum(o["articles"] for o in ov["outlets"]) or 1,
    })


@router.get("/articles")
def articles_page(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1,
                  outlet: str | None = None, since: str | None = None,
                  until: str | None = None) -> Response:
    data = _data(request)
    per = 50
    rows = data.articles(limit=per + 1, offset=(page - 1) * per, outlet=outlet or None,
                         since=_date(since), until=_date(until))
    return _page(request, "articles.html", {
        "rows": rows[:per], "page": page, "more": len(rows) > per, "outlets": data.outlets(),
        "f": {"outlet": outlet or "", "since": since or "", "until": until or ""},
    })


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str, hl: str | None = None) -> Response:
    view = _data(request).article_view(article_id)
    if view is None:
        raise ApiError(404, f"no article {short(article_id)}")
    evidence = None
    if hl and re.fullmatch(r"\d{1,9}-\d{1,9}", hl):
        start, end = (int(x) for x in hl.split("-"))
        if 0 <= start < end <= len(view.text):
            evidence = {"start": start, "end": end, "text": view.text[start:end]}
    return _page(request, "article.html", {"v": view, "art": view.art, "evidence": evidence})


@router.get("/actors")
def actors_page(request: Request, since: str | None = None, until: str | None = None,
                outlet: str | None = None) -> Response:
    data = _data(request)
    rows = data.actors(limit=200, since=_date(since), until=_date(until), outlet=outlet or None)
    return _page(request, "actors.html", {
        "rows": rows, "outlets": data.outlets(),
        "f": {"outlet": outlet or "", "since": since or "", "until": until or ""},
    })


@router.get("/standing")
def standing_page(request: Request, since: str | None = None,
                  until: str | None = None) -> Response:
    board = _data(request).standing(limit=50, since=_date(since), until=_date(until))
    return _page(request, "standing.html", {
        "board": board, "f": {"since": since or "", "until": until or ""},
    })


@router.get("/actors/{actor_id}")
def actor_page(request: Request, actor_id: str) -> Response:
    data = _data(request)
    page = data.actor_page(actor_id)
    if page is None:
        raise ApiError(404, f"no actor {short(actor_id)}")
    actor, timeline_svg, token = page

    def render() -> tuple[bytes, int]:
        body = bytes(_page(request, "actor.html", {"actor": actor,
                                                    "timeline_svg": timeline_svg}).body)
        return body, len(body)

    # the page shows nothing but the actor's data: rendered once per computed version
    html = data.pages.get_or_build(f"actor-page:{actor_id}", token, render)
    return HTMLResponse(html)


@router.get("/claims")
def claims_page(request: Request, actor: str | None = None, outlet: str | None = None,
                source_kind: str | None = None, since: str | None = None,
                until: str | None = None) -> Response:
    data = _data(request)
    if source_kind and source_kind not in SOURCE_KINDS:
        raise ApiError(422, f"source kind must be one of {', '.join(SOURCE_KINDS)}")
    groups = data.claims(actor=actor or None, outlet=outlet or None, source_kind=source_kind or None,
                         since=_date(since), until=_date(until), limit=100)
    return _page(request, "claims.html", {
        "groups": groups, "outlets": data.outlets(), "kinds": SOURCE_KINDS,
        "f": {"actor": actor or "", "outlet": outlet or "", "source_kind": source_kind or "",
              "since": since or "", "until": until or ""},
    })


@router.get("/claims/{group_id}")
def claim_group_page(request: Request, group_id: str) -> Response:
    group = _data(request).claim_group(group_id)
    if group is None:
        raise ApiError(404, f"no claim group {short(group_id)}")
    return _page(request, "claim_group.html", {"g": group})


@router.get("/network")
def network_page(request: Request) -> Response:
    net = _data(request).network()
    network_svg, drawn = svg.network(net)
    drawn.sort(key=lambda n: -n["weight"])
    return _page(request, "network.html", {
        "svg": network_svg, "nodes": drawn, "n_nodes": len(net.get("nodes", [])),
        "n_edges": len(net.get("edges", [])),
    })


@router.get("/search")
def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                outlet: str | None = None, since: str | None = None,
                until: str | None = None) -> Response:
    data = _data(request)
    results = data.search(q, limit=50, outlet=outlet or None, since=_date(since),
                          until=_date(until)) if q.strip() else []
    for r in results:
        r["snippet_html"] = snippet_html(r.get("snippet"))
    return _page(request, "search.html", {
        "q": q, "results": results, "outlets": data.outlets(),
        "f": {"outlet": outlet or "", "since": since or "", "until": until or ""},
    })


@router.get("/analyse")
def analyse_form(request: Request) -> Response:
    return _page(request, "analyse.html", {"form": {}})


@router.post("/analyse")
async def analyse_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    title: Annotated[str, Form(max_length=1000)] = "",
    outlet: Annotated[str, Form(max_length=200)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
    store: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> Response:
    """Analyse a pasted text or an uploaded file in a worker process (see
    :mod:`tealeaves.web.pool`); errors are shown on the form with their status."""
    rate_limit(request)
    settings = request.app.state.settings
    form = {k: _printable(v) for k, v in (("text", text[:MAX_FORM_ECHO]), ("title", title),
                                          ("outlet", outlet), ("published", published),
                                          ("url", url))}
    if store:
        check_form_token(token, settings.token)
    try:
        meta = meta_of(url, outlet, published, title)
        if file is not None and file.filename:
            job = bytes_job(await file.read(), file.filename, meta, store=bool(store))
        elif not text.strip():
            raise ApiError(422, "paste a text or choose a file")
        else:
            job = text_job(text, meta, store=bool(store))
        job["render"] = True
        out = await analyse(request, job)
    except ApiError as exc:
        return _page(request, "analyse.html", {"form": form, "error": exc.message},
                     status=exc.status, headers=exc.headers or None)
    analysis = out["analysis"]
    if store:
        data = _data(request)
        await run_in_threadpool(data.store.save, analysis, claim_vectors=out["vectors"] or {})
        data.invalidate(analysis.article.id)
    return _page(request, "analyse.html", {
        "form": form, "a": analysis, "art": analysis.article,
        "fragment": Markup(out["fragment"] or ""), "stored": bool(store),
    })


#: The pasted text shown again in the form after an error (the first characters only).
MAX_FORM_ECHO = 100_000


def _printable(value: str) -> str:
    """*value* with anything UTF-8 cannot encode (lone surrogates) as ``?``, for echoing."""
    return value.encode("utf-8", "replace").decode("utf-8")


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


@router.get("/assets/report.css")
def report_css() -> Response:
    return Response(_assets()["css"], media_type="text/css; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})


@router.get("/assets/report.js")
def report_js() -> Response:
    return Response(_assets()["js"], media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "max-age=3600"})


def _assets() -> dict[str, str]:
    try:
        from ..render.html import report_assets
    except ImportError:
        return {"css": "", "js": ""}
    assets: dict[str, str] = report_assets()
    return assets
