"""Publishing over WebDAV to a real nginx (Debian's, with its dav module) on 127.0.0.1."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services.publish import publish
from tests.browsers import nginx


def make_site(folder: Path) -> None:
    (folder / "htx").mkdir(parents=True)
    (folder / "htx" / "index.html").write_text("<h1>HTX Như Xuân</h1>", encoding="utf-8")
    (folder / "m").mkdir()
    (folder / "m" / "mo-nx-500-01.jpg").write_bytes(b"\xff\xd8 jpeg bytes")
    (folder / "01" / "08938500121005" / "10" / "LOT-1").mkdir(parents=True)
    (folder / "01" / "08938500121005" / "10" / "LOT-1" / "index.html").write_text("lot", encoding="utf-8")


def test_publish_uploads_only_what_changed(tmp_path: Path) -> None:
    site, served = tmp_path / "site", tmp_path / "www"
    make_site(site)
    served.mkdir()
    block = (
        f"root {served}; location / {{ dav_methods PUT DELETE MKCOL; create_full_put_path off; "
        "client_max_body_size 20m; }"
    )
    with nginx(tmp_path / "nginx", block) as server:
        first = publish(site, server + "/")
        assert (
            sorted(first.uploaded)
            == [
                "01/08938500121005/10/LOT-1/index.html",
                "htx/index.html",
                "m/mo-nx-500-01.jpg",
            ]
            and not first.failed
        )
        assert (served / "htx" / "index.html").read_text(encoding="utf-8") == "<h1>HTX Như Xuân</h1>"
        assert publish(site, server).uploaded == []
        (site / "htx" / "index.html").write_text("<h1>HTX Như Xuân mới</h1>", encoding="utf-8")
        again = publish(site, server)
        assert again.uploaded == ["htx/index.html"] and again.unchanged == 2
        assert "mới" in (served / "htx" / "index.html").read_text(encoding="utf-8")


def test_a_failing_host_is_reported_file_by_file_and_retried(tmp_path: Path) -> None:
    make_site(tmp_path / "site")
    calls: list[str] = []

    class Broken(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            calls.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            status = 201 if self.command == "MKCOL" else 503
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_PUT = do_MKCOL = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Broken)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = publish(tmp_path / "site", f"http://127.0.0.1:{server.server_address[1]}/", retries=2)
    finally:
        server.shutdown()
        server.server_close()
    assert len(report.failed) == 3 and report.uploaded == []
    assert all("503" in reason for reason in report.failed.values())
    assert sum(c.startswith("PUT /htx/index.html") for c in calls) == 3  # first try + 2 retries
    assert not (tmp_path / "site" / ".ocopdesk-published.json").exists()


def test_wrong_password_stops_with_a_clear_message(tmp_path: Path) -> None:
    make_site(tmp_path / "site")
    served = tmp_path / "www"
    served.mkdir()
    block = (
        f'root {served}; location / {{ auth_basic "dav"; auth_basic_user_file {tmp_path}/nobody; dav_methods PUT; }}'
    )
    (tmp_path / "nobody").write_text("")
    with nginx(tmp_path / "nginx", block) as server, pytest.raises(OcopDeskError, match="user name and password"):
        publish(tmp_path / "site", server, user="htx", password="sai")
