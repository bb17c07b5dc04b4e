"""What a sheet may make the import read: the policy in the README, tried against real servers on
127.0.0.1 and real files and links on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import ImportInvalid, import_file
from ocopdesk.services.web_fetch import FetchError, FetchLimits, check_address, download
from tests.http_server import trusting
from tests.services.test_importer import jpeg

Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def server(routes: dict[str, Handler]) -> Iterator[tuple[str, list[str]]]:
    """A real server whose routes write their own answers; yields its base URL and the paths it was asked."""
    asked: list[str] = []

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            routes.get(self.path, _not_found)(self)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    finally:
        httpd.shutdown()
        httpd.server_close()


def _not_found(h: BaseHTTPRequestHandler) -> None:
    h.send_response(404)
    h.send_header("Content-Length", "0")
    h.end_headers()


def picture(body: bytes) -> Handler:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return answer


def redirect(to: str) -> Handler:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return answer


def drip(h: BaseHTTPRequestHandler) -> None:
    """A picture that arrives one byte at a time, for ever: only an overall time limit ends it."""
    h.send_response(200)
    h.send_header("Content-Type", "image/jpeg")
    h.end_headers()
    try:
        for byte in jpeg("red") * 1000:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def slow_headers(h: BaseHTTPRequestHandler) -> None:
    """Headers sent one byte at a time: the per-read timeout never fires."""
    try:
        for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass


def sheet(folder: Path, refs: str, column: str = "Ảnh") -> Path:
    path = folder / "sp.csv"
    path.write_text(f"Tên sản phẩm,Mã SP,{column}\nMật ong,MO-1,{refs}\n", encoding="utf-8")
    return path


# -- web addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/a.jpg",
        "http://localhost/a.jpg",
        "http://2130706433/a.jpg",  # 127.0.0.1 written as one number
        "http://[::1]/a.jpg",
        "http://[::ffff:127.0.0.1]/a.jpg",
        "http://10.0.0.5/a.jpg",
        "http://192.168.1.10/a.jpg",
        "http://172.16.0.1/a.jpg",
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "http://[fe80::1]/a.jpg",
        "http://0.0.0.0/a.jpg",
        "file:///etc/passwd",
        "ftp://example.org/a.jpg",
    ],
)
def test_addresses_off_the_public_internet_are_refused_before_connecting(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_address(url)
    assert "private network" in caught.value.message or "not a web address" in caught.value.message


def test_a_public_address_passes_the_check() -> None:
    check_address("http://8.8.8.8/a.jpg")  # a literal address: no name lookup, no connection


def test_an_import_never_asks_a_loopback_server(service: CatalogService, tmp_path: Path) -> None:
    with server({"/a.jpg": picture(jpeg("red"))}) as (base, asked), pytest.raises(ImportInvalid) as caught:
        import_file(service, sheet(tmp_path, f"{base}/a.jpg"))
    assert asked == []
    assert "private network (127.0.0.1)" in caught.value.report.problems[0].message
    assert service.count_products() == 0


def test_a_redirect_to_a_private_address_is_refused(service: CatalogService, tmp_path: Path) -> None:
    with ExitStack() as stack:
        inner, inner_asked = stack.enter_context(server({"/secret.jpg": picture(jpeg("blue"))}))
        outer, asked = stack.enter_context(server({"/a.jpg": redirect(f"{inner}/secret.jpg")}))
        caught = stack.enter_context(pytest.raises(ImportInvalid))
        import_file(service, sheet(tmp_path, f"{outer}/a.jpg"), fetch_limits=trusting(outer))
    assert asked == ["/a.jpg"] and inner_asked == []
    assert f"{inner}/secret.jpg points to this computer" in caught.value.report.problems[0].message


def test_redirects_within_allowed_hosts_are_followed_and_limited(service: CatalogService, tmp_path: Path) -> None:
    routes = {"/a.jpg": redirect("/b.jpg"), "/b.jpg": picture(jpeg("red")), "/loop": redirect("/loop")}
    with server(routes) as (base, _asked):
        assert download(f"{base}/a.jpg", trusting(base))[0][:3] == b"\xff\xd8\xff"
        with pytest.raises(FetchError, match="redirects too many times"):
            download(f"{base}/loop", trusting(base))


@pytest.mark.parametrize("answer", [drip, slow_headers], ids=["body-one-byte-at-a-time", "headers-dripping"])
def test_a_host_that_drips_cannot_hang_the_import(service: CatalogService, tmp_path: Path, answer: Handler) -> None:
    with server({"/a.jpg": answer}) as (base, _asked):
        limits = trusting(base, read_s=2, total_s=3)
        with pytest.raises(ImportInvalid) as caught:
            import_file(service, sheet(tmp_path, f"{base}/a.jpg"), fetch_limits=limits)
    assert "did not finish downloading" in caught.value.report.problems[0].message
    assert service.count_products() == 0


def test_a_dry_run_downloads_nothing_and_says_so(service: CatalogService, tmp_path: Path) -> None:
    with server({"/a.jpg": picture(jpeg("red"))}) as (base, asked):
        path = sheet(tmp_path, f"{base}/a.jpg; {base}/b.jpg")
        report = import_file(service, path, dry_run=True, fetch_limits=trusting(base))
        (tmp_path / "named").mkdir()
        named = sheet(tmp_path / "named", "https://anh.htx-nhuxuan.vn/a.jpg; https://anh.htx-nhuxuan.vn/b.jpg")
        cli = run_cli(service, "import", "--dry-run", str(named))  # no network here: a name is not looked up
        loopback = run_cli(service, "import", "--dry-run", str(path))  # a written-out address needs no network
    assert asked == []
    assert report.not_downloaded == 2 and report.created == 1
    assert cli.returncode == 0 and "2 web addresses were not downloaded" in cli.stderr
    assert loopback.returncode == 1 and "private network (127.0.0.1)" in loopback.stderr


# -- files on this computer -----------------------------------------------------------------------


@pytest.fixture
def private(tmp_path: Path) -> Path:
    """A folder beside the sheet's, holding a document the cooperative never meant to publish."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "contract.pdf").write_bytes(b"%PDF-1.4 private contract")
    (folder / "photo.jpg").write_bytes(jpeg("green"))
    return folder


