"""The same app over PostgreSQL (same schema): the pages and API work on both backends."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

PG_URL = os.environ.get("TEALEAVES_TEST_PG")
pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="TEALEAVES_TEST_PG is not set")]


@pytest.fixture(scope="module")
def pg_client(web_store: tuple[Path, dict[str, str]]) -> Iterator[TestClient]:
    assert PG_URL
    from sqlalchemy import create_engine, text

    from tealeaves.store import open_store, resolve_url
    from tealeaves.web import create_app

    source = open_store(web_store[0])
    schema = f"web_{uuid.uuid4().hex[:10]}"
    store = open_store(PG_URL, schema=schema)
    try:
        for aid in web_store[1].values():
            analysis = source.get(aid)
            assert analysis is not None
            store.save(analysis)
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            yield client
    finally:
        source.close()
        store.close()
        engine = create_engine(resolve_url(PG_URL))
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def get(client: TestClient, path: str, **params: Any) -> Any:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text[:300]
    return r.json() if r.headers["content-type"].startswith("application/json") else r.text


def test_api_on_postgres(pg_client: TestClient, ids: dict[str, str]) -> None:
    assert get(pg_client, "/api/stats")["articles"] == len(ids)
    assert len(get(pg_client, "/api/articles", outlet="capital-ledger")["articles"]) == 3
    assert get(pg_client, f"/api/articles/{ids['hale-resigns']}")["article"]["id"] == ids["hale-resigns"]
    top = get(pg_client, "/api/actors", limit=5)["actors"][0]
    assert get(pg_client, f"/api/actors/{top['slug']}")["name"] == top["name"]
    found = {r["id"] for r in get(pg_client, "/api/search", q="Kestrel")["results"]}
    assert ids["reprint"] in found
    assert get(pg_client, "/api/claims")["groups"]
    assert get(pg_client, "/api/network")["nodes"]
    assert get(pg_client, "/api/overview")["by_day"]


def test_pages_on_postgres(pg_client: TestClient, ids: dict[str, str]) -> None:
    for path in ("/", "/claims", "/network", "/actors", f"/articles/{ids['hostile']}"):
        html = get(pg_client, path)
        assert '<script>alert("title")</script>' not in html
