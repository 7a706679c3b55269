"""Load benchmark of the web workbench: requests/s and latency of the article and actor pages.

The server (``tealeaves serve``) runs in its own process on loopback over an existing store;
this process is the client: a bounded load loop of N requests per page kind spread over C
threads with keep-alive ``httpx`` clients, stopped early at a time limit. The baseline is a
request doing no work (``/favicon.ico``, 204) measured the same way in the same run, so the
page figures can be read as ratios against the framework's own cost on this machine.

Actor pages are cached by the app per store version; the first visit of each actor
(``actor page, first visit``) is measured separately, sequentially, before the load run.

    python benchmarks/bench_web.py --db polnear.db [--requests 400] [--concurrency 4]
        [--time-limit 60] [--out bench.json] [--screenshots docs/screenshots]

Build a PolNeAR-sized store first (the 840 train articles with outlet, date and title)::

    python benchmarks/bench_web.py --make-polnear-jsonl polnear-train.jsonl
    tealeaves ingest polnear-train.jsonl --db polnear.db
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx


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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start in 60 s")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def load(base: str, paths: list[str], *, requests: int, concurrency: int,
         time_limit: float) -> dict[str, Any]:
    """Send *requests* GETs cycling through *paths* from *concurrency* threads."""
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    lock = threading.Lock()
    deadline = time.monotonic() + time_limit

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                try:
                    r = client.get(paths[i % len(paths)])
                    ok = r.status_code == 200 or (r.status_code == 204 and paths[0] == "/favicon.ico")
                except httpx.HTTPError:
                    ok = False
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    if not ok:
                        errors += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return summarise(latencies, wall, errors)


def summarise(latencies: list[float], wall: float, errors: int) -> dict[str, Any]:
    n = len(latencies)
    return {
        "requests": n, "errors": errors, "seconds": round(wall, 2),
        "requests_per_s": round(n / wall, 1) if wall else None,
        "p50_ms": round(1000 * percentile(latencies, 50), 1),
        "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "p99_ms": round(1000 * percentile(latencies, 99), 1),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
    }


def first_visits(base: str, paths: list[str]) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    t0 = time.perf_counter()
    with httpx.Client(base_url=base, timeout=60) as client:
        for p in paths:
            t = time.perf_counter()
            errors += client.get(p).status_code != 200
            latencies.append(time.perf_counter() - t)
    return summarise(latencies, time.perf_counter() - t0, errors)


def shrink(path: Path) -> None:
    """Re-save a screenshot as a 256-colour PNG (a third of the size, same legibility)."""
    from PIL import Image

    with Image.open(path) as im:
        im.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db")
    ap.add_argument("--make-polnear-jsonl", type=Path, metavar="PATH",
                    help="write the PolNeAR train articles as JSONL for `tealeaves ingest`, and exit")
    ap.add_argument("--requests", type=int, default=400, help="requests per page kind")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per page kind")
    ap.add_argument("--server-workers", type=int, default=1)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--screenshots", type=Path)
    args = ap.parse_args()
    if args.make_polnear_jsonl:
        print(f"{write_polnear_jsonl(args.make_polnear_jsonl)} articles → {args.make_polnear_jsonl}")
        return
    if not args.db:
        ap.error("--db is required")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.db, port, args.server_workers)
    try:
        t0 = time.perf_counter()  # the home page waits for the start-up cache warming
        httpx.get(base + "/", timeout=600).raise_for_status()
        warm_s = round(time.perf_counter() - t0, 1)
        stats = httpx.get(base + "/api/stats").json()
        articles = [r["id"] for r in httpx.get(base + "/api/articles", params={"limit": 500}).json()["articles"]]
        actors = [r["slug"] for r in httpx.get(base + "/api/actors", params={"limit": 200}, timeout=60).json()["actors"]]
        groups = httpx.get(base + "/api/claims", params={"limit": 5}, timeout=300).json()["groups"]
        article_paths = [f"/articles/{a}" for a in articles]
        actor_paths = [f"/actors/{s}" for s in actors]
        results: dict[str, Any] = {
            "store": stats, "requests_per_kind": args.requests, "concurrency": args.concurrency,
            "server_workers": args.server_workers, "first_home_page_s": warm_s, "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        }
        results["actor page, first visit"] = first_visits(base, actor_paths[:50])
        load(base, ["/favicon.ico"], requests=50, concurrency=2, time_limit=10)  # warm-up
        kinds = {
            "baseline (/favicon.ico, 204)": ["/favicon.ico"],
            "article page": article_paths,
            "article JSON (/api/articles/{id})": [f"/api/articles/{a}" for a in articles],
            "actor page (cached)": actor_paths,
        }
        for name, paths in kinds.items():
            results[name] = load(base, paths, requests=args.requests,
                                 concurrency=args.concurrency, time_limit=args.time_limit)
        base_rps = results["baseline (/favicon.ico, 204)"]["requests_per_s"] or 1
        for name in list(kinds)[1:]:
            results[name]["ratio_to_baseline_rps"] = round(results[name]["requests_per_s"] / base_rps, 3)
        if args.screenshots:
            group = f"/claims/{groups[0]['id']}" if groups else None
            results["screenshots"] = screenshots(base, args.screenshots, article_paths[0],
                                                 actor_paths[0], group)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
