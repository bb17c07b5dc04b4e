"""Web server logs fetched from the publishing host (#27): the URL of one log file, or of a folder listing
(nginx autoindex, Apache's index) whose log links are fetched one by one, each through the guarded
downloader (services/web_fetch.py: public addresses only, size and time limits, basic auth kept to the
host named), streamed into a folder the caller owns and deletes.

A plain log fetched before is fetched again by HTTP Range (RFC 9110 §14): its first 64 KiB first, to see
it is still the same log (its first request line, as scan_files knows a log), then only the bytes after
the part counted. A host that ignores Range sends the whole file, which is then read as any file; a log
that was rotated (another first line) or shrank is fetched whole; gzip logs always are (the mark counts
inflated bytes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ocopdesk.services.scan_files import HEAD_LIMIT, LogFile, identify, is_gzip
from ocopdesk.services.web_fetch import FetchLimits, download_to

LOG_TYPES = frozenset(
    {"text/plain", "application/gzip", "application/x-gzip", "application/octet-stream", "text/x-log"}
)
LISTING_TYPES = LOG_TYPES | {"text/html"}
LOG_LIMITS = FetchLimits(read_s=30.0, total_s=600.0, max_bytes=256 * 2**20)  # a day's log of a busy site
MAX_FILES = 200  # a listing's links fetched at most: a year of daily rotations and more


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def listed_files(listing_url: str, html: str) -> list[str]:
    """The files a folder listing links to inside its own folder (no parent, no sub-folder, no sort
    links, no other host), in the order listed."""
    parser = _Links()
    parser.feed(html)
    base = urlsplit(listing_url)
    found: list[str] = []
    for href in parser.hrefs:
        target = urlsplit(urljoin(listing_url, href))
        if target.netloc != base.netloc or target.query or target.path.endswith("/"):
            continue
        if str(PurePosixPath(target.path).parent).rstrip("/") != base.path.rstrip("/"):
            continue
        url = target._replace(fragment="").geturl()
        if url not in found:
            found.append(url)
    return found[:MAX_FILES]


@dataclass(frozen=True, slots=True)
class Mark:
    """How much of the log last fetched from an address was counted, and that log's identity."""

    head: str
    consumed: int


@dataclass(frozen=True, slots=True)
class FetchedLog:
    """A fetched file: the address, and for a Range fetch the log it continues and the byte of that log
    the file starts at (the file then holds only what the log has grown by)."""

    url: str
    log: LogFile | None = None
    offset: int = 0


def fetch_logs(
    url: str,
    folder: Path,
    limits: FetchLimits = LOG_LIMITS,
    auth: tuple[str, str] | None = None,
    marks: Callable[[str], Mark | None] = lambda url: None,
) -> dict[Path, FetchedLog]:
    """Download the log at `url`, or every file its folder listing links to, into `folder`; each file
    saved and what it is. `marks` says what was counted of the log last fetched from an address: an
    address with a mark is a log, fetched by Range; any other is fetched whole, to disk, and read as a
    listing when it is HTML."""
    if marks(url) is None:
        first = _target(folder, url, 0)
        if download_to(url, first, limits, LISTING_TYPES, auth).ctype != "text/html":
            return {first: FetchedLog(url)}
        html = first.read_text(encoding="utf-8", errors="replace")
        first.unlink()
        links = listed_files(url, html)
    else:
        links = [url]
    found = {}
    for n, link in enumerate(links):
        target = _target(folder, link, n)
        found[target] = _fetch(link, target, limits, auth, marks(link))
    return found


def _fetch(url: str, target: Path, limits: FetchLimits, auth: tuple[str, str] | None, mark: Mark | None) -> FetchedLog:
    """One log streamed to `target`: only its new bytes when it is the log `mark` counted and the host
    honours Range, else whole."""
    if mark is None or mark.consumed == 0:
        download_to(url, target, limits, LOG_TYPES, auth)
        return FetchedLog(url)
    probe = target.with_name(target.name + ".head")
    got = download_to(url, probe, limits, LOG_TYPES, auth, (0, HEAD_LIMIT - 1))
    if not got.partial:  # the host ignores Range: what came is the whole log
        probe.replace(target)
        return FetchedLog(url)
    log = None if is_gzip(probe) else identify(probe)
    probe.unlink()
    if log is None or log.head != mark.head:  # rotated: another log at this address now
        download_to(url, target, limits, LOG_TYPES, auth)
        return FetchedLog(url)
    got = download_to(url, target, limits, LOG_TYPES, auth, (mark.consumed, None))
    if not got.partial and not got.unsatisfiable:
        return FetchedLog(url)  # the host sent the whole log this time
    grown = got.partial and got.start == mark.consumed
    unchanged = got.unsatisfiable and got.size == mark.consumed  # 416 at its very end: nothing new
    if grown or unchanged:
        return FetchedLog(url, dataclasses.replace(log, path=target), mark.consumed)
    download_to(url, target, limits, LOG_TYPES, auth)  # it shrank, or a range other than the one asked came
    return FetchedLog(url)


def _target(folder: Path, url: str, n: int) -> Path:
    """Under the file's own name (numbered: two hosts' files may share one), so reports name it."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name or "log"
    return folder / f"{n:03d}-{name.lstrip('.')}"
