"""End-to-end: the workbench in headless Chromium (Debian's chromium driven by Playwright).

Clicks home → article → actor → claims → claim group, plus network and search, checking
content, that no script error or dialog happens (hostile article included), and saving a
screenshot of each page under ``test-artifacts/web/``. Skipped when Chromium is absent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT
from .helpers import live_server

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("TEALEAVES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts" / "web"
#: The headline of one test article (tests/fixtures/articles), clicked on the home page.
TITLE = "Analysis: why the Hale affair matters"

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium not found at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(app: Any) -> Iterator[str]:
    with live_server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems
    yield pg
    context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_click_through_home_article_actor_claims(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Corpus at a glance"
    assert page.locator("#top-actors .actor-link").count() >= 5
    shot(page, "home")

    # home → article (from the latest-articles table)
    page.locator("#recent a.article-link", has_text=TITLE).click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#article-title").inner_text() == TITLE
    report = page.locator(".tl-report")
    assert report.count() == 1
    assert page.locator(".tl-report [data-layer]").count() >= 4
    # the report's own JS runs under the page's CSP: switching a layer off changes the view
    assert "tl-show-claims" in (report.get_attribute("class") or "")
    page.locator(".tl-report input[data-layer='claims']").uncheck()
    assert "tl-show-claims" not in (report.get_attribute("class") or "")
    page.locator(".tl-report input[data-layer='claims']").check()
    shot(page, "article")

    # article → actor
    chip = page.locator("#article-actors a.actor-link").first
    name = chip.inner_text()
    chip.click()
    page.wait_for_url("**/actors/*")
    assert page.locator("#actor-name").inner_text() == name
    assert page.locator("#timeline svg, #timeline p").count() >= 1
    shot(page, "actor")

    # actor → claims → one claim group
    page.locator("header nav a", has_text="Claims").click()
    page.wait_for_url("**/claims")
    groups = page.locator("#claim-groups a.group-link")
    assert groups.count() >= 1
    text = groups.first.inner_text()
    shot(page, "claims")
    groups.first.click()
    page.wait_for_url("**/claims/*")
    assert page.locator("#group-text").inner_text().strip()[:40] == text.strip()[:40]
    assert page.locator("#group-members tbody tr").count() >= 2
    shot(page, "claim-group")

    # claim group → evidence in the article
    page.locator("#group-members a.evidence-link").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#evidence").count() == 1
    assert page.problems == []


def test_network_search_and_hostile_article(page: Any, base_url: str, ids: dict[str, str]) -> None:
    page.goto(base_url + "/network")
    nodes = page.locator("#network a.node")
    assert nodes.count() >= 5
    page.locator("#node-list li").first.hover()  # the list highlights the node in the drawing
    assert "focus" in (page.locator("#network").get_attribute("class") or "")
    assert page.locator("#network .node.hot").count() >= 2  # the node and its neighbours
    shot(page, "network")

    page.fill(".quicksearch input[name=q]", "Kestrel")
    page.press(".quicksearch input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Kestrel*")
    hrefs = page.locator("#results a.article-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert f"/articles/{ids['reprint']}" in hrefs
    assert page.locator("#results mark").count() >= 1
    shot(page, "search")

    page.goto(f"{base_url}/articles/{ids['hostile']}")
    assert page.locator("#article-title").inner_text().startswith('<script>alert("title")</script>')
    assert "alert(\"body\")" in page.locator(".tl-report").inner_text()
    assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    shot(page, "hostile")

    for path, rows in (("/articles?outlet=capital-ledger", "table.articles tbody tr"),
                       ("/actors", "table tbody tr")):
        page.goto(base_url + path)
        assert page.locator(rows).count() >= 2, path

    page.goto(base_url + "/analyse")
    page.fill("textarea[name=text]", "Senator Paula Reyes said on Monday that the bill would pass, "
              "according to her office. Critics accused her of rushing the vote.")
    page.fill("input[name=title]", "<b>Bill</b> vote")
    page.locator("form.analyse button[type=submit]").click()
    page.wait_for_selector(".result .tl-report")
    assert page.locator(".result #article-title").inner_text() == "<b>Bill</b> vote"
    assert "Paula Reyes" in page.locator(".result .tl-report").inner_text()
    shot(page, "analyse")
    assert page.problems == []  # no alert() dialog, no script error
