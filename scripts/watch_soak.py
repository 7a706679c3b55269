"""Soak test of ``tealeaves watch``: run the watcher for a given time against a local site
whose feeds change, and report what it stored, the duplicates it skipped, and its memory.

The site (``tests/watch/server.py``) publishes a new invented article every
``--publish-every`` seconds in an RSS feed, an Atom feed and a sitemap (so every article is
listed three times), republishes every fifth article under a second URL (the same text: a
duplicate the store must skip), and a second local host serves broken, slow, huge, 503
and missing feeds beside them.
The watcher runs in this process with the real pipeline (inline: the models load once), so
the memory sampled every ``--sample-every`` seconds (VmRSS) is the watcher's and the
models'. At the end it checks that every article published before the last poll is stored
exactly once.

Usage: ``python scripts/watch_soak.py --minutes 60 [--out soak.json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


def _publisher(site: Any, every: float, stop: threading.Event) -> None:
    n = 0
    while not stop.wait(every):
        n += 1
        site.publish(n)
        if n % 5 == 0:
            site.copy(n - 2)


def soak(minutes: float, publish_every: float, poll_every: float, sample_every: float,
         db: Path) -> dict[str, Any]:
    from tests.watch.server import serve

    from tealeaves.batch import BatchOptions
    from tealeaves.pipeline import Options
    from tealeaves.store import open_store
    from tealeaves.watch import (
        FeedSpec,
        HttpOptions,
        Watcher,
        WatchOptions,
        batch_ingest,
        read_status,
    )

    samples: list[dict[str, Any]] = []
    # the hostile feeds on a second host: a 503 pauses its whole host, as it should
    with serve() as site, serve() as bad, open_store(db) as store:
        bad.slow_seconds = 10.0
        bad.huge_bytes = 30_000_000
        feeds = [FeedSpec(f"{site.base}/{p}", poll_every) for p in (
            "feed.xml", "atom.xml", "sitemap.xml")]
        feeds += [FeedSpec(f"{bad.base}/{p}", poll_every) for p in (
            "broken.xml", "slow.xml", "huge.xml", "busy.xml", "missing.xml")]
        opts = WatchOptions(http=HttpOptions(timeout=3.0, host_gap=0.1, allow_private=True,
                                             max_feed_bytes=5_000_000), max_wait=1.0)
        ingest = batch_ingest(store, BatchOptions(engine="inline",
                                                  pipeline=Options(check_language=True)))
        watcher = Watcher(store, feeds, opts, ingest=ingest)
        stop = threading.Event()
        pub = threading.Thread(target=_publisher, args=(site, publish_every, stop), daemon=True)
        runner = threading.Thread(target=watcher.run, daemon=True)
        t0 = time.monotonic()
        pub.start()
        runner.start()
        while time.monotonic() - t0 < minutes * 60:
            time.sleep(sample_every)
            st = watcher.counters
            samples.append({"s": round(time.monotonic() - t0), "rss_mb": rss_mb(),
                            "published": len(site.published), "stored": st["stored"],
                            "skipped": st["skipped"], "poll_errors": st["poll_errors"]})
            print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
        stop.set()
        published_at_stop = len(site.published)
        # let the watcher see everything published, then stop it
        deadline = time.monotonic() + 10 * poll_every + 300
        while time.monotonic() < deadline and store.stats()["analyses"] < published_at_stop:
            time.sleep(1)
        watcher.request_stop()
        runner.join(timeout=600)
        status = read_status(store)
        stats = store.stats()
    rss = [x["rss_mb"] for x in samples]
    half = rss[len(rss) // 2:] or rss
    return {"minutes": minutes, "published": published_at_stop,
            "copies_published": len(site.copies), "stored_articles": stats["analyses"],
            "stored_once": stats["analyses"] == published_at_stop,
            "duplicates_skipped": status["items"].get("skipped", 0),
            "entries": status["items"], "counters": {k: status[k] for k in (
                "cycles", "polls", "not_modified", "poll_errors", "stored", "skipped",
                "pages_failed", "ingest_failed")},
            "rss_mb": {"first": rss[0] if rss else None, "max": max(rss, default=None),
                       "second_half_min": min(half, default=None),
                       "second_half_max": max(half, default=None), "last": rss[-1] if rss else None},
            "samples": samples}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=60.0)
    ap.add_argument("--publish-every", type=float, default=20.0)
    ap.add_argument("--poll-every", type=float, default=30.0)
    ap.add_argument("--sample-every", type=float, default=30.0)
    ap.add_argument("--db", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="soak-")) / "soak.db"
    result = soak(args.minutes, args.publish_every, args.poll_every, args.sample_every, db)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
