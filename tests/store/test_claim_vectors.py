"""Claim vectors of many analyses: each distinct text through the encoder once, and every
claim given the vector its text has alone (src/tealeaves/store/grouping.py)."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves import embeddings
from tealeaves.store.grouping import claim_vectors_many
from tests.corpus.corpus_data import corroboration_set


def test_a_repeated_claim_text_is_embedded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analyses = corroboration_set()
    texts = [c.text for a in analyses for c in a.claims]
    assert len(set(texts)) < len(texts)  # the wire copy repeats its original's claim
    seen: list[str] = []
    real = embeddings.embed

    def recording(batch: list[str], batch_size: int = 32) -> np.ndarray:
        seen.extend(batch)
        return real(batch, batch_size)

    monkeypatch.setattr(embeddings, "embed", recording)
    out = claim_vectors_many(analyses)
    assert sorted(seen) == sorted(set(texts))
    assert [set(v) for v in out] == [{c.id for c in a.claims} for a in analyses]
    for a, vecs in zip(analyses, out, strict=True):
        for c in a.claims:
            alone = real([c.text])[0].astype(np.float16).tobytes()
            assert vecs[c.id] == alone
    assert claim_vectors_many([]) == []
