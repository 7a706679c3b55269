"""Article pages and their JSON are built once per stored analysis and rebuilt when it
changes; every answer says where its time went (``Server-Timing``)."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.responses import JSONResponse
from fastapi.testclient import TestClient

from tealeaves.store import open_store
from tealeaves.web import create_app
from tealeaves.web.views import SizedLRU

from .conftest import TOKEN


def timing(response: object) -> dict[str, str]:
    """``Server-Timing`` as ``{name: duration or description}``."""
    out = {}
    for part in response.headers.get("server-timing", "").split(","):  # type: ignore[attr-defined]
        name, _, rest = part.strip().partition(";")
        out[name] = rest.split("=", 1)[-1].strip('"')
    return out


@pytest.fixture
def copy_db(web_store: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    db = tmp_path / "views.db"
    shutil.copy(web_store[0], db)
    return db


@pytest.fixture
def client(copy_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(copy_db), token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def test_article_page_is_built_once_and_rebuilt_when_the_analysis_changes(
        client: TestClient, copy_db: Path, ids: dict[str, str]) -> None:
    url = f"/articles/{ids['hale-resigns']}"
    first = client.get(url)
    assert first.status_code == 200
    t = timing(first)
    assert t["cache"] == "miss" and {"db", "build", "tpl"} <= set(t)
    again = client.get(url)
    assert again.text == first.text
    t = timing(again)
    assert t["cache"] == "hit" and "build" not in t and {"db", "tpl"} <= set(t)
    # another process (an ingest) re-saves the article with a new title
    store = open_store(copy_db)
    try:
        analysis = store.get(ids["hale-resigns"])
        assert analysis is not None
        article = dataclasses.replace(analysis.article, title="A title set later")
        store.save(dataclasses.replace(analysis, article=article), claim_vectors={})
    finally:
        store.close()
    changed = client.get(url)
    assert timing(changed)["cache"] == "miss"
    assert "A title set later" in changed.text


def test_article_json_is_the_analysis_as_before(client: TestClient, copy_db: Path,
                                                ids: dict[str, str]) -> None:
    store = open_store(copy_db)
    try:
        expected = JSONResponse(store.get(ids["analysis-hale-affair"]).to_dict()).body  # type: ignore[union-attr]
    finally:
        store.close()
    for outcome in ("miss", "hit"):
        r = client.get(f"/api/articles/{ids['analysis-hale-affair']}")
        assert r.headers["content-type"] == "application/json"
        assert r.content == expected
        assert timing(r)["cache"] == outcome


def test_a_write_through_the_app_drops_the_cached_page(client: TestClient) -> None:
    text = ("The mayor of Springfield said on Friday that the city would open two new "
            "libraries next year, according to a statement from her office.")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/articles", headers=headers, json={"text": text, "title": "First"})
    assert r.status_code == 201, r.text
    url = f"/articles/{r.json()['id']}"
    assert "First" in client.get(url).text
    r = client.post("/api/articles", headers=headers, json={"text": text, "title": "Second"})
    assert r.status_code == 200
    page = client.get(url)
    assert "Second" in page.text and timing(page)["cache"] == "miss"


def test_the_page_cache_is_bounded(copy_db: Path, ids: dict[str, str]) -> None:
    app = create_app(str(copy_db), page_cache_mb=0)
    with TestClient(app) as c:
        for article_id in ids.values():
            assert c.get(f"/articles/{article_id}").status_code == 200
    assert len(app.state.data.pages) == 0  # nothing fits in 0 MB: built per request


def test_actor_page_is_rendered_once_per_version(client: TestClient) -> None:
    top = client.get("/api/actors", params={"limit": 1}).json()["actors"][0]
    first = client.get(f"/actors/{top['slug']}")
    t = timing(first)
    assert t["cache"] == "miss" and float(t["tpl"]) >= 0
    again = client.get(f"/actors/{top['slug']}")
    assert timing(again)["cache"] == "hit" and "tpl" not in timing(again)
    assert again.text == first.text and again.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in again.headers["content-security-policy"]


def test_actor_page_is_served_stale_while_it_is_refreshed(client: TestClient, copy_db: Path,
                                                         ids: dict[str, str]) -> None:
    """A store that changes under the server (an ingest running) never makes an actor page
    wait for the corpus queries: the last version is served and refreshed in the background."""
    top = client.get("/api/actors", params={"limit": 1}).json()["actors"][0]
    before = client.get(f"/api/actors/{top['slug']}").json()
    data = client.app.state.data  # type: ignore[attr-defined]
    store = open_store(copy_db)
    try:  # another process stores a second copy of an article that mentions the actor
        article_id = before["recent_articles"][0]["id"]
        analysis = store.get(article_id)
        assert analysis is not None
        text = analysis.article.text + "\n\n(Reprinted.)"
        copy = dataclasses.replace(analysis.article, text=text, id=type(analysis.article)
                                   .make_id(text), outlet="second-outlet")
        store.save(dataclasses.replace(analysis, article=copy), claim_vectors={})
    finally:
        store.close()
    data.invalidate()  # as if the version check's time-to-live had passed
    stale = client.get(f"/api/actors/{top['slug']}").json()
    assert stale["mentions"] == before["mentions"]
    assert data.wait_refreshed(timeout=120)
    fresh = client.get(f"/api/actors/{top['slug']}").json()
    assert fresh["mentions"] > before["mentions"]


def test_made_up_actor_slugs_are_not_cached(client: TestClient) -> None:
    data = client.app.state.data  # type: ignore[attr-defined]
    assert client.get("/actors/nobody").status_code == 404  # the actor index is cached
    cached = len(data._cache)
    for i in range(50):
        assert client.get(f"/actors/nobody-{i}").status_code == 404
    assert len(data._cache) == cached and data._key_locks == {}


def test_views_computed_inside_views_do_not_deadlock(copy_db: Path) -> None:
    """The home page's overview computes the actor ranking and the claim groups under its
    own key's lock: every key has its own lock, and the table of them empties again."""
    from tealeaves.web.data import WebData

    store = open_store(copy_db)
    data = WebData(store)
    out: list[list[int]] = []

    def inner(i: int) -> int:
        return int(data._cached(f"inner{i}", lambda: i))

    def outer() -> list[int]:
        return [inner(i) for i in range(200)]

    worker = threading.Thread(target=lambda: out.append(data._cached("outer", outer)))
    worker.start()
    worker.join(timeout=60)
    try:
        assert not worker.is_alive(), "nested views deadlocked"
        assert out == [list(range(200))] and data._key_locks == {}
    finally:
        store.close()


def test_sized_lru_evicts_the_least_recently_used() -> None:
    cache = SizedLRU(max_bytes=100)
    cache.put("a", 1, "A", 40)
    cache.put("b", 1, "B", 40)
    assert cache.get("a", 1) == "A"  # a is now the most recently used
    cache.put("c", 1, "C", 40)
    assert cache.get("b", 1) is None and cache.get("a", 1) == "A" and cache.size == 80
    assert cache.get("a", 2) is None  # another stamp: a miss
    cache.put("huge", 1, "H", 101)
    assert cache.get("huge", 1) is None and cache.size == 80
    cache.pop("a")
    assert cache.size == 40 and len(cache) == 1


def test_sized_lru_builds_a_missing_value_once() -> None:
    cache = SizedLRU(max_bytes=1000)
    calls: list[int] = []
    gate = threading.Barrier(4)

    def build() -> tuple[str, int]:
        calls.append(1)
        return "value", 5

    def reader() -> None:
        gate.wait()
        assert cache.get_or_build("k", 1, build) == "value"

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1]
    assert cache.get_or_build("gone", 1, lambda: None) is None
