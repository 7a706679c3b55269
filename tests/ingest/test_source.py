"""Readers never hang and never read without bound: FIFOs, sockets and devices are refused
at once; every read stops at the cap; gzip bombs and oversized records end with an error."""

from __future__ import annotations

import gzip
import io
import os
import socket
import stat
from pathlib import Path

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest import read_path
from tealeaves.ingest import source as src
from tealeaves.ingest.feeds import iter_feed
from tealeaves.ingest.jsonl import count_lines, iter_jsonl
from tealeaves.ingest.warc import iter_warc

pytestmark = pytest.mark.timeout(60)

TEXT = ("The committee voted on Tuesday to delay the budget until after the recess, "
        "officials said, and the opposition promised to fight the decision in court.\n")


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    """A named pipe nobody writes to: opening it the usual way blocks forever."""
    p = tmp_path / "article.txt"
    os.mkfifo(p)
    return p


def test_a_fifo_without_a_writer_is_refused_at_once(fifo: Path) -> None:
    with pytest.raises(InputError, match=r"FIFO \(named pipe\), not a file; pipe its content"):
        read_path(fifo)


@pytest.mark.parametrize("reader", [iter_jsonl, iter_warc, iter_feed])
def test_every_file_reader_refuses_a_fifo(fifo: Path, reader: object) -> None:
    (name, err), = list(reader(fifo))  # type: ignore[operator]
    assert isinstance(err, InputError) and "FIFO" in str(err) and name == str(fifo)
    assert count_lines(fifo) == 0


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(path))
        assert stat.S_ISSOCK(path.stat().st_mode)
        with pytest.raises(InputError, match="socket"):
            read_path(path)
    finally:
        sock.close()


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    with pytest.raises(InputError, match="character device, not a file"):
        read_path(Path(device))


def test_read_capped_stops_on_an_endless_stream() -> None:
    with open("/dev/zero", "rb") as endless, pytest.raises(InputError, match="too large"):
        src.read_capped(endless, "<stdin>", limit=100_000)
    assert src.read_capped(io.BytesIO(b"x" * 100), "s", limit=100) == b"x" * 100
    with pytest.raises(InputError, match="over 99 bytes"):
        src.read_capped(io.BytesIO(b"x" * 100), "s", limit=99)


def test_a_file_that_grows_past_its_size_is_still_capped(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"y" * 5000)
    with pytest.raises(InputError, match="too large"):
        src.read_file(p, limit=4999)
    assert src.read_file(p, limit=5000) == b"y" * 5000


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        src.open_regular(tmp_path / "nope")
    with pytest.raises(InputError, match="is a directory"):
        src.open_regular(tmp_path)


def _warc_record(payload: bytes) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x.example/a\r\n"
            f"Content-Type: text/plain\r\nContent-Length: {len(payload)}\r\n\r\n").encode()
    return head + payload + b"\r\n\r\n"


def test_warc_gzip_bomb_in_a_header_ends_the_archive(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import warc

    monkeypatch.setattr(warc, "MAX_RUN", 1 << 20)
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(gzip.compress(b"WARC/1.0\r\nX-Long: " + b"a" * (8 << 20)))
    (name, err), = list(iter_warc(p))
    assert isinstance(err, InputError) and "without a line break" in str(err)


def test_warc_record_over_the_cap_is_skipped_and_the_next_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import warc

    monkeypatch.setattr(warc, "MAX_BYTES", 1000)
    p = tmp_path / "a.warc"
    p.write_bytes(_warc_record(b"z\n" * 1000) + _warc_record(TEXT.encode()))
    got = list(iter_warc(p))
    assert [type(r).__name__ for _, r in got] == ["InputError", "Article"]
    assert "over 1000 bytes, the limit; skipped" in str(got[0][1])


def test_jsonl_gzip_bomb_line_is_reported_without_reading_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE", 1 << 20)
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(gzip.compress(b"{\"text\": \"" + b"a" * (16 << 20)))
    (name, err), = list(iter_jsonl(p))
    assert isinstance(err, InputError) and "line longer than" in str(err)
    assert count_lines(p) == 1


def test_feed_file_over_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tealeaves.ingest import feeds

    monkeypatch.setattr(feeds, "MAX_FEED_BYTES", 100)
    p = tmp_path / "big.xml"
    p.write_bytes(b"<rss>" + b" " * 200 + b"</rss>")
    (name, err), = list(iter_feed(p))
    assert isinstance(err, InputError) and "too large" in str(err)
