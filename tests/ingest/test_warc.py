"""WARC archives: textual records become articles; truncated records are reported."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tealeaves.errors import InputError
from tealeaves.ingest.warc import is_warc, iter_warc
from tealeaves.model import Article

PARA = ("The minister said on Wednesday that talks with the unions would resume next month, "
        "after a week of strikes closed ports and schools across the country. ")


def archive(gz: bool, n: int = 3) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(n):
        html = (f"<html><head><title>Story {i}</title></head><body><article><p>Story {i}. "
                f"{PARA * 3}</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"https://news.example.org/{i}", "response",
                                            payload=io.BytesIO(html), http_headers=headers))
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record("https://news.example.org/x.png", "response",
                                        payload=io.BytesIO(b"\x89PNG...."), http_headers=img))
    return buf.getvalue()


def test_reads_html_responses(tmp_path: Path) -> None:
    p = tmp_path / "a.warc.gz"
    p.write_bytes(archive(gz=True))
    assert is_warc(p) and not is_warc(tmp_path / "a.txt")
    got = list(iter_warc(p))
    assert [s for s, _ in got] == [f"https://news.example.org/{i}" for i in range(3)]
    assert all(isinstance(x, Article) for _, x in got)
    assert got[1][1].url == "https://news.example.org/1"  # type: ignore[union-attr]
    assert "Story 1" in got[1][1].text  # type: ignore[union-attr]


def test_truncated_record_is_reported_and_others_kept(tmp_path: Path) -> None:
    data = archive(gz=False)
    # Cut the archive inside the third record's payload.
    third = data.index(b"Story 2. ")
    p = tmp_path / "cut.warc"
    p.write_bytes(data[:third + 40])
    got = list(iter_warc(p))
    assert [type(x).__name__ for _, x in got] == ["Article", "Article", "InputError"]
    assert "truncated" in str(got[-1][1]) and got[-1][0] == "https://news.example.org/2"


def test_truncated_gzip_archive_stops_with_a_report(tmp_path: Path) -> None:
    data = archive(gz=True)
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[: len(data) // 2])
    got = list(iter_warc(p))
    assert isinstance(got[0][1], Article)
    assert isinstance(got[-1][1], InputError)
    assert "truncated" in str(got[-1][1]) or "corrupt" in str(got[-1][1])


def test_garbage_and_missing(tmp_path: Path) -> None:
    p = tmp_path / "junk.warc"
    p.write_bytes(b"this is not an archive\r\n" * 10)
    got = list(iter_warc(p))
    assert len(got) == 1 and isinstance(got[0][1], InputError)
    (src, err), = list(iter_warc(tmp_path / "none.warc"))
    assert isinstance(err, InputError)


def test_control_characters_in_a_target_uri_stay_out_of_the_record_source(
        tmp_path: Path, capsys: object) -> None:
    """Found by scripts/fuzz.py: a WARC-Target-URI with a control character became the
    record's source as it was (printed, stored as a failure's source)."""
    data = archive(gz=False, n=1).replace(b"https://news.example.org/0",
                                          b"https://n\x19ws.example.org/0")
    at = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    short = str(int(data[at:end]) - 5).encode()  # the record's length is off: stray bytes
    data = data[:at] + short + data[end:]
    p = tmp_path / "odd.warc"
    p.write_bytes(data)
    for source, result in iter_warc(p):
        assert "\x19" not in source and "\x19" not in str(result)
    assert "Record not followed by newline" not in capsys.readouterr().err  # type: ignore[attr-defined]
