"""``tealeaves watch`` end to end: the real batch path stores new articles from a local
site, SIGTERM stops it cleanly, ``--status`` reports, and bad input is one line."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tealeaves.store import open_store
from tealeaves.store import schema as s
from tests.batch.helpers import run_cli, start_cli, wait_until

from .server import serve


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    with open_store(db) as st, st.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.analyses)).scalar() or 0)


@pytest.mark.slow
def test_watch_stores_new_articles_and_stops_on_sigterm(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with serve() as site:
        site.publish(1, 2)
        add = run_cli(["alerts", "add", "budget", "--kind", "text", "--query", "spokesman",
                       "--db", str(db)])
        assert add.returncode == 0, add.stderr
        proc = start_cli(["watch", f"{site.base}/feed.xml", "--db", str(db), "--every", "1h",
                          "--allow-private", "--host-gap", "0", "--engine", "inline"])
        try:
            assert proc.stderr is not None
            assert "watching 1 feeds" in proc.stderr.readline()  # the readiness line
            wait_until("two articles stored", lambda: _stored(db) >= 2, proc=proc, timeout=240)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=120) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    status = run_cli(["watch", "--status", "--db", str(db), "--format", "json"])
    got = json.loads(status.stdout)
    assert got["state"] == "stopped" and got["stored"] == 2 and got["items"] == {"stored": 2}
    shown = json.loads(run_cli(["alerts", "show", "--db", str(db), "--format", "json"]).stdout)
    assert len(shown) == 2 and all("spokesman" in a["evidence"] for a in shown)


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds: nope\n")
    res = run_cli(["watch", str(bad), "--db", str(tmp_path / "x.db"), "--once"])
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert "expected a mapping with a 'feeds' list" in res.stderr
    res = run_cli(["watch", "https://a.org/f", "--every", "soon", "--db", str(tmp_path / "x.db")])
    assert res.returncode != 0 and "not an interval" in res.stderr
    res = run_cli(["watch", "--status", "--db", str(tmp_path / "none.db")])
    assert res.returncode != 0 and "no such store" in res.stderr
