"""Saved queries raise alerts once, with evidence offsets; the webhook obeys its rules."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tealeaves.corpus import alerts as al
from tealeaves.corpus.webhook import check_target, deliver
from tealeaves.errors import InputError
from tealeaves.store import alerts as store_alerts
from tests.corpus.alert_data import filled


def test_each_kind_finds_its_evidence(tmp_path: Path) -> None:
    store, ids = filled(tmp_path)
    al.add(store, "roe-anon", "anonymous-claim", actor="Jane Roe")
    al.add(store, "roe-standing", "standing", actor="jane roe")
    al.add(store, "three-outlets", "group-outlets", n=3)
    al.add(store, "dense", "technique-density", above=10, outlet="Morning Post")
    al.add(store, "treasury", "text", query="Treasury again")
    new = al.evaluate(store, ids)
    got = {q["name"]: q["n_alerts"] for q in store_alerts.list_queries(store.engine)}
    # anonymous (article 1) and rumour (article 3); named_person (article 2) is not
    assert got == {"roe-anon": 2, "roe-standing": 3, "three-outlets": 1, "dense": 1,
                   "treasury": 1}
    assert len(new) == 8
    for a in store_alerts.list_alerts(store.engine):
        text = store.get(a["article_id"]).article.text  # type: ignore[union-attr]
        assert text[a["start_char"]:a["end_char"]] == a["evidence"]
    text_alert = store_alerts.list_alerts(store.engine, query_id=5)[0]
    assert text_alert["evidence"].startswith("Roe blamed the Treasury again")
    assert al.evaluate(store, ids) == []  # evaluated again: nothing new
    store.close()


def test_group_alert_waits_for_the_nth_outlet(tmp_path: Path) -> None:
    store, ids = filled(tmp_path, n=2)
    al.add(store, "three", "group-outlets", n=3)
    assert al.evaluate(store, ids) == []
    store.close()


def test_bad_queries_are_refused(tmp_path: Path) -> None:
    store, _ = filled(tmp_path, n=1)
    with pytest.raises(ValueError, match="needs --actor"):
        al.add(store, "x", "standing")
    with pytest.raises(ValueError, match="unknown alert kind"):
        al.add(store, "x", "vibes", actor="a")
    al.add(store, "x", "text", query="budget")
    with pytest.raises(ValueError, match="exists already"):
        al.add(store, "x", "text", query="budget")
    assert store_alerts.remove_query(store.engine, "x") and not store_alerts.list_queries(
        store.engine)
    store.close()


def test_webhook_target_rules() -> None:
    ok = {"url": "https://hooks.example.org/t", "allow_hosts": ["hooks.example.org"]}
    assert check_target(ok) == ok["url"]
    for bad, why in [({**ok, "url": "http://hooks.example.org/t"}, "scheme"),
                     ({**ok, "allow_hosts": []}, "explicit allow_hosts"),
                     ({**ok, "url": "https://evil.example.org/t"}, "not in allow_hosts")]:
        with pytest.raises(InputError, match=why):
            check_target(bad)


@pytest.fixture()
def receiver() -> Iterator[tuple[str, list[Any]]]:
    got: list[Any] = []

    class H(BaseHTTPRequestHandler):
        def log_message(self, *_a: Any) -> None:
            pass

        def do_POST(self) -> None:  # noqa: N802
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", got
    server.shutdown()
    server.server_close()


def test_webhook_posts_new_alerts_and_refuses_private_by_default(
        tmp_path: Path, receiver: tuple[str, list[Any]]) -> None:
    url, got = receiver
    store, ids = filled(tmp_path)
    al.add(store, "treasury", "text", query="Treasury")
    hook = {"url": url, "allow_hosts": ["127.0.0.1"], "allow_schemes": ["http"]}
    new = al.evaluate(store, ids)
    assert not deliver(store, hook, new) and got == []  # loopback: refused like a fetch
    assert deliver(store, {**hook, "allow_private": True}, new)
    assert len(got[0]["alerts"]) == 3 and got[0]["alerts"][0]["evidence"]
    assert all(a["delivered"] for a in store_alerts.list_alerts(store.engine))
    store.close()
