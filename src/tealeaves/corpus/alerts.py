"""Saved queries over findings, evaluated as articles arrive (the watcher calls
:func:`evaluate_new` after each poll; ``tealeaves alerts check`` runs it over the store).

Kinds of query (``params`` in brackets):

- ``anonymous-claim`` (``actor``): a claim mentioning ACTOR (an actor named inside the
  claim, or its named source) whose source is anonymous or a rumour;
- ``standing`` (``actor``): a standing signal (blamed, sidelined, dispatched, praised …)
  for ACTOR;
- ``group-outlets`` (``n``): a claim group reaching N independent outlets (articles that
  are not near-duplicates of another);
- ``technique-density`` (``above``, optional ``outlet``): persuasion techniques per 1,000
  words of an article above X (in OUTLET);
- ``text`` (``query``): the words of QUERY in an article's title or text.

Each alert keeps the evidence (the claim, signal or sentence) with its character offsets
in the article's text, and a key, so that evaluating an article again raises nothing new.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from ..store import alerts as store_alerts
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

log = logging.getLogger(__name__)

KINDS = ("anonymous-claim", "standing", "group-outlets", "technique-density", "text")
_REQUIRED = {"anonymous-claim": ("actor",), "standing": ("actor",), "group-outlets": ("n",),
             "technique-density": ("above",), "text": ("query",)}
_WORD = re.compile(r"\w+", re.UNICODE)


def check_params(kind: str, params: dict[str, Any]) -> dict[str, Any]:
    """*params* checked and normalised for *kind*; ValueError with one line otherwise."""
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind {kind!r}; choose from {', '.join(KINDS)}")
    missing = [k for k in _REQUIRED[kind] if params.get(k) in (None, "")]
    if missing:
        raise ValueError(f"a {kind} alert needs --{missing[0]}")
    out = {k: v for k, v in params.items() if v not in (None, "")}
    if kind == "group-outlets":
        out["n"] = int(out["n"])
        if out["n"] < 2:
            raise ValueError("--n must be at least 2 outlets")
    if kind == "technique-density":
        out["above"] = float(out["above"])
    return out


def add(store: Store, name: str, kind: str, **params: Any) -> int:
    return store_alerts.add_query(store.engine, name, kind, check_params(kind, params))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``text[start:end]``."""
    lo = max(text.rfind("\n", 0, start), max(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    lo = 0 if lo < 0 else lo + (1 if text[lo] == "\n" else 2)
    hi = min([i for i in (text.find("\n", end), *(text.find(p, end) for p in (". ", "? ", "! ")))
              if i >= 0] or [len(text)])
    return lo, min(len(text), hi + 1)


def _names(actor: str) -> tuple[str, str]:
    folded = " ".join(actor.split()).casefold()
    return folded, folded + "|"


def _anonymous(conn: Connection, aid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    c, e = s.claims, s.claim_entities
    name, prefix = _names(params["actor"])
    q = (select(c.c.claim_id, c.c.start_char, c.c.end_char, c.c.text, c.c.source_kind)
         .where(c.c.article_id == aid, c.c.source_kind.in_(["anonymous", "rumour"])))
    out = []
    for cid, start, end, text, kind in conn.execute(q):
        keys = set(conn.execute(select(e.c.key).where(e.c.article_id == aid,
                                                      e.c.claim_id == cid)).scalars())
        if any(k.startswith(prefix) for k in keys) or name in text.casefold():
            out.append({"key": f"{aid}:{cid}", "title": f"{kind} claim about {params['actor']}",
                        "evidence": text, "start_char": start, "end_char": end, "score": None})
    return out


def _standing(conn: Connection, aid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    st, a = s.standing, s.actors
    name, prefix = _names(params["actor"])
    q = (select(st.c.signal, st.c.direction, st.c.start_char, st.c.end_char, st.c.text, a.c.key)
         .select_from(st.join(a, (a.c.article_id == st.c.article_id)
                              & (a.c.actor_id == st.c.actor_id)))
         .where(st.c.article_id == aid))
    return [{"key": f"{aid}:{sig}:{start}", "title": f"{params['actor']}: {sig} ({direction})",
             "evidence": text, "start_char": start, "end_char": end, "score": None}
            for sig, direction, start, end, text, key in conn.execute(q)
            if key.startswith(prefix) or key == name]


def _groups(conn: Connection, aid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    c, art = s.claims, s.articles
    mine = conn.execute(select(c.c.claim_id, c.c.component, c.c.start_char, c.c.end_char,
                               c.c.text)
                        .where(c.c.article_id == aid, c.c.component.is_not(None),
                               c.c.in_group.is_(True))).all()
    out, done = [], set()
    for _cid, comp, start, end, text in mine:
        if comp in done:
            continue
        done.add(comp)
        n = conn.execute(select(func.count(func.distinct(func.lower(art.c.outlet))))
                         .select_from(c.join(art, art.c.id == c.c.article_id))
                         .where(c.c.component == comp, c.c.in_group.is_(True),
                                art.c.duplicate_of.is_(None))).scalar() or 0
        if n >= params["n"]:
            out.append({"key": f"group:{comp}", "title": f"a claim reached {n} outlets",
                        "evidence": text, "start_char": start, "end_char": end,
                        "score": float(n)})
    return out


def _density(conn: Connection, aid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    art, t = s.articles, s.techniques
    row = conn.execute(select(art.c.outlet, art.c.text).where(art.c.id == aid)).first()
    if row is None or (params.get("outlet") and (row[0] or "").casefold()
                       != str(params["outlet"]).casefold()):
        return []
    words = max(1, len(_WORD.findall(row[1])))
    spans = conn.execute(select(t.c.start_char, t.c.end_char, t.c.text, t.c.technique)
                         .where(t.c.article_id == aid).order_by(t.c.start_char)).all()
    density = 1000.0 * len(spans) / words
    if not spans or density <= params["above"]:
        return []
    start, end, text, tech = spans[0]
    return [{"key": f"{aid}", "title": f"{density:.1f} techniques per 1,000 words "
                                       f"({row[0] or 'no outlet'}; first: {tech})",
             "evidence": text, "start_char": start, "end_char": end, "score": round(density, 2)}]


def _text(conn: Connection, aid: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    row = conn.execute(select(s.articles.c.title, s.articles.c.text)
                       .where(s.articles.c.id == aid)).first()
    if row is None:
        return []
    words = [w.casefold() for w in _WORD.findall(params["query"])]
    body = row[1]
    folded = body.casefold()
    title = (row[0] or "").casefold()
    if not words or not all(w in folded or w in title for w in words):
        return []
    at = min((folded.find(w) for w in words if w in folded), default=0)
    at = max(at, 0)
    lo, hi = _sentence(body, at, at + 1)
    return [{"key": aid, "title": f"matches {params['query']!r}", "evidence": body[lo:hi],
             "start_char": lo, "end_char": hi, "score": None}]


_EVAL = {"anonymous-claim": _anonymous, "standing": _standing, "group-outlets": _groups,
         "technique-density": _density, "text": _text}


def evaluate(store: Store, article_ids: Sequence[str]) -> list[int]:
    """Run every saved query over *article_ids*; record and return the new alerts' ids."""
    queries = store_alerts.list_queries(store.engine)
    new: list[int] = []
    for query in queries:
        rows: list[dict[str, Any]] = []
        with store.engine.connect() as conn:
            for aid in article_ids:
                for row in _EVAL[query["kind"]](conn, aid, query["params"]):
                    rows.append({"article_id": aid, **row})
        new += store_alerts.record(store.engine, query["id"], rows)
    return new


def evaluate_new(store: Store, article_ids: Sequence[str],
                 webhook: dict[str, Any] | None = None) -> list[int]:
    """:func:`evaluate`, then POST the new alerts to the *webhook* if one is configured."""
    new = evaluate(store, article_ids)
    if new and webhook:
        from .webhook import deliver

        deliver(store, webhook, new)
    return new


def all_article_ids(store: Store) -> Iterable[str]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(s.articles.c.id)).scalars())
