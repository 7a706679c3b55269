"""The genre scorer on small invented gold: accuracy, per-class precision/recall,
reliability bins, ECE, the gold-folder reader and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.errors import InputError
from tealeaves.evaluate.genre import (
    expected_calibration_error,
    read_gold_folder,
    reliability,
    score_genre,
)


def test_accuracy_and_per_class_scores() -> None:
    gold = ["opinion", "opinion", "opinion", "reporting", "reporting"]
    pred = ["opinion", "reporting", "opinion", "reporting", "opinion"]
    s = score_genre(gold, pred, names=list("abcde"))
    assert s.n == 5 and s.accuracy == pytest.approx(0.6) and s.majority == pytest.approx(0.6)
    assert s.classes["opinion"].precision == pytest.approx(2 / 3, abs=1e-4)
    assert s.classes["opinion"].recall == pytest.approx(2 / 3, abs=1e-4)
    assert s.classes["reporting"].precision == pytest.approx(0.5)
    assert s.classes["reporting"].recall == pytest.approx(0.5)
    assert "satire" not in s.classes
    assert [e["article"] for e in s.errors] == ["b", "e"]
    assert s.ece is None


def test_reliability_bins_and_ece_by_hand() -> None:
    y = [1, 0, 1, 1, 0]
    p = [0.05, 0.05, 0.95, 0.95, 1.0]
    bins = reliability(y, p)
    assert [(b.low, b.n) for b in bins] == [(0.0, 2), (0.9, 3)]
    assert bins[0].opinion_share == pytest.approx(0.5)
    assert bins[1].mean_probability == pytest.approx((0.95 + 0.95 + 1.0) / 3, abs=1e-4)
    # bin 0: |0.05 - 0.5| * 2; bin 9: |0.9667 - 0.6667| * 3
    want = (2 * 0.45 + 3 * abs((2.9 / 3) - (2 / 3))) / 5
    assert expected_calibration_error(y, p) == pytest.approx(want, abs=1e-4)


def test_perfect_calibration_has_no_error() -> None:
    y = [1] * 7 + [0] * 3 + [0] * 10
    p = [0.7] * 10 + [0.0] * 10
    assert expected_calibration_error(y, p) == pytest.approx(0.0)


def test_satire_is_scored_but_left_out_of_calibration() -> None:
    s = score_genre(["satire", "opinion"], ["opinion", "opinion"], [0.9, 0.9])
    assert s.classes["satire"].recall == 0.0
    assert sum(b.n for b in s.bins) == 1


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown genre"):
        score_genre(["news"], ["opinion"])
    with pytest.raises(ValueError, match="one prediction"):
        score_genre(["opinion"], [])
    with pytest.raises(ValueError, match="one probability"):
        reliability([1], [])


def _gold_folder(tmp: Path) -> Path:
    (tmp / "articles").mkdir()
    (tmp / "gold").mkdir()
    (tmp / "articles" / "a.txt").write_text(
        "Why do we tolerate this? I say enough. Stop pretending the plan works.\n",
        encoding="utf-8")
    (tmp / "gold" / "a.json").write_text(json.dumps({"genre": "opinion"}), encoding="utf-8")
    (tmp / "articles" / "b.txt").write_text(
        "PARIS (AFP) - The finance ministry said on Monday that exports rose 2 percent in "
        "March, according to figures released by the customs office.\n", encoding="utf-8")
    (tmp / "gold" / "b.json").write_text(json.dumps({"genre": "reporting"}), encoding="utf-8")
    (tmp / "gold" / "c.json").write_text(json.dumps({"claims": []}), encoding="utf-8")
    return tmp


def test_gold_folder_reader(tmp_path: Path) -> None:
    items = read_gold_folder(_gold_folder(tmp_path))
    assert [(n, g) for n, _p, g in items] == [("a", "opinion"), ("b", "reporting")]
    with pytest.raises(InputError, match="articles/ and gold/"):
        read_gold_folder(tmp_path / "articles")


def test_cli_scores_a_gold_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["evaluate", "genre", "--gold", str(_gold_folder(tmp_path)),
                                   "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["n"] == 2 and {r["article"] for r in data["articles"]} == {"a", "b"}
    assert all(0.5 <= r["confidence"] <= 1.0 for r in data["articles"])


def test_cli_bad_folder_is_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["evaluate", "genre", "--gold", str(tmp_path)])
    assert res.exit_code != 0
    assert "expected articles/ and gold/" in res.output and "Traceback" not in res.output


def test_cv_repeats_the_shipped_models_procedure(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.stages.rhetoric.genre import load_genre_model
    from tealeaves.stages.rhetoric.genre.reading import Reading
    from tealeaves.training import genre as trainer

    seen: dict[str, object] = {}

    def fake_build(nlp, cache=None, method="platt", procedure=None, reading=None):  # type: ignore[no-untyped-def]
        seen.update(method=method, procedure=procedure, reading=reading)
        scores = score_genre(["opinion", "reporting"], ["opinion", "reporting"], [0.9, 0.1])
        return trainer.GenreBuild({}, scores, {}, 2, 1)

    monkeypatch.setattr(trainer, "build_genre", fake_build)
    monkeypatch.setattr("tealeaves.nlp.load_model", lambda: None)
    result = CliRunner().invoke(cli, ["evaluate", "genre", "--cv"])
    assert result.exit_code == 0, result.output
    shipped = load_genre_model()
    assert seen["method"] == shipped["calibration"]["method"]
    assert seen["procedure"].features == tuple(shipped["features"])  # type: ignore[attr-defined]
    assert seen["reading"] == Reading.of_model(shipped)
    CliRunner().invoke(cli, ["evaluate", "genre", "--cv", "--calibration", "platt"])
    assert seen["method"] == "platt"
