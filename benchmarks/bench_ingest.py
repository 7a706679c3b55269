"""Batch ingest benchmark on PolNeAR train articles (real multi-outlet news).

Measures, on this machine, in one process run:
- bare parse throughput: ``nlp.pipe`` over the same texts (articles/s) — the baseline;
- ingest throughput with 1 worker (in-process) and 2 workers (process pool), and the ratio
  to the bare parse;
- peak memory (driver RSS, sampled as the corpus grows: it must stay flat), and the peak RSS
  of each worker process (``VmHWM`` of the driver's child processes, polled every second);
- CPU seconds of the driver and of the workers (articles per worker CPU-second is steadier
  than wall clock on a machine shared with other jobs);
- query time of each corpus view on the resulting SQLite store (first and warm call in one
  process, and the ``claims`` command's wall time in a fresh process);
- storage size per article.

Usage: ``python benchmarks/bench_ingest.py [--n 200] [--out results.json]``;
``--make-jsonl FILE`` only writes the PolNeAR train part as JSONL (for ``make corpus-demo``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def write_polnear_jsonl(path: Path, n: int | None = None) -> int:
    """PolNeAR train articles (text, outlet, date, title) as JSONL, in metadata order."""
    rows = [r for r in csv.DictReader((POLNEAR / "metadata.tsv").open(encoding="utf-8"),
                                      delimiter="\t") if r["compartment"] == "train"]
    rows = rows[:n] if n else rows
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            text = (POLNEAR / "train" / "text" / f"{r['filename']}.txt").read_text("utf-8")
            fh.write(json.dumps({"text": text, "outlet": r["publisher"],
                                 "published": r["publication_date"], "title": r["title"]}) + "\n")
    return len(rows)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out + [g for c in out for g in _children(c)]


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) *pid* has used so far, from ``/proc/PID/stat``."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _hwm_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class WorkerPeaks:
    """Polls the peak RSS (VmHWM) and the CPU time of every descendant process while a
    batch runs (CPU time as last seen: up to a poll short of a worker's total)."""

    def __init__(self) -> None:
        import threading

        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            for pid in _children(os.getpid()):
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _hwm_mb(pid))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_s(pid))

    def __enter__(self) -> WorkerPeaks:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_parse(texts: list[str]) -> tuple[float, float]:
    """Articles/s of ``nlp.pipe`` alone: by wall clock, and by this process's CPU time
    (steadier on a machine shared with other jobs)."""
    from tealeaves.nlp import load_model

    nlp = load_model()
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=4):
        pass
    return (len(texts) / (time.perf_counter() - t0), len(texts) / (time.process_time() - c0))


