"""``need()`` and the end-of-run summary of tests skipped for missing research data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import conftest
from tests.conftest import ROOT, missing_data, need


def test_need_returns_a_present_path(tmp_path: Path) -> None:
    assert need(tmp_path, "a folder") == tmp_path


def test_need_skips_naming_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_DATA", False)
    with pytest.raises(pytest.skip.Exception, match=r"^missing .*nope \(the data\)$"):
        need(tmp_path / "nope", "the data")


def test_need_fails_when_data_is_required(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conftest, "REQUIRE_DATA", True)
    with pytest.raises(pytest.fail.Exception, match="TEALEAVES_REQUIRE_DATA is set"):
        need(tmp_path / "nope")


def skipped(reason: str, name: str = "t") -> pytest.TestReport:
    return pytest.TestReport(f"x.py::{name}", ("x.py", 1, name), {}, "skipped",
                             ("x.py", 2, reason), "setup")


def test_missing_data_counts_tests_per_path() -> None:
    reports = [skipped("Skipped: missing /d a/polnear (PolNeAR dev)", "a"),
               skipped("Skipped: missing /d a/polnear (PolNeAR train)", "b"),
               skipped("Skipped: missing /d a/polnear", "c"),
               skipped("Skipped: missing /d/founding.txt (the founding article)", "d"),
               skipped("Skipped: TEALEAVES_TEST_PG is not set", "e")]
    assert missing_data(reports) == [
        "   3 tests skipped: missing /d a/polnear (PolNeAR dev; PolNeAR train)",
        "   1 test skipped: missing /d/founding.txt (the founding article)",
    ]
    assert missing_data([skipped("Skipped: PTC training data not available")]) == []


@pytest.mark.timeout(120)
def test_a_run_without_data_ends_with_one_line_per_missing_path(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import need, pytest_terminal_summary  # noqa: F401\n")
    (tmp_path / "test_x.py").write_text(
        "import pytest\n"
        "from pathlib import Path\n"
        "from tests.conftest import need\n"
        "HERE = Path(__file__).parent\n"
        "@pytest.mark.parametrize('i', range(3))\n"
        "def test_gone(i):\n"
        "    need(HERE / 'gone', 'some data')\n"
        "def test_other():\n"
        "    need(HERE / 'other')\n"
        "def test_here():\n"
        "    assert need(HERE / 'test_x.py')\n")
    env = {k: v for k, v in os.environ.items() if k != "TEALEAVES_REQUIRE_DATA"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull,
           "--rootdir", str(tmp_path), str(tmp_path)]
    out = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=100).stdout
    lines = [line for line in out.splitlines() if "skipped: missing" in line]
    assert lines == [f"   3 tests skipped: missing {tmp_path / 'gone'} (some data)",
                     f"   1 test skipped: missing {tmp_path / 'other'}"], out
    assert "1 passed, 4 skipped" in out
    required = subprocess.run(cmd, cwd=tmp_path, env={**env, "TEALEAVES_REQUIRE_DATA": "1"},
                              capture_output=True, text=True, timeout=100).stdout
    assert "4 failed, 1 passed" in required and "skipped: missing" not in required, required
