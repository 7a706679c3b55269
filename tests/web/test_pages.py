"""The HTML pages in-process: every page renders, hostile article text is escaped, errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tealeaves.web import create_app

from .conftest import REPRINT_OUTLET, REPRINTED, TOKEN

RAW_MARKUP = ('<script>alert("title")</script>', '<script>alert("body")</script>',
              "<img src=x onerror", "<b>row</b>", "<i>evil</i>")


def assert_escaped(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, raw
    # the only <script> elements are our own: external files or JSON data blocks
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert 'src="/' in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("path", ["/", "/articles", "/actors", "/claims", "/network", "/analyse",
                                  "/search?q=Hale", "/search"])
def test_pages_render(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert_escaped(r.text)


def test_home_shows_the_corpus(client: TestClient) -> None:
    html = client.get("/").text
    assert "Corpus at a glance" in html
    for outlet in ("meridian-wire", "capital-ledger", "civic-review", REPRINT_OUTLET):
        assert outlet in html
    assert 'class="actor-link" href="/actors/' in html
    assert 'class="group-link" href="/claims/' in html
    assert "<svg" in html  # articles by day


def test_hostile_article_is_escaped_everywhere(client: TestClient, ids: dict[str, str]) -> None:
    article = client.get(f"/articles/{ids['hostile']}").text
    assert_escaped(article)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article  # the title, as text
    assert "&lt;script&gt;alert(&#34;body&#34;)&lt;/script&gt;" in article.replace("&quot;", "&#34;")
    assert "javascript:" not in article  # a javascript: source URL is not linked
    home = client.get("/").text
    assert_escaped(home)
    assert "&lt;script&gt;alert(&#34;title&#34;)" in home
    assert "&lt;i&gt;evil&lt;/i&gt;" in home  # the outlet name
    for q in ("budget", "script", "alert"):
        results = client.get("/search", params={"q": q}).text
        assert_escaped(results)
        assert f"/articles/{ids['hostile']}" in results, q
    assert_escaped(client.get("/articles").text)
    assert_escaped(client.get("/actors/mary-jones").text)


def test_search_query_is_escaped(client: TestClient) -> None:
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_article_page_embeds_the_report_view(client: TestClient, ids: dict[str, str]) -> None:
    from tealeaves.render.html import render_article_fragment
    from tealeaves.store import open_store

    html = client.get(f"/articles/{ids['analysis-hale-affair']}").text
    assert 'href="/assets/report.css"' in html and 'src="/assets/report.js"' in html
    store = open_store(client.app.state.store.engine.url.database)  # type: ignore[attr-defined]
    try:
        analysis = store.get(ids["analysis-hale-affair"])
    finally:
        store.close()
    assert analysis is not None
    assert str(render_article_fragment(analysis)) in html  # the very same view
    assert client.get("/assets/report.js").status_code == 200
    assert client.get("/assets/report.css").text.strip()


def test_evidence_link_quotes_the_span(client: TestClient, ids: dict[str, str]) -> None:
    claims = client.get(f"/api/articles/{ids[REPRINTED]}").json()["claims"]
    c = claims[0]
    html = client.get(f"/articles/{ids[REPRINTED]}", params={"hl": f"{c['start']}-{c['end']}"}).text
    assert 'id="evidence"' in html
    bad = client.get(f"/articles/{ids[REPRINTED]}", params={"hl": "5-999999999"}).text
    assert 'id="evidence"' not in bad


def test_actor_page(client: TestClient) -> None:
    top = client.get("/api/actors", params={"limit": 1}).json()["actors"][0]
    html = client.get(f"/actors/{top['slug']}").text
    assert f'<h1 id="actor-name">{top["name"]}</h1>' in html
    for section in ("timeline", "acts-on", "acted-on-by", "claims-by", "claims-about"):
        assert f'id="{section}"' in html


def test_claim_group_page(client: TestClient) -> None:
    g = client.get("/api/claims").json()["groups"][0]
    html = client.get(f"/claims/{g['id']}").text
    assert 'id="group-members"' in html
    for outlet in g["outlets"]:
        assert outlet in html
    assert html.count('class="evidence-link"') == len(g["members"])


def test_network_page_draws_svg(client: TestClient) -> None:
    html = client.get("/network").text
    assert '<svg id="network"' in html
    assert html.count('<a href="/actors/') >= 5


def test_error_pages_are_html(client: TestClient) -> None:
    r = client.get("/articles/not-an-id")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no article not-an-id" in r.text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/actors/nobody-at-all").status_code == 404
    r = client.get("/articles", params={"since": "<script>"})
    assert r.status_code == 422 and "<script>" not in r.text


def test_analyse_shows_result_without_storing(client: TestClient) -> None:
    text = ("Prime Minister Ana Silva said on Sunday that the government would raise taxes "
            "on banks, according to a statement.")
    before = client.get("/api/stats").json()["articles"]
    r = client.post("/analyse", data={"text": text, "title": "<b>Taxes</b>"})
    assert r.status_code == 200
    assert "Ana Silva" in r.text and "&lt;b&gt;Taxes&lt;/b&gt;" in r.text
    assert 'id="stored"' not in r.text
    assert client.get("/api/stats").json()["articles"] == before


def test_analyse_upload_and_store(web_store: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    db = tmp_path / "analyse.db"
    shutil.copy(web_store[0], db)
    with TestClient(create_app(str(db), token=TOKEN), raise_server_exceptions=False) as c:
        text = b"The city council voted on Monday to close the old bridge, officials said."
        files = {"file": ("note.txt", text, "text/plain")}
        denied = c.post("/analyse", data={"store": "1", "token": "wrong"}, files=files)
        assert denied.status_code == 401
        ok = c.post("/analyse", data={"store": "1", "token": TOKEN}, files=files)
        assert ok.status_code == 200 and 'id="stored"' in ok.text
        assert c.get("/api/stats").json()["articles"] == len(web_store[1]) + 1
        empty = c.post("/analyse", data={"text": "  "})
        assert empty.status_code == 422 and 'id="analyse-error"' in empty.text


def test_analyse_upload_is_read_like_a_file_on_disk(client: TestClient) -> None:
    """Uploads go through tealeaves.ingest: legacy encodings decode, HTML pages are
    reduced to their main text, and binary junk is a clear 422, not a server error."""
    text = ("Финансы: the minister said on Monday that the budget would be cut, "
            "according to officials in Kyiv.")
    r = client.post("/analyse", files={"file": ("note.txt", text.encode("cp1251"), "text/plain")})
    assert r.status_code == 200 and "Финансы" in r.text
    page = ("<html><head><title>Budget cut</title></head><body><nav>Home | World</nav>"
            "<article><p>The finance minister said on Monday that the budget would be cut "
            "by a tenth next year, according to two officials who spoke on condition of "
            "anonymity. Opposition leaders called the plan reckless and promised to fight "
            "it in parliament, where the coalition holds a narrow majority.</p></article>"
            "</body></html>")
    r = client.post("/analyse", files={"file": ("page.html", page.encode(), "text/html")})
    assert r.status_code == 200 and "finance minister" in r.text and "Home | World" not in r.text
    junk = client.post("/analyse", files={"file": ("x.txt", b"\x00\x01\x02" * 100, "text/plain")})
    assert junk.status_code == 422 and 'id="analyse-error"' in junk.text
