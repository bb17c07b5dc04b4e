"""From the welcome screen to the first stamps, as a clerk without a manual: the guide's three steps (the demo's
profile, the traceability address explained and checked against a real HTTPS server on 127.0.0.1, the way
to the first batch), the empty-catalogue path, stamps that ask for the address instead of failing, and no
command line or README in anything the window says."""

from __future__ import annotations

import http.server
import re
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from pytestqt.qtbot import QtBot

from ocopdesk.gui.dialogs.batch_editor import BatchEditor
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services.profile import load_profile
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo

PACKAGE = Path(__file__).resolve().parents[2] / "ocopdesk"


@contextmanager
def https_server(folder: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTPS server on 127.0.0.1 with a certificate made for it; yields (address, certificate)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a certificate")
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()


def open_guide(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    qtbot.waitUntil(lambda: window.guide is not None and window.stack.currentWidget() is window.guide)


def test_the_guide_walks_from_the_demo_profile_to_the_first_batch(qtbot: QtBot, window: MainWindow) -> None:
    open_guide(qtbot, window)
    guide = window.guide
    assert guide.step_title.text() == "Bước 1/3: Hợp tác xã của bạn"
    assert guide.profile_fields["name"].text() == "HTX Mật ong Như Xuân"  # the demo filled the profile
    assert guide.place.province.currentText() == "Thanh Hóa"  # the demo's cooperative, as a producer
    assert guide.place.street.text() == "Thôn Đồng Mới"
    assert guide.next()

    assert guide.step_title.text() == "Bước 2/3: Địa chỉ truy xuất"
    said = guide.steps.currentWidget().findChildren(type(guide.step_title))[0].text()
    for words in (
        "mã QR",
        "in trên mọi con tem và giữ mãi",
        "tên miền riêng",
        "trang web của tỉnh",
        "miễn phí",
        "https://",
    ):
        assert words in said, words
    guide.address.edit.setText("http://truyxuat.htx-nhuxuan.vn")
    assert guide.next() is False and "https://" in guide.address.result.text()
    assert guide.step_title.text().startswith("Bước 2/3")
    guide.address.edit.setText("https://truyxuat.htx-nhuxuan.vn/")
    assert guide.next()
    assert load_profile(window.context.service).resolver_base_url == "https://truyxuat.htx-nhuxuan.vn"

    assert guide.step_title.text() == "Bước 3/3: Lô đầu tiên và tem của lô"
    assert "Lô &amp; tem" in guide.first_stamps.text() or "Lô & tem" in guide.first_stamps.text()
    assert "Phát hành tem" in guide.first_stamps.text() and "In…" in guide.first_stamps.text()
    first_batch = next(
        b for i in range(guide.stamp_buttons.count()) if (b := guide.stamp_buttons.itemAt(i).widget()) is not None
    )
    assert first_batch.text() == "Thêm lô…"  # the demo has its lots already: not "the first" (the third walk)
    assert "nút bên dưới" in guide.first_stamps.text()  # the list on the left is hidden behind the guide
    first_batch.click()
    assert window.stack.currentWidget() is window.workspace and window.pages.currentWidget() is window.batches
    editors = [e for e in window.batches.findChildren(BatchEditor) if e.isVisible()]
    assert len(editors) == 1  # the new-batch form is open, for the product chosen in the filter
    editors[0].reject()


def test_the_address_check_asks_the_server(qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    open_guide(qtbot, window)
    step = window.guide.address
    with https_server(tmp_path) as (address, cert):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # this computer trusts the server's certificate
        step.edit.setText(address)
        with qtbot.waitSignal(step.reachability) as answered:
            assert step.check()
        assert answered.args[0].answered
        text = step.result.text()
        assert "Máy chủ web tại 127.0.0.1 đã trả lời" in text
        assert "chỉ mở được trên máy này" in text  # but an address on this computer is no address for stamps

        monkeypatch.delenv("REQUESTS_CA_BUNDLE")  # a certificate phones would not trust
        with qtbot.waitSignal(step.reachability) as answered:
            step.check()
        assert not answered.args[0].answered and "chứng chỉ bảo mật của nó không hợp lệ" in step.result.text()


def test_offline_the_address_can_still_be_kept(qtbot: QtBot, window: MainWindow) -> None:
    open_guide(qtbot, window)
    guide = window.guide
    guide.next()
    guide.address.edit.setText("https://truyxuat.htx-nhuxuan.invalid")  # resolves nowhere, as offline
    with qtbot.waitSignal(guide.address.reachability):
        assert guide.address.check()
    assert "Không tìm thấy truyxuat.htx-nhuxuan.invalid" in guide.address.result.text()
    assert "đang không có mạng thì điều đó là bình thường" in guide.address.result.text()
    assert guide.next()  # advice, not a refusal
    assert load_profile(window.context.service).resolver_base_url == "https://truyxuat.htx-nhuxuan.invalid"


def test_an_empty_catalogue_starts_with_a_name_and_products(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    assert guide is not None and window.stack.currentWidget() is guide
    assert guide.profile_fields["name"].text() == ""
    assert guide.next() is False and "tên hợp tác xã" in guide.profile_form.error_text("name")
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    assert guide.next()
    guide.skip()  # the address can wait
    assert "Chưa đặt địa chỉ truy xuất" in guide.first_stamps.text()
    offered = [guide.stamp_buttons.itemAt(i).widget() for i in range(guide.stamp_buttons.count())]
    assert [b.text() for b in offered if b is not None] == ["Thêm sản phẩm…", "Nhập từ bảng tính…"]
    assert load_profile(window.context.service).name == "HTX Chè Hoàng Hóa"


def test_stamps_without_an_address_ask_for_it_then_go_on(qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer) -> None:
    start_with_demo(qtbot, window)
    window.go_to("batches")
    page = window.batches
    page.product_filter.set_sku("MO-NX-500")
    page.table.selectRow(0)
    page.issue_count.setValue(5)
    assert page.issue_stamps() is None
    dialog = page.address_dialog
    assert dialog is not None and dialog.isVisible()
    assert "ocopdesk" not in dialog.findChildren(type(dialog.step.result))[0].text()
    dialog.step.edit.setText("https://truyxuat.htx-nhuxuan.vn")
    assert dialog.save()
    qtbot.waitUntil(lambda: page.task is not None and not page.task.running)
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith("5 "))


NOT_MINE: set[str] = set()  # files whose messages are not checked: none
# Reached only from the command line: the window restores with force=True.
CLI_ONLY = ("A catalogue already exists at {path}. Add --force",)


def gui_messages() -> list[str]:
    """Every message the window or the services it calls can show; a CLI's own hint is passed as `cli_hint`
    and begins "On the command line"."""
    found = []
    for folder in ("gui", "services", "domain", "render"):
        for file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE / folder), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}, comment_tags=()
        ):
            if f"{folder}/{file}" in NOT_MINE or not isinstance(message, str):
                continue
            if not message.startswith(("On the command line", *CLI_ONLY)):
                found.append(message)
    return found


def test_no_message_of_the_window_names_a_command_or_the_readme() -> None:
    messages = gui_messages()
    assert len(messages) > 300
    command = re.compile(r"`ocopdesk|\bocopdesk [a-z]+\b|README|(?<![\w-])--[a-z]")
    offending = [m for m in messages if command.search(m)]
    assert offending == []
