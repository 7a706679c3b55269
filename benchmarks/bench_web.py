"""Load benchmark of the web workbench: latency of the article page, the actor page and
``/api/articles/{id}`` under closed-loop and open-loop load, with server time split apart.

The server (``tealeaves serve``) runs in its own process on loopback over an existing
store; this process is the client (asyncio + ``httpx``, keep-alive connections). Every
run is bounded by a request count *and* a duration, and stops by itself:

* **first visits**: each page once, one at a time, before any load (nothing cached yet);
* **closed loop**: C clients (1, 8, 32), each sending its next request when the previous
  one is answered;
* **open loop**: requests sent at a fixed rate (50/s) whatever the answers; latency counts
  from the moment a request was *due*, so a server that falls behind shows it (no
  coordinated omission), and a request not answered in ``--request-timeout`` s is a
  timeout.

The baseline is ``/favicon.ico`` (a 204 doing no work), measured the same way in the same
run. The server reports where each request's time went in a ``Server-Timing`` header
(``db``: store reads, ``build``: decoding and report rendering on a cache miss, ``tpl``:
the page template, ``json``: serialising); the figures give its mean and p95 per page kind,
and the share of cache hits.

    python benchmarks/bench_web.py --db polnear.db [--rate 50] [--duration 20]
        [--requests 600] [--clients 1,8,32] [--out bench.json] [--markdown table.md]
        [--screenshots docs/screenshots]

Build a PolNeAR store first (the 840 train articles with outlet, date and title)::

    python benchmarks/bench_web.py --make-polnear-jsonl polnear-train.jsonl
    tealeaves ingest polnear-train.jsonl --db polnear.db
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

PHASES = ("db", "build", "tpl", "json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ}
    env.pop("TEALEAVES_API_TOKEN", None)
    cmd = [sys.executable, "-c", "from tealeaves.cli import main; main()", "serve", "--db", db,
           "--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start in 120 s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def server_timing(header: str) -> dict[str, Any]:
    """``db;dur=1.2, tpl;dur=0.4, cache;desc="hit"`` → ``{"db": 1.2, "tpl": 0.4, "cache": "hit"}``."""
    out: dict[str, Any] = {}
    for part in header.split(","):
        name, _, rest = part.strip().partition(";")
        key, _, value = rest.partition("=")
        if key == "dur":
            out[name] = float(value)
        elif key == "desc":
            out[name] = value.strip('"')
    return out


class Tally:
    """Latencies, failures and server timings of one run."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.timeouts = 0
        self.timings: list[dict[str, Any]] = []

    def record(self, latency: float, response: httpx.Response | None, ok_status: int) -> None:
        self.latencies.append(latency)
        if response is None:
            self.timeouts += 1
            return
        if response.status_code != ok_status:
            self.errors += 1
        self.timings.append(server_timing(response.headers.get("server-timing", "")))

    def summary(self, wall: float) -> dict[str, Any]:
        lat = self.latencies
        out: dict[str, Any] = {
            "requests": len(lat), "errors": self.errors, "timeouts": self.timeouts,
            "seconds": round(wall, 2),
            "requests_per_s": round(len(lat) / wall, 1) if wall else None,
            "p50_ms": round(1000 * percentile(lat, 50), 1),
            "p95_ms": round(1000 * percentile(lat, 95), 1),
            "p99_ms": round(1000 * percentile(lat, 99), 1),
            "max_ms": round(1000 * max(lat), 1) if lat else None,
        }
        server: dict[str, Any] = {}
        for phase in PHASES:
            values = [t.get(phase, 0.0) for t in self.timings if phase in t]
            if values:
                server[phase] = {"mean_ms": round(statistics.fmean(values), 2),
                                 "p95_ms": round(percentile(values, 95), 2), "n": len(values)}
        caches = [t["cache"] for t in self.timings if "cache" in t]
        if caches:
            server["cache_hits"] = round(sum(c == "hit" for c in caches) / len(caches), 3)
        out["server"] = server
        return out


async def _get(client: httpx.AsyncClient, path: str, timeout: float) -> httpx.Response | None:
    try:
        return await client.get(path, timeout=timeout)
    except httpx.HTTPError:
        return None


