"""Publishing over WebDAV to a real nginx (Debian's, with its dav module) and to misbehaving hosts,
all on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote

import pytest

from ocopdesk.cli import main
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services.publish import MAX_SILENT, STATE, publish, split_credentials
from tests.browsers import nginx
from tests.http_server import serve_handler

FILES = ["01/08938500121005/10/LOT-1/index.html", "htx/index.html", "m/mo-nx-500-01.jpg"]


def make_site(folder: Path) -> None:
    (folder / "htx").mkdir(parents=True)
    (folder / "htx" / "index.html").write_text("<h1>HTX Như Xuân</h1>", encoding="utf-8")
    (folder / "m").mkdir()
    (folder / "m" / "mo-nx-500-01.jpg").write_bytes(b"\xff\xd8 jpeg bytes")
    (folder / "01" / "08938500121005" / "10" / "LOT-1").mkdir(parents=True)
    (folder / "01" / "08938500121005" / "10" / "LOT-1" / "index.html").write_text("lot", encoding="utf-8")


def make_bigger_site(folder: Path, pages: int = 8) -> list[str]:
    make_site(folder)
    for n in range(pages):
        (folder / "sp" / f"P{n}").mkdir(parents=True)
        (folder / "sp" / f"P{n}" / "index.html").write_text(f"product {n}", encoding="utf-8")
    return sorted([*FILES, *(f"sp/P{n}/index.html" for n in range(pages))])


def dav_block(served: Path) -> str:
    return (
        f"root {served}; location / {{ dav_methods PUT DELETE MKCOL; create_full_put_path off; "
        "client_max_body_size 20m; }"
    )


class Host(BaseHTTPRequestHandler):
    """A WebDAV double: PUT stores the body in `files`, MKCOL answers 201. Subclasses misbehave."""

    files: dict[str, bytes]
    calls: list[str]

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_PUT(self) -> None:
        self.calls.append(f"PUT {self.path}")
        self.files[self.path] = self._body()
        self.answer(201)

    def do_MKCOL(self) -> None:
        self.calls.append(f"MKCOL {self.path}")
        self.answer(201)

    def log_message(self, *args: object) -> None:
        pass


def host(base: type[Host] = Host, **attrs: object) -> type[Host]:
    return type("TestHost", (base,), {"files": {}, "calls": [], **attrs})


def test_publish_uploads_only_what_changed_and_never_a_dot_file(tmp_path: Path) -> None:
    site, served = tmp_path / "site", tmp_path / "www"
    make_site(site)
    (site / ".nojekyll").write_text("")
    (site / ".ocopdesk-site.json").write_text('{"files": {}}')
    (site / "htx" / ".index.html.4242.partial").write_text("half a page")
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text("[core]")
    served.mkdir()
    with nginx(tmp_path / "nginx", dav_block(served)) as server:
        first = publish(site, server + "/")
        assert sorted(first.uploaded) == FILES and not first.failed and not first.stopped
        assert (served / "htx" / "index.html").read_text(encoding="utf-8") == "<h1>HTX Như Xuân</h1>"
        assert publish(site, server).uploaded == []
        (site / "htx" / "index.html").write_text("<h1>HTX Như Xuân mới</h1>", encoding="utf-8")
        again = publish(site, server)
        assert again.uploaded == ["htx/index.html"] and again.unchanged == 2
        assert "mới" in (served / "htx" / "index.html").read_text(encoding="utf-8")
    on_host = sorted(str(p.relative_to(served)) for p in served.rglob("*") if p.is_file())
    assert on_host == FILES  # no manifest, no record, no half file, nothing from .git


def test_a_failing_host_is_reported_file_by_file_and_retried(tmp_path: Path) -> None:
    make_site(tmp_path / "site")

    class Broken(Host):
        def do_PUT(self) -> None:
            self.calls.append(f"PUT {self.path}")
            self._body()
            self.answer(503)

    handler = host(Broken)
    with serve_handler(handler) as url:
        report = publish(tmp_path / "site", url + "/", retries=2)
    assert len(report.failed) == 3 and report.uploaded == []
    assert all("503" in reason for reason in report.failed.values())
    assert sum(c.startswith("PUT /htx/index.html") for c in handler.calls) == 3  # first try + 2 retries
    assert not (tmp_path / "site" / STATE).exists()


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


class Hanging(Host):
    """Accepts the connection, reads the request and never answers, until `release` is set."""

    release: threading.Event

    def _hang(self) -> bool:
        if self.release.is_set():
            return False
        self.release.wait()
        self.close_connection = True
        return True

    def do_PUT(self) -> None:
        if not self._hang():
            super().do_PUT()

    def do_MKCOL(self) -> None:
        if not self._hang():
            super().do_MKCOL()


@contextmanager
def hanging_host() -> Iterator[tuple[type[Host], str]]:
    """A silent host; its waiting threads are let go at the end, whatever happened."""
    handler = host(Hanging, release=threading.Event())
    try:
        with serve_handler(handler) as url:
            yield handler, url
    finally:
        handler.release.set()  # type: ignore[attr-defined]


def test_a_host_that_never_answers_stops_at_the_time_limit_and_the_next_run_goes_on(tmp_path: Path) -> None:
    files = make_bigger_site(tmp_path / "site")
    with hanging_host() as (handler, url):
        stopped = publish(tmp_path / "site", url + "/", time_budget=1.5, retries=3)
        assert stopped.stopped and "time limit" in stopped.stopped
        assert stopped.uploaded == [] and sorted([*stopped.left, *stopped.failed]) == files
        assert "publish again" in stopped.summary()
        handler.release.set()  # type: ignore[attr-defined]  # the host answers again
        again = publish(tmp_path / "site", url + "/")
    assert sorted(again.uploaded) == files and not again.failed and not again.stopped
    assert sorted(p.lstrip("/") for p in handler.files) == files


def test_a_silent_host_is_given_up_after_a_few_files(tmp_path: Path) -> None:
    files = make_bigger_site(tmp_path / "site")
    with hanging_host() as (_handler, url):
        report = publish(tmp_path / "site", url + "/", retries=1, timeout=(1.0, 0.3), time_budget=600)
    assert "did not answer" in report.stopped
    assert len(report.failed) == MAX_SILENT and all("no answer" in r for r in report.failed.values())
    assert report.uploaded == [] and sorted([*report.failed, *report.left]) == files
    assert not (tmp_path / "site" / STATE).exists()


def test_a_folder_the_host_cannot_make_is_reported_with_its_status(tmp_path: Path) -> None:
    make_site(tmp_path / "site")

    class NoFolders(Host):
        def do_MKCOL(self) -> None:
            self.calls.append(f"MKCOL {self.path}")
            self.answer(500)

    handler = host(NoFolders)
    with serve_handler(handler) as url:
        report = publish(tmp_path / "site", url + "/", retries=0)
    assert report.uploaded == [] and sorted(report.failed) == FILES
    assert report.failed["htx/index.html"] == "the host answered 500 when asked to make the folder htx"
    assert report.failed["01/08938500121005/10/LOT-1/index.html"].endswith("make the folder 01")
    assert not any("no answer" in reason for reason in report.failed.values())
    assert handler.calls.count("MKCOL /htx/") == 1  # a folder that failed is not asked for again per file


@pytest.mark.parametrize("same_host", [False, True])
def test_a_redirect_is_not_followed_and_names_the_other_address(tmp_path: Path, same_host: bool) -> None:
    make_site(tmp_path / "site")
    other = host()
    with serve_handler(other) as elsewhere:
        target = "/moved" if same_host else elsewhere

        class Redirecting(Host):
            def do_PUT(self) -> None:
                self.calls.append(f"PUT {self.path}")
                self._body()
                self.answer(307, {"Location": f"{target}/dav{self.path}"})

            def do_MKCOL(self) -> None:
                self.answer(307, {"Location": f"{target}/dav{self.path}"})

        handler = host(Redirecting)
        with serve_handler(handler) as url, pytest.raises(OcopDeskError) as raised:
            publish(tmp_path / "site", url + "/", retries=0)
    expected = (url + "/moved/dav/") if same_host else (elsewhere + "/dav/")
    assert f"redirected the upload to {expected};" in raised.value.message
    assert "enter that address instead" in raised.value.message
    assert other.calls == [] and other.files == {}
    assert not (tmp_path / "site" / STATE).exists()  # nothing is counted as published


def test_a_huge_answer_is_not_read_into_memory(tmp_path: Path) -> None:
    make_site(tmp_path / "site")
    offered = 300 * 1024 * 1024
    sent: list[int] = []

    class Chatty(Host):
        def do_PUT(self) -> None:
            self._body()
            self.send_response(201)
            self.send_header("Content-Length", str(offered))
            self.end_headers()
            chunk, total = b"x" * (1024 * 1024), 0
            try:
                while total < offered:
                    self.wfile.write(chunk)
                    total += len(chunk)
            except OSError:  # the client hung up: what we want
                pass
            sent.append(total)
            self.close_connection = True

    with serve_handler(host(Chatty)) as url:
        report = publish(tmp_path / "site", url + "/", retries=0)
        deadline = threading.Event()
        for _ in range(100):  # the handler threads finish when they notice the hang-up
            if len(sent) == 3:
                break
            deadline.wait(0.05)
    assert sorted(report.uploaded) == FILES and not report.failed
    assert len(sent) == 3 and all(total < 64 * 1024 * 1024 for total in sent), sent


def test_the_address_without_credentials() -> None:
    assert split_credentials("https://htx:p%40ss:w@dav.example.vn:8443/web/") == (
        "https://dav.example.vn:8443/web/",
        "htx",
        "p@ss:w",
    )
    assert split_credentials(" https://dav.example.vn/web/ ") == ("https://dav.example.vn/web/", "", "")


PASSWORD = "S3cr3t@Pw#9x%"  # nginx reads a password file only up to a colon


def password_forms() -> list[bytes]:
    return [
        form.encode()
        for form in (
            PASSWORD,
            quote(PASSWORD, safe=""),
            quote(PASSWORD),
            base64.b64encode(f"htx:{PASSWORD}".encode()).decode(),
        )
    ]


def test_a_password_in_the_address_is_used_and_never_printed_or_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    site, served = tmp_path / "site", tmp_path / "www"
    make_site(site)
    served.mkdir()
    # an older version saved the address with the password in the upload record
    old_key = f"http://htx:{quote(PASSWORD, safe='')}@127.0.0.1:9/"
    (site / STATE).write_text(json.dumps({old_key: {"m/mo-nx-500-01.jpg": "0" * 64}}))
    (tmp_path / "users").write_text(f"htx:{{PLAIN}}{PASSWORD}\n")
    block = (
        f'root {served}; location / {{ auth_basic "dav"; auth_basic_user_file {tmp_path}/users; '
        "dav_methods PUT MKCOL; create_full_put_path off; }"
    )
    with nginx(tmp_path / "nginx", block) as server:
        with_password = server.replace("http://", f"http://htx:{quote(PASSWORD, safe='')}@") + "/"
        code = main(["publish", "--to", with_password, "--from", str(site)])
        printed = capsys.readouterr()
        (site / "htx" / "index.html").write_text("<h1>again</h1>", encoding="utf-8")
        report = publish(site, with_password)
    assert code == 0, printed.err
    assert sorted(str(p.relative_to(served)) for p in served.rglob("*") if p.is_file()) == FILES  # the login worked
    assert report.uploaded == ["htx/index.html"] and report.url == server + "/"
    assert set(json.loads((site / STATE).read_text())) == {"http://127.0.0.1:9/", server + "/"}
    kept = [p.read_bytes() for folder in (site, isolated_home) for p in folder.rglob("*") if p.is_file()]
    said = [printed.out.encode(), printed.err.encode(), repr(report).encode(), report.summary().encode()]
    for blob in kept + said:
        for form in password_forms():
            assert form not in blob
