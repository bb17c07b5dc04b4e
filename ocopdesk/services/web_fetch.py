"""Downloading a photo or document named in a spreadsheet, without letting the sheet reach too far.

A sheet comes from anywhere (a district office, a partner, an e-mail), so the addresses in it are not
trusted: a download may only reach the public internet — never this computer, the office network or a
cloud metadata address — and this is checked for every address a host name resolves to, again after every
redirect, and once more against the address actually connected to. Each download has a connect, a read and
an overall time limit and a size limit, so a host that answers one byte every ten seconds cannot hang an
import.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import SplitResult, urljoin, urlsplit

import requests
import requests.auth
import urllib3

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import DOCUMENT_TYPES, MAX_BYTES
from ocopdesk.i18n import _
from ocopdesk.services.network_words import failure_reason

_CHUNK = 64 * 1024


class FetchError(OcopDeskError):
    """A web address in a sheet could not or may not be downloaded."""


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How far and how long a download may go.

    `trusted_hosts` ("host:port") may be on a private network: an API-only escape hatch for a test server
    on 127.0.0.1 or an office file server a program (not a sheet) names; the CLI and GUI never set it.
    """

    connect_s: float = 10.0
    read_s: float = 15.0
    total_s: float = 60.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    trusted_hosts: frozenset[str] = field(default_factory=frozenset)


def download(
    url: str,
    limits: FetchLimits | None = None,
    accept: frozenset[str] | None = None,
    auth: tuple[str, str] | None = None,
) -> tuple[bytes, str]:
    """The body of `url` and its content type (one of `accept`, by default an image or PDF), or FetchError
    saying why not in words a clerk can act on. `auth` (basic) is sent to `url`'s own host only, never
    to a host a redirect leads to."""
    sink = io.BytesIO()
    fetched = _guarded(
        url, limits or FetchLimits(), Want(accept or frozenset(DOCUMENT_TYPES), auth, _netloc(url)), sink
    )
    return sink.getvalue(), fetched.ctype


@dataclass(frozen=True, slots=True)
class Fetched:
    """What `download_to` got: the content type, the byte of the file the body starts at (0 unless the
    server honoured the range asked, RFC 9110 §14), and the whole file's size when the server said."""

    ctype: str
    start: int = 0
    size: int | None = None
    partial: bool = False  # 206: the server sent the range asked, not the whole file
    unsatisfiable: bool = False  # 416: the range starts at or past the file's end (size says where that is)


def download_to(
    url: str,
    target: Path,
    limits: FetchLimits | None = None,
    accept: frozenset[str] | None = None,
    auth: tuple[str, str] | None = None,
    byte_range: tuple[int, int | None] | None = None,
) -> Fetched:
    """Like `download`, but the body streams into the file `target` (never whole in memory), and
    `byte_range` (first, last or None for the end) asks for part of the file: a server that ignores it
    answers the whole file, which `start` == 0 says."""
    want = Want(accept or frozenset(DOCUMENT_TYPES), auth, _netloc(url), byte_range)
    with target.open("wb") as sink:
        return _guarded(url, limits or FetchLimits(), want, sink)


def _netloc(url: str) -> str:
    return urlsplit(url).netloc


def _guarded(url: str, limits: FetchLimits, want: Want, sink: BinaryIO) -> Fetched:
    stop = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["data"] = _follow(url, limits, stop, want, sink)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    # The overall limit covers every phase (connect, headers, body): the work runs in a daemon thread
    # that is told to stop, so a server dripping its headers cannot hold the import either.
    worker = threading.Thread(target=run, name="ocopdesk-download", daemon=True)
    worker.start()
    worker.join(limits.total_s)
    if worker.is_alive():
        stop.set()
        worker.join(5)  # it stops at its next chunk; the sink is not written after we return
        raise FetchError(
            _("{url} did not finish downloading within {seconds} seconds; the host is too slow.").format(
                url=url, seconds=int(limits.total_s)
            )
        )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["data"]  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Want:
    """What a download accepts and the basic-auth pair for its own host."""

    accept: frozenset[str]
    auth: tuple[str, str] | None
    host: str
    byte_range: tuple[int, int | None] | None = None

    def headers(self) -> dict[str, str]:
        if self.byte_range is None:
            return {}
        first, last = self.byte_range
        return {"Range": f"bytes={first}-{'' if last is None else last}"}


def _follow(url: str, limits: FetchLimits, stop: threading.Event, want: Want, sink: BinaryIO) -> Fetched:
    with requests.Session() as session:
        session.trust_env = False  # no proxy or .netrc from the environment: the address checks must hold
        for _hop in range(limits.max_redirects + 1):
            check_address(url, limits)
            try:
                # UTF-8 (RFC 7617): requests would encode a str as Latin-1 and fail on a Vietnamese password
                auth = (
                    requests.auth.HTTPBasicAuth(*(part.encode("utf-8") for part in want.auth))
                    if want.auth and urlsplit(url).netloc == want.host
                    else None
                )
                response = session.get(
                    url,
                    stream=True,
                    allow_redirects=False,
                    timeout=(limits.connect_s, limits.read_s),
                    auth=auth,
                    headers=want.headers(),
                )
            except requests.RequestException as exc:
                raise FetchError(
                    _("Could not download {url}: {error}").format(url=url, error=failure_reason(exc))
                ) from exc
            with response:
                _check_peer(response, url, limits)
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                return _body(response, url, limits, stop, want, sink)
    raise FetchError(_("{url} redirects too many times.").format(url=url))


