"""The JSON API: one endpoint per page, plus ``POST /api/articles`` (token, rate limit)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ..model import SOURCE_KINDS
from .data import WebData
from .security import ApiError, check_bearer, short
from .submit import analyse, meta_of, rate_limit, text_job, url_job


class ErrorDetail(BaseModel):
    status: int
    message: str


class ErrorBody(BaseModel):
    """Every API error has this shape."""

    error: ErrorDetail


class ArticleIn(BaseModel):
    """An article to analyse and store: its ``text`` or a ``url`` to fetch, plus metadata."""

    text: str | None = Field(None, description="The article text (or an HTML page).")
    url: str | None = Field(None, description="Fetch and analyse this page (public hosts only), "
                            "or with `text`: where the text came from.")
    outlet: str | None = Field(None, max_length=200)
    published: str | None = Field(None, max_length=40, description="ISO date, e.g. 2016-10-09")
    title: str | None = Field(None, max_length=1000)


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Invalid request"},
    500: {"model": ErrorBody, "description": "Internal error (never with a traceback)"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)


def get_data(request: Request) -> WebData:
    data: WebData = request.app.state.data
    return data


Data = Annotated[WebData, Depends(get_data)]
Limit = Annotated[int, Query(ge=1, le=500)]
DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")]


@router.get("/stats", summary="Counts of what the store holds")
def api_stats(data: Data) -> JSONResponse:
    return JSONResponse(data.stats())


@router.get("/overview", summary="The home page's aggregates")
def api_overview(data: Data) -> JSONResponse:
    return JSONResponse(data.overview())


@router.get("/articles", summary="Stored articles, newest first")
def api_articles(data: Data, limit: Limit = 50, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                 outlet: str | None = None, since: DateQ = None, until: DateQ = None) -> JSONResponse:
    rows = data.articles(limit=limit, offset=offset, outlet=outlet, since=since, until=until)
    return JSONResponse({"articles": rows, "limit": limit, "offset": offset})


@router.get("/articles/{article_id}", summary="One article's full Analysis (the JSON schema's shape)")
def api_article(article_id: str, data: Data) -> Response:
    body = data.article_json(article_id)
    if body is None:
        raise ApiError(404, f"no article {short(article_id)}")
    return Response(body, media_type="application/json")


@router.get("/actors", summary="Actors ranked by mentions; `slug` is the id for /api/actors/{id}")
def api_actors(data: Data, limit: Limit = 50, since: DateQ = None, until: DateQ = None,
               outlet: str | None = None) -> JSONResponse:
    return JSONResponse({"actors": data.actors(limit=limit, since=since, until=until, outlet=outlet)})


@router.get("/actors/{actor_id}", summary="One actor: roles, timeline, relations, claims by and about")
def api_actor(actor_id: str, data: Data) -> JSONResponse:
    actor = data.actor(actor_id)
    if actor is None:
        raise ApiError(404, f"no actor {short(actor_id)}")
    return JSONResponse(actor)


@router.get("/standing", summary="Who's up, who's down: actors by net standing signals, "
            "counted by who says so, with every signal's evidence sentence")
def api_standing(data: Data, limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 since: DateQ = None, until: DateQ = None) -> JSONResponse:
    return JSONResponse(data.standing(limit=limit, since=since, until=until))


@router.get("/claims", summary="Claims grouped across articles, with outlets and source kinds")
def api_claims(data: Data, actor: str | None = None, outlet: str | None = None,
               source_kind: Annotated[str | None, Query(description=", ".join(SOURCE_KINDS))] = None,
               since: DateQ = None, until: DateQ = None, limit: Limit = 100) -> JSONResponse:
    if source_kind and source_kind not in SOURCE_KINDS:
        raise ApiError(422, f"source_kind must be one of {', '.join(SOURCE_KINDS)}")
    groups = data.claims(actor=actor or None, outlet=outlet or None, source_kind=source_kind,
                         since=since, until=until, limit=limit)
    return JSONResponse({"groups": groups})


@router.get("/claims/{group_id}", summary="One claim group with its members")
def api_claim_group(group_id: str, data: Data) -> JSONResponse:
    group = data.claim_group(group_id)
    if group is None:
        raise ApiError(404, f"no claim group {short(group_id)}")
    return JSONResponse(group)


@router.get("/search", summary="Full-text search over titles and texts")
def api_search(data: Data, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Limit = 20, outlet: str | None = None, since: DateQ = None,
               until: DateQ = None) -> JSONResponse:
    return JSONResponse({"query": q, "results": data.search(q, limit=limit, outlet=outlet, since=since, until=until)})


@router.get("/network", summary="The actor network: nodes and typed, signed edges")
def api_network(data: Data) -> JSONResponse:
    return JSONResponse(data.network())


@router.post(
    "/articles", status_code=201, summary="Analyse and store an article (bearer token)",
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 413: {"model": ErrorBody},
               429: {"model": ErrorBody}, 503: {"model": ErrorBody}, 504: {"model": ErrorBody}},
)
async def api_create_article(
    request: Request, body: ArticleIn,
    authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
) -> JSONResponse:
    """The text (or the page at `url`) is read and analysed in a worker process with a time
    and a memory limit: a text that crashes or exhausts the worker answers 500 or 413, one
    that overruns the limit 504, and 503 when every worker is busy."""
    rate_limit(request)
    settings = request.app.state.settings
    check_bearer(authorization, settings.token)
    if not body.text and not body.url:
        raise ApiError(422, "give exactly one of 'text' or 'url'")
    meta = meta_of(body.url if body.text else None, body.outlet, body.published, body.title)
    if body.text:
        job = text_job(body.text, meta, store=True)
    else:
        job = await url_job(str(body.url), meta, settings, store=True)
    out = await analyse(request, job)
    analysis = out["analysis"]
    article_id = analysis.article.id
    data: WebData = request.app.state.data
    existed = await run_in_threadpool(data.store.has, article_id)
    await run_in_threadpool(data.store.save, analysis, claim_vectors=out["vectors"] or {})
    data.invalidate(article_id)
    return JSONResponse(
        {"id": article_id, "created": not existed, "url": f"/articles/{article_id}",
         "analysis": analysis.to_dict()},
        status_code=200 if existed else 201,
        headers={"Location": f"/api/articles/{article_id}"},
    )
