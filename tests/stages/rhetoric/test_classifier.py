"""The technique classifier's contextual features (shared sentence encodings, memoised texts)."""

from __future__ import annotations

import numpy as np
import pytest

from tealeaves.stages.rhetoric.classifier import EMB_DIM, context_block

TEXT = "The minister denied everything. Critics called the plan a shameless betrayal of voters!"


@pytest.fixture(scope="module")
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(TEXT)


def test_context_block_reads_the_shared_sentence_encodings(doc) -> None:  # type: ignore[no-untyped-def]
    a = TEXT.index("shameless")
    b = TEXT.index("betrayal") + len("betrayal")
    block = context_block(doc, [(a, b), (a, b), (0, 12)])
    assert block.shape == (3, 2 * EMB_DIM)
    assert np.allclose(block[0], block[1])
    assert (block[:, :EMB_DIM] ** 2).sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-3)
    # the sentence half is the vector of the span's own sentence
    assert not np.allclose(block[0, EMB_DIM:], block[2, EMB_DIM:])
    assert "tealeaves.sentence_encodings" in doc.user_data  # encoded once, cached on the Doc


def test_memoised_embeddings_give_the_same_rows() -> None:
    from tealeaves.stages.rhetoric import classifier as rhetoric_model

    texts = ["a shameless betrayal", "the plan", "a shameless betrayal"]
    plain = rhetoric_model.embed_texts(texts)
    with rhetoric_model.memoised_embeddings():
        first = rhetoric_model.embed_texts(texts)
        assert rhetoric_model._memo is not None and len(rhetoric_model._memo) == 2
        again = rhetoric_model.embed_texts(texts[:1])
    assert rhetoric_model._memo is None
    assert np.allclose(first, plain, atol=1e-5)
    assert np.allclose(again[0], plain[0], atol=1e-5)


def test_dense_features_embed_only_the_texts_their_blocks_need() -> None:
    from tealeaves.stages.rhetoric import classifier as rhetoric_model
    from tealeaves.stages.rhetoric.features import span_records

    text = "They are traitors. Traitors, all of them, and cowards too."
    recs = span_records(text, [(9, 17), (19, 27)])
    with rhetoric_model.memoised_embeddings():
        x = rhetoric_model.dense_features(recs, None, ("span_text",))
        embedded = set(rhetoric_model._memo or {})
    assert x.shape == (2, EMB_DIM)
    assert embedded == {str(r["span"]) for r in recs}  # no sentence was embedded
    both = rhetoric_model.dense_features(recs, None, ("sent_text", "span_text"))
    assert np.allclose(both[:, EMB_DIM:], x, atol=1e-5)  # blocks in the order asked
