"""`tealeaves evaluate rhetoric` on a small slice of the PTC training articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import rhetoric as command

PTC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ptc2020" / "train"


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC training data not available")
def test_tc_cross_validation_on_a_few_articles() -> None:
    result = CliRunner().invoke(
        command, ["--data", str(PTC), "--limit", "12", "--folds", "3", "--no-si", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 12
    assert 0.2 < figures["tc_micro_f1"] <= 1.0


def test_rejects_a_folder_that_is_not_ptc(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--data", str(tmp_path), "--no-si"])
    assert result.exit_code == 1
    assert "not a PTC folder" in result.output


def test_rejects_unknown_embedding_blocks() -> None:
    result = CliRunner().invoke(command, ["--no-si", "--tc-blocks", "span_text,glove"])
    assert result.exit_code == 2
    assert "--tc-blocks" in result.output


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC training data not available")
def test_span_cross_validation_without_torch_says_how_to_get_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.training import finetune as rhetoric_finetune

    monkeypatch.setattr(rhetoric_finetune, "have_torch", lambda: False)
    result = CliRunner().invoke(command, ["--data", str(PTC), "--limit", "6", "--folds", "2"])
    assert result.exit_code == 1
    assert ".[train]" in result.output and "--crf-only" in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC training data not available")
def test_crf_only_span_cross_validation_on_a_few_articles() -> None:
    result = CliRunner().invoke(
        command, ["--data", str(PTC), "--limit", "6", "--folds", "2", "--crf-only", "--no-tc", "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures["si_by_setting"]) == {k for k in figures["si_by_setting"] if k.startswith("1/")}
    assert 0.0 < figures["si"]["f1"] <= 1.0


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC training data not available")
def test_probs_cache_gives_the_same_figures_without_retraining(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.training import rhetoric as rhetoric_train

    cache = tmp_path / "probs.pkl"
    args = ["--data", str(PTC), "--limit", "6", "--folds", "2", "--crf-only", "--no-tc",
            "--json", "--probs-cache", str(cache)]
    first = CliRunner().invoke(command, args)
    assert first.exit_code == 0, first.output
    assert cache.is_file()

    def no_training(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("retrained although the probabilities were cached")

    monkeypatch.setattr(rhetoric_train, "fit_crf", no_training)
    second = CliRunner().invoke(command, args)
    assert second.exit_code == 0, second.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["si"] == b["si"] and a["si_by_setting"] == b["si_by_setting"]