def check_address(url: str, limits: FetchLimits | None = None) -> None:
    """Refuse anything but http(s) to a public address (every address the name resolves to)."""
    limits = limits or FetchLimits()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("{url} is not a web address (http or https).").format(url=url))
    if _trusted(parts, limits):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, _port(parts), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(
            _("Could not download {url}: the name {host} was not found (no internet?).").format(
                url=url, host=parts.hostname
            )
        ) from exc
    for info in infos:
        _refuse_private(str(info[4][0]), url)


def check_without_network(url: str, limits: FetchLimits | None = None) -> None:
    """What can be known of an address without the network (a dry run): its scheme, and the address itself
    when it is written as a number or as localhost."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise FetchError(_("{url} is not a web address (http or https).").format(url=url))
    if _trusted(parts, limits or FetchLimits()):
        return
    if host == "localhost" or host.endswith(".localhost"):
        _refuse_private("127.0.0.1", url)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not host.replace(".", "").isdigit() and not host.lower().startswith("0x"):
            return  # a name: only the network can say where it leads
    check_address(url, limits)  # a literal address: resolving it needs no network


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _trusted(parts: SplitResult, limits: FetchLimits) -> bool:
    return f"{parts.hostname}:{_port(parts)}" in limits.trusted_hosts


def _refuse_private(address: str, url: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast:
        raise FetchError(
            _(
                "{url} points to this computer or a private network ({address}); OCOPDesk downloads only from "
                "addresses on the public internet. Copy the file onto this computer and choose it there."
            ).format(url=url, address=ip)
        )


def _check_peer(response: requests.Response, url: str, limits: FetchLimits) -> None:
    """The address really connected to, so a name that resolves differently the second time is caught."""
    parts = urlsplit(url)
    if _trusted(parts, limits):
        return
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    try:
        peer = sock.getpeername()[0]
    except OSError:
        return
    _refuse_private(str(peer), url)


def _body(
    response: requests.Response, url: str, limits: FetchLimits, stop: threading.Event, want: Want, sink: BinaryIO
) -> Fetched:
    if response.status_code == 416 and want.byte_range is not None:  # nothing at or past the range's start
        return Fetched("", size=_total(response.headers.get("Content-Range", "")), unsatisfiable=True)
    _check_status(response, url, want)
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype not in want.accept:
        if want.accept == frozenset(DOCUMENT_TYPES):
            raise FetchError(
                _("{url} is not an image or PDF (the server says {type}).").format(url=url, type=ctype or "?")
            )
        reason = _("{url} is not a file OCOPDesk reads (the server says {type}).")
        raise FetchError(reason.format(url=url, type=ctype or "?"))
    too_big = FetchError(_("{url} is larger than {mb} MB.").format(url=url, mb=limits.max_bytes // 2**20))
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise too_big
    if response.status_code == 206:
        start, size = _content_range(response.headers.get("Content-Range", ""), url)
        fetched = Fetched(ctype, start, size, partial=True)
    else:
        fetched = Fetched(ctype, 0, int(declared) if declared.isdigit() else None)
    _stream(response, url, limits, stop, sink, too_big)
    return fetched


def _check_status(response: requests.Response, url: str, want: Want) -> None:
    if response.status_code in (401, 403):  # the clerk can act on this one: say what the host wants
        raise FetchError(
            _(
                "{url} asks for a user name and password it accepts (the server answered {status}). "
                "Check them with whoever runs the website, then try again."
            ).format(url=url, status=response.status_code)
        )
    if response.status_code != 200 and not (response.status_code == 206 and want.byte_range is not None):
        raise FetchError(
            _("Could not download {url}: the server answered {status}.").format(url=url, status=response.status_code)
        )


def _content_range(header: str, url: str) -> tuple[int, int | None]:
    """(first byte, whole size or None) of a 206's `Content-Range: bytes 100-199/1234` (or `/*`)."""
    unit, _sep, rest = header.partition(" ")
    span, _sep, total = rest.partition("/")
    first = span.partition("-")[0]
    if unit != "bytes" or not first.isdigit():
        raise FetchError(_("Could not download {url}: the server answered {status}.").format(url=url, status=206))
    return int(first), int(total) if total.isdigit() else None


def _total(header: str) -> int | None:
    """The size in a 416's `Content-Range: bytes */1234`."""
    total = header.rpartition("/")[2]
    return int(total) if total.isdigit() else None


def _stream(
    response: requests.Response,
    url: str,
    limits: FetchLimits,
    stop: threading.Event,
    sink: BinaryIO,
    too_big: FetchError,
) -> None:
    written = 0
    started = time.monotonic()
    try:
        while not stop.is_set():
            chunk = response.raw.read1(_CHUNK)  # returns as soon as some bytes arrive
            if not chunk:
                return
            written += len(chunk)
            if written > limits.max_bytes:
                raise too_big
            sink.write(chunk)
            if time.monotonic() - started > limits.total_s:
                break
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
        raise FetchError(_("Could not download {url}: {error}").format(url=url, error=failure_reason(exc))) from exc
    raise FetchError(_("{url} did not finish downloading in time.").format(url=url))
