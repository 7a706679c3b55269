"""The standing page and its /api/standing twin over a small store of hand-built signals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tealeaves.store import open_store
from tealeaves.web import create_app
from tests.corpus.standing_data import standing_set


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("standing") / "standing.db"
    with open_store(path) as store:
        for a in standing_set():
            store.save(a)
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as c:
        yield c


def test_api_standing_ranks_with_evidence(client: TestClient) -> None:
    body = client.get("/api/standing").json()
    assert [(e["name"], e["net"]) for e in body["up"]] == [("Petrov", 2)]
    # the denied rumour of Ivanov's sacking is counted apart, not as a fall
    assert [(e["name"], e["net"]) for e in body["down"]] == [("Ivanov", -1), ("Sidorov", -1)]
    ivanov = body["down"][0]
    assert ivanov["slug"] == "ivanov" and ivanov["contested"] == 1
    assert "rumour" not in ivanov["by_source"]
    sentences = {s["sentence"] for s in ivanov["signals"]}
    assert "The Kremlin denied rumours that Ivanov was sacked." in sentences


def test_api_standing_filters_dates_also_partial(client: TestClient) -> None:
    body = client.get("/api/standing", params={"since": "2025-04"}).json()
    assert body["since"] == "2025-04" and [e["name"] for e in body["up"]] == ["Ivanov"]
    body = client.get("/api/standing", params={"until": "2025-03", "limit": 1}).json()
    assert [e["name"] for e in body["down"]] == ["Ivanov"]


@pytest.mark.parametrize("params", [{"since": "March"}, {"limit": 0}, {"limit": 100000}])
def test_api_standing_bad_query_is_422(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/standing", params=params)
    assert r.status_code == 422 and set(r.json()) == {"error"}


def test_standing_page_is_the_same_data(client: TestClient) -> None:
    r = client.get("/standing")
    assert r.status_code == 200
    html = r.text
    assert 'href="/standing" aria-current="page"' in html  # in the navigation
    assert "Petrov" in html and "Ivanov" in html
    assert '<td class="num">+2</td>' in html and '<td class="num">-1</td>' in html
    assert "The Kremlin denied rumours that Ivanov was sacked." in html
    assert "/articles/" in html and "?hl=" in html and "contested" in html
    assert client.get("/standing", params={"since": "x"}).status_code == 422
    assert 'href="/standing"' in client.get("/").text


def test_actor_page_counts_signals_by_source(client: TestClient) -> None:
    body = client.get("/api/actors/ivanov").json()
    rows = {(r["signal"], r["direction"]): r for r in body["standing"]}
    assert rows[("rumoured_ouster", "falling")]["by_source"] == {"rumour": 1}
    assert rows[("sidelined", "falling")] == {"signal": "sidelined", "direction": "falling",
                                              "count": 1, "by_source": {"anonymous": 1}}
    html = client.get("/actors/ivanov").text
    assert "who says so: anonymous 1" in html and 'href="/standing"' in html


def test_api_and_page_name_who_contests(client: TestClient) -> None:
    ivanov = client.get("/api/standing").json()["down"][0]
    denied = [s for s in ivanov["signals"] if s["contested"]]
    assert [(s["contested_by"], s["contested_by_name"], s["contested_by_key"],
             s["contested_by_slug"]) for s in denied] == [
        ("c1", "Kremlin", "kremlin|organization", "kremlin")]
    assert ivanov["contested_by"] == {"Kremlin": 1}
    assert all(s["contested_by"] is None for s in ivanov["signals"] if not s["contested"])
    html = client.get("/standing").text
    assert 'by <span class="contester"><a class="actor-link" href="/actors/kremlin">Kremlin</a>' \
        in html
    assert "(claim c1)" in html
