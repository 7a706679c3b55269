"""Hostile inputs for every ingest reader, as hypothesis strategies, and the two profiles.

Profiles (``TEALEAVES_FUZZ_PROFILE``): ``ci`` (the default) runs a few hundred derandomized
cases per reader, the same ones on every run; ``fuzz`` draws fresh random cases, many
more of them (``scripts/fuzz.py`` runs it across the readers with a per-case timeout).

The English sentences below are written for these tests (no corpus or article text): they
let a fuzzed text pass the language check, so the cleaner and the pipeline see it too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_QUIET = list(HealthCheck)
settings.register_profile("ci", derandomize=True, database=None, deadline=None,
                          max_examples=200, suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("fuzz", derandomize=False, database=None, deadline=None,
                          max_examples=5_000, suppress_health_check=_QUIET, print_blob=True)
PROFILE = os.environ.get("TEALEAVES_FUZZ_PROFILE", "ci")


def budget(ci_examples: int) -> settings:
    """The active profile, with *ci_examples* cases under ``ci`` (its own count otherwise)."""
    base = settings.get_profile(PROFILE)
    return settings(base, max_examples=ci_examples if PROFILE == "ci" else base.max_examples)


ENGLISH = (
    "The committee voted on Tuesday to delay the budget until after the recess. ",
    "\"We will not accept this,\" the opposition leader told reporters outside parliament. ",
    "Officials said the talks would resume next week, according to a ministry statement. ",
    "The governor, who faces re-election in November, declined to comment on the report. ",
    "Critics accused the agency of ignoring warnings about the dam for several years. ",
    "According to two people familiar with the matter, the deal is close to collapse. ",
    "The senator reportedly met the ambassador twice before the vote was postponed. ",
    "Protesters gathered in the capital on Sunday, demanding the minister's resignation.\n",
    "\n",
    "BREAKING: Share on Facebook\n",
)

#: Characters that break naive text handling: lone surrogates, NUL and C0/C1 controls,
#: line and paragraph separators, bidi overrides and isolates, zero-width characters, the
#: byte-order mark, noncharacters, combining marks, astral characters, quote marks.
NASTY = (
    "\x00", "\ud800", "\udbff", "\udc00", "\udfff", "\udcff", "\x01", "\x08", "\x0b", "\x0c",
    "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\u200b", "\u200c", "\u200d",
    "\u2060", "\ufeff", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
    "\u2069", "\u200e", "\u200f", "\ufffd", "\ufffe", "\uffff", "\U0010ffff", "\U0001f600",
    "\u0301", "\"", "“", "”", "'", "‘", "’", "«", "»", "„", "\r", "\n", "\t",
)
QUOTES = ("\"", "“", "”", "'", "‘", "’", "«", "»", "„", "`")

any_char = st.characters(exclude_categories=())  # surrogates included
nasty_char = st.sampled_from(NASTY)

#: Thousands of unbalanced quote marks, and the like.
quote_run = st.builds(lambda q, n: q * n, st.sampled_from(QUOTES), st.integers(1, 5000))
#: One line of up to about a megabyte (a sentence repeated, no line break).
long_line = st.builds(lambda s, n: s.rstrip("\n") * n, st.sampled_from(ENGLISH[:7]),
                      st.integers(100, 14_000))

fragment = st.one_of(
    st.sampled_from(ENGLISH), st.sampled_from(ENGLISH), st.sampled_from(ENGLISH),
    nasty_char, st.text(any_char, max_size=40), st.text(nasty_char, max_size=12),
    quote_run, st.sampled_from(["\n" * 50, "\r" * 10, " " * 200, "\t" * 30]),
)
#: Text: English sentences among hostile characters, quote runs and now and then a huge line.
texts = st.one_of(
    st.lists(fragment, min_size=1, max_size=14).map("".join),
    st.tuples(st.lists(fragment, max_size=4), long_line).map(lambda t: "".join(t[0]) + t[1]),
    st.text(any_char, max_size=300),
)
#: Text for the whole pipeline (slow on long input): a few sentences among hostile characters.
short_texts = st.lists(st.one_of(
    st.sampled_from(ENGLISH), st.sampled_from(ENGLISH), nasty_char,
    st.text(nasty_char, max_size=12),
    st.builds(lambda q, n: q * n, st.sampled_from(QUOTES), st.integers(1, 300)),
), min_size=1, max_size=12).map("".join)
#: Short strings for metadata (titles, URLs, outlets, dates, languages).
meta_text = st.one_of(st.none(), st.text(any_char, max_size=30),
                      st.lists(st.one_of(nasty_char, st.sampled_from(ENGLISH)), max_size=3)
                      .map("".join))

_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "cp1251", "latin-1",
              "koi8-r", "shift_jis", "gb18030", "utf-7")
#: Names a page may claim as its charset, true or false.
CHARSET_LIES = ("utf-8", "utf-16", "utf-32", "idna", "rot13", "base64", "unicode_escape",
                "raw-unicode-escape", "punycode", "koi8-r", "shift_jis", "utf-7", "x-nonsense",
                "zlib", "hex", "undefined", "cp037", "")
BOMS = (b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
        b"\x00\x00\xfe\xff")


def _encode(text: str, encoding: str) -> bytes:
    # utf-8 with surrogatepass writes lone surrogates as CESU bytes: invalid UTF-8
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    try:
        return text.encode(encoding, errors)
    except UnicodeError:
        return text.encode("utf-8", "surrogatepass")


encoded_text = st.builds(_encode, texts, st.sampled_from(_ENCODINGS))


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    """Overwrite a byte at each (position, value) edit: flipped bits in a valid input."""
    buf = bytearray(data)
    for pos, value in edits:
        if buf:
            buf[pos % len(buf)] = value
    return bytes(buf)


def _truncate(data: bytes, at: float) -> bytes:
    return data[: int(len(data) * at)]


byte_edits = st.lists(st.tuples(st.integers(0, 1 << 30), st.integers(0, 255)), max_size=6)


def mutated(strategy: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """*strategy*'s bytes, sometimes with a few bytes overwritten or cut short."""
    return st.one_of(
        strategy,
        st.builds(_mutate, strategy, byte_edits),
        st.builds(_truncate, strategy, st.floats(0.0, 1.0)),
    )


