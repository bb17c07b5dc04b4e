"""Checking the traceability address before it goes onto stamps, where it stays for as long as they exist:
is it a well-formed https address, does it look like one shoppers' phones can reach, and — when this
computer is online — does a web server answer there. Only the first blocks saving; the rest advises, so an
office without internet can still set up its stamps."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from ocopdesk.i18n import _

ERROR, WARNING = "error", "warning"
PROBE_TIMEOUT_S = 8.0
_EXAMPLE_HOSTS = ("example", "example.com", "example.net", "example.org", "example.vn")
_RESERVED_SUFFIXES = (".test", ".invalid", ".localhost", ".local", ".example")


@dataclass(frozen=True, slots=True)
class AddressNote:
    level: str  # ERROR blocks saving; WARNING is advice
    message: str


@dataclass(frozen=True, slots=True)
class Reachability:
    answered: bool
    message: str
    status: int | None = None


def address_notes(url: str) -> list[AddressNote]:
    """What is wrong with `url` as a traceability address, errors first."""
    value = url.strip()
    if not value:
        return [AddressNote(ERROR, _("Enter the traceability address, for example https://truyxuat.htx-nhuxuan.vn"))]
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "https":
        return [
            AddressNote(
                ERROR,
                _(
                    "The address must start with https:// — phones warn about pages without it, and some "
                    "refuse to open them."
                ),
            )
        ]
    if not host or " " in value or ("." not in host and not _is_ip(host) and host != "localhost"):
        return [
            AddressNote(
                ERROR,
                _("“{value}” is not a web address. It looks like https://truyxuat.htx-nhuxuan.vn").format(value=value),
            )
        ]
    if parts.query or parts.fragment or parts.username or parts.password:
        return [AddressNote(ERROR, _("Leave out anything after ? or #, and any user name or password."))]
    return _advice(host)


def _advice(host: str) -> list[AddressNote]:
    if host == "localhost" or host.endswith(".localhost") or _is_ip(host):
        return [
            AddressNote(
                WARNING,
                _(
                    "{host} can be opened only on this computer or its office network: shoppers' phones cannot "
                    "reach it. Use it only to try things out, never on stamps you hand out."
                ).format(host=host),
            )
        ]
    if (
        host in _EXAMPLE_HOSTS
        or host.endswith(tuple("." + h for h in _EXAMPLE_HOSTS))
        or host.endswith(_RESERVED_SUFFIXES)
    ):
        return [
            AddressNote(
                WARNING,
                _("{host} is an example name that no one can own: stamps printed with it would lead nowhere.").format(
                    host=host
                ),
            )
        ]
    return []


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def probe(url: str, timeout: float = PROBE_TIMEOUT_S) -> Reachability:
    """Ask the address once. Any answer from a web server counts (before the website is published there,
    "page not found" is the expected one); no answer is explained, offline included."""
    host = urlsplit(url.strip()).hostname or url
    port = urlsplit(url.strip()).port or 443
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return Reachability(
            False,
            _(
                "{host} cannot be found. If this computer is offline, that is expected: keep the address and check "
                "again later. Otherwise check the spelling; a new domain can take up to a day to start working."
            ).format(host=host),
        )
    try:
        with requests.get(url.strip(), timeout=(timeout, timeout), allow_redirects=True, stream=True) as answer:
            status = answer.status_code
    except requests.exceptions.SSLError:
        return Reachability(
            False,
            _(
                "A server answers at {host}, but its security certificate is not valid, so phones would show a "
                "warning instead of the page. Ask whoever runs the host to turn on HTTPS (most hosts do it free)."
            ).format(host=host),
        )
    except requests.exceptions.RequestException:
        return Reachability(
            False,
            _(
                "No web server answers at {host} yet. If the address is new, ask whoever runs it to point it at "
                "your web host; you can keep the address and check again later."
            ).format(host=host),
        )
    if status >= 500:
        return Reachability(
            True,
            _("{host} answers but reports a fault ({status}); ask whoever runs the host.").format(
                host=host, status=status
            ),
            status,
        )
    return Reachability(
        True,
        _(
            "A web server answers at {host}. Once the website is published there, the stamps' QR codes open its pages."
        ).format(host=host),
        status,
    )
