"""``tealeaves standing``: the board as text and JSON, the drill-down, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.store import open_store
from tests.corpus.standing_data import standing_set


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "standing.db"
    with open_store(path) as store:
        for a in standing_set():
            store.save(a)
    return str(path)


def run(*args: str) -> str:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_standing_json_ranks_and_carries_evidence(db: str) -> None:
    data = json.loads(run("standing", "--db", db, "--format", "json"))
    assert [e["name"] for e in data["up"]] == ["Petrov"]
    assert [e["name"] for e in data["down"]] == ["Ivanov", "Sidorov"]
    assert all("sentence" in s for e in data["down"] for s in e["signals"])


def test_standing_since_and_limit(db: str) -> None:
    data = json.loads(run("standing", "--db", db, "--since", "2025-04-01", "--limit", "1",
                          "--format", "json"))
    # April: Ivanov appointed (+1); the denied rumour of his sacking is counted apart
    assert [(e["name"], e["net"], e["contested"]) for e in data["up"]] == [("Ivanov", 1, 1)]
    assert data["down"] == [] and data["even"] == [] and data["contested"] == 1


def test_standing_text_and_drill_down(db: str) -> None:
    out = run("standing", "--db", db)
    assert "Petrov" in out and "Ivanov" in out and "+2" in out
    out = run("standing", "--db", db, "--actor", "Ivanov")
    assert "The Kremlin denied rumours that Ivanov was sacked." in out
    assert "rumour" in out and "contested" in out and "anonymous (c1)" in out


def test_timeline_shows_who_says_so(db: str) -> None:
    out = run("timeline", "Ivanov", "--db", db, "--by", "month")
    # the denied rumour is contested: shown apart, not as a rumour's fall
    assert "anonymous +0/−1" in out and "contested 1" in out and "rumour +0/−1" not in out
    rows = json.loads(run("timeline", "Ivanov", "--db", db, "--by", "month", "--format", "json"))
    assert rows[1]["contested"] == 1 and "rumour" not in rows[1]["by_source"]


@pytest.mark.parametrize("args", [
    ["--since", "yesterday"],
    ["--actor", "Nobody"],
    ["--db", "/nonexistent/x.db"],
])
def test_standing_bad_input_is_one_line(db: str, args: list[str]) -> None:
    full = ["standing", *(["--db", db] if "--db" not in args else []), *args]
    result = CliRunner().invoke(cli, full)
    assert result.exit_code != 0
    assert "Traceback" not in result.output and result.output.strip()


def test_drill_down_and_timeline_name_who_contests(db: str) -> None:
    out = run("standing", "--db", db, "--actor", "Ivanov")
    assert "rumour (c1), contested by Kremlin (c1)" in out
    out = run("timeline", "Ivanov", "--db", db, "--by", "month")
    assert "contested 1 (by Kremlin 1)" in out
    data = json.loads(run("standing", "--db", db, "--format", "json"))
    ivanov = data["down"][0]
    assert ivanov["contested_by"] == {"Kremlin": 1}
    denied = [s for s in ivanov["signals"] if s["contested"]]
    assert [(s["contested_by"], s["contested_by_name"]) for s in denied] == [("c1", "Kremlin")]
