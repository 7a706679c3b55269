"""Cross-validation helpers of the rhetoric models: the decoding grid, batch decoding, the
nested choice of a setting and the cache of per-fold token probabilities."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tealeaves.evaluate.ptc import PtcArticle, si_counts
from tealeaves.stages.rhetoric.features import doc_token_features
from tealeaves.stages.rhetoric.techniques import (
    SpanFinder,
    decode_runs,
    hysteresis_runs,
    load_span_finder,
)
from tealeaves.training.rhetoric import (
    Parsed,
    ProbsCache,
    _nested_si,
    article_probs,
    crf_inputs_digest,
    decode_settings,
    grid,
    predict_spans,
    probs_cache_key,
)


def test_hysteresis_extends_confident_runs_and_drops_weak_ones() -> None:
    probs = [0.1, 0.3, 0.6, 0.35, 0.05, 0.3, 0.32, 0.0, 0.7]
    assert hysteresis_runs(probs, 0.5) == [(2, 3), (8, 9)]
    assert hysteresis_runs(probs, 0.5, 0.25) == [(1, 4), (8, 9)]  # 5-6 never reach 0.5
    assert hysteresis_runs(probs, 0.5, 0.9) == hysteresis_runs(probs, 0.5)  # low above: plain
    assert hysteresis_runs(probs, 0.2, 0.2) == [(1, 4), (5, 7), (8, 9)]
    assert hysteresis_runs([], 0.5, 0.1) == []


def test_decode_runs_with_a_low_threshold(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("They are total idiots, said nobody.")
    toks = [t for t in doc if not t.is_space]
    probs = [0.0, 0.3, 0.6, 0.7, 0.05, 0.0, 0.0, 0.0]
    (start, end, _), = decode_runs(toks, probs, 0.5, low=0.25)
    assert doc.text[start:end] == "are total idiots"


def test_grid_spans_weights_thresholds_and_low_ratios() -> None:
    settings = grid((1.0, 0.5), (0.2, 0.4), (1.0, 0.5))
    assert len(settings) == 8
    assert (0.5, 0.4, 0.2) in settings and (1.0, 0.2, 0.2) in settings


@pytest.fixture(scope="module")
def parsed(nlp):  # type: ignore[no-untyped-def]
    text = ("The corrupt regime of cowards lied again. Officials said on Monday that talks "
            "would resume. What a disgrace, a total catastrophe for the nation!")
    doc = nlp(text)
    return Parsed(PtcArticle("x", text, ((4, 29, "Name_Calling,Labeling"),)), doc)


def test_batch_decoding_matches_the_span_finder(parsed) -> None:  # type: ignore[no-untyped-def]
    shipped = load_span_finder()
    probs = article_probs(shipped, parsed)
    assert len(probs) == len(list(parsed.doc.sents))
    for w, t, lo in [(shipped.crf_weight, 0.2, 0.2), (shipped.crf_weight, 0.2, 0.08),
                     (1.0, 0.1, 0.05)]:
        finder = SpanFinder(shipped.tagger, t, 1, shipped.tokens, w, lo)
        expected = [(s, e) for s, e, _ in finder.spans(parsed.doc)]
        assert decode_settings(parsed, probs, [(w, t, lo)])[(w, t, lo)] == expected
        assert predict_spans(finder, [parsed], [(w, t, lo)])[(w, t, lo)]["x"] == expected


def test_nested_choice_uses_only_the_other_folds() -> None:
    gold = {"a": [(0, 10)], "b": [(0, 10)], "c": [(0, 10)]}
    good = {"a": [(0, 10)], "b": [(0, 10)], "c": [(0, 10)]}
    bad = {"a": [(0, 1)], "b": [(0, 1)], "c": [(20, 30)]}
    # setting A is right on a and b, setting B only on c: fold c must take A (chosen on a, b)
    counts = {
        (1.0, 0.1, 0.1): {k: si_counts(good[k] if k != "c" else bad[k], gold[k]) for k in gold},
        (1.0, 0.2, 0.2): {k: si_counts(bad[k] if k != "c" else good[k], gold[k]) for k in gold},
    }
    nested = _nested_si(counts, [["a"], ["b"], ["c"]])
    assert nested.precision == pytest.approx(2 / 3)


def test_probs_cache_round_trip_and_key_check(tmp_path: Path) -> None:
    path = tmp_path / "probs.pkl"
    probs = {"x": [(np.array([0.1, 0.9], np.float32), None)]}
    ProbsCache(path, {"folds": [[0]]}).put(0, probs)
    again = ProbsCache(path, {"folds": [[0]]})
    assert list(again.folds) == [0]
    assert np.allclose(again.folds[0]["x"][0][0], [0.1, 0.9])
    assert ProbsCache(path, {"folds": [[1]]}).folds == {}
    assert ProbsCache(None, {}).folds == {}


def test_probs_cache_key_changes_with_the_crf_features(tmp_path: Path, parsed) -> None:  # type: ignore[no-untyped-def]
    """Cached CRF marginals are not reused once the CRF's features have changed."""
    path = tmp_path / "probs.pkl"
    item = Parsed(parsed.article, parsed.doc, doc_token_features(parsed.doc), [["O"]])
    digest = crf_inputs_digest([item])
    key = probs_cache_key(["a", "b"], [[0], [1]], None, None, digest)
    ProbsCache(path, key).put(0, {"a": [(np.array([0.5], np.float32), None)]})
    assert list(ProbsCache(path, probs_cache_key(["a", "b"], [[0], [1]], None, None, digest)).folds) == [0]
    item.feats[0][0]["new_feature"] = 1.0  # what a change to doc_token_features does
    changed = crf_inputs_digest([item])
    assert ProbsCache(path, probs_cache_key(["a", "b"], [[0], [1]], None, None, changed)).folds == {}
    # and the CRF's settings are part of the key too
    assert (probs_cache_key(["a"], [[0]], {"c1": 9.0}, None, digest)
            != probs_cache_key(["a"], [[0]], None, None, digest))
