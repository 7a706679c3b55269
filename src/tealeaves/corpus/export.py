"""Exports of the stored findings as flat tables: claims, actors, events, techniques and
standing signals, one row per finding with its article's outlet, date, title and URL and
the finding's character offsets, filtered as the corpus views are (outlet, dates, actor).

:func:`rows` yields dicts; :func:`write` writes CSV or JSON Lines with the standard
library, Parquet with pyarrow and XLSX with openpyxl (the ``export`` extra). The notebook
API (:mod:`.notebook`) builds pandas DataFrames from the same rows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..store import article_filters
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

KINDS = ("claims", "actors", "events", "techniques", "standing")
FORMATS = ("csv", "jsonl", "parquet", "xlsx")
_ART = (s.articles.c.outlet, s.articles.c.published, s.articles.c.title.label("article_title"),
        s.articles.c.url)


@dataclass(frozen=True)
class Filters:
    """The views' filters: outlet, published dates (inclusive), an actor's name, a limit."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    actor: str | None = None
    limit: int | None = None


def _actor_match(key_col: Any, actor: str) -> Any:
    folded = " ".join(actor.split()).casefold()
    return or_(key_col.like(folded.replace("%", r"\%") + "|%", escape="\\"),
               key_col == folded)


def _claims(f: Filters) -> Select[Any]:
    c, e = s.claims, s.claim_entities
    q = select(c.c.article_id, c.c.claim_id, c.c.start_char, c.c.end_char, c.c.text, c.c.quote,
               c.c.source_kind, c.c.source_text, c.c.cue, c.c.via, c.c.n_hedges, c.c.component,
               c.c.in_group, *_ART).join(s.articles, s.articles.c.id == c.c.article_id)
    if f.actor:
        q = q.where(exists().where(e.c.article_id == c.c.article_id,
                                   e.c.claim_id == c.c.claim_id, _actor_match(e.c.key, f.actor)))
    return q.order_by(s.articles.c.published, c.c.article_id, c.c.start_char)


def _actors(f: Filters) -> Select[Any]:
    a = s.actors
    q = select(a.c.article_id, a.c.actor_id, a.c.name, a.c.kind, a.c.roles, a.c.aliases,
               a.c.n_mentions, a.c.stance_label, a.c.stance_score, a.c.polarity, a.c.rising,
               a.c.falling, *_ART).join(s.articles, s.articles.c.id == a.c.article_id)
    if f.actor:
        q = q.where(_actor_match(a.c.key, f.actor))
    return q.order_by(s.articles.c.published, a.c.article_id, a.c.actor_id)


def _events(f: Filters) -> Select[Any]:
    ev = s.events
    who, whom = aliased(s.actors), aliased(s.actors)
    q = (select(ev.c.article_id, ev.c.event_id, ev.c.category, who.c.name.label("actor"),
                whom.c.name.label("target"), ev.c.action, ev.c.start_char, ev.c.end_char,
                ev.c.negated, *_ART)
         .join(s.articles, s.articles.c.id == ev.c.article_id)
         .outerjoin(who, and_(who.c.article_id == ev.c.article_id, who.c.actor_id == ev.c.actor))
         .outerjoin(whom, and_(whom.c.article_id == ev.c.article_id,
                               whom.c.actor_id == ev.c.target)))
    if f.actor:
        q = q.where(or_(_actor_match(who.c.key, f.actor), _actor_match(whom.c.key, f.actor)))
    return q.order_by(s.articles.c.published, ev.c.article_id, ev.c.start_char)


def _techniques(f: Filters) -> Select[Any]:
    t = s.techniques
    q = select(t.c.article_id, t.c.technique, t.c.start_char, t.c.end_char, t.c.text, t.c.score,
               *_ART).join(s.articles, s.articles.c.id == t.c.article_id)
    if f.actor:
        folded = " ".join(f.actor.split()).casefold()
        q = q.where(func.lower(t.c.text).contains(folded))
    return q.order_by(s.articles.c.published, t.c.article_id, t.c.start_char)


