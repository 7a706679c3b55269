"""``tealeaves evaluate``: the commands live in the CLI, the scorers stay plain, and one
evaluator that cannot be imported leaves the others working."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tealeaves.cli import cli

SRC = Path(__file__).resolve().parents[2] / "src" / "tealeaves"
STAGES = ("actors", "events", "framing", "genre", "realnews", "rhetoric", "sourcing",
          "sourcing-kinds", "stance")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_scorers_and_corpus_views_do_not_import_click() -> None:
    offenders = [str(p.relative_to(SRC)) for part in ("evaluate", "corpus")
                 for p in sorted((SRC / part).rglob("*.py")) if "click" in _imported_modules(p)]
    assert offenders == []


def test_the_group_lists_every_evaluator() -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0, result.output
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines()
              if line.strip()]
    assert listed == list(STAGES)


def test_an_evaluator_with_a_missing_dependency_stays_local(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tealeaves.cli import evaluate as evaluate_cli

    monkeypatch.setitem(evaluate_cli.EVALUATORS, "stance", "tealeaves.evaluate.no_such_module")
    runner = CliRunner()
    listing = runner.invoke(cli, ["evaluate", "--help"])
    assert listing.exit_code == 0 and "(unavailable: ModuleNotFoundError" in listing.output
    assert "actors" in listing.output
    result = runner.invoke(cli, ["evaluate", "stance"])
    assert result.exit_code == 1 and "evaluator 'stance' is unavailable" in result.output
    assert "Traceback" not in result.output
    other = runner.invoke(cli, ["evaluate", "events", "--help"])
    assert other.exit_code == 0 and "--gold" in other.output


def test_loading_the_cli_imports_no_scorer() -> None:
    code = ("import json, sys, tealeaves.cli\n"
            "print(json.dumps([m for m in sys.modules if m.startswith(('tealeaves.evaluate', "
            "'tealeaves.training'))]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": str(SRC.parent)}).stdout
    assert json.loads(out) == []


def test_a_stance_file_without_targets_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "dev-rw.jsonl").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "stance", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "dev-rw.jsonl: no targets" in result.output


def test_a_bad_plover_file_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"text": "no id"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", "events", "--gold", str(path)])
    assert result.exit_code == 1 and "not a PLOVER record" in result.output
    assert "Traceback" not in result.output
