"""Claim grouping as the corpus grows: the exact in-memory index against the on-disk ANN
index (``open_store(..., claim_index="ann")``), on a simulated corpus of claim vectors.

Each article has 3 to 10 claims. Half the claims are unique (a random vector); the other
half are noisy copies of one of ``claims / 8`` "story" vectors (about four copies a story,
noise drawn so that pair cosines straddle the 0.88 near-verbatim threshold): most claims
stand alone and groups are small, as in news. Vectors are normalised and stored as float16
like real embeddings. Claims carry no actors, so the linking rule is cosine >= 0.88.

For each mode, in a fresh process, articles are saved one by one through ``Store.save``
(the real write path: SQL rows, links, components), and every ``--every`` claims it records
the mean insert time per article over the last window and the process memory (VmRSS, and
its anonymous part RssAnon: the heap; memory-mapped segment files are RssFile, the
operating system's reclaimable file cache). Then, on a sample of stored claims, the
**link recall** of the ANN store against exact search over every stored vector (brute
force, in chunks), and when both stores were built to the same size, the **pair recall**
of the groups (pairs of claims in one exact group that the ANN store also puts together).

With ``--index-only``, the ANN index alone is grown on a store of bare article and claim rows
(no analyses, links or components): the index's insert time and memory up to a million
claims, and its link recall at that size.

With ``--window W`` as well, the claims are bulk-loaded into the index (batches of about
5,000, two threads, no search: that is how a million fits in the time of a shared machine)
and only the last ``W`` claims before each mark go one article at a time through the save's
index path (seal, search, add), timed.

Usage: ``python benchmarks/bench_growth.py [--claims 100000] [--exact-claims 100000]
[--every 10000] [--sample 300] [--index-only [--window 2000]] [--out results.json]``. Needs
the ``growth`` extra.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORDS = ("budget reform treaty border tariff court ruling election coalition agency minister "
         "council parliament sanction pipeline summit").split()


def memory() -> dict[str, int]:
    """VmRSS, RssAnon and RssFile of this process, in MB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
            out[key] = int(value.split()[0]) // 1024
    return out


