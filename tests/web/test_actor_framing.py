"""The web actor page shows how the latest articles cast the actor (``Actor.framing``)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_actor_page_and_api_show_framing(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 20}).json()["actors"]
    seen_cast = False
    for top in actors:
        detail = client.get(f"/api/actors/{top['slug']}").json()
        framing = detail["framing"]
        assert set(framing) == {"roles", "fine", "by_article"}
        assert set(framing["roles"]) <= {"protagonist", "antagonist", "innocent"}
        recent = {r["id"] for r in detail["recent_articles"]}
        assert set(framing["by_article"]) <= recent
        assert sum(framing["roles"].values()) == len(framing["by_article"])
        for words in framing["by_article"].values():
            assert "confidence 0." in words and "+" not in words
        page = client.get(f"/actors/{top['slug']}").text
        assert 'id="framing"' in page
        if framing["roles"]:
            seen_cast = True
            role = next(iter(framing["roles"]))
            assert f"framing-{role}" in page
    assert seen_cast  # the fixture articles cast at least one of their leading actors
