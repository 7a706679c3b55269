"""The accuracy gates: every stage's score on the shared data, held above the floors in
``tests/evaluate/baseline.json`` (see :mod:`tests.evaluate.gates`).

A gate skips with one line when its data is missing (fails under
``TEALEAVES_REQUIRE_DATA=1``), fails when its data is not the data the baseline was measured
on, and fails when a metric drops under its floor.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import need
from tests.evaluate.gates import (
    data_files,
    data_hash,
    gates,
    glob_base,
    load_baseline,
    measure,
    metric,
)

ENTRIES = load_baseline()
STAGES = ("actors", "sourcing", "events", "rhetoric", "stance")


def check_data(entry: dict[str, Any]) -> None:
    """Skip (or, in CI, fail) when the entry's data is missing; fail when it changed."""
    for pattern in entry["data"]:
        need(glob_base(pattern), f"data of the {entry['id']} measurement")
    got = data_hash(entry["data"])
    if got != entry["sha256"]:
        pytest.fail(
            f"{entry['id']}: the data differs from the data the baseline was measured on "
            f"(sha256 {got[:12]}…, baseline {entry['sha256'][:12]}…): re-measure with "
            f"`{entry['command']}` and update tests/evaluate/baseline.json",
            pytrace=False,
        )


def test_baseline_is_complete_and_consistent() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)), "duplicate measurement ids"
    assert {e["stage"] for e in gates(ENTRIES)} == set(STAGES), "every stage needs a gate"
    for e in ENTRIES:
        assert {"id", "stage", "about", "data", "sha256", "command", "date", "metrics"} <= set(e)
        assert e["stage"] in STAGES and e["data"] and len(e["sha256"]) == 64
        for name, m in e["metrics"].items():
            assert isinstance(m["measured"], float), (e["id"], name)
            assert m.get("floor", 0.0) < m["measured"], f"{e['id']} {name}: floor above the value"


def test_data_hash_follows_names_and_contents(tmp_path: Path) -> None:
    tree = tmp_path / "a" / "data"
    (tree / "text").mkdir(parents=True)
    (tree / "text" / "x.txt").write_text("one", encoding="utf-8")
    (tree / "text" / "y.txt").write_text("two", encoding="utf-8")
    (tree / "gold.jsonl").write_text("{}", encoding="utf-8")
    root = tmp_path / "a" / "repo"
    root.mkdir()
    globs = ["../data/text/*.txt", "../data/gold.jsonl"]
    names = [n for n, _ in data_files(globs, root)]
    assert names == ["../data/gold.jsonl", "../data/text/x.txt", "../data/text/y.txt"]
    first = data_hash(globs, root)
    assert data_hash(list(reversed(globs)), root) == first  # order of the globs is irrelevant
    moved = tmp_path / "b"
    shutil.copytree(tmp_path / "a", moved)
    assert data_hash(globs, moved / "repo") == first  # where the checkout sits is irrelevant
    (tree / "text" / "y.txt").write_text("two!", encoding="utf-8")
    edited = data_hash(globs, root)
    (tree / "text" / "y.txt").rename(tree / "text" / "z.txt")
    renamed = data_hash(globs, root)
    (tree / "text" / "w.txt").write_text("", encoding="utf-8")
    added = data_hash(globs, root)
    assert len({first, edited, renamed, added}) == 4
    assert data_hash(["../data/none/*.txt"], root) == data_hash([], root)


def test_changed_data_fails_the_gate_saying_so(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text("{}", encoding="utf-8")
    entry = {"id": "x", "data": [str(tmp_path / "*.jsonl")], "command": "tealeaves evaluate x",
             "sha256": data_hash([str(tmp_path / "*.jsonl")])}
    check_data(entry)  # the recorded data: passes
    (tmp_path / "gold.jsonl").write_text("{} ", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="differs from the data the baseline"):
        check_data(entry)


def test_metric_paths() -> None:
    result = {"si": {"f1": 0.5}, "files": [{"file": "a.jsonl", "f1": 0.1},
                                           {"file": "b.jsonl", "f1": 0.2}]}
    assert metric(result, "si/f1") == 0.5
    assert metric({"recall": 0.9}, "recall") == 0.9
    assert metric(result["files"], "file=b.jsonl/f1") == 0.2
    with pytest.raises(KeyError):
        metric(result["files"], "file=c.jsonl/f1")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_recorded_data_is_the_data_here(entry: dict[str, Any]) -> None:
    """Also for the figures the tests do not re-measure: the README quotes them for this data."""
    check_data(entry)


@pytest.mark.slow
@pytest.mark.parametrize("entry", gates(ENTRIES), ids=[e["id"] for e in gates(ENTRIES)])
def test_gate(entry: dict[str, Any]) -> None:
    check_data(entry)
    got = measure(entry)
    low = {name: f"{got[name]} < floor {m['floor']} (baseline {m['measured']})"
           for name, m in entry["metrics"].items() if "floor" in m and got[name] < m["floor"]}
    assert not low, f"{entry['id']} (`{entry['command']}`): {low}"