def articles(n_claims: int, seed: int = 11) -> Any:
    """``(Analysis, vectors)`` of the simulated corpus, streamed (a stable sequence)."""
    from tealeaves.model import Analysis, Article, Claim, Source

    rng = np.random.default_rng(seed)
    n_stories = max(10, n_claims // 8)
    made, a = 0, 0
    while made < n_claims:
        k = int(min(rng.integers(3, 11), n_claims - made))
        parts, vecs = [], {}
        for j in range(k):
            story = int(rng.integers(n_stories))
            words = " ".join(WORDS[(story + i * 5) % len(WORDS)] for i in range(4))
            parts.append(f"Officials said {words} {story} went on {a}-{j}.")
            if rng.random() < 0.5:
                v = rng.normal(size=384)
            else:
                # each story's vector drawn from its own seed, so that no story matrix
                # (190 MB at a million claims) sits in the benchmark's heap
                base = np.random.default_rng([seed + 1, story]).normal(size=384)
                v = base + rng.normal(scale=rng.uniform(0.15, 0.6), size=384)
            vecs[f"c{j}"] = (v / np.linalg.norm(v)).astype(np.float16).tobytes()
        text = " ".join(parts)
        claims, at = [], 0
        for j, p in enumerate(parts):
            s0 = text.index(p, at)
            start, end = s0 + len("Officials said "), s0 + len(p) - 1
            at = end
            claims.append(Claim(id=f"c{j}", start=start, end=end, text=text[start:end],
                                quote=False, source=Source(kind="anonymous", text="Officials")))
        art = Article.from_text(text, outlet=f"Outlet {a % 50}", published="2026-01-01")
        yield Analysis(article=art, claims=tuple(claims)), vecs
        made += k
        a += 1


def build(db: Path, mode: str, n_claims: int, every: int) -> dict[str, Any]:
    """Fill a store of *n_claims* in *mode*; the growth curve."""
    from tealeaves.store import open_store

    curve = []
    store = open_store(db, claim_index=mode)
    done, n_art, t_window, a_window = 0, 0, 0.0, 0
    next_mark = every
    t_all = time.perf_counter()
    for analysis, vecs in articles(n_claims):
        t0 = time.perf_counter()
        store.save(analysis, claim_vectors=vecs)
        t_window += time.perf_counter() - t0
        a_window += 1
        n_art += 1
        done += len(analysis.claims)
        if done >= next_mark:
            curve.append({"claims": done, "articles": n_art,
                          "ms_per_article": round(1000 * t_window / a_window, 2), **memory()})
            print(mode, curve[-1], file=sys.stderr, flush=True)
            t_window, a_window = 0.0, 0
            next_mark += every
    store.close()
    return {"mode": mode, "claims": done, "articles": n_art,
            "seconds": round(time.perf_counter() - t_all, 1), "curve": curve}


def _stream_vectors(conn: Any, chunk: int = 20_000) -> Any:
    """``(keys, articles, float32 matrix)`` of the stored claim vectors, in chunks."""
    from sqlalchemy import select

    from tealeaves.store import schema as s
    from tealeaves.store.claim_index import to_vector

    c = s.claims
    q = select(c.c.article_id, c.c.claim_id, c.c.vector).where(c.c.vector.is_not(None))
    keys: list[str] = []
    arts: list[str] = []
    vecs: list[np.ndarray] = []
    for aid, cid, raw in conn.execution_options(stream_results=True).execute(q):
        v = to_vector(raw)
        if v is None:
            continue
        keys.append(f"{aid}:{cid}")
        arts.append(aid)
        vecs.append(v)
        if len(keys) >= chunk:
            yield keys, arts, np.vstack(vecs)
            keys, arts, vecs = [], [], []
    if keys:
        yield keys, arts, np.vstack(vecs)


def link_recall(db: Path, sample: int) -> dict[str, Any]:
    """Links the ANN index finds for sampled stored claims, against brute-force search over
    every stored vector (streamed in chunks: memory stays flat)."""
    from tealeaves.store import open_store
    from tealeaves.store.claim_index import EMB_NEAR_VERBATIM

    store = open_store(db, claim_index="ann")
    index = store.claim_index
    with store.engine.connect() as conn:
        index.load(conn)
        total = sum(len(k) for k, _, _ in _stream_vectors(conn))
        rng = np.random.default_rng(5)
        picks = set(rng.choice(total, size=min(sample, total), replace=False).tolist())
        q_keys, q_arts, q_vecs, at = [], [], [], 0
        for keys, arts, mat in _stream_vectors(conn):
            for j in range(len(keys)):
                if at + j in picks:
                    q_keys.append(keys[j])
                    q_arts.append(arts[j])
                    q_vecs.append(mat[j])
            at += len(keys)
        queries = np.vstack(q_vecs)
        exact: list[set[str]] = [set() for _ in q_keys]
        for keys, arts, mat in _stream_vectors(conn):
            for i, j in zip(*np.nonzero(queries @ mat.T >= EMB_NEAR_VERBATIM), strict=True):
                if arts[j] != q_arts[i]:
                    exact[i].add(keys[j])
        found = want = 0
        t = 0.0
        for i in range(len(q_keys)):
            t0 = time.perf_counter()
            got = {k for _, k, _ in index.matches(queries[i:i + 1], [frozenset()], q_arts[i],
                                                  conn=conn)}
            t += time.perf_counter() - t0
            want += len(exact[i])
            found += len(exact[i] & got)
    store.close()
    n = len(q_keys)
    return {"sample": n, "stored_claims": total, "exact_links": want, "ann_found": found,
            "link_recall": round(found / want, 4) if want else None,
            "ms_per_query": round(1000 * t / max(1, n), 2)}


def pair_recall(exact_db: Path, ann_db: Path, sample: int) -> dict[str, Any]:
    """Of the claim pairs one exact group holds (sampled groups), the share the ANN store
    also puts in one group; and the share of ANN pairs the exact store also holds."""
    from sqlalchemy import create_engine, select

    from tealeaves.store import schema as s

    def groups(db: Path) -> dict[str, str]:
        eng = create_engine(f"sqlite:///{db}")
        c = s.claims
        with eng.connect() as conn:
            rows = conn.execute(select(c.c.article_id, c.c.claim_id, c.c.component)
                                .where(c.c.component.is_not(None), c.c.in_group.is_(True)))
            out = {f"{a}:{b}": comp for a, b, comp in rows}
        eng.dispose()
        return out

    ex, an = groups(exact_db), groups(ann_db)
    rng = np.random.default_rng(9)

    def recall(a: dict[str, str], b: dict[str, str]) -> float | None:
        by: dict[str, list[str]] = {}
        for k, comp in a.items():
            by.setdefault(comp, []).append(k)
        comps = [v for v in by.values() if len(v) > 1]
        hit = tot = 0
        for i in rng.choice(len(comps), size=min(sample, len(comps)), replace=False):
            members = comps[i]
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    tot += 1
                    p, q = b.get(members[x]), b.get(members[y])
                    hit += p is not None and p == q
        return round(hit / tot, 4) if tot else None

    return {"exact_grouped": len(ex), "ann_grouped": len(an), "pair_recall": recall(ex, an),
            "pair_precision": recall(an, ex)}


def _insert_rows(conn: Any, batch: list[tuple[Any, dict[str, bytes]]], now: str) -> None:
    """The bare article and claim rows of *batch* (no analysis, links or components)."""
    from tealeaves.store import schema as s

    conn.execute(s.articles.insert(), [
        {"id": a.article.id, "text": a.article.text, "language": "en",
         "outlet": a.article.outlet, "ingested_at": now} for a, _ in batch])
    conn.execute(s.claims.insert(), [
        {"article_id": a.article.id, "claim_id": c.id, "start_char": c.start,
         "end_char": c.end, "text": c.text, "quote": False, "source_kind": "anonymous",
         "n_hedges": 0, "vector": vecs[c.id]} for a, vecs in batch for c in a.claims])


def _bulk(store: Any, batch: list[tuple[Any, dict[str, bytes]]], now: str) -> None:
    """Store *batch* and index its claims in one call (the index's threads: 2)."""
    from tealeaves.store.claim_index import to_vector
    from tealeaves.store.tx import write_tx

    if not batch:
        return
    with write_tx(store.engine) as conn:
        _insert_rows(conn, batch, now)
        store.claim_index.add_batch(conn, [(a.article.id, c.id, to_vector(vecs[c.id]))
                                           for a, vecs in batch for c in a.claims])
    batch.clear()


def _timed(store: Any, analysis: Any, vecs: dict[str, bytes], now: str) -> float:
    """One article through the save's index path (seal, search, add); the index's seconds."""
    from tealeaves.store.claim_index import claim_key, to_vector
    from tealeaves.store.tx import write_tx

    index, art = store.claim_index, analysis.article
    with write_tx(store.engine) as conn:
        _insert_rows(conn, [(analysis, vecs)], now)
        t0 = time.perf_counter()
        index.prepare(conn)
        mat = np.vstack([to_vector(vecs[c.id]) for c in analysis.claims])
        index.matches(mat, [frozenset()] * len(mat), art.id, conn=conn)
        index.add_all([claim_key(art.id, c.id) for c in analysis.claims], art.id,
                      [frozenset()] * len(mat), list(mat), conn=conn)
        return time.perf_counter() - t0


def build_index_only(db: Path, n_claims: int, every: int, window: int) -> dict[str, Any]:
    """The ANN index alone, on a real store of bare article and claim rows. With *window*
    0 every article goes through the save's index path (seal, search, add) one by one;
    otherwise the claims are bulk-loaded (batches of about 5,000, two threads, no search)
    and only the last *window* claims before each mark go through that path and are timed."""
    from datetime import UTC, datetime

    from tealeaves.store import open_store

    store = open_store(db, claim_index="ann")
    index = store.claim_index
    index.threads = 2
    now = datetime.now(UTC).isoformat(timespec="seconds")
    curve, done, n_art, t_index, a_window = [], 0, 0, 0.0, 0
    next_mark = every
    batch: list[tuple[Any, dict[str, bytes]]] = []
    n_batch = 0
    t_all = time.perf_counter()
    for analysis, vecs in articles(n_claims):
        if window and done + len(analysis.claims) < next_mark - window:
            batch.append((analysis, vecs))
            n_batch += len(analysis.claims)
            if n_batch >= 5_000:
                _bulk(store, batch, now)
                n_batch = 0
        else:
            _bulk(store, batch, now)
            n_batch = 0
            t_index += _timed(store, analysis, vecs, now)
            a_window += 1
        n_art += 1
        done += len(analysis.claims)
        if done >= next_mark:
            curve.append({"claims": done, "articles": n_art, "timed_articles": a_window,
                          "index_ms_per_article": round(1000 * t_index / a_window, 2),
                          "segments": len(index.segments),
                          "index_heap_mb": round(index.memory_bytes() / 2**20, 2),
                          "disk_mb": round(sum(p.stat().st_size for p in index.dir.iterdir())
                                           / 2**20, 1), **memory()})
            print("ann-index", curve[-1], file=sys.stderr, flush=True)
            t_index, a_window = 0.0, 0
            next_mark += every
    _bulk(store, batch, now)
    store.close()
    return {"mode": "ann-index", "claims": done, "articles": n_art,
            "seconds": round(time.perf_counter() - t_all, 1), "curve": curve}


def search_times(db: Path, open_segments: list[int], n_articles: int = 300) -> list[dict[str, Any]]:
    """On a built ANN store: the search time per simulated article (3 to 10 stored vectors
    as queries) and the index's heap, for each number of segment views kept open."""
    from tealeaves.store import open_store

    out = []
    for n_open in open_segments:
        store = open_store(db, claim_index="ann")
        index = store.claim_index
        index.open_segments = n_open
        rng = np.random.default_rng(13)
        with store.engine.connect() as conn:
            index.load(conn)
            pool = np.vstack([mat for _, _, mat in itertools.islice(_stream_vectors(conn), 3)])
            t = 0.0
            for _ in range(n_articles):
                queries = pool[rng.choice(len(pool), size=int(rng.integers(3, 11)))]
                t0 = time.perf_counter()
                index.matches(queries, [frozenset()] * len(queries), "probe", conn=conn)
                t += time.perf_counter() - t0
        out.append({"open_segments": n_open, "segments": len(index.segments),
                    "ms_per_article": round(1000 * t / n_articles, 2),
                    "index_heap_mb": round(index.memory_bytes() / 2**20, 2), **memory()})
        print("search", out[-1], file=sys.stderr, flush=True)
        store.close()
    return out


def _child(args: argparse.Namespace) -> None:
    if args.child == "search":
        print(json.dumps(search_times(Path(args.db), args.open_segments)))
        return
    if args.child == "ann-index":
        result = build_index_only(Path(args.db), args.claims, args.every, args.window)
        result["recall"] = link_recall(Path(args.db), args.sample)
        print(json.dumps(result))
        return
    result = build(Path(args.db), args.child, args.claims, args.every)
    if args.child == "ann":
        result["recall"] = link_recall(Path(args.db), args.sample)
        result["disk_mb"] = round(sum(p.stat().st_size for p in
                                      Path(f"{args.db}.claim-ann").iterdir()) / 2**20, 1)
    print(json.dumps(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=100_000, help="Claims in the ANN store.")
    ap.add_argument("--exact-claims", type=int, default=None,
                    help="Claims in the exact store (default: --claims; 0 skips it).")
    ap.add_argument("--every", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--dir", type=Path, default=None, help="Where the stores go.")
    ap.add_argument("--index-only", action="store_true",
                    help="Only the ANN index on a store of bare article and claim rows (no "
                         "links, components or analyses): reaches a million claims sooner.")
    ap.add_argument("--window", type=int, default=0,
                    help="With --index-only: bulk-load, and time only the last WINDOW claims "
                         "before each mark through the save's index path (0: time them all).")
    ap.add_argument("--search-only", type=Path, default=None, metavar="DB",
                    help="Only time the search of an ANN store built before, for each number "
                         "of open segment views in --open-segments.")
    ap.add_argument("--recall-only", type=Path, default=None, metavar="DB",
                    help="Only measure the link recall of an ANN store built before.")
    ap.add_argument("--open-segments", type=lambda v: [int(x) for x in v.split(",")],
                    default=[8], help="Comma-separated counts for --search-only.")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--db", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args)
        return
    if args.recall_only:
        print(json.dumps(link_recall(args.recall_only, args.sample), indent=2))
        return
    if args.search_only:
        print(json.dumps(search_times(args.search_only, args.open_segments), indent=2))
        return
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-growth-"))
    n_exact = args.claims if args.exact_claims is None else args.exact_claims
    if args.index_only:
        n_exact = 0
    results: dict[str, Any] = {"claims": args.claims, "exact_claims": n_exact}
    modes = [("ann-index", args.claims)] if args.index_only else [("exact", n_exact),
                                                                   ("ann", args.claims)]
    for mode, n in modes:
        if not n:
            continue
        db = work / f"{mode}.db"
        cmd = [sys.executable, __file__, "--child", mode, "--db", str(db), "--claims", str(n),
               "--every", str(args.every), "--sample", str(args.sample),
               "--window", str(args.window)]
        out = subprocess.run(cmd, capture_output=False, stdout=subprocess.PIPE, text=True,
                             check=True)
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    if n_exact == args.claims and n_exact:
        results["groups"] = pair_recall(work / "exact.db", work / "ann.db", args.sample)
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
