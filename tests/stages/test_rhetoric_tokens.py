"""MiniLM token states for span identification, and the contextual technique features."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tealeaves.stages.rhetoric import SI_META, SI_TOKENS, load_span_finder, mix, model_dir
from tealeaves.stages.rhetoric_features import sentence_units
from tealeaves.stages.rhetoric_model import EMB_DIM, context_block
from tealeaves.stages.rhetoric_tokens import DIM, TokenScorer, token_states, unit_features

TEXT = "The minister denied everything. Critics called the plan a shameless betrayal of voters!"


@pytest.fixture(scope="module")
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(TEXT)


def test_token_states_align_with_the_crf_units(doc) -> None:  # type: ignore[no-untyped-def]
    units = sentence_units(doc)
    states = token_states(doc, units)
    assert len(states) == len(units) == 2
    for toks, (s, v) in zip(units, states, strict=True):
        assert s.shape == (len(toks), DIM)
        assert v.shape == (DIM,)
        assert np.abs(s).sum(axis=1).min() > 0  # every token has a state
        assert float(np.linalg.norm(v)) == pytest.approx(1.0, abs=1e-3)
    # contextual: the same word in two sentences gets different states
    the = [s[i] for toks, (s, _v) in zip(units, states, strict=True)
           for i, t in enumerate(toks) if t.lower_ == "the"]
    assert len(the) == 2 and not np.allclose(the[0], the[1])


def test_unit_features_state_window_and_sentence_vector() -> None:
    states = np.arange(5 * 4, dtype=np.float32).reshape(5, 4)
    vec = np.ones(4, dtype=np.float32)
    x = unit_features(states, vec)
    assert x.shape == (5, 12)
    assert np.allclose(x[:, :4], states)
    assert np.allclose(x[0, 4:8], states[:3].mean(axis=0))  # window clipped at the start
    assert np.allclose(x[2, 4:8], states.mean(axis=0))
    assert np.allclose(x[:, 8:], 1.0)


def test_token_scorer_fits_saves_and_loads(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 6)).astype(np.float32)
    y = x[:, 0] + 0.1 * rng.normal(size=400) > 0
    scorer = TokenScorer.fit([x[:200], x[200:]], [y[:200], y[200:]], c=1.0, seed=0)
    p = scorer.proba(x)
    assert ((p > 0.5) == y).mean() > 0.9
    scorer.save(str(tmp_path / "t.npz"))
    again = TokenScorer.load(str(tmp_path / "t.npz"))
    assert np.allclose(again.proba(x), p, atol=1e-5)


def test_mix_weights_crf_and_token_probabilities() -> None:
    crf = np.array([0.2, 0.8])
    tok = np.array([0.6, 0.0])
    assert np.allclose(mix(crf, tok, 0.75), [0.3, 0.6])
    assert np.allclose(mix(crf, None, 0.5), crf)
    assert np.allclose(mix(crf, tok, 1.0), crf)


def test_shipped_span_finder_matches_its_meta() -> None:
    meta = json.loads((model_dir() / SI_META).read_text(encoding="utf-8"))
    finder = load_span_finder()
    assert finder.crf_weight == pytest.approx(meta.get("crf_weight", 1.0))
    assert finder.threshold == pytest.approx(meta["threshold"])
    assert (finder.tokens is not None) == (finder.crf_weight < 1.0)
    assert (model_dir() / SI_TOKENS).is_file() == (finder.tokens is not None)


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
    from tealeaves.stages import rhetoric_model

    texts = ["a shameless betrayal", "the plan", "a shameless betrayal"]
    plain = rhetoric_model.embed_texts(texts)
    with rhetoric_model.memoised_embeddings():
        first = rhetoric_model.embed_texts(texts)
        assert rhetoric_model._memo is not None and len(rhetoric_model._memo) == 2
        again = rhetoric_model.embed_texts(texts[:1])
    assert rhetoric_model._memo is None
    assert np.allclose(first, plain, atol=1e-5)
    assert np.allclose(again[0], plain[0], atol=1e-5)
