"""The alerts page, /api/alerts, the Atom feed per saved query, /api/health and the CSV/JSON
downloads of the lists, over a small hand-built store."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tealeaves.corpus import alerts as al
from tealeaves.watch import FeedSpec, HttpOptions, Watcher, WatchOptions
from tests.corpus.alert_data import filled

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from tealeaves.web import create_app

    store, ids = filled(tmp_path)
    al.add(store, "roe-anon", "anonymous-claim", actor="Jane Roe")
    al.add(store, "formula", "text", query="Treasury once more")
    al.evaluate(store, ids)
    app = create_app(store, token="t")
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    store.close()


def test_api_alerts_and_evidence_links(client: Any) -> None:
    got = client.get("/api/alerts").json()
    assert [q["name"] for q in got["queries"]] == ["roe-anon", "formula"]
    assert len(got["alerts"]) == 3
    link = got["alerts"][0]["link"]
    page = client.get(link)
    assert page.status_code == 200 and 'id="evidence"' in page.text
    one = client.get("/api/alerts", params={"query": "roe-anon"}).json()["alerts"]
    assert {a["kind"] for a in one} == {"anonymous-claim"} and len(one) == 2
    assert client.get("/api/alerts", params={"query": "nope"}).status_code == 404


def test_alerts_page_and_atom_feed(client: Any) -> None:
    page = client.get("/alerts")
    assert page.status_code == 200 and "roe-anon" in page.text and "/alerts/1.atom" in page.text
    feed = client.get("/alerts/1.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.text)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    href = entries[0].find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
    assert "?hl=" in href and href.endswith("#evidence")
    assert client.get("/alerts/99.atom").status_code == 404


def test_health_reports_the_watcher(client: Any, tmp_path: Path) -> None:
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["articles"] == 3 and h["watch"]["state"] == "never run"
    store = client.app.state.store
    w = Watcher(store, [FeedSpec("http://127.0.0.1:9/feed.xml", 60.0)],
                WatchOptions(http=HttpOptions(timeout=1.0, host_gap=0.0, allow_private=True)),
                ingest=lambda arts: {})
    w.run(max_cycles=1)
    h = client.get("/api/health").json()["watch"]
    assert h["state"] == "stopped" and h["poll_errors"] == 1
    assert h["feeds_failing"][0]["url"] == "http://127.0.0.1:9/feed.xml"


def test_downloads_of_each_list(client: Any) -> None:
    for name, n in (("articles", 3), ("actors", 2), ("claims", 3), ("alerts", 3)):
        res = client.get(f"/download/{name}.csv")
        assert res.status_code == 200 and "attachment" in res.headers["content-disposition"]
        assert len(list(csv.DictReader(io.StringIO(res.text)))) == n, name
        assert len(client.get(f"/download/{name}.json").json()) == n
    got = client.get("/download/claims.json", params={"outlet": "Evening Star"}).json()
    assert [r["source_kind"] for r in got] == ["rumour"]
    assert client.get("/download/secrets.csv").status_code == 404
    assert client.get("/download/claims.csv", params={"since": "x"}).status_code == 422
    assert "/download/articles.csv" in client.get("/articles").text


def test_csv_download_quotes_formulas() -> None:
    from tealeaves.web.downloads import to_csv

    assert to_csv([{"a": "=cmd()", "b": ["x"]}]).splitlines()[1] == "'=cmd()," + '"[""x""]"'
