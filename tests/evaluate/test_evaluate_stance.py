"""The NewsMTSC stance scorer: reading, macro-F1, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli.evaluate import stance as command
from tealeaves.errors import InputError
from tealeaves.evaluate.stance import iter_targets, macro_f1, score_dev, score_file

ROWS = [
    {
        "sentence_normalized": "Critics slammed Smith as a corrupt, incompetent liar who betrayed voters.",
        "targets": [{"from": 16, "to": 21, "mention": "Smith", "polarity": 2.0}],
    },
    {
        "sentence_normalized": "Jones was widely praised for her brilliant, courageous and honest leadership.",
        "targets": [{"from": 0, "to": 5, "mention": "Jones", "polarity": 6.0}],
    },
]


def write(folder: Path, name: str, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    path = folder / name
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_iter_targets_maps_polarity(tmp_path: Path) -> None:
    rows = list(iter_targets(write(tmp_path, "x.jsonl", ROWS)))
    assert [(r[1], r[2], r[3]) for r in rows] == [(16, 21, "negative"), (0, 5, "positive")]
    assert rows[0][0][16:21] == "Smith"


def test_iter_targets_rejects_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"sentence_normalized": "x", "targets": [{"from": 0, "to": 1, "polarity": 3.0}]}\n')
    with pytest.raises(InputError):
        list(iter_targets(path))


def test_macro_f1() -> None:
    assert macro_f1(["negative", "neutral", "positive"], ["negative", "neutral", "positive"]) == 1.0
    # negative: P=1/2 R=1 F=2/3; neutral: 0; positive: P=1 R=1/2... see below
    gold = ["negative", "neutral", "positive", "positive"]
    pred = ["negative", "negative", "positive", "neutral"]
    f_neg = 2 * 0.5 * 1.0 / 1.5
    f_pos = 2 * 1.0 * 0.5 / 1.5
    assert macro_f1(gold, pred) == pytest.approx((f_neg + 0.0 + f_pos) / 3)
    with pytest.raises(ValueError):
        macro_f1(["negative"], [])


def test_score_file_and_cli(tmp_path: Path) -> None:
    path = write(tmp_path, "dev-rw.jsonl", ROWS)
    write(tmp_path, "dev-mt.jsonl", ROWS)
    result = score_file(path)
    assert result["n"] == 2 and result["accuracy"] == 1.0
    out = CliRunner().invoke(command, ["--data", str(tmp_path), "--json"])
    assert out.exit_code == 0, out.output
    assert [r["file"] for r in json.loads(out.output)] == ["dev-rw.jsonl", "dev-mt.jsonl"]


def test_score_dev_names_a_missing_file(tmp_path: Path) -> None:
    write(tmp_path, "dev-rw.jsonl", ROWS)
    with pytest.raises(InputError, match="dev-missing.jsonl: not found"):
        score_dev(tmp_path, ("dev-missing.jsonl", "dev-rw.jsonl"))

