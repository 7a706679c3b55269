"""A local news site for the watcher's tests and soak script: a threaded ``http.server``
serving an RSS feed, an Atom feed and a sitemap whose entries change as the test adds
articles, conditional GET (ETag and Last-Modified), and hostile feeds: broken, slow, huge
and one that answers 503. Article pages are invented text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = ("minister council budget reform parliament vote coalition treaty border tariff "
         "election court ruling ministry spokesman opposition agency report").split()


def article_text(n: int) -> str:
    """An invented news article, different for each *n*."""
    w = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(12)]
    return (f"The {w[0]} of Northland said on Tuesday that the {w[1]} would meet again "
            f"(story {n}).\n\nA {w[2]} spokesman told reporters that the {w[3]} and the {w[4]} "
            f"had agreed on item {n}, according to officials who asked not to be named.\n\n"
            f"Critics said the {w[5]} of the {w[6]} ignored the {w[7]}; the {w[8]} is "
            f"expected to answer in {n % 12 + 1} weeks.")


class Site:
    """The site's state: the articles published so far and the request log."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.published: list[int] = []
        self.copies: list[int] = []  # articles republished under a second URL (/d/N)
        self.version = 0  # bumped with every new article (the feeds' ETag)
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()  # ends the slow feed's wait
        self.slow_seconds = 30.0
        self.huge_bytes = 3_000_000
        self.base = ""

    def publish(self, *numbers: int) -> None:
        with self.lock:
            self.published.extend(numbers)
            self.version += 1

    def copy(self, n: int) -> None:
        """Republish article *n* under another URL (the same text: a duplicate)."""
        with self.lock:
            self.copies.append(n)
            self.version += 1

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p == path)

    # -- documents ------------------------------------------------------------------------
    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>Story {n}</title><link>{self.base}/a/{n}</link>"
            f"<pubDate>{formatdate(1_700_000_000 + n * 3600, usegmt=True)}</pubDate>"
            f"<description>Teaser {n}</description></item>"
            for n in reversed(self.published[-40:]))
        items += "".join(f"<item><title>Copy {n}</title><link>{self.base}/d/{n}</link></item>"
                         for n in self.copies[-10:])
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Northland '
                f'Herald</title><link>{self.base}/</link>{items}</channel></rss>').encode()

    def atom(self) -> bytes:
        entries = "".join(
            f'<entry><title>Atom {n}</title><link href="{self.base}/a/{n}"/>'
            f"<id>{self.base}/a/{n}</id><updated>2024-01-0{n % 9 + 1}T10:00:00Z</updated>"
            f"</entry>" for n in self.published[-40:])
        return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Northland Atom</title>{entries}</feed>").encode()

    def sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.base}/a/{n}</loc><lastmod>2024-01-01</lastmod></url>"
                       for n in self.published)
        return ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{urls}</urlset>').encode()

    def page(self, n: int) -> bytes:
        paras = "".join(f"<p>{p}</p>" for p in article_text(n).split("\n\n"))
        return (f"<html><head><title>Story {n}</title></head><body><nav>Home | World</nav>"
                f"<article><h1>Story {n}</h1>{paras}</article></body></html>").encode()


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *_args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        site = self.site
        with site.lock:
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            version = site.version
        etag = f'"v{version}"'
        if self.path in ("/feed.xml", "/atom.xml", "/sitemap.xml"):
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            body = {"/feed.xml": site.rss, "/atom.xml": site.atom,
                    "/sitemap.xml": site.sitemap}[self.path]()
            self._send(body, "application/rss+xml", etag=etag)
        elif self.path.startswith(("/a/", "/d/")) and self.path[3:].isdigit():
            self._send(site.page(int(self.path[3:])), "text/html; charset=utf-8")
        elif self.path == "/broken.xml":
            self._send(b"<rss><channel><title>cut off mid-", "application/rss+xml")
        elif self.path == "/huge.xml":
            self._send(b"<rss>" + b" " * site.huge_bytes + b"</rss>", "application/rss+xml")
        elif self.path == "/slow.xml":
            site.release.wait(site.slow_seconds)
            self._send(site.rss(), "application/rss+xml")
        elif self.path == "/busy.xml":
            self.send_response(503)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()

    def _send(self, body: bytes, ctype: str, etag: str | None = None) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


@contextmanager
def serve() -> Iterator[Site]:
    """A running site on a free local port; ``site.base`` is its root URL."""
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
