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


def _fake_states(doc, layer: int = 4):  # type: ignore[no-untyped-def]
    """Tagger states whose value at a piece is (piece index, 1, 0, …), kept in *doc*."""
    from tealeaves.stages.rhetoric.encoder import STATES_KEY, TaggerStates, article_pieces

    _ids, offsets = article_pieces(TEXT)
    rows = np.zeros((len(offsets), EMB_DIM), dtype=np.float32)
    rows[:, 0] = np.arange(len(offsets))
    rows[:, 1] = 1.0
    doc.user_data[STATES_KEY] = TaggerStates(offsets, {layer: rows})
    return offsets


def test_tagger_blocks_pool_the_taggers_states(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.classifier import known_block, tagger_block

    doc = nlp(TEXT)
    with pytest.raises(ValueError, match="tagger's states"):
        tagger_block(doc, [(0, 3)], "tag4_span")
    offsets = _fake_states(doc)
    a, b = TEXT.index("shameless"), TEXT.index("betrayal") + len("betrayal")
    spans = [(a, b), (TEXT.index("Critics"), TEXT.index("Critics") + 7), (0, 12)]
    span = tagger_block(doc, spans, "tag4_span")
    hit = np.flatnonzero((offsets[:, 0] < b) & (offsets[:, 1] > a))
    want = np.zeros(EMB_DIM)
    want[:2] = [hit.mean(), 1.0]
    assert np.allclose(span[0], want / np.linalg.norm(want), atol=1e-6)
    sent = tagger_block(doc, spans, "tag4_sent")
    assert np.allclose(sent[0], sent[1]) and not np.allclose(sent[0], sent[2])  # own sentence
    edges = tagger_block(doc, spans, "tag4_edges")
    assert edges.shape == (3, 2 * EMB_DIM)
    first, last = edges[0, :EMB_DIM], edges[0, EMB_DIM:]
    assert first[0] / first[1] == pytest.approx(hit[0]) and last[0] / last[1] == pytest.approx(hit[-1])
    with pytest.raises(ValueError, match="tag6_span"):
        tagger_block(doc, spans, "tag6_span")  # no such layer kept
    assert known_block("tag6_edges") and known_block("sent_vec")
    assert not known_block("tag7_span") and not known_block("tag4_words")


def test_a_classifier_on_tagger_blocks_fits_and_predicts(nlp) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.classifier import TechniqueClassifier

    doc = nlp(TEXT)
    _fake_states(doc)
    a, b = TEXT.index("shameless"), TEXT.index("betrayal") + len("betrayal")
    spans = [(a, b), (0, 12), (TEXT.index("plan"), TEXT.index("plan") + 4)]
    labels = ["Loaded_Language", "Doubt", "Name_Calling,Labeling"]
    clf = TechniqueClassifier(emb_weight=1.0, emb_blocks=("tag4_span", "tag4_sent"))
    assert clf.needs_context
    clf.fit([(TEXT, spans, labels, doc)] * 2)  # twice: the vectorisers keep terms seen twice
    probs = clf.predict_proba(TEXT, spans, doc)
    assert probs.shape == (3, 3)
    assert [clf.classes[i] for i in probs.argmax(axis=1)] == labels
    with pytest.raises(ValueError, match="unknown embedding blocks"):
        TechniqueClassifier(emb_blocks=("tag9_span",))
