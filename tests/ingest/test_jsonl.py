"""JSONL reader: each line an article; bad lines are reported and skipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

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
