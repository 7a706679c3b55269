"""``tealeaves serve`` without the ``web`` extra says what to install, in one line, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tealeaves.cli import cli
from tealeaves.cli.serve import NEEDS_WEB_EXTRA


@pytest.mark.parametrize("missing", [("fastapi",), ("uvicorn",),
                                     ("python_multipart", "multipart")])
def test_serve_without_the_web_extra(missing: tuple[str, ...], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "any.db")])
    assert result.exit_code == 2
    assert result.output == NEEDS_WEB_EXTRA + "\n"
    assert NEEDS_WEB_EXTRA == "tealeaves serve needs the web extra: pip install 'tealeaves[web]'"


def test_serve_with_the_web_extra_goes_on(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1 and "no such store" in result.output


def test_serve_help_lists_the_analysis_limits() -> None:
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for opt in ("--analysis-workers", "--analysis-timeout", "--analysis-memory-mb"):
        assert opt in out
