"""The watcher: poll each feed or sitemap when it is due, fetch the pages of entries not
seen before, and ingest them through the batch path (:func:`tealeaves.batch.run_batch`),
which skips what the store already has and links near-duplicates.

Everything a restart needs is in the store (:mod:`tealeaves.store.watch_state`): each
feed's validators (ETag, Last-Modified), when it is next due and how many times in a row
it failed (the backoff doubles the interval per failure, up to ``max_backoff``), and every
entry link seen. A feed that is down, malformed, slow or too large is one failed poll: it
is recorded, backed off, and the other feeds go on. Time comes from an injected ``clock``
and waiting from a ``threading.Event``, so tests drive cycles without sleeping and a signal
handler stops the loop at once (:meth:`Watcher.request_stop`).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Article
from ..store import watch_state as ws
from ..store.claim_index import read_meta, write_meta
from ..store.tx import write_tx
from .config import FeedSpec
from .discover import Entry, Found, discover
from .http import Clock, Http, HttpOptions

if TYPE_CHECKING:
    from ..batch import BatchOptions
    from ..store import Store

log = logging.getLogger(__name__)

#: ``link → (state, article id or error)`` for the articles handed to an ingest function;
#: state is ``stored``, ``skipped`` (the store had the text) or ``failed``.
Ingested = dict[str, tuple[str, str | None]]
Ingest = Callable[[list[Article]], Ingested]
STATUS_KEY = "watch_status"


@dataclass
class WatchOptions:
    http: HttpOptions = field(default_factory=HttpOptions)
    clean: bool = True
    max_new_per_poll: int = 50  # pages fetched from one poll at most; the rest wait
    max_backoff: float = 6 * 3600.0
    max_sitemaps: int = 5  # child sitemaps read from a sitemap index per poll
    max_wait: float = 30.0  # longest single wait between cycles (the status stays fresh)


def batch_ingest(store: Store, opts: BatchOptions) -> Ingest:
    """An :data:`Ingest` through :func:`tealeaves.batch.run_batch` (the ``ingest`` path)."""
    from ..batch import run_batch

    def ingest(articles: list[Article]) -> Ingested:
        ids = {a.url or a.id: a.id for a in articles}
        out: Ingested = {}

        def on_event(event: str, source: str) -> None:
            if event in ("ingested", "duplicate"):
                out[source] = ("stored", ids.get(source))
            else:
                out[source] = ("skipped" if event == "skipped" else "failed", ids.get(source))

        report = run_batch(articles, store, opts, on_event=on_event)
        for src, why in report.failed:
            out[src] = ("failed", why)
        if report.interrupted:
            raise KeyboardInterrupt
        return out

    return ingest


class Watcher:
    """Polls *feeds* into *store*. ``ingest`` stores the articles (default: the batch
    path); ``after_ingest`` is called with the ids stored in a poll (alerts)."""

    def __init__(self, store: Store, feeds: Sequence[FeedSpec], opts: WatchOptions | None = None,
                 *, ingest: Ingest | None = None, clock: Clock = time.time,
                 after_ingest: Callable[[list[str]], Any] | None = None,
                 stop: threading.Event | None = None,
                 sleep: Callable[[float], bool] | None = None) -> None:
        from ..batch import BatchOptions

        self.store, self.feeds = store, list(feeds)
        self.opts = opts or WatchOptions()
        self.clock = clock
        self.stop = stop or threading.Event()
        self._sleep = sleep
        self.http = Http(self.opts.http, clock, self._wait)
        self.ingest = ingest or batch_ingest(store, BatchOptions(engine="inline"))
        self.after_ingest = after_ingest
        self.counters = {"cycles": 0, "polls": 0, "not_modified": 0, "poll_errors": 0,
                         "entries_new": 0, "pages_failed": 0, "stored": 0, "skipped": 0,
                         "ingest_failed": 0}
        self.started = clock()
        self._status_at = 0.0
        for spec in self.feeds:
            ws.ensure_feed(store.engine, spec.url, spec.kind, spec.every)

    # -- stopping and waiting -----------------------------------------------------------------
    def request_stop(self, *_args: object) -> None:
        """Ask the loop to stop after the request in progress (a signal handler)."""
        self.stop.set()

    def _wait(self, seconds: float) -> bool:
        if self._sleep is not None:  # tests: an injected sleep that moves their clock
            return self._sleep(seconds) or self.stop.is_set()
        return self.stop.wait(max(0.0, seconds))

    # -- one cycle ----------------------------------------------------------------------------
    def due(self) -> list[FeedSpec]:
        now = self.clock()
        states = {f["url"]: f for f in ws.feeds(self.store.engine)}
        return [s for s in self.feeds if states.get(s.url, {}).get("next_due", 0.0) <= now]

    def next_due_in(self) -> float:
        states = [f["next_due"] for f in ws.feeds(self.store.engine)
                  if f["url"] in {s.url for s in self.feeds}]
        return max(0.0, min(states, default=0.0) - self.clock())

    def cycle(self) -> int:
        """Poll every due feed once; the number of articles stored. A cycle with no feed
        due is not counted, and refreshes the status line at most once a minute."""
        due = self.due()
        if not due:
            if self.clock() - self._status_at >= 60.0:
                self.write_status("running")
            return 0
        stored = 0
        for spec in due:
            if self.stop.is_set():
                break
            stored += self.poll(spec)
        self.counters["cycles"] += 1
        self.write_status("running")
        return stored

    def poll(self, spec: FeedSpec) -> int:
        """Poll one feed: conditional GET, new entries, their pages, ingest. Never raises
        for what the feed or a page does; returns the number of articles stored."""
        engine = self.store.engine
        state = ws.feed_state(engine, spec.url) or {}
        now = self.clock()
        self.counters["polls"] += 1
        try:
            found, validators = self._read_feed(spec, state)
        except InputError as exc:
            self.counters["poll_errors"] += 1
            failures = int(state.get("failures") or 0) + 1
            delay = min(spec.every * 2 ** min(failures, 20), self.opts.max_backoff)
            ws.update_feed(engine, spec.url, failures=failures, last_status="error",
                           last_error=exc.problem[:500], last_polled=now,
                           polls=int(state.get("polls") or 0) + 1, next_due=now + delay)
            log.warning("watch: %s: %s (next try in %.0f s)", spec.url, exc.problem, delay)
            return 0
        values: dict[str, Any] = {"failures": 0, "last_error": None, "last_polled": now,
                                  "polls": int(state.get("polls") or 0) + 1,
                                  "next_due": now + spec.every}
        if found is None:
            self.counters["not_modified"] += 1
            ws.update_feed(engine, spec.url, last_status="not-modified", **values)
            return 0
        ws.update_feed(engine, spec.url, last_status="ok", kind=found.kind, **validators,
                       **values)
        return self._take(spec, found.entries)

    def _read_feed(self, spec: FeedSpec, state: dict[str, Any]
                   ) -> tuple[Found | None, dict[str, str | None]]:
        res = self.http.get(spec.url, feed=True, etag=state.get("etag"),
                            last_modified=state.get("last_modified"))
        if res.status == 304:
            return None, {}
        validators = {"etag": res.header("etag"), "last_modified": res.header("last-modified")}
        found = discover(res.body, spec.url, spec.kind)
        entries = list(found.entries)
        for child in found.sitemaps[: self.opts.max_sitemaps]:
            try:
                sub = discover(self.http.get(child, feed=True).body, child, "sitemap")
                entries.extend(sub.entries)
            except InputError as exc:
                log.warning("watch: sitemap %s: %s", child, exc.problem)
        return Found(found.kind, tuple(entries)), validators

    def _take(self, spec: FeedSpec, entries: Sequence[Entry]) -> int:
        """Fetch and ingest the entries not seen before (at most ``max_new_per_poll``)."""
        engine = self.store.engine
        by_link = {e.link: e for e in entries}
        fresh = ws.unseen(engine, list(by_link))[: self.opts.max_new_per_poll]
        articles: list[Article] = []
        marks: list[tuple[str, str, str | None, str | None]] = []
        for link in fresh:
            if self.stop.is_set():
                break
            art = self._page(by_link[link])
            if isinstance(art, InputError):
                self.counters["pages_failed"] += 1
                marks.append((link, "failed", None, art.problem[:500]))
            else:
                articles.append(art)
        results = self.ingest(articles) if articles else {}
        stored_ids = []
        for art in articles:
            link = art.url or art.id
            state, detail = results.get(link, ("failed", "not ingested"))
            self.counters["stored" if state == "stored" else
                          "skipped" if state == "skipped" else "ingest_failed"] += 1
            if state == "stored" and detail:
                stored_ids.append(detail)
            marks.append((link, state, art.id if state != "failed" else None,
                           detail if state == "failed" else None))
        now = self.clock()
        new = ws.mark_items(engine, spec.url, marks, now)
        self.counters["entries_new"] += new
        ws.add_counts(engine, spec.url, entries=new, stored=len(stored_ids))
        if stored_ids and self.after_ingest is not None:
            try:
                self.after_ingest(stored_ids)
            except Exception:  # noqa: BLE001 - an alert failure must not stop the watch
                log.exception("watch: evaluating alerts failed")
        return len(stored_ids)

    def _page(self, entry: Entry) -> Article | InputError:
        from ..ingest import read_bytes

        try:
            res = self.http.get(entry.link, feed=False)
            return read_bytes(res.body, name=entry.link, clean=self.opts.clean,
                              content_type=res.content_type, url=entry.link,
                              outlet=entry.outlet or urlsplit(entry.link).hostname,
                              published=entry.published, title=entry.title)
        except InputError as exc:
            return exc

    # -- the loop -----------------------------------------------------------------------------
    def run(self, max_cycles: int | None = None) -> dict[str, Any]:
        """Cycle until stopped (or *max_cycles* done), waiting for the next due feed in
        between. Returns the counters."""
        self.write_status("running")
        try:
            while not self.stop.is_set():
                self.cycle()
                if max_cycles is not None and self.counters["cycles"] >= max_cycles:
                    break
                self._wait(min(self.next_due_in(), self.opts.max_wait))
        except KeyboardInterrupt:
            self.stop.set()
        finally:
            self.write_status("stopped")
        return dict(self.counters)

    def write_status(self, state: str) -> None:
        data = {"state": state, "pid": os.getpid(), "host": _host(), "started": self.started,
                "updated": self.clock(), "feeds": len(self.feeds), **self.counters}
        with write_tx(self.store.engine) as conn:
            write_meta(conn, STATUS_KEY, json.dumps(data))
        self._status_at = self.clock()


def read_status(store: Store) -> dict[str, Any]:
    """The watcher's last status line (counters, state) and each feed's state."""
    with store.engine.connect() as conn:
        raw = read_meta(conn, STATUS_KEY)
    status: dict[str, Any] = json.loads(raw) if raw else {"state": "never run"}
    if status.get("state") == "running" and status.get("host") == _host() \
            and not _alive(int(status.get("pid") or 0)):
        status["state"] = "gone"  # killed without a clean stop (kill -9, a crash)
    status["items"] = ws.item_counts(store.engine)
    status["feed_states"] = ws.feeds(store.engine)
    status["failing"] = sum(1 for f in status["feed_states"] if f["failures"])
    return status


def _host() -> str:
    import socket

    return socket.gethostname()


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
