"""The ANN claim index's sealed segments (tealeaves.store.ann_index): sealing, a restart,
a search across segments opened for it and kept open, and a heap bounded by the active shard
(usearch's own byte count, not the process's). Invented vectors, fixed seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from tealeaves.store import Store, open_store
from tealeaves.store import schema as s
from tealeaves.store.tx import write_tx
from tealeaves.store.watch_tables import claim_ann
from tests.store.test_ann_index import _corpus, _fill, _groups

pytest.importorskip("usearch")

DIM = 384


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def _put(store: Store, article_id: str, vecs: list[np.ndarray]) -> None:
    """Bare article and claim rows with *vecs* (float16, as stored), then the index."""
    with write_tx(store.engine) as conn:
        conn.execute(s.articles.insert().values(id=article_id, text="invented", language="en",
                                                outlet="Outlet", ingested_at="2026-12-03"))
        conn.execute(s.claims.insert(), [
            {"article_id": article_id, "claim_id": f"c{j}", "start_char": 0, "end_char": 8,
             "text": "budget reform treaty border", "quote": False,
             "source_kind": "anonymous", "n_hedges": 0,
             "vector": v.astype(np.float16).tobytes()} for j, v in enumerate(vecs)])
        store.claim_index.add_batch(conn, [(article_id, f"c{j}", v.astype(np.float16)
                                            .astype(np.float32)) for j, v in enumerate(vecs)])


def _open(path: Path, *, segment_size: int, open_segments: int) -> Store:
    store = open_store(path, claim_index="ann")
    index = store.claim_index
    index.segment_size, index.open_segments = segment_size, open_segments
    index._open()
    return store


def _fill_random(store: Store, n_articles: int, per_article: int, seed: int,
                 planted: dict[int, np.ndarray] | None = None) -> None:
    """*n_articles* of random unit vectors; article ``a`` in *planted* gets that vector as
    its claim c0."""
    rng = np.random.default_rng(seed)
    for a in range(n_articles):
        vecs = [_unit(rng.normal(size=DIM)) for _ in range(per_article)]
        if planted and a in planted:
            vecs[0] = planted[a]
        _put(store, f"a{a:04d}", vecs)


def _near(base: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return _unit(base + rng.normal(scale=0.012, size=DIM))  # cosine about 0.95


def _matches(store: Store, query: np.ndarray) -> set[str]:
    with store.engine.connect() as conn:
        found = store.claim_index.matches(query[None, :], [frozenset()], "query", conn=conn)
    return {key for _, key, _ in found}


def test_sealing_keeps_every_label_once(tmp_path: Path) -> None:
    store = _open(tmp_path / "ann.db", segment_size=100, open_segments=1)
    _fill_random(store, 25, 20, seed=1)  # 500 claims: a segment each 100, sealed on the next
    index = store.claim_index
    with store.engine.connect() as conn:
        labels = conn.execute(select(func.count()).select_from(claim_ann)).scalar()
    assert labels == 500 and len(index) == 500
    assert len(index.segments) == 4 and index.sizes == [100] * 4 and len(index.tail) == 100
    manifest = json.loads(index.manifest.read_text())
    assert manifest["watermark"] == 400 and manifest["sizes"] == [100] * 4
    from usearch.index import Index

    seen: list[int] = []
    for name in index.segments:
        seen.extend(int(k) for k in Index.restore(str(index.dir / name)).keys)
    assert sorted(seen) == list(range(400))  # each sealed label in exactly one segment
    store.close()


def _planted_store(path: Path) -> tuple[Store, np.ndarray, set[str]]:
    """Near copies of one vector in segment 0, segment 2 and the tail (segment 2 is not
    among the open views)."""
    rng = np.random.default_rng(7)
    base = _unit(rng.normal(size=DIM))
    planted = {1: _near(base, rng), 12: _near(base, rng), 29: _near(base, rng)}
    store = _open(path, segment_size=50, open_segments=1)
    _fill_random(store, 30, 10, seed=2, planted=planted)
    return store, base, {f"a{a:04d}:c0" for a in planted}


def test_search_merges_every_segment_and_the_tail(tmp_path: Path) -> None:
    store, base, want = _planted_store(tmp_path / "ann.db")
    index = store.claim_index
    assert len(index.segments) == 5 and list(index.views) == [0]
    assert _matches(store, base) == want
    assert list(index.views) == [0]  # the segments opened for the search are closed again
    store.close()


def test_restart_reopens_segments_and_rebuilds_the_tail(tmp_path: Path) -> None:
    store, base, want = _planted_store(tmp_path / "ann.db")
    before = (list(store.claim_index.segments), len(store.claim_index.tail))
    store.close()
    # a manifest written before segment sizes were recorded
    manifest = tmp_path / "ann.db.claim-ann" / "manifest.json"
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({k: v for k, v in data.items() if k != "sizes"}))
    again = open_store(tmp_path / "ann.db", claim_index="ann")
    with again.engine.connect() as conn:
        again.claim_index.load(conn)
    index = again.claim_index
    assert (list(index.segments), len(index.tail)) == before
    assert index.sizes == [50] * 5 and len(index) == 300
    assert _matches(again, base) == want
    again.close()


def _views_bytes(index: Any) -> int:
    return sum(int(v.memory_usage) for v in index.views.values())


def test_heap_is_bounded_by_the_active_shard(tmp_path: Path) -> None:
    """usearch's own count of the index's heap: with 16 segments it is no more than with 3
    (the tail's peak and the two open views), while keeping every view open would grow."""
    store = _open(tmp_path / "ann.db", segment_size=300, open_segments=2)
    index = store.claim_index
    rng = np.random.default_rng(3)
    early: list[int] = []
    late: list[int] = []
    views_at: dict[int, int] = {}
    for a in range(16 * 15 + 1):  # 20 claims an article: a segment every 15 articles
        _put(store, f"a{a:04d}", [_unit(rng.normal(size=DIM)) for _ in range(20)])
        n = len(index.segments)
        (early if n <= 3 else late).append(index.memory_bytes())
        views_at.setdefault(n, _views_bytes(index))
    assert len(index.segments) == 16 and len(index.views) == 2
    assert max(late) <= max(early)
    assert views_at[16] == views_at[3]
    every_view = sum(int(index._view(i).memory_usage) for i in range(16))
    assert every_view > 4 * views_at[16]  # what an index holding every view would add
    store.close()


def test_groups_equal_exact_with_segments_opened_per_search(tmp_path: Path) -> None:
    corpus = _corpus(50, seed=8)
    with open_store(tmp_path / "exact.db") as exact:
        _fill(exact, corpus)
        want = _groups(exact)
    with _open(tmp_path / "ann.db", segment_size=30, open_segments=1) as ann:
        _fill(ann, corpus)
        assert len(ann.claim_index.segments) >= 3 and len(ann.claim_index.views) == 1
        assert want and _groups(ann) == want


def test_open_store_passes_open_segments_to_the_index(tmp_path: Path) -> None:
    with open_store(tmp_path / "ann.db", claim_index="ann", open_segments=3) as store:
        assert store.claim_index.open_segments == 3
    with open_store(tmp_path / "ann.db", claim_index="ann") as store:
        from tealeaves.store.ann_index import OPEN_SEGMENTS

        assert store.claim_index.open_segments == OPEN_SEGMENTS
