"""CSV and JSON downloads of the workbench's lists: ``/download/{list}.csv`` and
``/download/{list}.json`` for ``articles``, ``actors``, ``claims`` (one row per claim, as
``tealeaves export claims``), ``events``, ``techniques``, ``standing`` and ``alerts``,
with the list's filters as query parameters (``outlet``, ``since``, ``until``, ``actor``).

CSV cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@`` first) are
prefixed with a quote: the text comes from hostile pages.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from .security import ApiError

router = APIRouter(include_in_schema=False)
LISTS = ("articles", "actors", "claims", "events", "techniques", "standing", "alerts")
#: Rows in one download at most.
MAX_ROWS = 100_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Text = Annotated[str | None, Query(max_length=300)]


def _rows(store: Any, data: Any, name: str, f: dict[str, Any]) -> list[dict[str, Any]]:
    if name == "articles":
        return list(store.articles(limit=MAX_ROWS, outlet=f["outlet"], since=f["since"],
                                   until=f["until"]))
    if name == "actors":
        return [dict(r) for r in data.actors(limit=MAX_ROWS, since=f["since"], until=f["until"],
                                             outlet=f["outlet"])]
    if name == "alerts":
        from ..store.alerts import list_alerts

        return list_alerts(store.engine, query_id=f["query"], limit=MAX_ROWS)
    from ..corpus.export import Filters, rows

    return list(rows(store, name, Filters(limit=MAX_ROWS, **{k: f[k] for k in (
        "outlet", "since", "until", "actor")})))


def _safe(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(rows: Iterable[dict[str, Any]]) -> str:
    rows = list(rows)
    buf = io.StringIO()
    cols = list(dict.fromkeys(k for r in rows for k in r))
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _safe(v) for k, v in r.items()})
    return buf.getvalue()


@router.get("/download/{name}.{fmt}")
async def download(request: Request, name: str, fmt: str, outlet: Text = None,
                   since: Text = None, until: Text = None, actor: Text = None,
                   query: Annotated[int | None, Query(ge=1)] = None) -> Response:
    if name not in LISTS:
        raise ApiError(404, f"no list {name!r} to download; choose from {', '.join(LISTS)}")
    if fmt not in ("csv", "json"):
        raise ApiError(404, "downloads are .csv or .json")
    for label, value in (("since", since), ("until", until)):
        if value and not _DATE.match(value):
            raise ApiError(422, f"{label} must be YYYY-MM-DD")
    f = {"outlet": outlet or None, "since": since or None, "until": until or None,
         "actor": actor or None, "query": query}
    rows = await run_in_threadpool(_rows, request.app.state.store, request.app.state.data,
                                   name, f)
    headers = {"Content-Disposition": f'attachment; filename="tealeaves-{name}.{fmt}"'}
    if fmt == "json":
        body = json.dumps(rows, ensure_ascii=False, default=str)
        return Response(body, media_type="application/json", headers=headers)
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