def _standing(f: Filters) -> Select[Any]:
    st, a = s.standing, s.actors
    q = (select(st.c.article_id, a.c.name.label("actor"), st.c.signal, st.c.direction,
                st.c.start_char, st.c.end_char, st.c.text, st.c.type,
                st.c.claim_id, st.c.source_kind, st.c.contested, st.c.contested_by,
                st.c.contested_by_name, *_ART)
         .join(s.articles, s.articles.c.id == st.c.article_id)
         .join(a, and_(a.c.article_id == st.c.article_id, a.c.actor_id == st.c.actor_id)))
    if f.actor:
        q = q.where(_actor_match(a.c.key, f.actor))
    return q.order_by(s.articles.c.published, st.c.article_id, st.c.start_char)


_QUERIES = {"claims": _claims, "actors": _actors, "events": _events,
            "techniques": _techniques, "standing": _standing}


def rows(store: Store, kind: str, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
    """Rows of *kind* (one of :data:`KINDS`), streamed from the store."""
    if kind not in _QUERIES:
        raise ValueError(f"unknown export {kind!r}; choose from {', '.join(KINDS)}")
    f = filters or Filters()
    q = _QUERIES[kind](f).where(*article_filters(outlet=f.outlet, since=f.since, until=f.until))
    if f.limit is not None:
        q = q.limit(max(0, int(f.limit)))
    with store.engine.connect() as conn:
        for r in conn.execution_options(stream_results=True).execute(q).mappings():
            row = dict(r)
            for k in ("roles", "aliases"):
                if isinstance(row.get(k), str):
                    row[k] = "; ".join(json.loads(row[k]) or [])
            yield row


def columns(kind: str) -> list[str]:
    return [c.name for c in _QUERIES[kind](Filters()).selected_columns]


def _needs(module: str, fmt: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise RuntimeError(f"{fmt} export needs {module}: pip install 'tealeaves[export]'"
                           ) from None


def write(store: Store, kind: str, fmt: str, out: Path | IO[str] | None,
          filters: Filters | None = None) -> int:
    """Write the rows of *kind* as *fmt* to *out* (a path, or a text stream for csv and
    jsonl); the number of rows written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    cols = columns(kind)
    data = rows(store, kind, filters)
    if fmt in ("parquet", "xlsx"):
        if out is None or not isinstance(out, Path):
            raise ValueError(f"{fmt} export needs an output file (--out)")
        return _write_parquet(data, cols, out) if fmt == "parquet" else _write_xlsx(data, cols,
                                                                                   out, kind)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return _write_text(data, cols, fmt, fh)
    import sys

    return _write_text(data, cols, fmt, out or sys.stdout)


def _write_text(data: Iterator[dict[str, Any]], cols: list[str], fmt: str, fh: IO[str]) -> int:
    n = 0
    if fmt == "csv":
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for row in data:
            w.writerow(row)
            n += 1
        return n
    for row in data:
        fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def _write_parquet(data: Iterator[dict[str, Any]], cols: list[str], out: Path) -> int:
    pa = _needs("pyarrow", "parquet")
    pq = _needs("pyarrow.parquet", "parquet")
    batch: list[dict[str, Any]] = []
    writer = None
    n = 0
    for row in data:
        batch.append(row)
        if len(batch) >= 10_000:
            writer = _flush(pa, pq, batch, cols, out, writer)
            n += len(batch)
            batch = []
    if batch or writer is None:
        writer = _flush(pa, pq, batch, cols, out, writer)
        n += len(batch)
    writer.close()
    return n


def _flush(pa: Any, pq: Any, batch: list[dict[str, Any]], cols: list[str], out: Path,
           writer: Any) -> Any:
    table = pa.Table.from_pydict({c: [r.get(c) for r in batch] for c in cols})
    if writer is None:
        writer = pq.ParquetWriter(str(out), table.schema)
    writer.write_table(table.cast(writer.schema))
    return writer


def _write_xlsx(data: Iterator[dict[str, Any]], cols: list[str], out: Path, kind: str) -> int:
    openpyxl = _needs("openpyxl", "xlsx")
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(kind)
    ws.append(cols)
    n = 0
    for row in data:
        ws.append([_cell(row.get(c)) for c in cols])
        n += 1
    wb.save(str(out))
    return n


def _cell(value: Any) -> Any:
    """A value a spreadsheet cell holds safely: text that would start a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
