"""Remote images, fetched only when asked (``ReadOptions.fetch_images``), within limits.

http and https only, at every redirect too (``file:``, ``ftp:``, ``data:``...
are refused), at most ``max_redirects`` of them; one deadline for the whole
download, however slowly the server sends; a size cap checked against
``Content-Length`` and again while reading; and no address on the machine or its
private networks (loopback, RFC 1918, link-local, ...) unless ``allow_private``:
the host is resolved once and that very address is connected to, so a name that
resolves differently the second time cannot lead elsewhere.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..._version import __version__ as _VERSION

if TYPE_CHECKING:
    import http.client

_USER_AGENT = f"convert/{_VERSION} (+image fetch)"


class FetchError(Exception):
    """The image could not be fetched; the message says why, in words for a person."""


@dataclass(frozen=True)
class FetchLimits:
    """``seconds``: for the whole download; ``max_bytes``: of the body; ``allow_private``: tests and intranets."""

    seconds: float = 15.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


def fetch(url: str, limits: FetchLimits) -> bytes:
    """The body of ``url`` after following at most ``limits.max_redirects`` redirects. Raises :class:`FetchError`."""
    deadline = time.monotonic() + limits.seconds
    try:
        return _follow(url, limits, deadline)
    except TimeoutError:
        raise FetchError(f"not received within {limits.seconds:g} s") from None


def _follow(url: str, limits: FetchLimits, deadline: float) -> bytes:
    for _ in range(limits.max_redirects + 1):
        response, connection = _get(url, limits, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"HTTP {response.status} without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"HTTP {response.status} {response.reason}".strip())
            return _body(response, connection, limits, deadline)
        finally:
            connection.close()
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _get(url: str, limits: FetchLimits, deadline: float) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    import http.client  # only when fetching: these cost 15-18 ms at start-up
    import socket
    import ssl
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http and https addresses are fetched, not {parts.scheme or 'this'}: {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(f"bad port in {url}") from None
    address = _address(parts.hostname, port, limits)
    connection = http.client.HTTPConnection(parts.hostname, port, timeout=_left(deadline))
    try:  # the connection goes to the address checked above, never to a second lookup of the name
        sock = socket.create_connection((address, port), timeout=_left(deadline))
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        connection.sock = sock
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": _USER_AGENT, "Accept": "image/*"})
        return connection.getresponse(), connection
    except TimeoutError:
        connection.close()
        raise FetchError(f"no answer within {limits.seconds:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        raise FetchError(f"cannot connect: {exc}") from None


def _address(host: str, port: int, limits: FetchLimits) -> str:
    import ipaddress  # only when fetching: these cost 15-18 ms at start-up
    import socket
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    if not found:
        raise FetchError(f"cannot resolve {host}")
    address = str(found[0][4][0])
    ip = ipaddress.ip_address(address)
    if not limits.allow_private and not ip.is_global:
        raise FetchError(f"{host} is on this machine or a private network ({address}); not fetched")
    return address


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _body(response: http.client.HTTPResponse, connection: http.client.HTTPConnection, limits: FetchLimits,
          deadline: float) -> bytes:
    import http.client  # only when fetching: these cost 15-18 ms at start-up
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{int(declared)} bytes, over the limit of {limits.max_bytes}")
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            if connection.sock is not None:
                connection.sock.settimeout(_left(deadline))
            chunk = response.read1(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limits.max_bytes:
                raise FetchError(f"more than {limits.max_bytes} bytes")
    except TimeoutError:
        raise FetchError(f"not received within {limits.seconds:g} s") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"download broken off: {exc}") from None
