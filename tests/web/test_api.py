"""The JSON API in-process (FastAPI TestClient) over a small store of analysed articles."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tealeaves.model import validate
from tealeaves.web import create_app
from tests.fixtures import fixture_articles

from .conftest import HOSTILE_TITLE, REPRINT_OUTLET, REPRINTED, TOKEN


def assert_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body


@pytest.fixture
def writable(web_store: tuple[Path, dict[str, str]], tmp_path: Path) -> Iterator[TestClient]:
    """A client over a private copy of the store (writes must not leak into other tests)."""
    db = tmp_path / "copy.db"
    shutil.copy(web_store[0], db)
    app = create_app(str(db), token=TOKEN, rate=100.0, burst=100)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_stats(client: TestClient, ids: dict[str, str]) -> None:
    stats = client.get("/api/stats").json()
    for key in ("articles", "analyses", "actors", "mentions", "claims", "events", "techniques",
                "duplicates", "failures"):
        assert key in stats
    assert stats["articles"] == len(ids)
    assert stats["analyses"] == len(ids)
    assert stats["actors"] > 20


def test_articles_list_and_filters(client: TestClient, ids: dict[str, str]) -> None:
    rows = client.get("/api/articles", params={"limit": 100}).json()["articles"]
    assert {r["id"] for r in rows} == set(ids.values())
    ledger = client.get("/api/articles", params={"outlet": "capital-ledger"}).json()["articles"]
    assert {r["id"] for r in ledger} == {
        ids[a["name"]] for a in fixture_articles() if a["outlet"] == "capital-ledger"}
    assert len(ledger) == 3
    dated = client.get("/api/articles", params={"since": "2024-03-01", "until": "2024-03-31"}).json()
    march = {ids[a["name"]] for a in fixture_articles() if a["published"].startswith("2024-03")}
    assert {r["id"] for r in dated["articles"]} == march | {ids["reprint"]}
    page = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert len(page["articles"]) == 2 and page["offset"] == 2


def test_article_is_a_valid_analysis(client: TestClient, ids: dict[str, str]) -> None:
    data = client.get(f"/api/articles/{ids['analysis-hale-affair']}").json()
    validate(data)
    assert data["article"]["id"] == ids["analysis-hale-affair"]
    assert data["article"]["outlet"] == "capital-ledger"
    assert any(a["name"] for a in data["actors"])
    hostile = client.get(f"/api/articles/{ids['hostile']}").json()
    assert hostile["article"]["title"] == HOSTILE_TITLE  # JSON keeps the text as it is


def test_actors_ranked_and_resolvable_by_slug(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 10}).json()["actors"]
    assert len(actors) == 10
    mentions = [a["mentions"] for a in actors]
    assert mentions == sorted(mentions, reverse=True)
    top = actors[0]
    assert top["slug"] and "/" not in top["slug"] and " " not in top["slug"]
    detail = client.get(f"/api/actors/{top['slug']}").json()
    assert detail["name"] == top["name"]
    assert detail["mentions"] >= 1
    assert detail["timeline"] and {"period", "mentions"} <= set(detail["timeline"][0])
    for key in ("roles", "aliases", "acts_on", "acted_on_by", "claims_by", "claims_about",
                "recent_articles", "standing", "stance"):
        assert key in detail
    for claim in detail["claims_about"][:5]:  # evidence offsets point into the article text
        art = client.get(f"/api/articles/{claim['article_id']}").json()["article"]
        assert art["text"][claim["start"]:claim["end"]] == claim["text"]


def test_actor_outlet_filter(client: TestClient) -> None:
    civic = client.get("/api/actors", params={"outlet": "civic-review", "limit": 50}).json()["actors"]
    everyone = client.get("/api/actors", params={"limit": 500}).json()["actors"]
    assert civic and len(civic) < len(everyone)
    assert "Sandra Diaz" in {a["name"] for a in civic}  # the mayor in the council story
    assert "Martin Hale" not in {a["name"] for a in civic}


def test_claim_groups_and_filters(client: TestClient, ids: dict[str, str]) -> None:
    groups = client.get("/api/claims").json()["groups"]
    assert groups, "the reprinted wire story must give claim groups"
    reprint_groups = [g for g in groups if ids["reprint"] in {m["article_id"] for m in g["members"]}]
    assert reprint_groups
    g = reprint_groups[0]
    assert {"meridian-wire", REPRINT_OUTLET} <= set(g["outlets"])
    assert g["source_kinds"] and g["summary"]
    for m in g["members"]:
        art = client.get(f"/api/articles/{m['article_id']}").json()["article"]
        assert art["text"][m["start"]:m["end"]] == m["text"]
    one = client.get(f"/api/claims/{g['id']}").json()
    assert one["id"] == g["id"]
    by_outlet = client.get("/api/claims", params={"outlet": "harbour-times"}).json()["groups"]
    assert all(any(m["outlet"] == "harbour-times" for m in x["members"]) for x in by_outlet)
    kind = g["members"][0]["source_kind"]
    by_kind = client.get("/api/claims", params={"source_kind": kind}).json()["groups"]
    assert by_kind and all(any(m["source_kind"] == kind for m in x["members"]) for x in by_kind)
    late = client.get("/api/claims", params={"since": "2030-01-01"}).json()["groups"]
    assert late == []
    assert_error(client.get("/api/claims", params={"source_kind": "gossip"}), 422)
    assert_error(client.get("/api/claims/no-such-group"), 404)


def test_search(client: TestClient, ids: dict[str, str]) -> None:
    res = client.get("/api/search", params={"q": "Kestrel"}).json()
    found = {r["id"] for r in res["results"]}
    # the name of the helicopter programme, in three stories and the reprint
    assert found == {ids[a["name"]] for a in fixture_articles() if "Kestrel" in a["text"]} | {
        ids["reprint"]}
    assert len(found) == 4
    only = client.get("/api/search", params={"q": "Kestrel", "outlet": REPRINT_OUTLET}).json()
    assert {r["id"] for r in only["results"]} == {ids["reprint"]}
    march = client.get("/api/search", params={"q": "Kestrel", "until": "2024-03-31"}).json()
    assert {r["id"] for r in march["results"]} == {ids[REPRINTED], ids["reprint"]}
    none = client.get("/api/search", params={"q": "Kestrel", "until": "2024-03-03"}).json()
    assert none["results"] == []
    assert_error(client.get("/api/search"), 422)


def test_network(client: TestClient) -> None:
    net = client.get("/api/network").json()
    assert net["nodes"] and net["edges"]
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all(n["slug"] for n in net["nodes"])


def test_overview(client: TestClient, ids: dict[str, str]) -> None:
    ov = client.get("/api/overview").json()
    assert sum(d["articles"] for d in ov["by_day"]) == len(ids)
    assert {o["outlet"] for o in ov["outlets"]} >= {"meridian-wire", "capital-ledger", REPRINT_OUTLET}
    assert ov["source_kinds"] and ov["top_actors"]


def test_one_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/articles/0000"), 404)
    assert_error(client.get("/api/actors/nobody-at-all"), 404)
    assert_error(client.get("/api/no/such/endpoint"), 404)
    assert_error(client.post("/api/no/such/endpoint", json={}), 404)
    assert_error(client.get("/api/articles", params={"limit": 0}), 422)
    assert_error(client.get("/api/articles", params={"since": "last tuesday"}), 422)
    assert_error(client.delete("/api/articles"), 405)


def test_openapi_documents_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for p in ("/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/actors/{actor_id}",
              "/api/claims", "/api/search", "/api/network", "/api/stats"):
        assert p in paths, p
    assert "post" in paths["/api/articles"]
    assert "/" not in paths  # pages are not API


# ------------------------------------------------------------------------------ writes
def test_writes_need_the_token(writable: TestClient) -> None:
    body = {"text": "Senator Mary Jones said the bill would pass."}
    assert_error(writable.post("/api/articles", json=body), 401)
    assert_error(writable.post("/api/articles", json=body, headers={"Authorization": "Bearer nope"}), 401)
    assert_error(writable.post("/api/articles", json=body, headers={"Authorization": TOKEN}), 401)


def test_writes_disabled_without_token(web_store: tuple[Path, dict[str, str]],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEALEAVES_API_TOKEN", raising=False)
    with TestClient(create_app(str(web_store[0])), raise_server_exceptions=False) as c:
        r = c.post("/api/articles", json={"text": "x"}, headers={"Authorization": "Bearer "})
        assert "disabled" in assert_error(r, 403)["error"]["message"]


def test_token_from_environment(web_store: tuple[Path, dict[str, str]], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    shutil.copy(web_store[0], db)
    monkeypatch.setenv("TEALEAVES_API_TOKEN", "from-env-123")
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        text = ("The mayor of Springfield said on Friday that the city would open two new "
                "libraries next year, according to a statement from her office.")
        r = c.post("/api/articles", json={"text": text}, headers={"Authorization": "Bearer from-env-123"})
        assert r.status_code == 201, r.text


def test_post_analyses_and_stores(writable: TestClient) -> None:
    text = ("Governor Alan Brooks said on Tuesday that the state would sue the federal "
            "government over the new water rules. The Environmental Protection Agency "
            "declined to comment, according to a spokeswoman.")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/stats").json()["articles"]
    r = writable.post("/api/articles", headers=headers, json={
        "text": text, "title": "State to sue", "outlet": "Test Gazette", "published": "2016-07-01"})
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["created"] is True and r.headers["location"] == f"/api/articles/{out['id']}"
    validate(out["analysis"])
    stored = writable.get(f"/api/articles/{out['id']}").json()
    assert stored["article"]["title"] == "State to sue"
    assert stored["article"]["outlet"] == "Test Gazette"
    assert writable.get("/api/stats").json()["articles"] == before + 1
    assert any(r["id"] == out["id"] for r in writable.get("/api/search", params={"q": "water rules"}).json()["results"])
    again = writable.post("/api/articles", headers=headers, json={"text": text})
    assert again.status_code == 200 and again.json()["created"] is False  # idempotent upsert
    assert writable.get("/api/stats").json()["articles"] == before + 1


def test_post_validation(writable: TestClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(writable.post("/api/articles", headers=headers, json={}), 422)
    assert_error(writable.post("/api/articles", headers=headers, json={"text": "   "}), 422)
    assert_error(writable.post("/api/articles", headers=headers, json={"text": 5}), 422)
    assert_error(writable.post("/api/articles", headers=headers, content=b"{not json",
                               ), 422)


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/x", "http://localhost/", "http://169.254.169.254/",
                                 "file:///etc/passwd", "http://[::1]:8000/"])
def test_post_url_is_ssrf_safe(writable: TestClient, url: str) -> None:
    r = writable.post("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"}, json={"url": url})
    msg = assert_error(r, 422)["error"]["message"]
    assert "refusing" in msg or "only http" in msg


def test_rate_limit(web_store: tuple[Path, dict[str, str]]) -> None:
    app = create_app(str(web_store[0]), token=TOKEN, rate=0.01, burst=2)
    with TestClient(app, raise_server_exceptions=False) as c:
        codes = [c.post("/api/articles", json={"text": "x"}).status_code for _ in range(3)]
        assert codes[:2] == [401, 401]  # bucket spent by unauthenticated tries too
        r = c.post("/api/articles", json={"text": "x"})
        assert_error(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/api/stats").status_code == 200  # reads are not limited


def test_request_size_limit(web_store: tuple[Path, dict[str, str]]) -> None:
    app = create_app(str(web_store[0]), token=TOKEN, max_body=1000)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app, raise_server_exceptions=False) as c:
        assert_error(c.post("/api/articles", headers=headers, json={"text": "word " * 1000}), 413)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the cap holds while streaming
            yield b'{"text": "'
            for _ in range(50):
                yield b"word " * 40
            yield b'"}'

        assert_error(c.post("/api/articles", headers={**headers, "Content-Type": "application/json"},
                            content=chunks()), 413)


def test_post_url_fetches_and_extracts_the_article(web_store: tuple[Path, dict[str, str]],
                                                   tmp_path: Path) -> None:
    """With private fetches allowed (a test-only switch), a page on loopback is fetched,
    its main text extracted from the HTML and analysed."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (b"<html><head><title>Mayor backs plan</title></head><body><nav>Home | Share</nav>"
            b"<article><h1>Mayor backs plan</h1><p>The mayor of Riverton, Joan Park, said on "
            b"Thursday that the city would build a new flood wall along the river.</p><p>Critics "
            b"said the project would cost too much, according to a council report.</p></article>"
            b"</body></html>")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    db = tmp_path / "url.db"
    shutil.copy(web_store[0], db)
    try:
        app = create_app(str(db), token=TOKEN, allow_private_fetch=True)
        with TestClient(app, raise_server_exceptions=False) as c:
            url = f"http://127.0.0.1:{httpd.server_address[1]}/news/flood-wall"
            r = c.post("/api/articles", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"url": url, "outlet": "Riverton Times"})
            assert r.status_code == 201, r.text
            art = r.json()["analysis"]["article"]
            assert "flood wall" in art["text"] and "Share" not in art["text"]
            assert art["url"] == url and art["outlet"] == "Riverton Times"
            assert art["title"] == "Mayor backs plan"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_error_messages_do_not_echo_huge_input(client: TestClient) -> None:
    body = assert_error(client.get("/api/articles/" + "a" * 5000), 404)
    assert len(body["error"]["message"]) < 120
    assert_error(client.get("/api/articles", params={"offset": 10**20}), 422)
