from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from tealeaves.model import Analysis, Article, Claim, Source, Technique
from tealeaves.render.html import (
    Finding,
    build_segments,
    collect_findings,
    render_article_fragment,
    render_html,
    report_assets,
)


class _ArticleParser(HTMLParser):
    """Collects the text inside <div class="tl-article"> and its segment spans."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # >0 while inside the article div
        self.text: list[str] = []
        self.segments: list[dict[str, str]] = []
        self.current: dict[str, str] | None = None
        self.seg_text: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.asset_refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts.append(a)
        for key in ("src", "href"):
            if a.get(key):
                self.asset_refs.append(f"{tag} {key}={a[key]}")
        if self.depth:
            self.depth += 1
            if tag == "span":
                self.current = {k: v or "" for k, v in a.items()}
                self.seg_text = []
            return
        if tag == "div" and "tl-article" in (a.get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag == "span" and self.current is not None:
                self.current["_text"] = "".join(self.seg_text)
                self.segments.append(self.current)
                self.current = None

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            self.seg_text.append(data)


def parse(html: str) -> _ArticleParser:
    p = _ArticleParser()
    p.feed(html)
    p.close()
    return p


def test_segments_reconstruct_the_exact_text(rich_analysis: Analysis) -> None:
    p = parse(render_html(rich_analysis))
    assert "".join(p.text) == rich_analysis.article.text
    pos = 0
    for seg in p.segments:
        start, end = int(seg["data-start"]), int(seg["data-end"])
        assert start == pos
        assert seg["_text"] == rich_analysis.article.text[start:end]
        pos = end
    assert pos == len(rich_analysis.article.text)


def test_every_finding_is_covered_exactly(rich_analysis: Analysis) -> None:
    findings, notes = collect_findings(rich_analysis)
    assert notes == []
    # 8 mentions + 2 standing signals + 5 claims + 3 source spans + 4 cues + 2 hedges
    # + 4 techniques + 3 events
    assert len(findings) == 31
    p = parse(render_html(rich_analysis))
    for f in findings:
        covered = [
            (int(s["data-start"]), int(s["data-end"]))
            for s in p.segments
            if f.fid in s.get("data-f", "").split()
        ]
        assert covered, f
        assert covered[0][0] == f.start and covered[-1][1] == f.end, f
        # contiguous
        for (_, e), (s, _) in zip(covered, covered[1:], strict=False):
            assert e == s


def test_overlapping_techniques_share_segments(rich_analysis: Analysis) -> None:
    findings, _ = collect_findings(rich_analysis)
    text = rich_analysis.article.text
    techs = {text[f.start:f.end]: f.fid for f in findings if f.type == "technique"}
    p = parse(render_html(rich_analysis))
    gamble = [s for s in p.segments if s["_text"] == "shameful gamble"]
    assert len(gamble) == 1
    fids = gamble[0]["data-f"].split()
    # inside both the loaded-language and the name-calling span, and the author's claim
    assert techs["shameful gamble will"] in fids and techs["reckless, shameful gamble"] in fids
    assert techs["furious"] not in fids
    assert "tl-t" in gamble[0]["class"].split() and "tl-c" in gamble[0]["class"].split()
    # technique names are shown where each span ends, via a data attribute (no text added)
    labels = [s.get("data-tl") for s in p.segments if s.get("data-tl")]
    assert "Loaded language" in labels and "Name calling, labeling" in labels


def test_build_segments_tiles_and_nests() -> None:
    text = "abcdefghij"
    fs = [Finding("f0", "technique", "techniques", 2, 6, "x"),
          Finding("f1", "mention", "actors", 4, 8, "y"),
          Finding("f2", "claim", "claims", 0, 10, "z")]
    segs = build_segments(text, fs)
    assert [(s.start, s.end) for s in segs] == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    assert [[f.fid for f in s.findings] for s in segs] == [
        ["f2"], ["f0", "f2"], ["f0", "f1", "f2"], ["f1", "f2"], ["f2"]]
    assert build_segments("", []) == []


def test_hostile_text_is_escaped(rich_analysis: Analysis) -> None:
    html = render_html(rich_analysis)
    assert "<script>alert" not in html
    assert "alert(&#39;title&#39;)" in html or "alert(&#x27;title&#x27;)" in html
    assert "&lt;script&gt;alert(" in html
    assert "<img src=x" not in html and "<b>not</b>" not in html and "<b>A. Berg</b>" not in html
    p = parse(html)
    # only our two scripts: the finding data (JSON) and the report code
    assert [s.get("type") for s in p.scripts] == ["application/json", None]
    data = re.search(r'<script type="application/json" class="tl-data">(.*?)</script>', html, re.S)
    assert data is not None and "<" not in data.group(1)
    assert json.loads(data.group(1))["findings"]


def test_hostile_claim_text_in_json_block(rich_analysis: Analysis) -> None:
    evil = "</script><script>alert(1)</script>"
    text = rich_analysis.article.text + " " + evil
    start = len(text) - len(evil)
    claim = Claim("cx", start, len(text), evil, True, Source("named_person", text=evil))
    a = replace(rich_analysis, article=replace(rich_analysis.article, text=text), claims=(claim,))
    html = render_html(a)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == 2


def test_report_is_self_contained(rich_analysis: Analysis) -> None:
    html = render_html(rich_analysis)
    p = parse(html)
    assert all("href=#" in ref for ref in p.asset_refs), p.asset_refs
    assert "<link" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html)
    assert not re.search(r"@import|url\(", html)
    assert html.startswith("<!doctype html>") and html.rstrip().endswith("</html>")


def test_report_shows_every_part(rich_analysis: Analysis) -> None:
    html = render_html(rich_analysis)
    for piece in [
        "The Test Gazette", "2025-10-23", "opinion", "confidence 82%",
        # sourcing summary: 5 claims, 40% / 40%
        "claims (1 direct quotes)", "rest on anonymous sources or rumour", "40%",
        # actors panel with roles, aliases, stance and standing evidence
        "Foreign Minister", "Berg; &lt;b&gt;A. Berg&lt;/b&gt;", "negative, confidence 0.62", "blamed",
        "Berg reportedly ignored the warnings",
        # claims table
        "officials familiar with the matter", "According to", "The Daily Ledger",
        # techniques, events, removed lines, issues
        "Appeal to fear-prejudice", "ACCUSE", "go to sentence", "Share on Facebook",
        "share line", "image caption", "model &lt;b&gt;not&lt;/b&gt; loaded",
        # legend and layer switches
        'data-layer="actors"', 'data-layer="claims"', 'data-layer="techniques"', 'data-layer="events"',
    ]:
        assert piece in html, piece


def test_event_rows_link_to_anchors_on_their_action(rich_analysis: Analysis) -> None:
    html = render_html(rich_analysis)
    findings, _ = collect_findings(rich_analysis)
    for f in (f for f in findings if f.type == "event"):
        assert f'href="#tl-{f.fid}"' in html
        anchor = f'<a class="tl-anchor" id="tl-{f.fid}"></a><span class="tl-seg'
        assert anchor in html
        after = html.split(anchor, 1)[1]
        assert f'data-start="{f.start}"' in after.split(">", 1)[0]


def test_standing_signals_link_to_their_evidence(rich_analysis: Analysis) -> None:
    findings, _ = collect_findings(rich_analysis)
    signals = [f for f in findings if f.type == "signal"]
    assert [(f.title, f.color) for f in signals] == [
        ("Falling: blamed (Anna Berg)", "#c53030"), ("Rising: consulted (The ministry)", "#2f855a")]
    html = render_html(rich_analysis)
    for f in signals:
        assert f'<a href="#tl-{f.fid}"><q>' in html  # the actors panel links to the evidence
        assert f'<a class="tl-anchor" id="tl-{f.fid}"></a>' in html


def test_claim_lines_point_to_sources(rich_analysis: Analysis) -> None:
    findings, _ = collect_findings(rich_analysis)
    by_id = {f.fid: f for f in findings}
    claims = {f.extra["claim"]: f for f in findings if f.type == "claim"}
    # c2 has a source span: solid line to it
    src = by_id[claims["c2"].extra["src"]]
    assert src.type == "source" and rich_analysis.article.text[src.start:src.end] == "officials familiar with the matter"
    assert claims["c2"].extra["dashed"] is False
    # c1 names only an actor: dashed line to that actor's nearest mention ("She")
    near = by_id[claims["c1"].extra["src"]]
    assert near.type == "mention" and rich_analysis.article.text[near.start:near.end] == "She"
    assert claims["c1"].extra["dashed"] is True
    # the author's claim has no source to point at
    assert "src" not in claims["c5"].extra


def test_bad_offsets_are_reported_not_drawn(rich_analysis: Analysis) -> None:
    bad = Technique("Doubt", 5, 10_000, "x", 0.5)
    a = replace(rich_analysis, techniques=(*rich_analysis.techniques, bad))
    findings, notes = collect_findings(a)
    assert len([f for f in findings if f.type == "technique"]) == 4
    assert notes and "technique" in notes[0]
    html = render_html(a)
    assert "offsets outside the text" in html
    assert "".join(parse(html).text) == rich_analysis.article.text


def test_fragment_and_assets(rich_analysis: Analysis) -> None:
    frag = render_article_fragment(rich_analysis)
    assert isinstance(frag, Markup)
    assert "<html" not in frag and "<head" not in frag
    assert 'class="tl-report' in frag and "tl-article" in frag and "tl-legend" in frag
    assert "Anna Berg" in frag  # the side panel
    assets = report_assets()
    assert set(assets) >= {"css", "js"}
    assert ".tl-seg" in assets["css"] and "tl-data" in assets["js"]
    assert "</script" not in assets["js"]


def test_empty_analysis_has_honest_empty_states(empty_analysis: Analysis) -> None:
    html = render_html(empty_analysis)
    for piece in ["Untitled article", "No claims found", "No actors found.", "No persuasion techniques found.",
                  "No events found.", "The cleaner removed no lines.", "None: every stage ran.",
                  "Genre: <span class=\"tl-muted\">not assessed"]:
        assert piece in html, piece
    assert "".join(parse(html).text) == empty_analysis.article.text


def test_crlf_and_unicode_text_offsets() -> None:
    text = "Привет, мир!\r\nÉmile said “ok” 👍 done."
    a = Analysis(article=Article.from_text(text), techniques=(
        Technique("Slogans", text.index("“"), text.index("”") + 1, "“ok”", 0.6),))
    p = parse(render_html(a))
    assert "".join(p.text) == text


@pytest.mark.parametrize("which", ["example_analysis", "founding_analysis"])
def test_real_article_report(which: str, request: pytest.FixtureRequest) -> None:
    analysis: Analysis = request.getfixturevalue(which)
    html = render_html(analysis)
    assert "".join(parse(html).text) == analysis.article.text
    assert analysis.actors
    for actor in analysis.actors:
        assert actor.name.replace("'", "&#39;") in html or actor.name in html


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_report_runs_in_chromium(rich_analysis: Analysis) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(render_html(rich_analysis), encoding="utf-8")
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp}/profile", "--window-size=1400,1600",
               "--virtual-time-budget=3000", "--dump-dom", page.as_uri()]
        dom = subprocess.run(cmd, capture_output=True, text=True, timeout=80).stdout
    # the script ran: it marked the report ready and drew claim -> source lines
    assert 'data-tl-ready="1"' in dom
    lines = re.findall(r"<path [^>]*>", dom)
    assert len(lines) == 4  # c1 (dashed, to an actor mention), c2, c3 and c4 (to source spans)
    assert sum("tl-dashed" in p for p in lines) == 1


@pytest.mark.browser
@pytest.mark.timeout(90)
def test_clicking_a_highlight_explains_it(rich_analysis: Analysis) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(render_html(rich_analysis), encoding="utf-8")
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium,
                                         args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1200})
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(page_file.as_uri())
                # the hedge inside the anonymous claim: hedge + claim cards, innermost first
                page.click('.tl-article .tl-h >> text="reportedly"')
                details = page.inner_text(".tl-details-body")
                assert details.index("Hedge: reportedly") < details.index("Claim (anonymous)")
                assert "officials familiar with the matter" in details
                assert page.locator(".tl-article .tl-sel").count() >= 2
                # hostile text stays text in the panel
                page.click('.tl-article .tl-t >> text="furious"')
                assert "Loaded language" in page.inner_text(".tl-details-body")
                # switching the claims layer off removes the claim -> source lines
                assert page.locator(".tl-lines path").count() == 4
                page.uncheck('input[data-layer="claims"]')
                assert page.locator(".tl-lines path").count() == 0
                page.click('.tl-article .tl-h >> text="reportedly"')
                assert "Hedge" not in page.inner_text(".tl-details-body")
                # an event row's link selects its action span
                page.click('#events a >> nth=1')
                assert "ACCUSE" in page.inner_text(".tl-details-body")
                # a standing signal in the actors panel selects its evidence in the text
                # (click inside the link's widest line box: a wrapped link's centre can miss it)
                box = page.eval_on_selector(
                    ".tl-standing a",
                    "a => { a.scrollIntoView({block: 'center'});"
                    " const r = [...a.getClientRects()].sort((x, y) => y.width - x.width)[0];"
                    " return [r.left + r.width / 2, r.top + r.height / 2]; }")
                page.mouse.click(box[0], box[1])
                assert "standing signal" in page.inner_text(".tl-details-body")
                assert page.locator(".tl-article .tl-sg.tl-sel").count() >= 1
                # an actor's name focuses all of its mentions
                page.click('.tl-actor-name >> text="Anna Berg"')
                assert page.locator(".tl-article .tl-focus").count() == 4
                assert errors == []
            finally:
                browser.close()


def test_a_pronoun_source_shows_whom_it_resolves_to_in_html(rich_analysis: Analysis) -> None:
    c1 = rich_analysis.claims[0]
    she = replace(c1, source=Source("named_person", "anna-berg", None, None, "She"))
    page = render_html(replace(rich_analysis, claims=(she, *rich_analysis.claims[1:])))
    assert "She → Anna Berg" in page
    assert "of attributed claims" in page
