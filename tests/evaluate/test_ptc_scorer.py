"""The SemEval-2020 Task 11 scorers on hand-made cases."""

from __future__ import annotations

import pytest

from tealeaves.evaluate.ptc import merge_spans, si_score, tc_micro_f1


def test_exact_match_scores_one() -> None:
    r = si_score({"a": [(10, 20), (30, 35)]}, {"a": [(10, 20), (30, 35)]})
    assert (r.precision, r.recall, r.f1) == (1.0, 1.0, 1.0)


def test_partial_overlap_gives_partial_credit() -> None:
    # predicted 10..20 (10 chars), gold 15..35 (20 chars): 5 chars in common
    r = si_score({"a": [(10, 20)]}, {"a": [(15, 35)]})
    assert r.precision == pytest.approx(5 / 10)
    assert r.recall == pytest.approx(5 / 20)
    assert r.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_one_prediction_over_two_gold_spans() -> None:
    # predicted 0..30 covers gold 0..10 and 20..30 fully: P = 20/30 over one span, R = 1
    r = si_score({"a": [(0, 30)]}, {"a": [(0, 10), (20, 30)]})
    assert r.precision == pytest.approx(20 / 30)
    assert r.recall == pytest.approx(1.0)


def test_no_overlap_scores_zero() -> None:
    r = si_score({"a": [(0, 5)]}, {"a": [(5, 10)]})
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)


def test_empty_predictions_and_empty_gold() -> None:
    assert si_score({}, {"a": [(0, 5)]}).f1 == 0.0
    assert si_score({"a": [(0, 5)]}, {}).precision == 0.0
    assert si_score({}, {}).f1 == 0.0


def test_micro_average_over_articles() -> None:
    # article a: perfect (1 span); article b: one wrong span and one missed gold span
    r = si_score({"a": [(0, 10)], "b": [(50, 60)]}, {"a": [(0, 10)], "b": [(0, 10)]})
    assert r.precision == pytest.approx(1 / 2)
    assert r.recall == pytest.approx(1 / 2)


def test_overlapping_predictions_are_merged() -> None:
    assert merge_spans([(5, 10), (0, 6), (20, 25), (25, 30), (3, 3)]) == [(0, 10), (20, 25), (25, 30)]
    r = si_score({"a": [(0, 6), (4, 10)]}, {"a": [(0, 10)]})
    assert (r.precision, r.recall) == (1.0, 1.0)


def test_tc_micro_f1_matches_duplicates_as_multisets() -> None:
    gold = [("a", 0, 5, "Doubt"), ("a", 0, 5, "Loaded_Language"), ("a", 9, 12, "Slogans")]
    pred = [("a", 0, 5, "Loaded_Language"), ("a", 0, 5, "Doubt"), ("a", 9, 12, "Repetition")]
    r = tc_micro_f1(pred, gold)
    assert r.f1 == pytest.approx(2 / 3)
    assert tc_micro_f1([], gold).f1 == 0.0


def test_si_counts_add_up_to_the_score_of_any_subset() -> None:
    from tealeaves.evaluate.ptc import si_counts, si_from_counts

    pred = {"a": [(0, 10), (40, 45)], "b": [(5, 15)], "c": []}
    gold = {"a": [(0, 20)], "b": [(10, 30), (50, 60)], "c": [(1, 2)]}
    counts = {k: si_counts(pred[k], gold[k]) for k in pred}
    assert counts["a"] == (1.0, 2, 0.5, 1)
    assert si_from_counts(counts.values()) == si_score(pred, gold)
    sub = ["a", "b"]
    assert si_from_counts(counts[k] for k in sub) == si_score(
        {k: pred[k] for k in sub}, {k: gold[k] for k in sub})
