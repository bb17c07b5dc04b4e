"""Help that works offline: the Vietnamese guide shipped with the app opens in the app (no browser, no
internet), one page per task with pictures of the screens; the shortcuts it lists are the window's; the real
folders of this computer are one click away; opening a folder or a browser that cannot start says why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QTextDocument
from pytestqt.qtbot import QtBot

from ocopdesk.domain.passport import ITEMS
from ocopdesk.gui.help import guide_folder
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.i18n import translation
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo

TASK_PAGES = {
    "nhap-bang-tinh.html": "Nhập sản phẩm từ bảng tính",
    "in-tem.html": "Thêm lô, phát hành và in tem truy xuất",
    "trang-web.html": "Trang web truy xuất",
    "dang-len-san.html": "Chuẩn bị đăng bán trên các sàn",
    "sao-luu.html": "Sao lưu và khôi phục",
    "phim-tat.html": "Phím tắt",
    "du-lieu.html": "Dữ liệu và nhật ký nằm ở đâu",
    "quet-tem.html": "Quét tem",
    "truy-xuat.html": "Trang tem, hộ chiếu số và xuất EPCIS",
}


class Opened(QObject):
    """Stands in for the browser or file manager, the way the desktop registers one (QDesktopServices)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_help_opens_the_guide_inside_the_app(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    assert window.act_help.shortcut() == QKeySequence("F1") and window.help_button.text() == "Trợ giúp"
    window.help_button.click()
    help_window = window.help_window
    assert help_window is not None and help_window.isVisible() and help_window.current_page() == "index.html"
    assert help_window.browser.documentTitle() == "Hướng dẫn sử dụng OCOPDesk — OCOPDesk"
    for page, title in TASK_PAGES.items():
        browser = help_window.browser
        browser.setSource(browser.source().resolved(QUrl(page)))  # a link of the contents, followed as a click
        assert help_window.current_page() == page
        assert help_window.browser.documentTitle().startswith(title)
        for image in re.findall(r'<img src="([^"]+)"', (guide_folder() / page).read_text(encoding="utf-8")):
            picture = help_window.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(image))
            assert picture is not None and not picture.isNull(), (page, image)  # the pictures show, offline
    help_window.close()


def test_every_link_and_picture_of_the_guide_is_shipped() -> None:
    folder = guide_folder()
    contents = (folder / "index.html").read_text(encoding="utf-8")
    for page in TASK_PAGES:
        assert f'href="{page}"' in contents
    for page in folder.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#:]+)"', text):
            assert (folder / target).is_file(), (page.name, target)
        assert "README" not in text and "ocopdesk " not in text  # no command line for a clerk


def test_the_shortcuts_page_lists_the_windows_shortcuts(window: MainWindow) -> None:
    listed = (guide_folder() / "phim-tat.html").read_text(encoding="utf-8")
    keys = {
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty()
    }
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+I", "Ctrl+O", "F1", "Ctrl+Q", "Ctrl+,"} <= keys
    for key in keys:
        assert f"<kbd>{key}</kbd>" in listed, key


def test_where_the_data_and_the_log_are(qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer) -> None:
    start_with_demo(qtbot, window)
    dialog = window.show_locations()
    service = window.context.service
    assert dialog.rows["Danh mục"] == service.path
    assert dialog.rows["Nhật ký (chi tiết các lỗi bất ngờ)"] == window.context.paths.log_dir / "ocopdesk.log"
    assert dialog.rows["Ảnh và tài liệu"] == service.cdb.media_dir
    # no file manager here (offscreen): the clerk is told where the folder is, and it is on the clipboard
    boxes.answer("Đồng ý")
    assert dialog.open_folder(window.context.paths.log_dir) is False
    assert str(window.context.paths.log_dir) in boxes.texts[-1]
    assert QGuiApplication.clipboard().text() == str(window.context.paths.log_dir)
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        assert dialog.open_folder(service.path.parent) is True
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert opened.urls == [QUrl.fromLocalFile(str(service.path.parent)).toString()]
    dialog.done(0)


@pytest.fixture
def built_site(qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer) -> Path:
    from dataclasses import replace

    from ocopdesk.services.profile import load_profile, save_profile

    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.htx-nhuxuan.vn"))
    boxes.answer("Đóng")
    task = window.site.build(str(tmp_path / "web"))
    qtbot.waitUntil(lambda: task is not None and not task.running)
    qtbot.waitUntil(lambda: bool(boxes.texts))
    return tmp_path / "web"


def test_preview_opens_the_browser_or_says_why_not(
    qtbot: QtBot, window: MainWindow, built_site: Path, boxes: BoxAnswerer
) -> None:
    boxes.answer("Đồng ý")
    url = window.site.preview()  # offscreen there is no browser: QDesktopServices says False
    assert url.startswith("http://127.0.0.1:")
    said = boxes.texts[-1]
    assert said.startswith("Không mở được trình duyệt web trên máy này") and url + "htx/" in said
    assert QGuiApplication.clipboard().text() == url + "htx/"
    browser = Opened()
    QDesktopServices.setUrlHandler("http", browser, "open")
    try:
        url = window.site.preview()
    finally:
        QDesktopServices.unsetUrlHandler("http")
    assert browser.urls == [url + "htx/"] and len(boxes.texts) == 2  # the site's own message, and the one above
    window.site.stop_preview()


def test_preview_before_any_build_says_what_to_do(qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer) -> None:
    start_with_demo(qtbot, window)
    boxes.answer("Đồng ý")
    assert window.site.preview() == ""
    assert boxes.texts == [
        "Chưa có trang web để xem thử: hãy tạo trước (Trang web → Tạo trang web truy xuất nguồn gốc…)."
    ]


def test_the_traceability_page_names_what_the_app_and_the_stamp_page_show() -> None:
    """The help on the stamp page and the EPCIS export (#25) uses the words the app shows, in both languages: every
    passport row label, the stage editor's input-lot field, the menu item; a renamed label fails here."""
    text = re.sub(r"\s+", " ", (guide_folder() / "truy-xuat.html").read_text(encoding="utf-8"))
    vietnamese, english = text.split('<h2 lang="en">')
    shown_vi = [translation(label, "vi") for key, label in ITEMS.items() if key not in ("producer", "address")]
    shown_vi += ["Tên và địa chỉ cơ sở sản xuất", "chưa khai báo"]
    for words in ("Made from lots", "New event", "Add event…", "Export EPCIS 2.0 (traceability events)…"):
        shown_vi.append(translation(words, "vi"))
        assert words.removesuffix("…") in english, words
    shown_vi.append(translation("Ingredients from lot", "vi"))
    for words in shown_vi:
        assert words.removesuffix("…").lower() in vietnamese.lower(), words
    assert '"Ingredients from lot …"' in english and '"not declared"' in english
    assert "TransformationEvent" in vietnamese and "TransformationEvent" in english
