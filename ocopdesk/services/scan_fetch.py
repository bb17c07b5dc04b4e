"""Web server logs fetched from the publishing host (#27): the URL of one log file, or of a folder listing
(nginx autoindex, Apache's index) whose log links are fetched one by one, each through the guarded
downloader (services/web_fetch.py: public addresses only, size and time limits, basic auth kept to the
host named), into a folder the caller owns and deletes."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ocopdesk.services.web_fetch import FetchLimits, download

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


def fetch_logs(
    url: str, folder: Path, limits: FetchLimits = LOG_LIMITS, auth: tuple[str, str] | None = None
) -> dict[Path, str]:
    """Download the log at `url`, or every file its folder listing links to, into `folder`; each file
    saved and the address it came from."""
    body, ctype = download(url, limits, LISTING_TYPES, auth)
    if ctype != "text/html":
        return {_save(folder, url, body, 0): url}
    return {
        _save(folder, link, download(link, limits, LOG_TYPES, auth)[0], n): link
        for n, link in enumerate(listed_files(url, body.decode("utf-8", "replace")))
    }


def _save(folder: Path, url: str, body: bytes, n: int) -> Path:
    """Under the file's own name (numbered: two hosts' files may share one), so reports name it."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name or "log"
    target = folder / f"{n:03d}-{name.lstrip('.')}"
    target.write_bytes(body)
    return target
