"""The web layer's one door to the data: the store, the corpus views, and caches.

Views that read the whole corpus (the network, claim groups, rankings, the actor index)
are cached and recomputed when the store's content fingerprint (:func:`queries.version`,
checked at most every ``cache_ttl`` seconds) changes, or at once after a write made
through this app. Per-article views (the article page and its JSON) are cached per
analysis (:mod:`tealeaves.web.views`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from markupsafe import Markup

from .. import corpus
from ..model import Analysis
from . import queries, svg
from .views import ArticleView, SizedLRU, analysis_json, article_view, timed

log = logging.getLogger(__name__)


class WebData:
    """Everything the pages and the API read."""

    def __init__(self, store: Any, *, cache_ttl: float = 2.0, page_cache_mb: int = 256,
                 max_views: int = 4096) -> None:
        self.store = store
        self.engine = store.engine
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[tuple[int, str], Any]] = OrderedDict()
        self._max_views = max_views
        #: Article pages and JSON bodies, per analysis (see tealeaves.web.views).
        self.pages = SizedLRU(page_cache_mb * 1024 * 1024)
        #: A lock per key being computed, dropped when no thread holds or waits for it
        #: (a view may compute another under its own lock, so keys must not share locks).
        self._key_locks: dict[str, tuple[threading.Lock, int]] = {}
        self._refresh: OrderedDict[str, tuple[Callable[[], Any], tuple[int, str]]] = OrderedDict()
        self._refresher: threading.Thread | None = None
        self._version: tuple[float, tuple[int, str]] | None = None
        self._cache_ttl = cache_ttl

    # -- caching ---------------------------------------------------------------------
    def version(self) -> tuple[int, str]:
        now = time.monotonic()
        cached = self._version
        if cached and now - cached[0] < self._cache_ttl:
            return cached[1]
        with timed("db"):
            v = queries.version(self.engine)
        self._version = (now, v)
        return v

    def invalidate(self, article_id: str | None = None) -> None:
        """Forget the version fingerprint after a write, so the next read sees the change,
        and the cached views of *article_id*."""
        self._version = None
        if article_id is not None:
            self.pages.pop(f"page:{article_id}")
            self.pages.pop(f"json:{article_id}")

    @contextmanager
    def _key_lock(self, key: str) -> Iterator[None]:
        """Hold *key*'s lock: concurrent misses of one key compute it once."""
        with self._lock:
            lock, users = self._key_locks.get(key) or (threading.Lock(), 0)
            self._key_locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._key_locks[key]
                if users > 1:
                    self._key_locks[key] = (lock, users - 1)
                else:
                    del self._key_locks[key]

    def _cached(self, key: str, compute: Callable[[], Any], *, stale_ok: bool = False) -> Any:
        """*compute*'s value for the store's current version.

        With *stale_ok* (slow corpus-wide views), a value from an older version is served
        while a background thread recomputes it, so a running ingest never makes a reader
        wait. Concurrent requests for the same missing key compute it once.
        """
        v = self.version()
        with self._lock:
            hit = self._cache.get(key)
            if hit:
                self._cache.move_to_end(key)
        if hit and hit[0] == v:
            return hit[1]
        if hit and stale_ok:
            self._refresh_soon(key, compute, v)
            return hit[1]
        with self._key_lock(key):
            hit = self._cache.get(key)
            if hit and hit[0] == v:
                return hit[1]
            with timed("db"):
                value = compute()
            self._store(key, v, value)
            return value

    def _store(self, key: str, v: tuple[int, str], value: Any) -> None:
        with self._lock:
            self._cache.pop(key, None)
            self._cache[key] = (v, value)
            while len(self._cache) > self._max_views:
                self._cache.popitem(last=False)

    def _refresh_soon(self, key: str, compute: Callable[[], Any], v: tuple[int, str]) -> None:
        """Queue *key* for the one background refresher thread (at most 256 keys wait; a
        key dropped here is queued again by its next read)."""
        with self._lock:
            if key in self._refresh or len(self._refresh) >= 256:
                return
            self._refresh[key] = (compute, v)
            if self._refresher is None or not self._refresher.is_alive():
                self._refresher = threading.Thread(target=self._refresh_loop,
                                                   name="refresh web views", daemon=True)
                self._refresher.start()

    def _refresh_loop(self) -> None:
        while True:
            with self._lock:
                if not self._refresh:
                    self._refresher = None
                    return
                key, (compute, v) = next(iter(self._refresh.items()))
            try:
                with self._key_lock(key):
                    self._store(key, v, compute())
            except Exception:  # the stale value stays; the next read queues it again
                log.exception("refreshing %s failed", key)
            finally:
                with self._lock:
                    self._refresh.pop(key, None)

    def wait_refreshed(self, timeout: float) -> bool:
        """Block until the background refresher has nothing left to do (tests); False on
        timeout."""
        deadline = time.monotonic() + timeout
        while True:
            thread = self._refresher
            if thread is None:
                return True
            thread.join(max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                return self._refresher is None

    def warm(self) -> None:
        """Compute the slow corpus-wide views once (run in a thread at server start)."""
        started = time.perf_counter()
        self.overview()
        self.network()
        self.actor_index()
        log.info("web caches warm in %.1f s", time.perf_counter() - started)

    # -- articles --------------------------------------------------------------------
    def articles(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None,
                 since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.store.articles(
            limit=limit, offset=offset, outlet=outlet, since=since, until=until)
        return rows

    def analysis(self, article_id: str) -> Analysis | None:
        with timed("db"):
            result: Analysis | None = self.store.get(article_id)
        return result

    def article_view(self, article_id: str) -> ArticleView | None:
        """The article page's view of *article_id*, built once per stored analysis."""
        def build() -> tuple[ArticleView, int] | None:
            analysis = self.analysis(article_id)
            if analysis is None:
                return None
            with timed("build"):
                view = article_view(analysis, queries.slugify)
            return view, view.size

        stamp = self._stamp(article_id)
        if stamp is None:
            return None
        result: ArticleView | None = self.pages.get_or_build(f"page:{article_id}", stamp, build)
        return result

    def article_json(self, article_id: str) -> bytes | None:
        """``/api/articles/{id}``'s body, serialised once per stored analysis."""
        def build() -> tuple[bytes, int] | None:
            analysis = self.analysis(article_id)
            if analysis is None:
                return None
            with timed("json"):
                body = analysis_json(analysis)
            return body, len(body)

        stamp = self._stamp(article_id)
        if stamp is None:
            return None
        result: bytes | None = self.pages.get_or_build(f"json:{article_id}", stamp, build)
        return result

    def _stamp(self, article_id: str) -> tuple[Any, ...] | None:
        if len(article_id) > 200:
            return None
        with timed("db"):
            return queries.analysis_stamp(self.engine, article_id)

    def search(self, q: str, *, limit: int = 20, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> list[dict[str, Any]]:
        """Full-text hits, filtered by outlet and date (inclusive, ISO prefixes)."""
        filtered = bool(outlet or since or until)
        rows: list[dict[str, Any]] = self.store.search(q, limit=limit * 10 if filtered else limit)
        return [r for r in rows if _match(r, outlet, since, until)][:limit]

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self._cached("stats", self.store.stats)
        return result

    def outlets(self) -> list[str]:
        result: list[str] = self._cached("outlets", lambda: queries.outlets(self.engine))
        return result

    # -- home ------------------------------------------------------------------------
    def overview(self) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            data = queries.overview(self.engine)
            data["top_actors"] = self.actors(limit=12)
            data["top_claims"] = self.claim_groups()[:8]
            data["stats"] = self.store.stats()
            return data

        result: dict[str, Any] = self._cached("overview", compute, stale_ok=True)
        return result

    # -- actors ----------------------------------------------------------------------
    def actor_index(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self._cached(
            "actor_index", lambda: queries.actor_index(self.engine))
        return result

    def actors(self, *, limit: int = 50, since: str | None = None, until: str | None = None,
               outlet: str | None = None) -> list[dict[str, Any]]:
        """Actors ranked by mentions (:func:`tealeaves.corpus.rank_actors`), each with a ``slug``."""
        def compute() -> list[dict[str, Any]]:
            rows = [dict(r) for r in corpus.rank_actors(
                self.store, since=since, until=until, outlet=outlet, limit=limit)]
            for r in rows:
                r["slug"] = queries.slugify(str(r.get("name", "")))
            return rows

        result: list[dict[str, Any]] = self._cached(f"actors:{limit}:{since}:{until}:{outlet}", compute)
        return result

    def standing(self, *, limit: int = 20, since: str | None = None,
                 until: str | None = None) -> dict[str, Any]:
        """Who's up, who's down (:func:`tealeaves.corpus.standing_board`), each actor with a
        ``slug`` for its page; dates may be ``YYYY`` or ``YYYY-MM``."""
        lo, hi = _full_day(since, first=True), _full_day(until, first=False)

        def compute() -> dict[str, Any]:
            board = corpus.standing_board(self.store, since=lo, until=hi, limit=limit)
            for side in ("up", "down", "even"):
                for e in board[side]:
                    e["slug"] = queries.slugify(str(e.get("name", "")))
                    for sig in e.get("signals", ()):  # the denier's page, when an actor
                        sig["contested_by_slug"] = (queries.slugify(str(sig["contested_by_name"]))
                                                    if sig.get("contested_by_key") else None)
            board["since"], board["until"] = since, until
            return board

        result: dict[str, Any] = self._cached(f"standing:{limit}:{since}:{until}", compute,
                                              stale_ok=True)
        return result

    def actor(self, slug: str) -> dict[str, Any] | None:
        """One actor's page data by URL key (:func:`queries.slugify` of its canonical name)."""
        page = self.actor_page(slug)
        return None if page is None else page[0]

    def actor_page(self, slug: str) -> tuple[dict[str, Any], Markup, object] | None:
        """:meth:`actor`, its timeline drawn as SVG and a token that changes whenever they
        are recomputed (the rendered page is cached under it), cached together. While the
        store changes (an ingest running), the last version is served and refreshed in the
        background, so that a reader never waits for the corpus queries."""
        if slug not in self.actor_index():
            return None

        def compute() -> tuple[dict[str, Any], Markup, object] | None:
            detail = self._actor_detail(slug)
            if detail is None:
                return None
            return detail, svg.timeline(detail["timeline"]), object()

        result: tuple[dict[str, Any], Markup, object] | None = self._cached(
            f"actor:{slug}", compute, stale_ok=True)
        return result

    def _actor_detail(self, slug: str) -> dict[str, Any] | None:
        entry = self.actor_index().get(slug)
        if entry is None:
            return None
        detail = corpus.actor_detail(self.store, entry["key"])
        if detail is None:
            return None
        arts = detail.get("articles", [])
        timeline = corpus.timeline(self.store, detail["key"], by="week")
        stance = Counter({label: sum(int(r.get(label) or 0) for r in timeline)
                          for label in ("negative", "neutral", "positive")})
        return {
            "slug": slug, "name": detail["name"], "kind": detail["kind"], "key": detail["key"],
            "mentions": detail["mentions"],
            "articles": max(len(arts), int(entry.get("key_articles") or 0)),
            "roles": detail.get("roles", []), "aliases": detail.get("aliases", []),
            "stance": dict(stance),
            "standing": queries.standing_signals(self.engine, [detail["key"]]),
            "timeline": timeline,
            "acts_on": _relations(detail.get("events_as_actor", []), "target"),
            "acted_on_by": _relations(detail.get("events_as_target", []), "actor"),
            "claims_by": detail.get("claims_by", [])[:50],
            "claims_about": detail.get("claims_about", [])[:50],
            "recent_articles": arts[:30],
            "framing": self._framing(detail["key"], arts[:30]),
        }

    def _framing(self, key: str, arts: list[dict[str, Any]]) -> dict[str, Any]:
        """How the actor's recent articles cast it (``Actor.framing`` in each stored
        analysis): counts of main roles and fine roles, and the words per article id."""
        from ..render.stance import framing_words
        from ..store.rows import actor_key

        roles: Counter[str] = Counter()
        fine: Counter[str] = Counter()
        by_article: dict[str, str] = {}
        for art in arts:
            analysis = self.store.get(art["id"])
            for a in analysis.actors if analysis is not None else ():
                if actor_key(a.name, a.kind) == key and a.framing is not None:
                    roles[a.framing.role] += 1
                    fine.update(a.framing.fine)
                    by_article[art["id"]] = framing_words(a.framing)
                    break
        return {"roles": dict(roles), "fine": fine.most_common(8), "by_article": by_article}

    # -- claims ----------------------------------------------------------------------
    def claim_groups(self, *, actor: str | None = None) -> list[dict[str, Any]]:
        """Claims grouped across articles (:func:`tealeaves.corpus.group_claims`), each member
        with its character offsets (for evidence links)."""
        def compute() -> list[dict[str, Any]]:
            groups = [dict(g) for g in corpus.group_claims(self.store, actor=actor, limit=500)]
            pairs = [(m["article_id"], m["claim_id"]) for g in groups for m in g["members"]]
            offsets = queries.claim_offsets(self.engine, pairs)
            for g in groups:
                g["n_articles"] = len({m["article_id"] for m in g["members"]})
                g["members"] = [dict(m) for m in g["members"]]
                for m in g["members"]:
                    m["start"], m["end"] = offsets.get((m["article_id"], m["claim_id"]), (None, None))
            return groups

        result: list[dict[str, Any]] = self._cached(f"claims:{actor}", compute, stale_ok=True)
        return result

    def claim_group(self, group_id: str) -> dict[str, Any] | None:
        return next((g for g in self.claim_groups() if g["id"] == group_id), None)

    def claims(self, *, actor: str | None = None, outlet: str | None = None,
               source_kind: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Claim groups with at least one member matching the outlet, source kind and dates."""
        out = []
        for g in self.claim_groups(actor=actor):
            if any(_match(m, outlet, since, until)
                   and (not source_kind or m.get("source_kind") == source_kind)
                   for m in g["members"]):
                out.append(g)
        return out[:limit]

    # -- network ---------------------------------------------------------------------
    def network(self) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            data = dict(corpus.network(self.store))
            for n in data.get("nodes", []):
                n["slug"] = queries.slugify(str(n.get("name") or n.get("id")))
            return data

        result: dict[str, Any] = self._cached("network", compute, stale_ok=True)
        return result


# -- helpers ----------------------------------------------------------------------------
def _match(row: dict[str, Any], outlet: str | None, since: str | None, until: str | None) -> bool:
    if outlet and (row.get("outlet") or "").casefold() != outlet.casefold():
        return False
    published = str(row.get("published") or "")
    if since and (not published or published[: len(since)] < since):
        return False
    return not (until and (not published or published[: len(until)] > until))


def _relations(events: list[dict[str, Any]], other: str) -> list[dict[str, Any]]:
    """Events grouped by (other actor, category), most frequent first, with 3 examples each."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for e in events:
        name = e.get(other)
        if not name:
            continue
        g = grouped.setdefault((str(name), str(e.get("category"))), {
            "name": name, "slug": queries.slugify(str(name)), "category": e.get("category"),
            "count": 0, "evidence": [],
        })
        g["count"] += 1
        if len(g["evidence"]) < 3:
            g["evidence"].append({k: e.get(k) for k in
                                  ("article_id", "action", "start", "end", "negated", "outlet",
                                   "published")})
    return sorted(grouped.values(), key=lambda g: (-g["count"], g["name"]))


def _full_day(value: str | None, *, first: bool) -> str | None:
    """``YYYY`` or ``YYYY-MM`` as the first (or last) day it covers; full dates unchanged."""
    if not value:
        return None
    if len(value) == 4:
        return f"{value}-01-01" if first else f"{value}-12-31"
    if len(value) == 7:
        return f"{value}-01" if first else f"{value}-31"
    return value
