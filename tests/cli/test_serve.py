"""``tealeaves serve``: options, refusal of a missing store, and a real server process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from tealeaves.cli import cli


def test_serve_help_lists_the_options() -> None:
    out = CliRunner().invoke(cli, ["serve", "--help"]).output
    for opt in ("--db", "--host", "--port", "--token", "TEALEAVES_API_TOKEN"):
        assert opt in out


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code != 0
    assert "no such store" in result.output


def test_serve_runs_a_server(web_store: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "TEALEAVES_API_TOKEN": "cli-token-1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tealeaves.cli import main; main()", "serve",
         "--db", str(web_store[0]), "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(base + "/api/stats", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not start: {proc.stdout.read() if proc.stdout else ''}") from None
                time.sleep(0.2)
        assert r.json()["articles"] == len(web_store[1])
        assert "Corpus at a glance" in httpx.get(base + "/").text
        denied = httpx.post(base + "/api/articles", json={"text": "x"},
                            headers={"Authorization": "Bearer wrong"})
        assert denied.status_code == 401  # the token from the environment is in force
    finally:
        proc.terminate()
        proc.wait(timeout=10)
