"""Whatever a request holds, the answer is a 4xx/5xx in the one JSON error shape (API) or
an error page (HTML), never a traceback; the analyse form is rate-limited per client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tealeaves.web import create_app
from tealeaves.web.data import WebData
from tealeaves.web.security import ApiError
from tealeaves.web.submit import InFlight

from .helpers import TOKEN, assert_error, assert_error_page, empty_store

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(empty_store(tmp_path), token=TOKEN, rate=100.0, burst=100, max_body=1_000_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_a_lone_surrogate_in_the_text_is_no_server_error(client: TestClient) -> None:
    """JSON may escape a lone surrogate (``\\ud800``), which no UTF-8 writer accepts: the
    text is refused (or, once ingest normalises text, analysed) but never a 500."""
    r = client.post("/api/articles", headers=AUTH,
                    content=b'{"text": "Senator Mary Jones said \\ud800 on Monday that the '
                            b'bill would pass, according to aides."}')
    if r.status_code not in (200, 201):
        assert "Unicode" in assert_error(r, 422)["error"]["message"]


@pytest.mark.parametrize("field", ["title", "outlet", "url"])
def test_a_lone_surrogate_in_metadata_is_a_422(client: TestClient, field: str) -> None:
    body = b'{"text": "Jones said so.", "%s": "a\\udc80b"}' % field.encode()
    assert_error(client.post("/api/articles", headers=AUTH, content=body), 422)


@pytest.mark.parametrize("body", [
    b'{"text": ', b"{not json", b'{"text": "\xff\xfe abc"}', b"null", b'{"text": ["a"]}',
    b"[" * 100_000 + b"]" * 100_000, b'{"text": 1' + b"0" * 5000 + b"}", b"",
])
def test_malformed_json_is_a_4xx(client: TestClient, body: bytes) -> None:
    r = client.post("/api/articles", headers=AUTH, content=body)
    assert 400 <= r.status_code < 500
    assert_error(r, r.status_code)


def test_huge_fields_are_refused(client: TestClient) -> None:
    long = "word " * 120_000  # 600,000 characters: over the text limit, under the body cap
    assert "limit" in assert_error(client.post("/api/articles", headers=AUTH,
                                               json={"text": long}), 422)["error"]["message"]
    for field in ("title", "outlet", "published"):
        assert_error(client.post("/api/articles", headers=AUTH,
                                 json={"text": "Jones said so.", field: "x" * 100_000}), 422)
    assert_error(client.post("/api/articles", headers=AUTH,
                             json={"text": "word " * 300_000}), 413)
    page = client.post("/analyse", data={"text": "Jones said so.", "title": "t" * 5000})
    assert_error_page(page, 422)
    page = client.post("/analyse", data={"text": long})
    assert "limit" in assert_error_page(page, 422)


@pytest.mark.parametrize("url", ["http://0177.0.0.1/", "http://0x7f.1/", "http://2130706433/",
                                 "http://127.1/", "http://[::ffff:127.0.0.1]/", "http://a..b/",
                                 "http://\u3002/", "http://" + "a" * 300 + ".example/"])
def test_odd_urls_are_refused_with_a_422(client: TestClient, url: str) -> None:
    """Every spelling of a loopback address, and URLs that are no URLs, get a 422: the
    fetcher refuses them before connecting."""
    r = client.post("/api/articles", headers=AUTH, json={"url": url})
    msg = assert_error(r, 422)["error"]["message"]
    assert "refusing" in msg or "cannot" in msg or "not a valid URL" in msg
    assert len(msg) <= 500


@pytest.mark.parametrize("path", ["/api/articles/%ED%A0%80", "/api/actors/%ff",
                                  "/api/claims/%00", "/api/articles/" + "a" * 5000])
def test_odd_paths_are_404s(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404)


@pytest.mark.parametrize("path", ["/articles/%ED%A0%80", "/actors/%ff", "/claims/%00"])
def test_odd_page_paths_are_404_pages(client: TestClient, path: str) -> None:
    assert_error_page(client.get(path), 404)


def test_odd_form_bodies_are_no_server_error(client: TestClient) -> None:
    multipart = {"Content-Type": "multipart/form-data; boundary=B"}
    truncated = b'--B\r\nContent-Disposition: form-data; name="text"\r\n\r\nJones'
    assert_error_page(client.post("/analyse", content=truncated, headers=multipart), 422)
    r = client.post("/analyse", content=b"x", headers={"Content-Type": "multipart/form-data"})
    assert_error_page(r, 400)
    r = client.post("/analyse", content=b"text=%ED%A0%80&title=%ED%A0%80",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code < 500 and "Traceback" not in r.text


def test_an_unexpected_exception_is_the_error_shape(client: TestClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(WebData, "stats", broken)
    monkeypatch.setattr(WebData, "articles", broken)
    body = assert_error(client.get("/api/stats"), 500)
    assert body["error"]["message"] == "internal error (RuntimeError)"
    page = assert_error_page(client.get("/articles"), 500)
    assert "secret detail" not in page and "/etc/passwd" not in page


def test_the_analyse_form_is_rate_limited_per_client(tmp_path: Path) -> None:
    app = create_app(empty_store(tmp_path), token=TOKEN, rate=0.01, burst=2)
    with TestClient(app, raise_server_exceptions=False) as c:
        for _ in range(2):  # empty submissions spend tokens too, before any analysis
            assert_error_page(c.post("/analyse", data={"text": " "}), 422)
        r = c.post("/analyse", data={"text": "Jones said so."})
        assert "too many requests" in assert_error_page(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/analyse").status_code == 200  # reading the form is not limited
    with TestClient(app, raise_server_exceptions=False, client=("10.0.0.2", 5000)) as other:
        assert_error_page(other.post("/analyse", data={"text": " "}), 422)  # its own bucket
    assert len(app.state.settings.bucket._buckets) == 2


def test_one_analysis_at_a_time_per_client() -> None:
    flight = InFlight(per_client=1)
    with flight.hold("1.2.3.4"):
        with pytest.raises(ApiError) as err, flight.hold("1.2.3.4"):
            pass
        assert err.value.status == 429
        with flight.hold("5.6.7.8"):  # another client is not held up
            pass
    with flight.hold("1.2.3.4"):  # released after the first one finished
        pass
    assert flight._running == {}
