"""One actor over time: mentions, stance and standing signals per day, week or month, the
signals split by who says so (the author, a named source, anonymous sources, rumour)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

from ..store import schema as s
from .actors import resolve_actor
from .standing import SOURCE_ORDER

if TYPE_CHECKING:
    from ..store import Store

PERIODS = ("day", "week", "month")


def period_of(published: str, by: str) -> str | None:
    """The period label of an ISO date: ``2016-03-07``, ``2016-W10`` or ``2016-03``."""
    try:
        d = date.fromisoformat(published[:10])
    except (TypeError, ValueError):
        return None
    if by == "day":
        return d.isoformat()
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{d.year}-{d.month:02d}"
    raise ValueError(f"by must be one of {PERIODS}, not {by!r}")


def timeline(store: Store, actor: str, *, by: str = "week") -> list[dict[str, Any]]:
    """Per period, oldest first: period, mentions, articles, stance_mean, negative, neutral,
    positive (article counts by stance label), rising, falling (standing signals the text
    does not dispute), ``contested`` (signals it disputes, such as a denied rumour of a
    sacking: counted apart, never as a plain rise or fall, as on the standing board),
    ``contested_by`` (those signals by who contests them, ``{denier: count}``; the denier in
    words, ``unattributed`` when the denial is in no claim or was stored before schema 11),
    and ``by_source``: rising and falling per source kind (``unknown`` for signals stored before
    the store kept it), in :data:`~tealeaves.corpus.standing.SOURCE_ORDER`. ``stance_mean`` averages the signed stance (+confidence if positive, −confidence if
    negative, 0 if neutral), in [−1, 1].

    Articles without a date and near-duplicates are left out. Empty if the actor is unknown.
    """
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}, not {by!r}")
    key = resolve_actor(store, actor)
    if key is None:
        return []
    a, ar = s.actors, s.articles
    q = (select(ar.c.published, a.c.article_id, a.c.n_mentions, a.c.stance_label,
                a.c.polarity)
         .select_from(a.join(ar, ar.c.id == a.c.article_id))
         .where(a.c.key == key, ar.c.published.is_not(None), ar.c.duplicate_of.is_(None)))
    buckets: dict[str, dict[str, Any]] = defaultdict(lambda: {
        "mentions": 0, "articles": set(), "scores": [], "negative": 0, "neutral": 0,
        "positive": 0,
    })
    with store.engine.connect() as conn:
        for pub, aid, n, label, score in conn.execute(q):
            period = period_of(pub, by)
            if period is None:
                continue
            b = buckets[period]
            b["mentions"] += int(n)
            b["articles"].add(aid)
            if score is not None:
                b["scores"].append(float(score))
            if label in ("negative", "neutral", "positive"):
                b[label] += 1
    split, contested = _by_source(store, key, by)
    rows = []
    for period in sorted(buckets):
        b = buckets[period]
        scores = b["scores"]
        cells = split.get(period, {}).values()
        rows.append({
            "period": period, "mentions": b["mentions"], "articles": len(b["articles"]),
            "stance_mean": round(sum(scores) / len(scores), 3) if scores else None,
            "negative": b["negative"], "neutral": b["neutral"], "positive": b["positive"],
            "rising": sum(c["rising"] for c in cells),
            "falling": sum(c["falling"] for c in cells),
            "contested": sum(contested.get(period, {}).values()),
            "by_source": split.get(period, {}),
            "contested_by": contested.get(period, {}),
        })
    return rows


def _by_source(store: Store, key: str, by: str
               ) -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, dict[str, int]]]:
    """Per period, per source kind: rising and falling signal counts of actor *key*, left
    out the contested ones; and per period the contested ones by who contests them."""
    st, a, ar = s.standing, s.actors, s.articles
    q = (select(ar.c.published, st.c.direction, st.c.source_kind, st.c.contested,
                st.c.contested_by_name)
         .select_from(st.join(a, and_(a.c.article_id == st.c.article_id,
                                      a.c.actor_id == st.c.actor_id))
                      .join(ar, ar.c.id == st.c.article_id))
         .where(a.c.key == key, ar.c.published.is_not(None), ar.c.duplicate_of.is_(None)))
    out: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    contested: dict[str, dict[str, int]] = defaultdict(dict)
    with store.engine.connect() as conn:
        for pub, direction, kind, disputed, denier in conn.execute(q):
            period = period_of(pub, by)
            if period is None or direction not in ("rising", "falling"):
                continue
            if disputed:
                name = denier or "unattributed"
                contested[period][name] = contested[period].get(name, 0) + 1
                continue
            cell = out[period].setdefault(kind or "unknown", {"rising": 0, "falling": 0})
            cell[direction] += 1
    order = {k: i for i, k in enumerate(SOURCE_ORDER)}
    return ({p: dict(sorted(v.items(), key=lambda kv: order.get(kv[0], 99)))
             for p, v in out.items()},
            {p: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
             for p, v in contested.items()})


def plot_timeline(rows: list[dict[str, Any]], path: str | Path, *, title: str = "") -> Path:
    """Draw *rows* from :func:`timeline` as a PNG or SVG chart (by the file's suffix)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"plot file must end in .png or .svg, not {path.name!r}")
    periods = [r["period"] for r in rows]
    x = list(range(len(rows)))
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(max(6.0, 0.35 * len(rows) + 3), 6),
                                   sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    try:
        ax1.bar(x, [r["mentions"] for r in rows], color="#7a9cc6", label="mentions")
        ax1.set_ylabel("mentions")
        ax1b = ax1.twinx()
        pts = [(i, r["stance_mean"]) for i, r in zip(x, rows, strict=True)
               if r["stance_mean"] is not None]
        if pts:
            ax1b.plot([p[0] for p in pts], [p[1] for p in pts], "o-", color="#b5443b",
                      label="stance (mean)")
        ax1b.axhline(0, color="#999", linewidth=0.6)
        ax1b.set_ylim(-1.05, 1.05)
        ax1b.set_ylabel("stance")
        ax2.bar(x, [r["rising"] for r in rows], color="#4c9a62", label="rising")
        ax2.bar(x, [-r["falling"] for r in rows], color="#c2703d", label="falling")
        ax2.axhline(0, color="#666", linewidth=0.6)
        ax2.set_ylabel("standing signals")
        ax2.legend(loc="upper left", fontsize="small")
        ax2.set_xticks(x)
        ax2.set_xticklabels(periods, rotation=60, ha="right", fontsize="small")
        if title:
            ax1.set_title(title)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path)
    finally:
        plt.close(fig)
    return path