async def closed_loop(base: str, paths: list[str], *, clients: int, requests: int,
                      duration: float, timeout: float, ok: int = 200) -> dict[str, Any]:
    """*clients* loops, each sending its next GET when the last is answered; stops after
    *requests* in all or *duration* seconds."""
    tally = Tally()
    sent = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits) as client:
        async def loop() -> None:
            nonlocal sent
            while sent < requests and time.monotonic() < deadline:
                path = paths[sent % len(paths)]
                sent += 1
                t0 = time.perf_counter()
                r = await _get(client, path, timeout)
                tally.record(time.perf_counter() - t0, r, ok)

        t0 = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        return tally.summary(time.perf_counter() - t0)


async def open_loop(base: str, paths: list[str], *, rate: float, duration: float,
                    timeout: float, ok: int = 200) -> dict[str, Any]:
    """GETs due at a fixed *rate* for *duration* seconds (``rate × duration`` requests),
    each timed from when it was due; stops at most *timeout* s after the last is sent."""
    tally = Tally()
    n = max(1, int(rate * duration))
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, limits=limits) as client:
        async def one(path: str, due: float) -> None:
            r = await _get(client, path, timeout)
            tally.record(time.perf_counter() - due, r, ok)

        t0 = time.perf_counter()
        tasks = []
        for i in range(n):
            due = t0 + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(paths[i % len(paths)], due)))
        await asyncio.gather(*tasks)
        return tally.summary(time.perf_counter() - t0)


async def first_visits(base: str, paths: list[str], timeout: float) -> dict[str, Any]:
    """Each path once, one at a time: the cost of a page nobody has asked for yet."""
    tally = Tally()
    async with httpx.AsyncClient(base_url=base) as client:
        t0 = time.perf_counter()
        for p in paths:
            t = time.perf_counter()
            r = await _get(client, p, timeout)
            tally.record(time.perf_counter() - t, r, 200)
        return tally.summary(time.perf_counter() - t0)


def discover(base: str, max_articles: int, max_actors: int) -> tuple[dict[str, Any], list[str],
                                                                     list[str]]:
    """The store's stats, article ids (newest first) and the most-mentioned actors' slugs."""
    stats = httpx.get(base + "/api/stats", timeout=60).json()
    articles: list[str] = []
    while len(articles) < max_articles:
        page = httpx.get(base + "/api/articles", timeout=60,
                         params={"limit": 500, "offset": len(articles)}).json()["articles"]
        if not page:
            break
        articles += [r["id"] for r in page]
    actors = httpx.get(base + "/api/actors", params={"limit": max_actors},
                       timeout=600).json()["actors"]
    return stats, articles[:max_articles], [a["slug"] for a in actors]


def shrink(path: Path) -> None:
    """Re-save a screenshot as a 256-colour PNG (a third of the size, same legibility)."""
    from PIL import Image

    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
            path, optimize=True)


