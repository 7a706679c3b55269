"""Hand-built stores for the alert and export tests (no model: vectors are invented)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tealeaves.store import Store, open_store
from tests.store.store_factory import make_analysis

CLAIM = "the budget talks of Senator Jane Roe had collapsed"
TEXTS = [
    (f"Officials said {CLAIM}. Roe blamed the Treasury.", "Daily Example", "2016-03-07",
     "anonymous", CLAIM),
    ("Senator Jane Roe said the budget talks had collapsed. Roe blamed the Treasury again.",
     "Morning Post", "2016-03-08", "named_person", "the budget talks had collapsed"),
    (f"Word is that {CLAIM}. Roe blamed the Treasury once more.", "Evening Star",
     "2016-03-09", "rumour", CLAIM),
]


def vector(seed: int = 0) -> bytes:
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return (v / np.linalg.norm(v)).astype(np.float16).tobytes()


def filled(tmp: Path, n: int = 3) -> tuple[Store, list[str]]:
    """A store holding the first *n* articles, whose claims are one group (same vector)."""
    store = open_store(tmp / "alerts.db")
    ids = []
    for text, outlet, day, kind, claim in TEXTS[:n]:
        a = make_analysis(text, outlet=outlet, published=day, source_kind=kind,
                          claim_text=claim)
        store.save(a, claim_vectors={c.id: vector() for c in a.claims})
        ids.append(a.article.id)
    return store, ids
