"""A small real store for the web tests: PolNeAR train articles from several outlets, the
founding article, and one hostile article (markup in its title and body), analysed with
the real pipeline once per test session."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
FOUNDING = SHARED / "examples" / "lavrov-last-tango.txt"

POLNEAR = DATA / "polnear"
#: Six articles from six outlets, 2015–2016, all about the same campaign.
POLNEAR_FILES = (
    "breitbart_2016-06-26_clinton-swipes-at-trump-over-bre",
    "huff-post_2016-06-08_hillary-clinton-wins-south-dakot",
    "politico_2016-06-10_afl-cio-to-endorse-clinton",
    "politico_2016-04-06_poll-trump-and-clinton-hold-narr",
    "nyt_2015-12-22_trump-says-praise-from-putin-hel",
    "usa-today_2016-01-22_some-republicans-promote-sanders",
)
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


def polnear_articles() -> list[dict[str, str]]:
    meta: dict[str, dict[str, str]] = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    out = []
    for name in POLNEAR_FILES:
        m = meta[name]
        text = (POLNEAR / "train" / "text" / f"{name}.txt").read_text("utf-8")
        out.append({"text": text, "outlet": m["publisher"], "published": m["publication_date"],
                    "title": m["title"], "url": f"https://example.org/{name}"})
    return out


def build_store(path: Path) -> dict[str, str]:
    """Analyse the articles and save them; returns ``{"founding": id, "hostile": id, ...}``."""
    from tealeaves import analyze_many
    from tealeaves.ingest import read_text
    from tealeaves.store import open_store

    items = polnear_articles()
    articles = [read_text(i["text"], outlet=i["outlet"], published=i["published"],
                          title=i["title"], url=i["url"]) for i in items]
    founding = read_text(FOUNDING.read_text("utf-8"), outlet="founding-outlet",
                         published="2016-06-20", title="The founding article")
    # the same wire story carried by a second outlet: claims grouped across articles
    reprint = read_text(items[2]["text"].rstrip() + "\n\n(Distributed by a news wire.)",
                        outlet="wire-reprint", published=items[2]["published"],
                        title=items[2]["title"] + " (reprint)")
    hostile = read_text(HOSTILE_BODY, outlet="<i>evil</i> outlet", published="2016-06-21",
                        title=HOSTILE_TITLE, url="javascript:alert(1)")
    store = open_store(path)
    try:
        for analysis in analyze_many([*articles, reprint, founding, hostile]):
            store.save(analysis)
    finally:
        store.close()
    ids = {"founding": founding.id, "hostile": hostile.id, "reprint": reprint.id}
    ids.update({f"polnear{i}": a.id for i, a in enumerate(articles)})
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