def ingest(src: Path, db: Path, workers: int, n: int, chunk_size: int | None = None
           ) -> dict[str, Any]:
    from tealeaves.batch import BatchOptions, run_batch
    from tealeaves.pipeline import Options
    from tealeaves.store import open_store

    samples: list[tuple[int, float]] = []
    done = 0
    stamps: list[float] = []

    def on_event(event: str, _src: str) -> None:
        nonlocal done
        done += 1
        stamps.append(time.perf_counter())
        if done % max(1, n // 8) == 0 or done == n:
            samples.append((done, round(rss_mb(), 1)))

    opts = BatchOptions(workers=workers, pipeline=Options(check_language=True))
    if chunk_size:
        opts = replace(opts, chunk_size=chunk_size)
    c0 = time.process_time()
    with open_store(db) as store, WorkerPeaks() as peaks:
        t0 = time.perf_counter()
        rep = run_batch([src], store, opts, on_event=on_event)
    cpu = time.process_time() - c0
    # start-up: until the first chunk is stored (workers loading their models, the driver
    # its language identifier); the rate after it is what a long run tends to
    k = min(opts.chunk_size, len(stamps))
    to_first = (stamps[k - 1] - t0) if k else rep.seconds
    big = sorted((round(v, 1) for v in peaks.peaks.values() if v > 200), reverse=True)
    worker_cpu = sum(peaks.cpu[p] for p, v in peaks.peaks.items() if v > 200)
    extra = {"driver_cpu_articles_per_s": round(rep.ingested / cpu, 3)} if workers == 1 else {}
    return {**extra, "workers": workers, "driver_cpu_s": round(cpu, 2),
            "ingested": rep.ingested, "duplicates": rep.duplicates,
            "failed": len(rep.failed), "seconds": round(rep.seconds, 1),
            "articles_per_s": round(rep.ingested / rep.seconds, 3),
            "seconds_to_first_chunk": round(to_first, 2),
            "articles_per_s_after_first_chunk": round(
                (len(stamps) - k) / max(stamps[-1] - t0 - to_first, 1e-9), 3) if k else None,
            "driver_rss_mb_by_articles": samples, "driver_peak_rss_mb": round(peak_mb(), 1),
            "worker_peak_rss_mb": big, "chunk_size": opts.chunk_size,
            "worker_cpu_s": round(worker_cpu, 1),
            "articles_per_worker_cpu_s": round(rep.ingested / max(worker_cpu, 1e-9), 3)}


def time_claims_cli(db: Path) -> dict[str, float]:
    """Wall time of ``tealeaves claims --db DB --format json`` in a fresh process (imports
    included), twice."""
    import subprocess

    exe = Path(sys.executable).with_name("tealeaves")
    out = {}
    for run in ("first_s", "second_s"):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "claims", "--db", str(db), "--format", "json"], check=True,
                       stdout=subprocess.DEVNULL)
        out[run] = round(time.perf_counter() - t0, 3)
    return out


def time_views(db: Path) -> dict[str, dict[str, float]]:
    from tealeaves.corpus import actor_detail, group_claims, network, rank_actors, timeline
    from tealeaves.store import open_store

    out: dict[str, dict[str, float]] = {}
    with open_store(db) as store:
        top = rank_actors(store, limit=1)[0]["name"]
        views = {
            "stats": lambda: store.stats(),
            "articles": lambda: store.articles(limit=50),
            "search": lambda: store.search("campaign rally", limit=20),
            "actors": lambda: rank_actors(store, limit=50),
            "actor_detail": lambda: actor_detail(store, top),
            "timeline": lambda: timeline(store, top, by="week"),
            "network": lambda: network(store, limit=100),
            "claims": lambda: group_claims(store, limit=100),
        }
        for name, fn in views.items():
            t0 = time.perf_counter()
            fn()
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            fn()
            warm = time.perf_counter() - t0
            out[name] = {"first_s": round(first, 3), "warm_s": round(warm, 3)}
    return out


