"""The rhetoric model build's bookkeeping: its options, the gate set, the meta it writes,
the genre labels, and the two training scripts' entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tealeaves.evaluate.ptc import PRF, PtcArticle
from tealeaves.training.genre import read_labels
from tealeaves.training.rhetoric import SI_SETTING, CvResult, Parsed
from tealeaves.training.rhetoric_build import (
    BuildOptions,
    _shipped_meta,
    cv_meta,
    gate_ids,
)

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "src" / "tealeaves" / "resources" / "genre_labels.tsv"


def options(**given) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(ptc=Path("ptc"), polnear=Path("polnear"), labels=LABELS,
                        out=Path("out"), **given)


def test_setting_defaults_to_the_shipped_one_and_takes_each_override() -> None:
    assert options().setting() == SI_SETTING
    assert options(threshold=0.4).setting() == (SI_SETTING[0], 0.4, SI_SETTING[2])
    assert options(crf_weight=1.0, low=0.1).setting() == (1.0, SI_SETTING[1], 0.1)


def test_gate_ids_are_a_fixed_sorted_sample() -> None:
    ids = [f"{n:03d}" for n in range(100)]
    gate = gate_ids(ids, 20)
    assert gate == sorted(gate) and len(set(gate)) == 20 and set(gate) <= set(ids)
    assert gate == gate_ids(list(reversed(ids)), 20)  # the order given does not matter
    assert gate != gate_ids(ids, 20, seed=1)


def held(*ids: str) -> list[Parsed]:
    return [Parsed(PtcArticle(i, "text"), doc=None) for i in ids]  # type: ignore[arg-type]


def test_shipped_meta_must_share_the_gate(tmp_path: Path) -> None:
    (tmp_path / "si_meta.json").write_text(json.dumps({"gate_ids": ["a", "b"], "x": 1}))
    assert _shipped_meta(tmp_path, held("b", "a"))["x"] == 1
    with pytest.raises(SystemExit, match="retrain everything"):
        _shipped_meta(tmp_path, held("a", "c"))


def test_cv_meta_rounds_and_names_the_settings() -> None:
    cv = CvResult(
        si_by_setting={(0.5, 0.25, 0.15): PRF(0.5, 0.4, 0.444444), (1.0, 0.2, 0.2): PRF(0, 0, 0)},
        best_setting=(0.5, 0.25, 0.15), si=PRF(0.51234, 0.41234, 0.45678),
        tc=PRF(0.6, 0.6, 0.654321), tc_per_technique={"Doubt": PRF(0.5, 0.5, 0.5)}, seconds=3.0)
    meta = cv_meta(cv, options(cv=True, folds=5, max_folds=2), cv.best_setting)
    assert meta["folds"] == 5 and meta["folds_run"] == 2
    assert meta["si"] == {"p": 0.5123, "r": 0.4123, "f1": 0.4568}
    assert meta["si_by_setting"] == {"0.5/0.25/0.15": 0.4444, "1/0.2/0.2": 0.0}
    assert meta["best_setting"] == {"crf_weight": 0.5, "threshold": 0.25, "low_threshold": 0.15}
    assert meta["tc_micro_f1"] == 0.6543 and meta["tc_per_technique_f1"] == {"Doubt": 0.5}


def test_genre_labels_skip_the_provenance_header() -> None:
    rows = read_labels(LABELS)
    assert len(rows) == 96
    assert {r["label"] for r in rows} == {"opinion", "reporting"}
    assert all(r["file"] and not r["file"].startswith("#") for r in rows)


@pytest.mark.parametrize(("script", "flags"), [
    ("train_stance.py", ("--data", "--out", "--cache", "--time")),
    ("train_rhetoric.py", ("--ptc", "--polnear", "--labels", "--out", "--cv", "--decode-only",
                           "--tc-only", "--enc-cache")),
])
def test_training_scripts_import_and_parse_their_options(script: str,
                                                         flags: tuple[str, ...]) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--help"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert [f for f in flags if f not in result.stdout] == []
