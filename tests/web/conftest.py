"""A small store for the web tests: the project's test articles (five outlets, March to
June 2024), one of them reprinted by a sixth outlet, and one hostile article (markup in its
title and body), analysed with the real pipeline once per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures import fixture_articles

ROOT = Path(__file__).resolve().parents[2]

#: The wire story that a second outlet reprints: claims grouped across articles.
REPRINTED = "hale-in-doubt"
REPRINT_OUTLET = "wire-reprint"
TOKEN = "test-token-5f1c"
HOSTILE_TITLE = '<script>alert("title")</script> Senate budget <b>row</b>'
HOSTILE_BODY = (
    "Senator Mary Jones said on Monday that the budget deal would fail. "
    '<script>alert("body")</script> The White House rejected her claim, '
    "according to a spokesman who spoke on condition of anonymity. "
    "Jones told reporters the plan was <img src=x onerror=alert(1)> a disaster for taxpayers.\n\n"
    "Republican leaders accused Democrats of blocking the vote. "
    "Officials said the talks would resume next week."
)


def build_store(path: Path) -> dict[str, str]:
    """Analyse the articles and save them; returns their ids by name: each test article's
    file stem, ``"reprint"`` and ``"hostile"``."""
    from tealeaves import analyze_many
    from tealeaves.ingest import read_text
    from tealeaves.store import open_store

    items = fixture_articles()
    articles = {i["name"]: read_text(i["text"], outlet=i["outlet"], published=i["published"],
                                     title=i["title"], url=f"https://example.org/{i['name']}")
                for i in items}
    wire = next(i for i in items if i["name"] == REPRINTED)
    reprint = read_text(wire["text"].rstrip() + "\n\n(Distributed by a news wire.)",
                        outlet=REPRINT_OUTLET, published=wire["published"],
                        title=wire["title"] + " (reprint)")
    hostile = read_text(HOSTILE_BODY, outlet="<i>evil</i> outlet", published="2024-06-04",
                        title=HOSTILE_TITLE, url="javascript:alert(1)")
    store = open_store(path)
    try:
        for analysis in analyze_many([*articles.values(), reprint, hostile]):
            store.save(analysis)
    finally:
        store.close()
    ids = {name: a.id for name, a in articles.items()}
    ids.update(reprint=reprint.id, hostile=hostile.id)
    return ids


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("web") / "web.db"
    ids = build_store(path)
    return path, ids


@pytest.fixture(scope="session")
def app(web_store: tuple[Path, dict[str, str]]):  # type: ignore[no-untyped-def]
    from tealeaves.web import create_app

    return create_app(str(web_store[0]), token=TOKEN, rate=50.0, burst=50)


@pytest.fixture
def client(app) -> Iterator:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def ids(web_store: tuple[Path, dict[str, str]]) -> dict[str, str]:
    return web_store[1]
