"""The Website menu: build in the background, then preview over 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import requests
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
    boxes.answer("Đồng ý")  # without a traceability address: a clear message, nothing written
    finish(qtbot, window.site.build(str(folder)))
    assert "địa chỉ truy xuất" in boxes.texts[-1].lower() and not folder.exists()

    service = window.context.service
    save_profile(service, replace(load_profile(service), name="HTX Như Xuân", resolver_base_url="https://t.example.vn"))
    window.site.open_browser = False
    boxes.answer("Xem thử")
    finish(qtbot, window.site.build(str(folder)))
    assert "trang web" in boxes.texts[-1].lower() and (folder / "htx" / "index.html").is_file()
    qtbot.waitUntil(lambda: bool(window.site.preview_url), timeout=5000)
    page = requests.get(window.site.preview_url + "htx/", timeout=5)
    assert page.status_code == 200 and "HTX Như Xuân" in page.text
    window.site.stop_preview()


def test_publish_the_built_website_to_a_webdav_host(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    from tests.browsers import nginx

    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://t.example.vn"))
    window.site.open_browser = False
    boxes.answer("Hủy")  # no preview this time
    finish(qtbot, window.site.build(str(tmp_path / "web")))
    served = tmp_path / "www"
    served.mkdir()
    block = f"root {served}; location / {{ dav_methods PUT MKCOL; client_max_body_size 20m; }}"
    with nginx(tmp_path / "nginx", block) as server:
        boxes.answer("Đồng ý", attempts=3000)  # uploading a thousand files takes a few seconds
        # a password typed into the address: used for the upload, never shown or remembered
        finish(qtbot, window.site.publish(server.replace("//", "//htx:Pw-7431x@") + "/", "", ""))
        qtbot.waitUntil(lambda: boxes.texts[-1].startswith("Đã đăng lên"), timeout=10000)
        assert "0 tệp lỗi" in boxes.texts[-1] and "Pw-7431x" not in boxes.texts[-1]
    assert (served / "htx" / "index.html").is_file() and (served / "assets" / "stamp.js").is_file()
    assert not (served / ".ocopdesk-site.json").exists()
    remembered = window.context.qsettings()
    remembered.sync()
    assert remembered.value("site/publish-url") == server + "/" and remembered.value("site/publish-user") == "htx"
    for path in [*window.context.paths.config_dir.rglob("*"), *(tmp_path / "web").rglob("*")]:
        assert not path.is_file() or b"Pw-7431x" not in path.read_bytes(), path