@cache
def gzip_bomb(size: int, line: bytes = b"\0") -> bytes:
    """*size* bytes of one repeated line, gzipped (a few kilobytes for many megabytes)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        block = (line * (1 << 20 // max(1, len(line)) + 1))[: 1 << 20]
        for _ in range(size >> 20):
            gz.write(block)
    return out.getvalue()


bombs = st.sampled_from([(64 << 20, b"\0"), (64 << 20, b"a"), (32 << 20, b"{\"text\": \"")]) \
    .map(lambda a: gzip_bomb(*a))

#: Bytes a user may hand the plain reader: encodings, BOMs, charset lies, junk, a bomb.
raw_bytes = mutated(st.one_of(
    st.binary(max_size=2048),
    encoded_text,
    st.builds(lambda bom, b: bom + b, st.sampled_from(BOMS), encoded_text),
    st.builds(lambda cs, b: b"<meta charset=\"" + cs.encode() + b"\">\n" + b,
              st.sampled_from(CHARSET_LIES), encoded_text),
    st.builds(lambda b, n: b"\0" * n + b, encoded_text, st.integers(1, 100)),
    bombs,
))

_TAGS = ("div", "p", "span", "b", "i", "table", "tr", "td", "ul", "li", "article", "section",
         "a", "blockquote", "font", "svg", "math", "template", "select", "textarea")
_ENTITIES = ("&#xD800;", "&#0;", "&#x1F;", "&#1114112;", "&#x110000;", "&#9999999999;",
             "&nbsp;", "&amp", "&unknown;", "&#x202E;", "&lt;script&gt;", "&#xFEFF;")
_JUNK = ("<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<style>", "<", ">",
         "</p>", "<br/>", "<?xml version=\"1.0\"?>", "<!DOCTYPE html>", "<meta charset=idna>",
         "<base href=\"javascript:alert(1)\">", "<title>", "</title>", "<html>", "</html>")

html_fragment = st.one_of(
    fragment,
    st.builds(lambda t: f"<p>{t}</p>", texts),
    st.sampled_from(_ENTITIES), st.sampled_from(_JUNK),
    st.builds(lambda tag, n, close: f"<{tag}>" * n + ("" if not close else f"</{tag}>" * n),
              st.sampled_from(_TAGS), st.integers(1, 20_000), st.booleans()),
    st.builds(lambda tag, attr: f"<{tag} class=\"{attr}\" title='{attr}'>",
              st.sampled_from(_TAGS), st.text(any_char, max_size=20)),
)


def _page(title: str | None, charset: str, body: list[str]) -> str:
    head = f"<meta charset=\"{charset}\">" + (f"<title>{title}</title>" if title else "")
    return f"<html><head>{head}</head><body><article>{''.join(body)}</article></body></html>"


#: HTML pages as str: tag soup, deep nesting, broken entities, huge paragraphs.
html_pages = st.one_of(
    st.builds(_page, meta_text, st.sampled_from(CHARSET_LIES),
              st.lists(html_fragment, min_size=1, max_size=10)),
    st.lists(html_fragment, min_size=1, max_size=8).map("".join),
)
#: The same as bytes, encoded in some encoding and perhaps lying about it.
html_bytes = mutated(st.builds(_encode, html_pages, st.sampled_from(_ENCODINGS)))

# -- feeds -------------------------------------------------------------------------------

_LAUGHS = ("<!DOCTYPE rss [<!ENTITY lol \"lol\">"
           + "".join(f"<!ENTITY lol{i} \"{(f'&lol{i - 1};' if i > 1 else '&lol;') * 10}\">"
                     for i in range(1, 10)) + "]>")
_QUADRATIC = "<!DOCTYPE rss [<!ENTITY a \"" + "x" * 50_000 + "\">]>"
_EXTERNAL = ("<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">"
             "<!ENTITY net SYSTEM \"http://127.0.0.1:1/\">]>")
DTDS = ("", "", _LAUGHS, _QUADRATIC, _EXTERNAL,
        "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>")
ENTITY_USES = ("", "&lol9;", "&a;" * 2000, "&xxe;", "&net;", "&undefined;", "&#xD800;",
               "&#0;", "&#x1B;", "&#x110000;", "&#99999999999999999999;", "&#xFFFE;")


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _entry(atom: bool, title: str, body: str, link: str, escape: bool, use: str) -> str:
    content = (_xml_escape(body) if escape else f"<![CDATA[{body}]]>") + use
    if atom:
        return (f"<entry><title>{_xml_escape(title)}{use}</title><link href=\"{link}\"/>"
                f"<updated>2016-03-07T10:00:00Z</updated>"
                f"<content type=\"html\">{content}</content></entry>")
    return (f"<item><title>{_xml_escape(title)}{use}</title><link>{link}</link>"
            f"<pubDate>Mon, 07 Mar 2016 10:00:00 GMT</pubDate>"
            f"<description>{content}</description></item>")


def _feed(atom: bool, dtd: str, encoding: str, entries: list[tuple[Any, ...]]) -> bytes:
    items = "".join(_entry(atom, *e) for e in entries)
    root = ("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Feed</title>{}</feed>" if atom
            else "<rss version=\"2.0\"><channel><title>Feed</title>{}</channel></rss>")
    doc = f"<?xml version=\"1.0\" encoding=\"{encoding}\"?>{dtd}" + root.format(items)
    return _encode(doc, encoding if encoding in _ENCODINGS else "utf-8")


_entries = st.lists(st.tuples(meta_text.map(lambda t: t or ""), html_pages | texts,
                              st.sampled_from(["https://example.org/a", "", "javascript:x",
                                               "http://0177.0.0.1/", "\ud800"]),
                              st.booleans(), st.sampled_from(ENTITY_USES)), max_size=4)
#: RSS and Atom feeds with hostile entries, DTDs that expand entities, lying encodings.
feeds = mutated(st.builds(_feed, st.booleans(), st.sampled_from(DTDS),
                          st.sampled_from(["utf-8", "utf-16", "cp1252", "x-nonsense"]), _entries))

# -- WARC --------------------------------------------------------------------------------

_CTYPES = ("text/html", "text/html; charset=utf-16", "text/plain", "text/plain; charset=idna",
           "application/xhtml+xml", "image/png", "")


def _warc(records: list[tuple[str, bytes, str, bool]], gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i, (ctype, payload, status, resource) in enumerate(records):
        uri = f"https://news.example.org/{i}"
        if resource:
            rec = writer.create_warc_record(uri, "resource", payload=io.BytesIO(payload),
                                            warc_content_type=ctype or "text/plain")
        else:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                            http_headers=http)
        writer.write_record(rec)
    return buf.getvalue()


_records = st.lists(st.tuples(st.sampled_from(_CTYPES), html_bytes | raw_bytes,
                              st.sampled_from(["200 OK", "404 Not Found", "200"]),
                              st.booleans()), max_size=3)
#: WARC archives (plain or gzipped) with hostile payloads, cut or corrupted now and then.
warcs = st.one_of(mutated(st.builds(_warc, _records, st.booleans())), bombs,
                  st.binary(max_size=512))

# -- JSONL -------------------------------------------------------------------------------

_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(any_char, max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=8,
)
_record = st.fixed_dictionaries({}, optional={
    "text": texts | _json_value, "html": html_pages | _json_value, "title": meta_text,
    "url": meta_text, "outlet": meta_text,
    "published": st.one_of(meta_text, st.sampled_from(["2016-03-07", "2016-13-45",
                                                       "Mon, 07 Mar 2016 10:00:00 GMT"])),
})
_line = st.one_of(
    _record.map(lambda r: json.dumps(r, ensure_ascii=True).encode()),  # \ud800 escapes
    _record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _json_value.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 100_000).map(lambda n: b"[" * n),  # nested too deeply
    st.integers(4_000, 20_000).map(lambda n: b"{\"text\": " + b"9" * n + b"}"),  # huge int
    st.binary(max_size=200).filter(lambda b: b"\n" not in b),
)


def _jsonl(lines: list[bytes], gz: bool) -> bytes:
    data = b"\n".join(lines) + b"\n"
    return gzip.compress(data) if gz else data


#: JSON Lines files (plain or gzipped): lone-surrogate escapes, wrong types, deep nesting.
jsonl_files = st.one_of(
    st.tuples(mutated(st.builds(_jsonl, st.lists(_line, min_size=1, max_size=5),
                                st.just(False))), st.just(False)),
    st.tuples(st.builds(_jsonl, st.lists(_line, min_size=1, max_size=5), st.just(True)),
              st.just(True)),
    st.tuples(bombs, st.just(True)),
)

# -- URLs --------------------------------------------------------------------------------

_HOSTS = ("127.0.0.1", "0177.0.0.1", "0x7f.1", "2130706433", "127.1", "0", "[::1]",
          "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "localhost", "example.org", "09.1.1.1",
          "1.2.3.4.5", "256.1", "0x", "[", "]", "a..b", "xn--", "\u0131.example", "%00",
          "169.254.169.254", "[::]", "[64:ff9b::7f00:1]", "user:pw@example.org")
_label = st.text(st.sampled_from("0123456789abcdefxX.-[]:%@"), max_size=24)
#: URL-shaped strings: numeric host spellings, odd brackets, ports, schemes, junk.
urls = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
    st.sampled_from(["http://", "https://", "ftp://", "file://", "", "http:", "HTTP://"]),
    st.one_of(st.sampled_from(_HOSTS), _label, st.text(any_char, max_size=12)),
    st.sampled_from(["", ":80", ":0", ":99999", ":-1", ":x", ":"]),
    st.sampled_from(["/", "", "/a?b#c", "/\ud800", "/%2e%2e/"]),
)
