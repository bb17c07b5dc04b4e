"""Logs fetched from the publishing host (#27) over real HTTP on 127.0.0.1: one plain log, a folder listing
(nginx autoindex's HTML) of a plain and a gzip log behind basic auth, loaded like files — fetched again,
nothing counts twice; grown, only the new lines count; a private address refused in plain words."""

from __future__ import annotations

import base64
import gzip
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from ocopdesk.services import scans
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.scan_fetch import LOG_LIMITS, listed_files
from ocopdesk.services.web_fetch import FetchError
from tests.http_server import serve_handler, trusting
from tests.services.scan_logs_made import START, mixed_log

SERIALS = [f"7K3M9QXR{n:02d}" for n in range(20)]
LISTING = """<html><head><title>Index of /logs/</title></head><body><h1>Index of /logs/</h1><hr><pre>
<a href="../">../</a>
<a href="old/">old/</a>                                               07-Dec-2026 09:00       -
<a href="access.log">access.log</a>                                   07-Dec-2026 09:00    {a}
<a href="access.log.1.gz">access.log.1.gz</a>                         06-Dec-2026 09:00    {b}
<a href="?C=M;O=A">sort</a> <a href="http://elsewhere.example/x.log">elsewhere</a>
</pre><hr></body></html>"""


def host(files: dict[str, tuple[str, bytes]], user: str = "htx", password: str = "mật-khẩu") -> type:
    token = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.headers.get("Authorization") != token:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="logs"')
                self.end_headers()
                return
            ctype, body = files.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in files else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def test_a_folder_listing_of_plain_and_gzip_logs_loads_once_and_then_only_new_lines(
    service: CatalogService, tmp_path: Path
) -> None:
    import datetime as dt

    today, rotated = tmp_path / "access.log", tmp_path / "access.log.1"
    truth = mixed_log(rotated, SERIALS, 2000, seed=3, start=START)
    truth += mixed_log(today, SERIALS, 2000, seed=4, start=START + dt.timedelta(days=1))
    whole = today.read_bytes()
    half = whole[: whole.index(b"\n", len(whole) // 2) + 1]
    files = {
        "/logs/": ("text/html", LISTING.encode()),
        "/logs/access.log": ("text/plain", half),
        "/logs/access.log.1.gz": ("application/gzip", gzip.compress(rotated.read_bytes())),
    }
    auth = ("htx", "mật-khẩu")
    with serve_handler(host(files)) as base:
        limits = trusting(base, max_bytes=LOG_LIMITS.max_bytes)
        with pytest.raises(FetchError, match=r"user name and password.*401"):
            scans.load_url(service, f"{base}/logs/", None, limits)  # no password: refused, nothing counted
        first = scans.load_url(service, f"{base}/logs/", auth, limits)
        assert sorted(f.where for f in first.files) == [f"{base}/logs/access.log", f"{base}/logs/access.log.1.gz"]
        again = scans.load_url(service, f"{base}/logs/", auth, limits)
        assert again.checks == 0 and {f.skipped for f in again.files} == {"already counted"}
        files["/logs/access.log"] = ("text/plain", whole)  # the log grew
        grown = scans.load_url(service, f"{base}/logs/access.log", auth, limits)
    assert first.checks + grown.checks == sum(truth.values()) and 0 < grown.checks < first.checks
    marks = sorted(row[0] for row in service.scan_rows.sources())  # each log's mark names where it came from
    assert marks == [f"{base}/logs/access.log", f"{base}/logs/access.log.1.gz"]
    assert {s.serial: s.checks for s in scans.stamps(service)} == dict(truth)


def test_a_listing_yields_only_its_own_files() -> None:
    links = listed_files("https://htx.example.vn/logs/", LISTING)
    assert links == ["https://htx.example.vn/logs/access.log", "https://htx.example.vn/logs/access.log.1.gz"]


def test_the_publishing_host_on_a_private_address_is_refused_in_plain_words(service: CatalogService) -> None:
    with pytest.raises(FetchError, match=r"private network") as refused:
        scans.load_url(service, "http://127.0.0.1:9/logs/access.log")
    assert "sheet" not in str(refused.value)  # the words fit a log as well as a spreadsheet's photo


def served(workdir: Path) -> list[tuple[int, int]]:
    """(status, body bytes sent) of each request nginx logged so far."""
    rows = []
    for text in (workdir / "access.log").read_text().splitlines():
        status, sent = text.split('"')[2].split()[:2]
        rows.append((int(status), int(sent)))
    return rows


def test_a_grown_log_on_nginx_is_fetched_by_range_only_its_new_bytes(service: CatalogService, tmp_path: Path) -> None:
    """nginx honours Range on a static file: fetched again, a grown log sends the 64 KiB probe and then only
    the bytes it grew by; not grown, a 416 and nothing counted; rotated (another first line, shorter than
    the part counted), the new log is fetched whole."""
    import datetime as dt

    from tests.browsers import nginx

    www, work = tmp_path / "www", tmp_path / "nginx"
    www.mkdir()
    log = www / "access.log"
    truth = mixed_log(log, SERIALS, 6000, seed=5)
    whole = log.read_bytes()
    cut = whole.index(b"\n", len(whole) * 2 // 3) + 1
    log.write_bytes(whole[:cut])
    block = f"location /logs/ {{ alias {www}/; default_type text/plain; }}"
    with nginx(work, block) as base:
        url, limits = f"{base}/logs/access.log", trusting(base)
        first = scans.load_url(service, url, None, limits)
        log.write_bytes(whole)  # the host's log grew
        grown = scans.load_url(service, url, None, limits)
        assert served(work)[-2:] == [(206, 64 * 1024), (206, len(whole) - cut)]
        same = scans.load_url(service, url, None, limits)
        assert served(work)[-1][0] == 416 and same.checks == 0 and same.files[0].skipped == "already counted"
        newer = mixed_log(log, SERIALS, 300, seed=6, start=START + dt.timedelta(days=9))  # logrotate: a new log
        rotated = scans.load_url(service, url, None, limits)
        assert served(work)[-1] == (200, log.stat().st_size)
    assert first.checks + grown.checks == sum(truth.values()) and 0 < grown.checks < first.checks
    assert rotated.checks == sum(newer.values())
    assert {s.serial: s.checks for s in scans.stamps(service)} == dict(truth + newer)
