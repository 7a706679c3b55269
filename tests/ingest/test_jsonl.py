"""JSONL reader: each line an article; bad lines are reported and skipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest.jsonl import count_lines, iter_jsonl, normalise_date
from tealeaves.model import Article

TEXT = ("Senator Jane Roe said on Monday that the budget bill would pass the Senate next week, "
        "after months of negotiations between the two parties over spending levels.")
HTML = ("<html><head><title>Budget deal</title></head><body><nav>Home | World</nav><article>"
        "<h1>Budget deal</h1><p>" + TEXT + "</p><p>" + TEXT.replace("Monday", "Tuesday")
        + "</p></article></body></html>")


def test_reads_text_html_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": TEXT, "outlet": "Daily", "published": "2016-03-07",
                    "title": "Deal", "url": "https://example.org/a"}),
        "",
        json.dumps({"html": HTML, "published": "Mon, 07 Mar 2016 10:00:00 GMT"}),
    ]) + "\n", encoding="utf-8")
    got = list(iter_jsonl(p))
    assert [s for s, _ in got] == [f"{p}:1", f"{p}:3"]
    a, b = (x for _, x in got)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.outlet, a.published, a.title, a.url) == ("Daily", "2016-03-07", "Deal",
                                                       "https://example.org/a")
    assert a.id == Article.make_id(a.text)
    assert "Senate" in b.text and "Home | World" not in b.text
    assert b.published.startswith("2016-03-07")  # type: ignore[union-attr]
    assert count_lines(p) == 2


def test_bad_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_bytes(b"\n".join([
        b'{"text": "unterminated',
        json.dumps(["a", "list"]).encode(),
        json.dumps({"title": "no body"}).encode(),
        json.dumps({"text": TEXT, "published": "2016-02-30"}).encode(),
        json.dumps({"text": TEXT, "outlet": 5}).encode(),
        b'{"text": "\xff\xfe broken utf8"}',
        json.dumps({"text": TEXT}).encode(),
    ]) + b"\n")
    got = list(iter_jsonl(p))
    errors = [(s, str(x)) for s, x in got if isinstance(x, InputError)]
    assert len(errors) == 6 and isinstance(got[-1][1], Article)
    msgs = " | ".join(m for _, m in errors)
    for part in ("not valid JSON", "expected a JSON object", "no 'text' or 'html'",
                 "not a valid date", "outlet must be a string", "not valid UTF-8"):
        assert part in msgs
    assert [s for s, _ in errors] == [f"{p}:{i}" for i in range(1, 7)]


def test_gzip_and_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": TEXT}) + "\n")
    assert isinstance(next(iter_jsonl(p))[1], Article)
    (src, err), = list(iter_jsonl(tmp_path / "nope.jsonl"))
    assert isinstance(err, InputError) and "no such file" in str(err)


def test_normalise_date() -> None:
    assert normalise_date("2016-03-07T10:00:00Z", "x") == "2016-03-07T10:00:00Z"
    assert normalise_date("Tue, 08 Mar 2016 01:02:03 +0000", "x") == "2016-03-08T01:02:03+00:00"
    assert normalise_date(None, "x") is None and normalise_date("", "x") is None
    for bad in ("yesterday", 20160307, "2016-13-01"):
        try:
            normalise_date(bad, "x")
        except InputError:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_lone_surrogates_in_text_and_title_are_ingested_safely(tmp_path: Path) -> None:
    p = tmp_path / "s.jsonl"
    # json.dumps writes a lone surrogate as the escape \ud800: valid JSON, invalid UTF-8 text
    p.write_text(json.dumps({"text": TEXT + " \ud800", "title": "Deal \udcff",
                             "outlet": "Daily\x00"}) + "\n", encoding="utf-8")
    (src, art), = list(iter_jsonl(p))
    assert isinstance(art, Article), art
    assert art.text.endswith(" \ufffd") and art.title == "Deal \ufffd"
    assert art.outlet == "Daily\ufffd"
    assert art.id == Article.make_id(art.text)
    assert any("U+D800 ×1" in r.text for r in art.removed)
    assert any("U+DCFF ×1" in r.text for r in art.removed)


def test_a_line_no_reader_can_read_is_reported_and_the_next_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import jsonl

    real = jsonl.article_from_record

    def flaky(record: Any, source: str, *, clean: bool = True) -> Article:
        if record.get("title") == "boom":
            raise KeyError("reader bug")
        return real(record, source, clean=clean)

    monkeypatch.setattr(jsonl, "article_from_record", flaky)
    p = tmp_path / "a.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": TEXT, "title": "boom"}),
        "[" * 100_000,
        "{\"text\": " + "9" * 5000 + "}",
        json.dumps({"text": TEXT}),
    ]) + "\n", encoding="utf-8")
    got = [r for _, r in iter_jsonl(p)]
    assert [type(r).__name__ for r in got] == ["InputError"] * 3 + ["Article"]
    assert "could not be read (KeyError: 'reader bug'); skipped" in str(got[0])
    assert "nested too deeply" in str(got[1])
    assert "not readable JSON" in str(got[2])
