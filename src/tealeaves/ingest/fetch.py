"""Fetch a URL safely: no requests to private networks (SSRF), bounded time and size.

:func:`fetch_url` is what the web server and URL ingest call when a user hands them a
URL. Articles and URLs are hostile input, so:

* only ``http`` and ``https`` URLs are fetched;
* a host written as numbers is read the way C resolvers and browsers read it — octal
  (``0177.0.0.1``), hex (``0x7f.1``), a decimal integer (``2130706433``), short dotted
  (``127.1``), IPv6 with an IPv4 inside (``[::ffff:127.0.0.1]``) — and refused unless
  public, before anything is sent; a numeric host no parser accepts is refused too;
* the host name is resolved here and *every* address it resolves to must be public
  (not private, loopback, link-local, multicast, reserved, unspecified, shared/CGNAT,
  nor an IPv4-mapped form of those); the check runs inside the connection layer, on
  the address actually connected to, so a DNS answer that changes between check and
  connect (DNS rebinding) cannot slip through, and it runs again on every redirect hop;
* at most ``max_redirects`` redirects are followed;
* connect/read timeouts apply to each operation and ``timeout`` also bounds the whole
  download;
* the body is read in chunks and the download stops as soon as it passes ``max_bytes``
  (a ``Content-Length`` above the cap is refused before reading).

Every failure raises :class:`tealeaves.errors.InputError` with a one-line message.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..errors import InputError

__all__ = ["FetchResult", "fetch_url", "is_public_address", "post_json"]

USER_AGENT = "tealeaves/0.1 (+https://github.com/tealeaves; news analysis)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 65536

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchResult:
    """What a fetch returned: the final URL (after redirects), its content type and body."""

    url: str
    content_type: str | None
    body: bytes
    status: int = 200
    redirects: tuple[str, ...] = ()
    #: Response headers the caller asked to keep (``keep_headers``), lower-cased names.
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """A kept response header by (case-insensitive) name."""
        return next((v for k, v in self.headers if k == name.lower()), None)

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of the content type, if any."""
        if not self.content_type:
            return None
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


class _Blocked(Exception):
    """Raised inside the connection layer when an address is not allowed."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, a non-public address")
        self.host = host
        self.address = address


def is_public_address(address: str | IPAddress) -> bool:
    """True when *address* is a globally routable unicast address.

    Private (RFC 1918, ULA), loopback, link-local, multicast, reserved, unspecified,
    shared (100.64/10) and documentation ranges are not public; IPv4-mapped and
    NAT64/6to4 forms are judged by the IPv4 address they carry.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None:
            return is_public_address(ip.sixtofour)
        if ip in ipaddress.ip_network("64:ff9b::/96"):
            return is_public_address(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.is_multicast or ip.is_loopback or ip.is_link_local or ip.is_unspecified:
        return False
    if ip.is_private or ip.is_reserved:
        return False
    return bool(ip.is_global)


def _resolve(host: str, port: int) -> list[str]:
    """All addresses *host* resolves to (a seam for tests)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _GuardedBackend(httpcore.SyncBackend):
    """A network backend that resolves names itself and connects only to allowed addresses."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = _resolve(host, port)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        if not self.allow_private:
            for address in addresses:
                if not is_public_address(address.split("%")[0]):
                    raise _Blocked(host, address)
        last: Exception | None = None
        for address in addresses:  # connect to the checked address, never re-resolve
            try:
                return super().connect_tcp(
                    address, port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=4,
            network_backend=_GuardedBackend(allow_private),
        )


_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")


def _number(part: str) -> int | None:
    """One part of a numeric host: ``0x`` hex, a leading-zero octal, or decimal."""
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8) if all(c in "01234567" for c in part) else None
    return int(part)


