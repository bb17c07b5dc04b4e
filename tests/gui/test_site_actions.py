"""The Website menu: build in the background, then preview over 127.0.0.1."""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import requests
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services.profile import load_profile, save_profile
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_workflows import finish


def test_build_the_website_then_preview_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    folder = tmp_path / "trang-web"
    # Without a traceability address: it is explained and asked for, and nothing is written yet.
    assert window.site.build(str(folder)) is None
    dialog = window.site.address_dialog
    assert dialog is not None and dialog.isVisible() and not folder.exists()
    assert "địa chỉ truy xuất" in dialog.findChild(QLabel).text().lower()
    dialog.step.edit.setText("https://t.example.vn")
    window.site.open_browser = False
    boxes.answer("Xem thử")
    assert dialog.save()  # saved, and the build it was asked for goes on
    qtbot.waitUntil(lambda: window.site.last_task is not None and not window.site.last_task.running)
    assert load_profile(window.context.service).resolver_base_url == "https://t.example.vn"
    qtbot.waitUntil(lambda: bool(boxes.texts))
    said = boxes.texts[-1]
    # What was built and what to do next, in words a clerk knows; the technical report is behind Details.
    assert said.startswith("Trang web truy xuất đã được tạo trong thư mục") and "https://t.example.vn" in said
    assert "Đăng lên" in said and "chép cả thư mục" in said
    for word in ("nginx", "README", "WebDAV", "ocopdesk "):
        assert word not in said
    assert "nginx" in window.site.last_message.detailedText()  # the details keep the technical report
    assert (folder / "htx" / "index.html").is_file()
    qtbot.waitUntil(lambda: bool(window.site.preview_url))
    page = requests.get(window.site.preview_url + "htx/", timeout=60)
    assert page.status_code == 200 and "HTX Mật ong Như Xuân" in page.text  # the demo's profile
    window.site.stop_preview()


def test_publish_the_built_website_to_a_webdav_host(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    from tests.browsers import nginx

    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://t.example.vn"))
    window.site.open_browser = False
    boxes.answer("Đóng")  # no preview this time
    finish(qtbot, window.site.build(str(tmp_path / "web")))
    served = tmp_path / "www"
    served.mkdir()
    block = f"root {served}; location / {{ dav_methods PUT MKCOL; client_max_body_size 20m; }}"
    with nginx(tmp_path / "nginx", block) as server:
        boxes.answer("Đồng ý")  # waits as long as uploading a thousand files takes (ceiling a minute)
        # a password typed into the address: used for the upload, never shown or remembered
        finish(qtbot, window.site.publish(server.replace("//", "//htx:Pw-7431x@") + "/", "", ""))
        qtbot.waitUntil(lambda: boxes.texts[-1].startswith("Đã đăng lên"))
        assert "0 tệp lỗi" in boxes.texts[-1] and "Pw-7431x" not in boxes.texts[-1]
    assert (served / "htx" / "index.html").is_file() and (served / "assets" / "stamp.js").is_file()
    assert not (served / ".ocopdesk-site.json").exists()
    remembered = window.context.qsettings()
    remembered.sync()
    assert remembered.value("site/publish-url") == server + "/" and remembered.value("site/publish-user") == "htx"
    for path in [*window.context.paths.config_dir.rglob("*"), *(tmp_path / "web").rglob("*")]:
        assert not path.is_file() or b"Pw-7431x" not in path.read_bytes(), path


def test_the_publish_dialog_speaks_of_the_web_server_and_explains_each_field(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://t.example.vn"))
    boxes.answer("Đóng")
    finish(qtbot, window.site.build(str(tmp_path / "web")))
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert window.site.publish() is None  # the dialog asks first
    dialog = window.site.publish_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "Đăng trang web"
    form = dialog.form.layout_

    def texts(role: QFormLayout.ItemRole) -> list[str]:
        items = [form.itemAt(r, role) for r in range(form.rowCount())]
        return [i.widget().text() for i in items if i is not None and isinstance(i.widget(), QLabel)]

    labels = [t for t in texts(QFormLayout.ItemRole.LabelRole) if t]
    assert labels == ["Địa chỉ tải lên của máy chủ web *", "Tên đăng nhập", "Mật khẩu"]
    hints = texts(QFormLayout.ItemRole.FieldRole)
    assert any("nơi lưu trữ web đưa cho bạn" in h for h in hints)  # what the address is, where it comes from
    assert any("không bao giờ lưu lại" in h for h in hints)  # the password is not kept
    assert not any("WebDAV" in text for text in labels)
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.url.setText("https://")
    assert dialog.submit() is False and "https://" in dialog.form.error_text("url")
    with socket.socket() as sock:  # a server that is not there: the upload starts, then says why it stopped
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dialog.url.setText(f"http://127.0.0.1:{port}/truyxuat/")
    dialog.user.setText("htx")
    boxes.answer("Đồng ý")
    assert dialog.submit()
    task = window.site.last_task
    assert task is not None
    finish(qtbot, task)
    qtbot.waitUntil(lambda: len(boxes.texts) >= 2)
    remembered = window.context.qsettings()
    assert remembered.value("site/publish-url") == f"http://127.0.0.1:{port}/truyxuat/"
    assert remembered.value("site/publish-user") == "htx"
