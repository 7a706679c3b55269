"""Polite HTTP for the watcher: a per-host gap between requests, a per-host pause after
429/503 answers (``Retry-After`` when given), conditional GET, all through the SSRF-safe
fetcher (:func:`tealeaves.ingest.fetch.fetch_url`). Time is injected (``clock``/``sleep``)
so the tests drive it without waiting."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import InputError
from ..ingest.fetch import FetchResult, fetch_url

Clock = Callable[[], float]
Sleep = Callable[[float], bool]  # waits; True when the watcher was asked to stop meanwhile

_STATUS = re.compile(r"\bHTTP (\d{3})\b")
#: Longest pause a host's Retry-After can impose.
MAX_HOST_PAUSE = 3600.0


def status_of(error: InputError) -> int | None:
    m = _STATUS.search(error.problem)
    return int(m.group(1)) if m else None


@dataclass
class HttpOptions:
    timeout: float = 20.0  # seconds per request (and for the whole download)
    max_feed_bytes: int = 10_000_000
    max_page_bytes: int = 5_000_000
    host_gap: float = 1.0  # seconds between two requests to one host
    allow_private: bool = False  # only for a local test server


class Http:
    """Requests for the watcher, spaced per host."""

    def __init__(self, opts: HttpOptions, clock: Clock, sleep: Sleep) -> None:
        self.opts, self.clock, self.sleep = opts, clock, sleep
        self._next: dict[str, float] = {}  # host → earliest time of the next request
        self.requests = 0

    def host_ready(self, url: str) -> float:
        """Seconds to wait before *url*'s host may be asked again (0 when it may now)."""
        return max(0.0, self._next.get(_host(url), 0.0) - self.clock())

    def pause_host(self, url: str, seconds: float) -> None:
        host = _host(url)
        self._next[host] = max(self._next.get(host, 0.0),
                               self.clock() + min(seconds, MAX_HOST_PAUSE))

    def get(self, url: str, *, feed: bool, etag: str | None = None,
            last_modified: str | None = None) -> FetchResult:
        """GET *url* after its host's gap; InputError on any failure (a 429/503 also pauses
        the host). A 304 comes back as a result with status 304 and no body."""
        wait = self.host_ready(url)
        if wait > 0 and self.sleep(wait):
            raise InputError(url, "stopped")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self.requests += 1
        self._next[_host(url)] = self.clock() + self.opts.host_gap
        cap = self.opts.max_feed_bytes if feed else self.opts.max_page_bytes
        try:
            return fetch_url(url, timeout=self.opts.timeout, max_bytes=cap,
                             allow_private=self.opts.allow_private, headers=headers,
                             keep_headers=("etag", "last-modified", "retry-after"))
        except InputError as exc:
            if status_of(exc) in (429, 503):
                self.pause_host(url, 60.0)
            raise


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower() + f":{urlsplit(url).port or ''}"
    except ValueError:
        return url
