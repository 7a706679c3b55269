"""RSS/Atom feeds: entries become articles; a broken feed or entry is reported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tealeaves.errors import InputError
from tealeaves.ingest.feeds import iter_feed
from tealeaves.model import Article

PARA = ("The governor announced on Tuesday that the state would expand its rural broadband "
        "programme, saying the plan had support from both parties in the legislature. ")

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>State Wire</title><link>https://wire.example.org/</link>
<item><title>Broadband plan</title><link>https://wire.example.org/a</link>
<pubDate>Tue, 08 Mar 2016 14:00:00 GMT</pubDate><description>Short teaser.</description>
<content:encoded><![CDATA[<p>{PARA * 3}</p><p>{PARA}</p>]]></content:encoded></item>
<item><title>Empty one</title><link>https://wire.example.org/b</link></item>
<item><title>Summary only</title><link>https://wire.example.org/c</link>
<description>&lt;p&gt;{PARA * 2}&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Atom story</title><link href="https://atom.example.org/1"/>
<updated>2016-04-01T09:30:00Z</updated>
<content type="html">&lt;p&gt;{PARA * 2}&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries(tmp_path: Path) -> None:
    p = tmp_path / "f.rss"
    p.write_text(RSS, encoding="utf-8")
    got = list(iter_feed(p))
    assert [s for s, _ in got] == ["https://wire.example.org/a", "https://wire.example.org/b",
                                   "https://wire.example.org/c"]
    a, empty, c = (x for _, x in got)
    assert isinstance(a, Article) and isinstance(c, Article)
    assert (a.outlet, a.title, a.url) == ("State Wire", "Broadband plan",
                                          "https://wire.example.org/a")
    assert a.published.startswith("2016-03-08")  # type: ignore[union-attr]
    assert "broadband" in a.text and "teaser" not in a.text
    assert isinstance(empty, InputError) and "no content" in str(empty)


def test_atom_entry(tmp_path: Path) -> None:
    p = tmp_path / "f.atom"
    p.write_text(ATOM, encoding="utf-8")
    (src, art), = list(iter_feed(p))
    assert isinstance(art, Article) and art.outlet == "Atom Desk"
    assert art.published.startswith("2016-04-01")  # type: ignore[union-attr]


def test_broken_feed_is_one_failure(tmp_path: Path) -> None:
    p = tmp_path / "broken.xml"
    p.write_text("<html><body>not a feed at all <p>", encoding="utf-8")
    (src, err), = list(iter_feed(p))
    assert isinstance(err, InputError) and "not a readable feed" in str(err)
    (src, err), = list(iter_feed(tmp_path / "missing.rss"))
    assert isinstance(err, InputError)


@dataclass
class Page:
    url: str
    content_type: str
    body: bytes


def test_feed_url_and_follow_links() -> None:
    pages = {
        "https://wire.example.org/feed": Page("https://wire.example.org/feed",
                                              "application/rss+xml", RSS.encode()),
        "https://wire.example.org/a": Page("https://wire.example.org/a", "text/html",
                                           f"<html><body><article><p>{PARA * 4}</p>"
                                           "</article></body></html>".encode()),
    }

    def fetch(url: str) -> Page:
        if url not in pages:
            raise InputError(url, "cannot fetch: timed out")
        return pages[url]

    got = list(iter_feed("https://wire.example.org/feed", follow_links=True, fetch=fetch))
    assert isinstance(got[0][1], Article) and got[0][1].url == "https://wire.example.org/a"
    assert all(isinstance(x, InputError) and "timed out" in str(x) for _, x in got[1:])
    (src, err), = list(iter_feed("https://down.example.org/rss", fetch=fetch))
    assert isinstance(err, InputError) and src == "https://down.example.org/rss"


def test_entity_expansion_in_a_feed_is_stopped(tmp_path: Path) -> None:
    laughs = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "lol") * 10}">' for i in range(10))
    p = tmp_path / "laughs.xml"
    p.write_text(RSS.replace("<rss ", f"<!DOCTYPE rss [{laughs}]><rss ", 1)
                 .replace("<title>State Wire</title>", "<title>&l9;</title>"), "utf-8")
    got = list(iter_feed(p))  # expat's amplification limit; no billion "lol"s in memory
    assert got and all(isinstance(x, Article | InputError) for _, x in got)
    assert all(len(x.outlet or "") < 10_000 for _, x in got if isinstance(x, Article))


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", "utf-8")
    p = tmp_path / "xxe.xml"
    p.write_text(RSS.replace("<rss ", f'<!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
                             "<rss ", 1).replace("Short teaser.", "&x;"), "utf-8")
    for _, x in iter_feed(p):
        assert "TOP-SECRET" not in str(x) and (not isinstance(x, Article)
                                               or "TOP-SECRET" not in x.text)


def test_surrogate_and_control_escapes_in_entries(tmp_path: Path) -> None:
    p = tmp_path / "s.xml"
    p.write_text(RSS.replace("<title>Broadband plan</title>",
                             "<title>Broadband &#xD800; &#0; &#x110000; plan</title>"),
                 "utf-8")
    first = next(iter(iter_feed(p)))[1]
    assert isinstance(first, Article)
    assert first.title is not None and first.title.startswith("Broadband")
    assert first.title.count("\ufffd") == 3  # lenient parsing: one replacement each


def test_control_characters_in_a_link_stay_out_of_the_record_source(tmp_path: Path) -> None:
    """Found by scripts/fuzz.py: an entry link with a control character became the record's
    source as it was."""
    p = tmp_path / "odd.xml"
    p.write_bytes(RSS.replace("https://wire.example.org/a", "htt\x08://0177.0.0.1/")
                  .encode("utf-8"))
    sources = [s for s, _ in iter_feed(p)]
    assert sources[0] == "htt\ufffd://0177.0.0.1/"
