"""Who's up, who's down: actors ranked by their net standing signals across the corpus.

Each stored standing signal (``store.schema.standing``) counts once for its actor's
cross-article identity (``actors.key``): +1 rising, −1 falling — unless the text disputes it
(``contested``: "the Kremlin denied reports that X was sacked"). A contested signal is counted
apart, in ``contested``, and nowhere else: not in ``rising``, ``falling``, ``net`` nor
``by_source``; it stays among the evidence with ``contested: true``, so a denied rumour is
seen but does not move the ranking; who contests it (the denier's claim, its source in words
and actor key: ``contested_by``, ``contested_by_name``, ``contested_by_key``) is kept with it
and tallied per actor (``contested_by``: ``{denier: count}``, ``unattributed`` when the denial
is in no claim). The board ranks actors by net
signals and keeps, for each, the counts by who says so (the author, a named person or
organisation, anonymous sources, rumour; ``unknown`` for signals stored before migration 8)
and every signal as evidence: the article, the offsets, the signal's text and the sentence
around it. Near-duplicate articles are left out, as in every corpus view; ``since`` and
``until`` keep only dated articles in that range.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from ..store import article_filters
from ..store import schema as s

if TYPE_CHECKING:
    from ..store import Store

#: Who says so, in the order the views show them.
SOURCE_ORDER = ("author", "named_person", "named_organization", "anonymous", "rumour",
                "unknown")
#: Longest sentence shown around a signal (characters on each side of the evidence).
CONTEXT = 300
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds of the sentence holding ``[start, end)`` in *text*: from the last
    sentence end before it to the first after it, at most :data:`CONTEXT` characters out."""
    lo = max(0, start - CONTEXT)
    head = text[lo:start]
    cuts = [m.end() for m in _SENT_END.finditer(head)]
    s0 = lo + cuts[-1] if cuts else lo
    tail = text[end:end + CONTEXT]
    m = _SENT_END.search(tail)
    e0 = end + (m.start() if m else len(tail))
    return s0, e0


def _check_dates(*values: Any) -> None:
    """A ValueError naming a ``since``/``until`` that is not a real calendar day."""
    for value in values:
        if isinstance(value, str) and value:
            try:
                date.fromisoformat(value[:10])
            except ValueError:
                raise ValueError(f"expected a date as YYYY-MM-DD, not {value!r}") from None


def _signal_rows(store: Store, since: Any, until: Any, actor_keys: list[str] | None
                 ) -> list[dict[str, Any]]:
    st, a, ar = s.standing, s.actors, s.articles
    denier = s.actors.alias("denier")
    where = [*article_filters(since=since, until=until, include_duplicates=False)]
    if actor_keys is not None:
        where.append(a.c.key.in_(actor_keys))
    q = (select(a.c.key, a.c.name, a.c.kind, st.c.article_id, st.c.signal, st.c.direction,
                st.c.type, st.c.start_char, st.c.end_char, st.c.text, st.c.claim_id,
                st.c.source_kind, st.c.contested, st.c.contested_by, st.c.contested_by_name,
                denier.c.key.label("contested_by_key"), ar.c.title, ar.c.outlet,
                ar.c.published, ar.c.url)
         .select_from(st.join(a, and_(a.c.article_id == st.c.article_id,
                                      a.c.actor_id == st.c.actor_id))
                      .join(ar, ar.c.id == st.c.article_id)
                      .outerjoin(denier, and_(denier.c.article_id == st.c.article_id,
                                              denier.c.actor_id == st.c.contested_by_actor)))
         .where(*where)
         .order_by(ar.c.published, st.c.article_id, st.c.start_char))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def _texts(store: Store, article_ids: set[str]) -> dict[str, str]:
    if not article_ids:
        return {}
    ar = s.articles
    with store.engine.connect() as conn:
        rows = conn.execute(select(ar.c.id, ar.c.text).where(ar.c.id.in_(sorted(article_ids))))
        return {r.id: r.text for r in rows}


def _evidence(row: dict[str, Any], text: str | None) -> dict[str, Any]:
    out = {
        "article_id": row["article_id"], "title": row["title"], "outlet": row["outlet"],
        "published": row["published"], "url": row["url"], "signal": row["signal"],
        "type": row["type"], "direction": row["direction"], "start": row["start_char"],
        "end": row["end_char"], "text": row["text"],
        "source_kind": row["source_kind"] or "unknown", "claim": row["claim_id"],
        "contested": bool(row["contested"]),
        # who contests it (store schema 11): the denier's claim, in words, and its actor key
        "contested_by": row["contested_by"], "contested_by_name": row["contested_by_name"],
        "contested_by_key": row["contested_by_key"],
    }
    if text is not None:
        s0, e0 = sentence_around(text, row["start_char"], row["end_char"])
        out.update(sentence_start=s0, sentence_end=e0, sentence=" ".join(text[s0:e0].split()))
    return out


