"""The watcher against a local site whose feeds change: new articles stored once, conditional
GET, resume after a restart, and feeds that are down, broken, slow, huge or busy. The
scheduler runs on an injected clock; nothing here sleeps."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.model import Article
from tealeaves.store import Store, open_store
from tealeaves.watch import FeedSpec, HttpOptions, Watcher, WatchOptions, load_config, read_status
from tealeaves.watch.config import parse_interval
from tealeaves.watch.discover import discover

from .server import Site, serve


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> bool:
        self.t += seconds
        return False


class FakeIngest:
    """Stores nothing but remembers every article handed over, like a store keyed by id."""

    def __init__(self) -> None:
        self.ids: dict[str, Article] = {}
        self.calls = 0

    def __call__(self, articles: list[Article]) -> dict[str, tuple[str, str | None]]:
        self.calls += 1
        out: dict[str, tuple[str, str | None]] = {}
        for a in articles:
            state = "skipped" if a.id in self.ids else "stored"
            self.ids.setdefault(a.id, a)
            out[a.url or a.id] = (state, a.id)
        return out


@pytest.fixture()
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "w.db") as st:
        yield st


def opts(**kw: object) -> WatchOptions:
    http = HttpOptions(timeout=2.0, host_gap=0.0, allow_private=True,
                       max_feed_bytes=int(kw.pop("max_feed_bytes", 1_000_000)))  # type: ignore[call-overload]
    return WatchOptions(http=http, **kw)  # type: ignore[arg-type]


def watcher(store: Store, feeds: list[FeedSpec], clock: Clock, ingest: FakeIngest,
            **kw: object) -> Watcher:
    return Watcher(store, feeds, opts(**kw), ingest=ingest, clock=clock, sleep=clock.sleep)


def test_new_articles_are_stored_once_and_304_costs_nothing(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1, 2, 3)
    feeds = [FeedSpec(f"{site.base}/feed.xml", 60.0), FeedSpec(f"{site.base}/sitemap.xml", 60.0)]
    w = watcher(store, feeds, clock, ingest)
    assert w.cycle() == 3  # the sitemap lists the same three pages: fetched once
    assert len(ingest.ids) == 3 and site.count("/a/1") == 1
    assert w.cycle() == 0 and site.count("/feed.xml") == 1  # not due yet
    assert w.counters["cycles"] == 1  # a cycle with nothing due is not counted
    clock.t += 61
    assert w.cycle() == 0  # due, unchanged: 304
    assert site.requests[-1][1].get("if-none-match") == '"v1"'
    assert w.counters["not_modified"] == 2
    site.publish(4)
    clock.t += 61
    assert w.cycle() == 1 and site.count("/a/4") == 1
    status = read_status(store)
    assert status["items"] == {"stored": 4} and status["stored"] == 4


def test_a_restart_resumes_from_the_store(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1, 2)
    feeds = [FeedSpec(f"{site.base}/feed.xml", 60.0)]
    watcher(store, feeds, clock, ingest).run(max_cycles=1)
    assert read_status(store)["state"] == "stopped"
    site.publish(3)
    clock.t += 61
    again = watcher(store, feeds, clock, ingest)  # a new process: state from the store
    assert again.cycle() == 1
    assert [p for p, _ in site.requests if p.startswith("/a/")] == ["/a/2", "/a/1", "/a/3"]


def test_broken_feeds_back_off_and_the_others_go_on(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1)
    site.slow_seconds = 10.0
    with socket.socket() as s:  # a port with nothing listening: a feed that is down
        s.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{s.getsockname()[1]}/feed.xml"
    bad = [down, f"{site.base}/broken.xml", f"{site.base}/huge.xml",
           f"{site.base}/slow.xml", f"{site.base}/busy.xml", f"{site.base}/missing.xml"]
    feeds = [FeedSpec(u, 60.0) for u in bad] + [FeedSpec(f"{site.base}/atom.xml", 60.0)]
    w = watcher(store, feeds, clock, ingest)
    t0 = clock.t
    assert w.cycle() == 1
    assert clock.t == t0 + 60.0  # the 503 paused the host a minute before the Atom feed
    assert w.counters["poll_errors"] == len(bad)
    states = {f["url"]: f for f in read_status(store)["feed_states"]}
    assert all(states[u]["failures"] == 1 and states[u]["last_error"] for u in bad)
    assert "limit" in states[f"{site.base}/huge.xml"]["last_error"]
    assert "timed out" in states[f"{site.base}/slow.xml"]["last_error"]
    # backoff: a failed feed waits twice its interval, a healthy one its interval
    assert states[down]["next_due"] == t0 + 120.0
    site.publish(2)
    clock.t = t0 + 120.0
    w.cycle()
    assert len(ingest.ids) == 2 and w.counters["poll_errors"] == 2 * len(bad)
    states = {f["url"]: f for f in read_status(store)["feed_states"]}
    assert states[down]["failures"] == 2  # and its backoff doubles again


def test_a_page_that_fails_is_retried_then_given_up(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1)
    w = watcher(store, [FeedSpec(f"{site.base}/feed.xml", 60.0)], clock, ingest)
    orig = site.rss
    site.rss = lambda: orig().replace(b"</channel>", (  # type: ignore[method-assign]
        f"<item><title>Gone</title><link>{site.base}/gone</link></item></channel>").encode())
    for _ in range(5):
        site.publish()  # a new ETag each time, so the feed is read again
        w.cycle()
        clock.t += 61
    assert site.count("/gone") == 3  # MAX_ATTEMPTS
    assert read_status(store)["items"] == {"failed": 1, "stored": 1}


def test_host_gap_spaces_requests_to_one_host(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1, 2, 3)
    o = opts()
    o.http.host_gap = 5.0
    w = Watcher(store, [FeedSpec(f"{site.base}/feed.xml", 60.0)], o, ingest=ingest,
                clock=clock, sleep=clock.sleep)
    start = clock.t
    w.cycle()
    assert clock.t - start == pytest.approx(15.0)  # feed, then three pages 5 s apart


def test_stop_request_ends_the_loop(site: Site, store: Store) -> None:
    clock, ingest = Clock(), FakeIngest()
    site.publish(1)
    w = watcher(store, [FeedSpec(f"{site.base}/feed.xml", 60.0)], clock, ingest)
    w.request_stop(15, None)  # as the SIGTERM handler calls it
    counters = w.run()
    assert counters["cycles"] == 0 and read_status(store)["state"] == "stopped"


def test_discover_reads_feeds_and_sitemaps(site: Site) -> None:
    site.publish(5, 6)
    found = discover(site.sitemap(), "s")
    assert found.kind == "sitemap" and [e.link for e in found.entries][-1].endswith("/a/6")
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>https://x.org/s1.xml</loc></sitemap></sitemapindex>")
    assert discover(index, "i").sitemaps == ("https://x.org/s1.xml",)
    assert discover(site.rss(), "f").entries[0].outlet == "Northland Herald"
    with pytest.raises(InputError):
        discover(b"<html>not a feed</html>", "x")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa">]>'
            b'<urlset><url><loc>&a;</loc></url></urlset>')
    assert discover(bomb, "b", "sitemap").entries == ()  # entities are not expanded


def test_config_from_yaml_and_intervals(tmp_path: Path) -> None:
    assert parse_interval("15m") == 900 and parse_interval("1.5h") == 5400
    with pytest.raises(ValueError):
        parse_interval("soon")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("every: 30m\nfeeds:\n  - https://a.org/rss\n  - url: https://b.org/map.xml\n"
                   "    every: 2h\n    kind: sitemap\nwebhook:\n  url: https://h.org/x\n")
    got = load_config([str(cfg), "https://c.org/feed"], 900.0)
    assert [(f.url, f.every, f.kind) for f in got.feeds] == [
        ("https://a.org/rss", 1800.0, "auto"), ("https://b.org/map.xml", 7200.0, "sitemap"),
        ("https://c.org/feed", 900.0, "auto")]
    assert got.webhook == {"url": "https://h.org/x"}
    cfg.write_text("feeds: 3\n")
    with pytest.raises(InputError):
        load_config([str(cfg)], 900.0)


def test_status_of_a_watcher_killed_without_a_clean_stop(site: Site, store: Store) -> None:
    import json
    import subprocess
    import sys

    from tealeaves.store.claim_index import write_meta
    from tealeaves.store.tx import write_tx
    from tealeaves.watch.run import STATUS_KEY, _host

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    with write_tx(store.engine) as conn:
        write_meta(conn, STATUS_KEY, json.dumps({"state": "running", "host": _host(),
                                                 "pid": int(gone.stdout)}))
    assert read_status(store)["state"] == "gone"