def screenshots(base: str, out: Path, article: str, actor: str, group: str | None) -> list[str]:
    """PNG screenshots of the main pages (Chromium from TEALEAVES_CHROMIUM or /usr/bin)."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("TEALEAVES_CHROMIUM", "/usr/bin/chromium")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
    out.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "article": article, "actor": actor, "claims": "/claims",
             "network": "/network", "search": "/search?q=email+server"}
    if group:
        pages["claim-group"] = group
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        page = browser.new_page(viewport={"width": 1200, "height": 780})
        for name, path in pages.items():
            page.goto(base + path)
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            shrink(target)
            written.append(str(target))
        browser.close()
    return written


def write_polnear_jsonl(out: Path) -> int:
    """The 840 PolNeAR train articles as JSONL (text, outlet, published, title) for ingest."""
    import csv

    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {r["filename"]: r for r in csv.DictReader(fh, delimiter="\t")}
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for path in sorted((root / "train" / "text").glob("*.txt")):
            m = meta[path.stem]
            fh.write(json.dumps({"text": path.read_text("utf-8"), "outlet": m["publisher"],
                                 "published": m["publication_date"], "title": m["title"]}) + "\n")
            n += 1
    return n


async def measure(base: str, kinds: dict[str, list[str]], args: argparse.Namespace
                  ) -> dict[str, Any]:
    """First visits, then closed loops and an open loop per page kind."""
    out: dict[str, Any] = {}
    for name, paths in kinds.items():
        if name.startswith("baseline"):
            continue
        out[f"{name}, first visits"] = await first_visits(
            base, paths[: args.first_visits], args.request_timeout)
    await closed_loop(base, ["/favicon.ico"], clients=2, requests=50, duration=10,
                      timeout=args.request_timeout, ok=204)  # warm-up
    for name, paths in kinds.items():
        ok = 204 if name.startswith("baseline") else 200
        runs: dict[str, Any] = {}
        for c in args.clients:
            runs[f"closed loop, {c} clients"] = await closed_loop(
                base, paths, clients=c, requests=args.requests, duration=args.duration,
                timeout=args.request_timeout, ok=ok)
        runs[f"open loop, {args.rate:g}/s"] = await open_loop(
            base, paths, rate=args.rate, duration=args.duration, timeout=args.request_timeout,
            ok=ok)
        out[name] = runs
    return out


def markdown(results: dict[str, Any]) -> str:
    """The load runs as a Markdown table."""
    lines = ["| page | run | req/s | p50 ms | p95 ms | p99 ms | errors + timeouts | "
             "server db / build / tpl / json ms (mean) | cache hits |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for name, runs in results["runs"].items():
        items = runs.items() if "requests" not in runs else [("first visits, one at a time",
                                                              runs)]
        for run, r in items:
            srv = r.get("server", {})
            phases = " / ".join(f"{srv[p]['mean_ms']:.1f}" if p in srv else "–" for p in PHASES)
            hits = srv.get("cache_hits")
            lines.append(f"| {name.replace(', first visits', '')} | {run} | {r['requests_per_s']} "
                         f"| {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
                         f"| {r['errors']} + {r['timeouts']} | {phases} "
                         f"| {'–' if hits is None else f'{hits:.0%}'} |")
    return "\n".join(lines) + "\n"


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--db")
    ap.add_argument("--make-polnear-jsonl", type=Path, metavar="PATH",
                    help="write the PolNeAR train articles as JSONL for `tealeaves ingest`, and exit")
    ap.add_argument("--rate", type=float, default=50.0, help="open-loop requests per second")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per run at most")
    ap.add_argument("--requests", type=int, default=600, help="requests per closed-loop run at most")
    ap.add_argument("--clients", default="1,8,32", help="closed-loop client counts")
    ap.add_argument("--concurrency", type=int, help="one closed-loop client count (older "
                    "spelling of --clients N)")
    ap.add_argument("--first-visits", type=int, default=2000,
                    help="pages per kind visited once before the load runs")
    ap.add_argument("--request-timeout", type=float, default=10.0)
    ap.add_argument("--max-articles", type=int, default=2000)
    ap.add_argument("--max-actors", type=int, default=200)
    ap.add_argument("--server-workers", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--markdown", type=Path)
    ap.add_argument("--screenshots", type=Path)
    args = ap.parse_args()
    args.clients = ([args.concurrency] if args.concurrency else
                    [int(c) for c in args.clients.split(",") if c.strip()])
    if not args.make_polnear_jsonl and not args.db:
        ap.error("--db is required")
    return args


def main() -> None:
    args = parse_args()
    if args.make_polnear_jsonl:
        print(f"{write_polnear_jsonl(args.make_polnear_jsonl)} articles → {args.make_polnear_jsonl}")
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.db, port, args.server_workers)
    try:
        t0 = time.perf_counter()  # the home page waits for the start-up cache warming
        httpx.get(base + "/", timeout=600).raise_for_status()
        warm_s = round(time.perf_counter() - t0, 1)
        stats, articles, actors = discover(base, args.max_articles, args.max_actors)
        kinds = {
            "baseline (/favicon.ico, 204)": ["/favicon.ico"],
            "article page": [f"/articles/{a}" for a in articles],
            "article JSON (/api/articles/{id})": [f"/api/articles/{a}" for a in articles],
            "actor page": [f"/actors/{s}" for s in actors],
        }
        results: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d %H:%M"), "store": stats,
            "pages": {k: len(v) for k, v in kinds.items()}, "server_workers": args.server_workers,
            "first_home_page_s": warm_s, "load_average_at_start": os.getloadavg(),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "command": " ".join(sys.argv),
        }
        results["runs"] = asyncio.run(measure(base, kinds, args))
        results["load_average_at_end"] = os.getloadavg()
        if args.screenshots:
            groups = httpx.get(base + "/api/claims", params={"limit": 5}, timeout=300).json()
            group = f"/claims/{groups['groups'][0]['id']}" if groups["groups"] else None
            results["screenshots"] = screenshots(base, args.screenshots, kinds["article page"][0],
                                                 kinds["actor page"][0], group)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    if args.markdown:
        args.markdown.write_text(markdown(results))


if __name__ == "__main__":
    main()