def _tally(rows: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, dict[str, Any]]:
    board: dict[str, dict[str, Any]] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        key = row["key"]
        entry = board.setdefault(key, {
            "key": key, "kind": row["kind"], "rising": 0, "falling": 0, "contested": 0,
            "articles": set(), "by_source": {}, "by_type": Counter(), "signals": [],
            "contested_by": Counter(),
        })
        names[key][row["name"]] += 1
        direction = row["direction"]
        if direction not in ("rising", "falling"):
            continue
        entry["articles"].add(row["article_id"])
        entry["signals"].append(_evidence(row, texts.get(row["article_id"])))
        if row["contested"]:  # disputed in the text: seen, counted apart, never a plain move
            entry["contested"] += 1
            entry["contested_by"][row["contested_by_name"] or "unattributed"] += 1
            continue
        entry[direction] += 1
        src = row["source_kind"] or "unknown"
        entry["by_source"].setdefault(src, {"rising": 0, "falling": 0})[direction] += 1
        entry["by_type"][row["type"] or row["signal"]] += 1
    for key, entry in board.items():
        entry["name"] = names[key].most_common(1)[0][0]
    return board


def _finish(entry: dict[str, Any]) -> dict[str, Any]:
    by_source = {k: entry["by_source"][k] for k in SOURCE_ORDER if k in entry["by_source"]}
    return {
        "name": entry["name"], "kind": entry["kind"], "key": entry["key"],
        "net": entry["rising"] - entry["falling"], "rising": entry["rising"],
        "falling": entry["falling"], "contested": entry["contested"],
        "contested_by": dict(sorted(entry["contested_by"].items(),
                                    key=lambda kv: (-kv[1], kv[0]))),
        "articles": len(entry["articles"]), "by_source": by_source,
        "by_type": dict(sorted(entry["by_type"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "signals": entry["signals"],
    }


def standing_board(store: Store, *, since: Any = None, until: Any = None, limit: int = 20,
                   evidence: bool = True) -> dict[str, Any]:
    """``up``: actors with more rising than falling signals, highest net first; ``down``:
    more falling, lowest net first; ``even``: as many of each (an actor with only contested
    signals is even). At most *limit* in each list; ``signals`` counts the uncontested
    signals, ``contested`` the others. Each actor: name, kind, key, net, rising, falling,
    contested (signals the text disputes, counted apart), articles, by_source
    (rising/falling per source kind), by_type and (with *evidence*) ``signals``, every
    signal with its article, offsets, text and sentence. Raises ValueError on a bad date."""
    _check_dates(since, until)
    rows = _signal_rows(store, since, until, None)
    texts = _texts(store, {r["article_id"] for r in rows}) if evidence else {}
    entries = [_finish(e) for e in _tally(rows, texts).values()
               if e["rising"] + e["falling"] + e["contested"]]
    if not evidence:
        for e in entries:
            e.pop("signals")
    limit = max(0, int(limit))
    up = sorted((e for e in entries if e["net"] > 0),
                key=lambda e: (-e["net"], -e["rising"], e["name"]))
    down = sorted((e for e in entries if e["net"] < 0),
                  key=lambda e: (e["net"], -e["falling"], e["name"]))
    even = sorted((e for e in entries if e["net"] == 0),
                  key=lambda e: (-e["rising"] - e["falling"], e["name"]))
    return {"since": None if since is None else str(since),
            "until": None if until is None else str(until), "actors": len(entries),
            "signals": sum(e["rising"] + e["falling"] for e in entries),
            "contested": sum(e["contested"] for e in entries),
            "up": up[:limit], "down": down[:limit], "even": even[:limit]}


def actor_standing(store: Store, key: str, *, since: Any = None, until: Any = None
                   ) -> dict[str, Any] | None:
    """One actor's row of the board (by its key), with every signal; None without signals."""
    _check_dates(since, until)
    rows = _signal_rows(store, since, until, [key])
    texts = _texts(store, {r["article_id"] for r in rows})
    entry = _tally(rows, texts).get(key)
    if entry is None or not entry["rising"] + entry["falling"] + entry["contested"]:
        return None
    return _finish(entry)
