"""``tealeaves export`` and ``tealeaves alerts`` through the CLI: rows out, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from tealeaves.cli import cli
from tests.corpus.alert_data import filled


def _db(tmp_path: Path) -> str:
    store, _ = filled(tmp_path)
    store.close()
    return str(tmp_path / "alerts.db")


def test_export_csv_to_stdout_and_jsonl_to_file(tmp_path: Path) -> None:
    db = _db(tmp_path)
    res = CliRunner().invoke(cli, ["export", "claims", "--db", db, "--outlet", "Evening Star"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["source_kind"] for r in rows] == ["rumour"]
    out = tmp_path / "s.jsonl"
    res = CliRunner().invoke(cli, ["export", "standing", "--db", db, "--format", "jsonl",
                                   "--out", str(out), "--actor", "Jane Roe"])
    assert res.exit_code == 0 and len(out.read_text().splitlines()) == 3


def test_export_errors_are_one_line(tmp_path: Path) -> None:
    db = _db(tmp_path)
    res = CliRunner().invoke(cli, ["export", "claims", "--db", db, "--format", "xlsx"])
    assert res.exit_code == 1 and "needs an output file" in res.output
    res = CliRunner().invoke(cli, ["export", "claims", "--db", db, "--since", "March"])
    assert res.exit_code == 1 and "YYYY-MM-DD" in res.output
    res = CliRunner().invoke(cli, ["export", "claims", "--db", str(tmp_path / "no.db")])
    assert res.exit_code == 1 and "no such store" in res.output


def test_alerts_add_list_check_show_remove(tmp_path: Path) -> None:
    db = _db(tmp_path)
    run = CliRunner().invoke
    assert run(cli, ["alerts", "add", "anon", "--kind", "anonymous-claim", "--actor",
                     "Jane Roe", "--db", db]).exit_code == 0
    bad = run(cli, ["alerts", "add", "x", "--kind", "standing", "--db", db])
    assert bad.exit_code == 1 and "needs --actor" in bad.output
    assert "2 new alerts" in run(cli, ["alerts", "check", "--db", db]).output
    assert "0 new alerts" in run(cli, ["alerts", "check", "--db", db]).output
    listed = json.loads(run(cli, ["alerts", "list", "--db", db, "--format", "json"]).stdout)
    assert [(q["name"], q["n_alerts"]) for q in listed] == [("anon", 2)]
    shown = json.loads(run(cli, ["alerts", "show", "anon", "--db", db, "--format",
                                 "json"]).stdout)
    assert {a["outlet"] for a in shown} == {"Daily Example", "Evening Star"}
    assert run(cli, ["alerts", "remove", "anon", "--db", db]).exit_code == 0
    assert run(cli, ["alerts", "remove", "anon", "--db", db]).exit_code == 1