@pytest.mark.parametrize("how", ["absolute", "dot-dot", "symlink"])
def test_files_outside_the_sheets_folder_are_refused(
    service: CatalogService, tmp_path: Path, private: Path, how: str
) -> None:
    folder = tmp_path / "sheet"
    folder.mkdir()
    ref = {"absolute": str(private / "contract.pdf"), "dot-dot": "../private/contract.pdf", "symlink": "link.pdf"}[how]
    if how == "symlink":
        (folder / "link.pdf").symlink_to(private / "contract.pdf")
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, sheet(folder, ref, "Tài liệu"))
    problem = caught.value.report.problems[0].message
    assert "outside the sheet's folder" in problem and str(folder) in problem
    assert caught.value.report.outside_dirs == [private.resolve()]
    assert service.count_products() == 0


def test_a_folder_the_clerk_allows_is_read(service: CatalogService, tmp_path: Path, private: Path) -> None:
    folder = tmp_path / "sheet"
    folder.mkdir()
    (folder / "own.jpg").write_bytes(jpeg("red"))
    path = sheet(folder, f"own.jpg; {private / 'photo.jpg'}")
    report = import_file(service, path, allowed_dirs=[private])
    assert report.created == 1
    assert [p.original_name for p in service.product_by_sku("MO-1").photos] == ["own.jpg", "photo.jpg"]


def test_the_cli_names_the_option_that_allows_a_folder(service: CatalogService, tmp_path: Path, private: Path) -> None:
    folder = tmp_path / "sheet"
    folder.mkdir()
    path = sheet(folder, str(private / "photo.jpg"))
    refused = run_cli(service, "import", str(path))
    assert refused.returncode == 1
    assert f'--allow-folder "{private.resolve()}"' in refused.stderr
    allowed = run_cli(service, "import", str(path), "--allow-folder", str(private))
    assert allowed.returncode == 0, allowed.stderr
    assert "1 new" in allowed.stdout


def run_cli(service: CatalogService, *args: str) -> subprocess.CompletedProcess[str]:
    service.close()
    env = {**os.environ, "OCOPDESK_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "ocopdesk", "--db", str(service.path), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_fetch_limits_defaults_are_bounded() -> None:
    limits = FetchLimits()
    assert limits.connect_s <= 15 and limits.read_s <= 30 and limits.total_s <= 120
    assert limits.max_redirects <= 10 and not limits.trusted_hosts


def test_a_sheet_cannot_learn_which_files_exist_elsewhere(
    service: CatalogService, tmp_path: Path, private: Path
) -> None:
    folder = tmp_path / "sheet"
    folder.mkdir()
    path = sheet(folder, f"{private / 'contract.pdf'}; {private / 'no-such.pdf'}", "Tài liệu")
    with pytest.raises(ImportInvalid) as caught:
        import_file(service, path)
    messages = [p.message for p in caught.value.report.problems]
    assert len(messages) == 2 and all("outside the sheet's folder" in m for m in messages)