def db_bytes(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def _stored_vectors(store: Any, article_id: str) -> dict[str, bytes]:
    from sqlalchemy import select

    from tealeaves.store import schema as s

    with store.engine.connect() as conn:
        return {cid: bytes(v) for cid, v in conn.execute(
            select(s.claims.c.claim_id, s.claims.c.vector)
            .where(s.claims.c.article_id == article_id, s.claims.c.vector.is_not(None)))}


def copy_and_time(source_db: Path) -> dict[str, Any]:
    """Copies the analyses and claim vectors into a fresh store (grouping the claims as they
    are written, as ingest does), then times the views on the copy."""
    from tealeaves.store import open_store

    db = Path(tempfile.mkdtemp(prefix="tl-views-")) / "copy.db"
    n = 0
    with open_store(source_db) as src, open_store(db) as dst:
        offset = 0
        while batch := src.articles(limit=100, offset=offset):
            offset += len(batch)
            for row in batch:
                an = src.get(row["id"])
                if an is not None:
                    dst.save(an, duplicate_of=row["duplicate_of"],
                             claim_vectors=_stored_vectors(src, row["id"]))
                    n += 1
    return {"articles": n, "db_bytes_per_article": round(db_bytes(db) / max(1, n)),
            "views": time_views(db), "claims_cli": time_claims_cli(db),
            "load_avg": os.getloadavg()[0]}


def _cpu() -> float:
    return time.process_time()


def _claim_vectors_fn() -> Any:
    """How this tree's worker embeds one article's claims (before it had ``embed_claims``,
    each claim text went through the encoder)."""
    try:
        from tealeaves.batch.work import RecentVectors, embed_claims
    except ImportError:
        from tealeaves.store.grouping import claim_vectors_many

        return lambda an, _doc: claim_vectors_many([an])[0]
    recent = RecentVectors()
    return lambda an, doc: embed_claims(an, doc, recent)


def _profile_articles(arts: list[Any], options: Any) -> tuple[dict[str, float], int]:
    """CPU seconds by part over *arts* (:func:`profile_worker`), and the bytes pickled."""
    import pickle

    from tealeaves.nlp import load_model
    from tealeaves.pipeline import analyze_doc
    from tealeaves.store import open_store

    parts: dict[str, float] = {}

    def add(name: str, seconds: float) -> None:
        parts[name] = parts.get(name, 0.0) + seconds

    claim_vectors = _claim_vectors_fn()
    nlp = load_model()
    db = Path(tempfile.mkdtemp(prefix="tl-prof-")) / "p.db"
    sent = 0
    with open_store(db) as store:
        for a in arts:
            c = _cpu()
            doc = nlp(a.text)
            add("parse", _cpu() - c)
            c = _cpu()
            an = analyze_doc(doc, a, options)
            add("stages (sum)", _cpu() - c)
            for k, v in an.timings.items():  # each stage's wall clock
                add(f"  {k} (wall)", v)
            c = _cpu()
            vec = claim_vectors(an, doc)
            add("claim embeddings", _cpu() - c)
            del doc
            c = _cpu()
            blob = pickle.dumps((0, [(an, vec)]), protocol=pickle.HIGHEST_PROTOCOL)
            add("pickle (worker)", _cpu() - c)
            sent += len(blob)
            c = _cpu()
            an2, vec2 = pickle.loads(blob)[1][0]
            add("unpickle (driver)", _cpu() - c)
            c = _cpu()
            store.save(an2, claim_vectors=vec2)
            add("store.save (driver)", _cpu() - c)
    return parts, sent


def profile_worker(src: Path, n_warm: int = 4) -> dict[str, Any]:
    """Where a worker's time goes, in one process, by CPU seconds (steady under shared load):
    start-up (imports and models, as a worker loads them), then per article after *n_warm*
    articles that load the stages' lazy models: the parse, each stage, the claim
    embeddings, pickling the result as the pool sends it, and on the driver's side
    unpickling and ``Store.save`` (claim grouping included) into a fresh store."""
    from tealeaves.batch.work import map_large_allocations, skip_unused_libraries
    from tealeaves.ingest import read_text  # noqa: F401 - as the driver's reader imports it

    skip_unused_libraries()
    map_large_allocations()
    c0, t0 = _cpu(), time.perf_counter()
    from tealeaves.batch.work import warm_up

    warm_up()
    startup = {"warm_up_cpu_s": round(_cpu() - c0, 2),
               "warm_up_wall_s": round(time.perf_counter() - t0, 2)}
    from tealeaves.batch import BatchOptions, analyse_and_embed
    from tealeaves.batch.sources import iter_sources
    from tealeaves.pipeline import Options

    opts = BatchOptions(pipeline=Options(check_language=True))
    arts = [a for _s, a in iter_sources([src], opts) if not isinstance(a, Exception)]
    c1 = _cpu()
    for a in arts[:n_warm]:  # the stages' models load on first use
        analyse_and_embed([a], opts.pipeline)
    startup["first_articles_cpu_s"] = round(_cpu() - c1, 2)
    startup["first_articles"] = n_warm
    parts, sent = _profile_articles(arts[n_warm:], opts.pipeline)
    k = len(arts) - n_warm
    return {"articles": k, "startup": startup, "bytes_sent_per_article": sent // max(1, k),
            "per_article_s": {name: round(v / max(1, k), 4) for name, v in parts.items()}}


def _other_modes(args: argparse.Namespace) -> int | None:
    """Run --make-jsonl, --time-views or --views if asked (the exit status), else None."""
    if args.make_jsonl:
        count = write_polnear_jsonl(args.make_jsonl, args.n if args.n > 0 else None)
        print(f"wrote {count} articles to {args.make_jsonl}", file=sys.stderr)
        return 0
    if args.time_views:
        res = {"db": str(args.time_views), "load_avg": os.getloadavg()[0],
               "db_bytes": db_bytes(args.time_views),
               "views": time_views(args.time_views),
               "claims_cli": time_claims_cli(args.time_views)}
        print(json.dumps(res, indent=2))
        return 0
    if args.views:
        res = copy_and_time(args.views)
        print(json.dumps(res, indent=2))
        if args.out:
            args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
        return 0
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="PolNeAR train articles to use")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--skip-bare", action="store_true",
                    help="skip the bare parse (so the driver never loads the language model: "
                         "its RSS is then the 2-worker driver's own)")
    ap.add_argument("--chunk-size", type=int, default=None,
                    help="articles per task sent to a worker (default: the batch default)")
    ap.add_argument("--out", type=Path, default=None, help="also write the results here")
    ap.add_argument("--views", type=Path, default=None, metavar="DB",
                    help="only copy the analyses of an existing store DB into a fresh SQLite "
                         "store (storage per article) and time the views on it")
    ap.add_argument("--time-views", type=Path, default=None, metavar="DB",
                    help="only time the views (and the claims command in a fresh process) on "
                         "the existing SQLite store DB, in place")
    ap.add_argument("--make-jsonl", type=Path, default=None, metavar="FILE",
                    help="only write the PolNeAR train part (or --n of it) as JSONL")
    ap.add_argument("--profile", action="store_true",
                    help="only profile one worker's time per article in this process (CPU "
                         "seconds by part: parse, stages, claim embeddings, pickling, the "
                         "driver's save) and its start-up, on the --n articles")
    args = ap.parse_args()
    if (done := _other_modes(args)) is not None:
        return done
    if not POLNEAR.exists():
        print(f"PolNeAR not found at {POLNEAR}", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="tl-bench-"))
    src = tmp / "polnear.jsonl"
    n = write_polnear_jsonl(src, args.n)
    if args.profile:
        res = {"load_avg_at_start": os.getloadavg()[0], **profile_worker(src),
               "load_avg_at_end": os.getloadavg()[0]}
        print(json.dumps(res, indent=2))
        return 0
    texts = [json.loads(line)["text"] for line in src.open(encoding="utf-8")]
    res: dict[str, Any] = {"articles": n, "cpus": os.cpu_count(),
                           "load_avg_at_start": os.getloadavg()[0]}
    if not args.skip_bare:
        wall, cpu = bare_parse(texts)
        res["bare_parse_articles_per_s"] = round(wall, 3)
        res["bare_parse_cpu_articles_per_s"] = round(cpu, 3)
    del texts
    res["runs"] = []
    for w in (int(x) for x in args.workers.split(",")):
        db = tmp / f"w{w}.db"
        run = ingest(src, db, w, n, args.chunk_size)
        if "bare_parse_articles_per_s" in res:
            run["ratio_to_bare_parse"] = round(
                run["articles_per_s"] / res["bare_parse_articles_per_s"], 3)
        if "driver_cpu_articles_per_s" in run and "bare_parse_cpu_articles_per_s" in res:
            run["cpu_ratio_to_bare_parse"] = round(
                run["driver_cpu_articles_per_s"] / res["bare_parse_cpu_articles_per_s"], 3)
        run["db_bytes_per_article"] = round(db_bytes(db) / max(1, run["ingested"]))
        res["runs"].append(run)
    res["driver_peak_rss_mb"] = round(peak_mb(), 1)
    view_db = tmp / f"w{int(args.workers.split(',')[0])}.db"
    res["views"] = time_views(view_db)
    res["claims_cli"] = time_claims_cli(view_db)
    res["db"] = str(view_db)
    res["load_avg_at_end"] = os.getloadavg()[0]
    text = json.dumps(res, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
