"""The on-disk ANN claim index (store option claim_index="ann") groups claims as the exact
index does on a synthetic corpus, survives a reopen and a re-analysis, and flushes its tail
into memory-mapped segments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from tealeaves.model import Analysis, Article, Claim, Source
from tealeaves.store import Store, open_store
from tealeaves.store import schema as s

pytest.importorskip("usearch")

WORDS = "budget reform treaty border tariff court ruling election coalition agency".split()


def _corpus(n_articles: int, seed: int = 3) -> list[tuple[Analysis, dict[str, bytes]]]:
    """Articles of three claims each; claims are noisy copies of 20 story vectors, so some
    pairs of different articles pass the linking threshold and most do not."""
    rng = np.random.default_rng(seed)
    stories = rng.normal(size=(20, 384)).astype(np.float32)
    out = []
    for a in range(n_articles):
        parts, vecs = [], {}
        for j in range(3):
            story = int(rng.integers(20))
            words = " ".join(WORDS[(story + k) % len(WORDS)] for k in range(4))
            parts.append(f"Officials said the {words} story {story} went on {a}-{j}.")
            sigma = rng.uniform(0.15, 0.45)  # pair cosines around the 0.88 threshold
            v = stories[story] + rng.normal(scale=sigma, size=384).astype(np.float32)
            vecs[f"c{j}"] = (v / np.linalg.norm(v)).astype(np.float16).tobytes()
        text = " ".join(parts)
        art = Article.from_text(text, outlet=f"Outlet {a % 4}", published="2026-01-01")
        claims, at = [], 0
        for j, p in enumerate(parts):
            start = text.index(p, at) + len("Officials said ")
            end = text.index(p, at) + len(p) - 1
            at = end
            claims.append(Claim(id=f"c{j}", start=start, end=end, text=text[start:end],
                                quote=False, source=Source(kind="anonymous", text="Officials")))
        out.append((Analysis(article=art, claims=tuple(claims)), vecs))
    return out


def _groups(store: Store) -> set[frozenset[str]]:
    c = s.claims
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.c.article_id, c.c.claim_id, c.c.component)
                            .where(c.c.component.is_not(None), c.c.in_group.is_(True))).all()
    by: dict[str, set[str]] = {}
    for aid, cid, comp in rows:
        by.setdefault(comp, set()).add(f"{aid}:{cid}")
    return {frozenset(v) for v in by.values() if len(v) > 1}


def _fill(store: Store, corpus: list[tuple[Analysis, dict[str, bytes]]]) -> None:
    for analysis, vecs in corpus:
        store.save(analysis, claim_vectors=vecs)


def test_ann_groups_equal_exact_groups(tmp_path: Path) -> None:
    corpus = _corpus(60)
    with open_store(tmp_path / "exact.db") as exact:
        _fill(exact, corpus)
        want = _groups(exact)
    with open_store(tmp_path / "ann.db", claim_index="ann") as ann:
        ann.claim_index.segment_size = 50  # several segments and a tail
        _fill(ann, corpus)
        got = _groups(ann)
        assert len(ann.claim_index.segments) >= 2
    assert want and got == want
    assert (tmp_path / "ann.db.claim-ann" / "manifest.json").exists()


def test_ann_survives_reopen_and_reanalysis(tmp_path: Path) -> None:
    corpus = _corpus(40, seed=5)
    with open_store(tmp_path / "exact.db") as exact:
        _fill(exact, corpus)
        exact.save(corpus[0][0], claim_vectors=corpus[0][1])  # re-analysed
        want = _groups(exact)
    with open_store(tmp_path / "ann.db", claim_index="ann") as ann:
        ann.claim_index.segment_size = 30
        _fill(ann, corpus[:25])
    with open_store(tmp_path / "ann.db", claim_index="ann") as ann:  # a new process
        ann.claim_index.segment_size = 30
        _fill(ann, corpus[25:])
        ann.save(corpus[0][0], claim_vectors=corpus[0][1])
        assert _groups(ann) == want


def test_ann_needs_a_file_or_a_directory() -> None:
    with pytest.raises(ValueError, match="needs a SQLite file"):
        open_store(":memory:", claim_index="ann")
    with pytest.raises(ValueError, match="'exact' or 'ann'"):
        open_store(":memory:", claim_index="fast")


def test_usearch_then_onnxruntime_loads_in_one_process() -> None:
    """A process that opened an ANN store may load the embedding model later (usearch 2.26
    made the onnxruntime import crash; pyproject pins the growth extra below 2.22)."""
    import subprocess
    import sys

    code = "import usearch.index, onnxruntime; print('ok')"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-500:]
