"""SSRF-safe fetching: refused addresses (after DNS and on every redirect), limits, errors.

A real HTTP server runs on loopback. Tests that need to *reach* it either pass
``allow_private=True`` or declare exactly 127.0.0.1 public through the module's
predicate, so the other loopback addresses (127.0.0.2, ::1, localhost, …) stay refused.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tealeaves.errors import InputError
from tealeaves.ingest import fetch as fetch_mod
from tealeaves.ingest.fetch import fetch_url, is_public_address

BODY = b"<html><head><title>t</title></head><body><p>Hello from the test server.</p></body></html>"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        port = self.server.server_address[1]
        if self.path == "/ok":
            self._send(200, BODY, "text/html; charset=utf-8")
        elif self.path.startswith("/hop/"):
            n = int(self.path.rsplit("/", 1)[1])
            target = "/ok" if n == 0 else f"/hop/{n - 1}"
            self._redirect(target)
        elif self.path == "/to-metadata":
            self._redirect("http://169.254.169.254/latest/meta-data/")
        elif self.path == "/to-other-loopback":
            self._redirect(f"http://127.0.0.2:{port}/ok")
        elif self.path == "/to-localhost-name":
            self._redirect(f"http://localhost:{port}/ok")
        elif self.path == "/big":
            self._send(200, b"x" * 50_000, "text/plain")
        elif self.path == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            for _ in range(100):
                self.wfile.write(b"y" * 1000)
            self.close_connection = True
        elif self.path == "/slow":
            time.sleep(2.0)
            self._send(200, b"late", "text/plain")
        elif self.path == "/missing":
            self._send(404, b"nope", "text/plain")
        else:
            self._send(500, b"?", "text/plain")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on purpose (size cap, timeout) is expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def only_127_0_0_1_public(monkeypatch: pytest.MonkeyPatch) -> None:
    real = fetch_mod.is_public_address

    def patched(address: object) -> bool:
        return str(address) == "127.0.0.1" or real(address)  # type: ignore[arg-type]

    monkeypatch.setattr(fetch_mod, "is_public_address", patched)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
     "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "fe80::1", "fc00::1",
     "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:7f00:1::"],
)
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.1.140", "2a00:1450:4001:80b::200e"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(address)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://10.0.0.1/",
     "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://2130706433/",
     "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://192.168.0.1:8080/"],
)
def test_refuses_private_hosts_literal_or_resolved(url: str) -> None:
    with pytest.raises(InputError, match="refusing"):
        fetch_url(url, timeout=2)


def test_check_is_after_dns_resolution(monkeypatch: pytest.MonkeyPatch, server: str) -> None:
    """A public-looking name that resolves to loopback is refused at connect time."""
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["127.0.0.1"])
    port = server.rsplit(":", 1)[1]
    with pytest.raises(InputError, match="non-public"):
        fetch_url(f"http://news.example.com:{port}/ok", timeout=2)
    # one bad address among good ones is enough to refuse (no picking the good one)
    monkeypatch.setattr(fetch_mod, "_resolve", lambda host, port: ["93.184.216.34", "10.0.0.7"])
    with pytest.raises(InputError, match="non-public"):
        fetch_url(f"http://news.example.com:{port}/ok", timeout=2)


def test_refuses_bad_schemes_and_credentials() -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "example.com"):
        with pytest.raises(InputError, match="only http and https"):
            fetch_url(url)
    with pytest.raises(InputError, match="credentials"):
        fetch_url("http://user:pw@example.com/")


def test_fetches_when_private_allowed(server: str) -> None:
    result = fetch_url(server + "/ok", allow_private=True)
    assert result.body == BODY
    assert result.content_type == "text/html; charset=utf-8"
    assert result.charset == "utf-8"
    assert result.url == server + "/ok"


def test_follows_a_few_redirects(server: str) -> None:
    result = fetch_url(server + "/hop/2", allow_private=True, max_redirects=3)
    assert result.body == BODY
    assert result.url.endswith("/ok")
    assert len(result.redirects) == 3


def test_too_many_redirects(server: str) -> None:
    with pytest.raises(InputError, match="more than 3 redirects"):
        fetch_url(server + "/hop/5", allow_private=True, max_redirects=3)


@pytest.mark.usefixtures("only_127_0_0_1_public")
def test_reachable_start_is_fetched(server: str) -> None:
    assert fetch_url(server + "/ok").body == BODY


@pytest.mark.usefixtures("only_127_0_0_1_public")
@pytest.mark.parametrize("path", ["/to-metadata", "/to-other-loopback", "/to-localhost-name"])
def test_redirect_to_private_address_is_refused(server: str, path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real_resolve = fetch_mod._resolve
    # "localhost" must not sneak through as 127.0.0.1 (the one address the fixture allows)
    monkeypatch.setattr(
        fetch_mod, "_resolve",
        lambda host, port: ["::1", "127.0.0.1"] if host == "localhost" else real_resolve(host, port),
    )
    with pytest.raises(InputError, match="refusing"):
        fetch_url(server + path)


def test_size_cap_from_content_length(server: str) -> None:
    with pytest.raises(InputError, match="over the 10000-byte limit"):
        fetch_url(server + "/big", allow_private=True, max_bytes=10_000)
    assert len(fetch_url(server + "/big", allow_private=True, max_bytes=60_000).body) == 50_000


def test_size_cap_while_streaming(server: str) -> None:
    with pytest.raises(InputError, match="over the 20000-byte limit"):
        fetch_url(server + "/big-chunked", allow_private=True, max_bytes=20_000)


def test_timeout(server: str) -> None:
    t0 = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetch_url(server + "/slow", allow_private=True, timeout=0.5)
    assert time.monotonic() - t0 < 1.9


def test_http_error_status(server: str) -> None:
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_url(server + "/missing", allow_private=True)


def test_unresolvable_host() -> None:
    with pytest.raises(InputError, match="cannot"):
        fetch_url("http://no-such-host.invalid/", timeout=3)


@pytest.mark.parametrize(
    ("url", "address"),
    [("http://0177.0.0.1/", "127.0.0.1"), ("http://0177.1/", "127.0.0.1"),
     ("http://0x7f000001/", "127.0.0.1"), ("http://017700000001/", "127.0.0.1"),
     ("http://127.1/", "127.0.0.1"), ("http://127.0.0.1./", "127.0.0.1"),
     ("http://0/", "0.0.0.0"), ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"),
     ("http://012.1/", "10.0.0.1"), ("http://3232235521/", "192.168.0.1"),
     ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"), ("http://[::ffff:a00:1]/", "::ffff:a00:1")],
)
def test_every_numeric_spelling_of_a_private_address_is_refused(url: str, address: str) -> None:
    with pytest.raises(InputError, match=r"refusing to fetch a non-public address \(.*"
                                         + address.replace(".", r"\.")):
        fetch_url(url, timeout=2)


@pytest.mark.parametrize("url", ["http://09.1.1.1/", "http://1.2.3.4.5/", "http://256.1/",
                                 "http://0x1.0x100000000/"])
def test_invalid_numeric_hosts_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="not a valid IPv4 address"):
        fetch_url(url, timeout=2)


@pytest.mark.parametrize("url", ["http://a.example:99999/", "http://[::1/", "http://[zz]/"])
def test_malformed_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError):
        fetch_url(url, timeout=2)


def test_numeric_host() -> None:
    from ipaddress import IPv4Address

    from tealeaves.ingest.fetch import numeric_host

    assert numeric_host("0177.0.0.1") == IPv4Address("127.0.0.1")
    assert numeric_host("0x7f.1") == IPv4Address("127.0.0.1")
    assert numeric_host("8.8.8.8") == IPv4Address("8.8.8.8")
    assert numeric_host("134744072") == IPv4Address("8.8.8.8")
    assert numeric_host("example.org") is None and numeric_host("1.2.3.example") is None
    assert numeric_host("0x.com") is None