def numeric_host(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host name made of numbers stands for, as ``inet_aton`` and the
    WHATWG URL standard read it; None for a host that is a name.

    A host whose last label is a number is an address (``0177.0.0.1``, ``0x7f.1``,
    ``2130706433``, ``127.1``); every label must then be a number and the whole fit in
    32 bits, else :class:`ValueError`.
    """
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()  # a trailing dot
    if not labels or not _NUMBER.match(labels[-1]):
        return None
    if len(labels) > 4 or not all(_NUMBER.match(x) for x in labels):
        raise ValueError(f"{host!r} is not a valid IPv4 address")
    values = [_number(x) for x in labels]
    if any(v is None for v in values):
        raise ValueError(f"{host!r} is not a valid IPv4 address (a bad octal number)")
    nums = [v for v in values if v is not None]
    last_bits = 8 * (5 - len(nums))
    if any(v > 255 for v in nums[:-1]) or nums[-1] >= 1 << last_bits:
        raise ValueError(f"{host!r} is not a valid IPv4 address (a part out of range)")
    value = nums[-1]
    for i, v in enumerate(nums[:-1]):
        value |= v << (24 - 8 * i)
    return ipaddress.IPv4Address(value)


def _host_address(url: str, host: str) -> IPAddress | None:
    """The address *host* spells, in any form; None for a name to resolve."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return numeric_host(host)
    except ValueError as exc:
        raise InputError(url, f"refusing to fetch: {exc}") from None


def _check_url(url: str, allow_private: bool) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError as exc:
        raise InputError(url, f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        raise InputError(url, f"only http and https URLs can be fetched, not {scheme!r}")
    if not parts.hostname:
        raise InputError(url, "the URL has no host")
    if parts.username or parts.password:
        raise InputError(url, "URLs with credentials are not fetched")
    if allow_private:
        return
    literal = _host_address(url, parts.hostname)
    if literal is not None and not is_public_address(literal):
        shown = "" if str(literal) == parts.hostname else f"{parts.hostname} = "
        raise InputError(url, f"refusing to fetch a non-public address ({shown}{literal})")


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
    max_redirects: int = 3,
    allow_private: bool = False,
    headers: dict[str, str] | None = None,
    keep_headers: tuple[str, ...] = (),
) -> FetchResult:
    """GET *url* and return its body, refusing non-public addresses on every hop.

    Raises :class:`~tealeaves.errors.InputError` for a refused address, a bad scheme,
    too many redirects, a timeout, a body over *max_bytes*, a network error or an HTTP
    error status (4xx/5xx). *headers* are sent as well (e.g. ``If-None-Match`` for a
    conditional GET, whose 304 answer comes back with an empty body); the response headers
    named in *keep_headers* are returned in :attr:`FetchResult.headers`.
    """
    if not isinstance(url, str):
        raise TypeError("url must be a str")
    original = url
    deadline = time.monotonic() + timeout
    hops: list[str] = []
    per_op = httpx.Timeout(timeout)
    with httpx.Client(
        transport=_GuardedTransport(allow_private), follow_redirects=False, timeout=per_op,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
            "Accept-Encoding": "identity",
            **(headers or {}),
        },
        trust_env=False,
    ) as client:
        while True:
            _check_url(url, allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        if len(hops) >= max_redirects:
                            raise InputError(original, f"more than {max_redirects} redirects")
                        hops.append(url)
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise InputError(
                            url, f"HTTP {response.status_code} {response.reason_phrase}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise InputError(url, f"response of {int(declared)} bytes is over "
                                              f"the {max_bytes}-byte limit")
                    body = bytearray()
                    for chunk in response.iter_bytes(_CHUNK):  # decoded: the cap is on what we keep
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise InputError(url, f"response is over the {max_bytes}-byte limit")
                        if time.monotonic() > deadline:
                            raise InputError(url, f"download took longer than {timeout:g} s")
                    return FetchResult(
                        url=str(response.url), content_type=response.headers.get("content-type"),
                        body=bytes(body), status=response.status_code, redirects=tuple(hops),
                        headers=tuple((k.lower(), response.headers[k]) for k in keep_headers
                                      if k in response.headers),
                    )
            except _Blocked as exc:
                raise InputError(url, f"refusing to fetch: {exc}") from None
            except httpx.TimeoutException:
                raise InputError(url, f"timed out after {timeout:g} s") from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
                raise InputError(url, f"not a valid URL ({exc})") from None
            except httpx.HTTPError as exc:
                cause = exc.__context__
                if isinstance(cause, _Blocked):
                    raise InputError(url, f"refusing to fetch: {cause}") from None
                raise InputError(url, f"cannot fetch: {exc or type(exc).__name__}") from None


def post_json(url: str, data: Any, *, timeout: float = 10.0,
              allow_private: bool = False) -> int:
    """POST *data* as JSON to *url* under the same rules as :func:`fetch_url` (http(s)
    only, public addresses only, checked on the address connected to); redirects are not
    followed. Returns the status; InputError for a refused URL, a network error or 4xx/5xx."""
    import json

    _check_url(url, allow_private)
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    with httpx.Client(transport=_GuardedTransport(allow_private), follow_redirects=False,
                      timeout=httpx.Timeout(timeout), trust_env=False,
                      headers={"User-Agent": USER_AGENT,
                               "Content-Type": "application/json"}) as client:
        try:
            response = client.post(url, content=body)
        except _Blocked as exc:
            raise InputError(url, f"refusing to post: {exc}") from None
        except httpx.TimeoutException:
            raise InputError(url, f"timed out after {timeout:g} s") from None
        except httpx.HTTPError as exc:
            cause = exc.__context__
            if isinstance(cause, _Blocked):
                raise InputError(url, f"refusing to post: {cause}") from None
            raise InputError(url, f"cannot post: {exc or type(exc).__name__}") from None
    if response.status_code >= 400:
        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}")
    return response.status_code
