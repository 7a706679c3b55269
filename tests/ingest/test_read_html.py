"""HTML pages through trafilatura: main text, metadata, pages without an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest import read_bytes, read_html, read_path
from tealeaves.ingest.html import has_prose, looks_like_html

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = FIXTURES / "news-page.html"
NO_ARTICLE = FIXTURES / "no-article.html"


def test_news_page_gives_main_text_without_page_furniture() -> None:
    article = read_path(PAGE)
    text = article.text
    assert "three-week strike at the port of Valmora" in text
    assert "Tomas Brandt" in text and "normal operations to resume" in text
    for debris in ("cookies", "Share on Facebook", "Privacy policy", "Advertisement",
                   "Click to enlarge", "Politics\n", "All rights reserved", "Subscribe"):
        assert debris not in text, debris
    assert article.language == "en"


def test_news_page_metadata() -> None:
    article = read_path(PAGE)
    assert article.title == "Harbour strike ends after envoy brokers deal"
    assert article.published == "2025-03-14"
    assert article.outlet == "The Northern Ledger"
    assert article.url == "https://ledger.example.org/2025/03/14/harbour-strike-deal"
    assert article.id == article.make_id(article.text)


def test_explicit_metadata_wins_over_the_page() -> None:
    article = read_html(PAGE.read_bytes(), url="https://mirror.example/x", outlet="Mirror",
                        published="2025-03-15", title="Own title")
    assert (article.url, article.outlet, article.published, article.title) == (
        "https://mirror.example/x", "Mirror", "2025-03-15", "Own title")


def test_page_without_article_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text") as info:
        read_path(NO_ARTICLE)
    assert info.value.source == str(NO_ARTICLE)
    with pytest.raises(InputError, match="no article text"):
        read_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_read_bytes_sniffs_html_without_a_file_ending() -> None:
    article = read_bytes(PAGE.read_bytes(), name="download")
    assert article.title == "Harbour strike ends after envoy brokers deal"
    assert "<p>" not in article.text


def test_content_type_decides_over_the_name() -> None:
    data = b"<p>Plain text that only looks like a tag at the start.</p>"
    article = read_bytes(data, name="page.html", content_type="text/plain; charset=utf-8")
    assert article.text == data.decode()


def test_html_in_a_declared_legacy_charset() -> None:
    body = ("The café owner in Zürich said the négociateurs had met there twice before "
            "the talks moved to Geneva, where the final deal was signed on Friday evening.")
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            'charset=windows-1252"><title>Talks</title></head><body><article>'
            f"<p>{body}</p><p>{body}</p></article></body></html>")
    article = read_bytes(html.encode("cp1252"), name="p.html")
    assert body in article.text


def test_looks_like_html_and_has_prose() -> None:
    assert looks_like_html(b"<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <html lang='en'>")
    assert not looks_like_html(b"The minister said <b> is a tag.")
    assert not has_prose("Home\nPolitics\nSign in")
    assert has_prose("This line has enough words to count as real prose here, "
                     "and this sentence adds a few more of them.")


def test_debris_that_survives_extraction_is_cleaned_and_listed() -> None:
    para = ("<p>The envoy arrived in the capital on {day} for two days of talks with the prime "
            "minister and senior officials, the foreign ministry said in a statement.</p>")
    html = ("<html><head><title>Envoy arrives</title></head><body><article><h1>Envoy arrives</h1>"
            + para.format(day="Monday") + "<p>点击查看大图</p><p>Read more: Talks stall again</p>"
            + para.format(day="Tuesday") + "<p>Share this article</p></article></body></html>")
    article = read_html(html)
    assert [r.text for r in article.removed] == [
        "点击查看大图", "Read more: Talks stall again", "Share this article"]
    assert "Monday" in article.text and "Tuesday" in article.text
    assert "大图" not in article.text and "Read more" not in article.text
    raw = read_html(html, clean=False)
    assert "Read more: Talks stall again" in raw.text and raw.removed == ()
