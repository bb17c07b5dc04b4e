"""The seams a fresh-eyes walk of the merged app found (issue #22, second list): what a clerk reads is whole
at 1280×720 and 1366×768 (measured and read back by Tesseract), and each step leads on to the next."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ocopdesk.gui.dialogs.batch_editor import BatchEditor
from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.first_run import FIRST_STAMPS
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.widgets.pickers import choose_folder
from ocopdesk.gui.widgets.verify_box import COLOURS, PROBLEM_COLOUR
from ocopdesk.services import listings, stamps
from ocopdesk.services.listings import BUNDLE, HOST
from ocopdesk.services.profile import load_profile, save_profile
from ocopdesk.services.stamp_print import preferred_stock
from tests.gui.conftest import BoxAnswerer
from tests.gui.layout import cut_headers
from tests.gui.reading import cut_off, read_back, share_read
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_marketplaces_page import cell
from tests.gui.test_screen_sizes import SIZES, shown
from tests.gui.test_workflows import finish


@pytest.fixture
def demo(qtbot: QtBot, window: MainWindow) -> MainWindow:
    start_with_demo(qtbot, window)
    qtbot.waitUntil(lambda: window.guide is not None)
    window.guide.leave_button.click()
    return window


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether `widget` is drawn whole inside what `area` shows."""
    top_left = widget.mapTo(area, QPoint(0, 0))
    return QRect(QPoint(0, 0), area.size()).contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_marketplace_side_column_is_whole_without_a_sideways_scroll(
    qtbot: QtBot,
    demo: MainWindow,
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    shown(qtbot, demo, "marketplaces", size, tmp_path)
    page = demo.marketplaces
    page.matrix.setCurrentCell(*cell(demo, "CHA-HR", "shopee"))  # category, photos and passport problems
    qtbot.wait(100)
    side = page.side
    assert not side.horizontalScrollBar().isVisible()
    assert side.widget().width() <= side.viewport().width()
    copies = [b for b in page.assistant.findChildren(QPushButton) if b.isVisible()]
    assert len(copies) >= 5
    view = page._assistant_scroll.viewport()
    for button in copies:  # every Copy button whole across the assistant's own view (it scrolls down)
        right = button.mapTo(view, QPoint(button.width(), 0)).x()
        assert right <= view.width(), (right, view.width(), page.assistant.minimumSizeHint(), page.assistant.width())
    save = next(b for b in side.widget().findChildren(QPushButton) if b.text() == "Lưu địa chỉ")
    side.ensureWidgetVisible(save)
    qtbot.wait(50)
    assert inside(save, side.viewport())
    for problem in range(page.problems.count()):
        rect = page.problems.visualItemRect(page.problems.item(problem))
        assert rect.right() <= page.problems.viewport().width()
    read = read_back(side.viewport(), tmp_path)
    assert share_read("Lưu địa chỉ", read) == 1, read
    side.verticalScrollBar().setValue(0)
    qtbot.wait(50)
    read = read_back(side.viewport(), tmp_path)
    assert share_read("Nhận mọi gợi ý chắc chắn", read) >= 0.8, read


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_stamp_settings_show_the_whole_explanation(
    qtbot: QtBot,
    demo: MainWindow,
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    shown(qtbot, demo, "products", size, tmp_path)
    dialog = demo.open_settings()
    dialog.tabs.setCurrentWidget(dialog.stamps)
    qtbot.waitUntil(lambda: dialog.stamps.isVisible())
    qtbot.wait(100)
    about = dialog.about
    assert cut_off(about) == ""  # was 148 px tall, its text needing 202 px
    assert dialog.frameGeometry().height() <= size[1] - 40  # room for a taskbar
    read = read_back(about, tmp_path)
    assert share_read("đăng trang web lên đó sau", read) >= 0.8, read  # the explanation's last words
    dialog.reject()


def test_an_export_with_nothing_ready_says_so_before_asking_for_a_file(
    qtbot: QtBot,
    demo: MainWindow,
    boxes: BoxAnswerer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (asked.append("file"), ("", ""))[1])
    demo.go_to("marketplaces")
    page = demo.marketplaces
    page.matrix.setCurrentCell(*cell(demo, "MO-NX-500", "shopee"))
    assert not any(r.ready for r in page.results["shopee"])  # the demo's photos are on no host yet
    assert listings.photo_way(demo.context.service, "shopee") == HOST
    boxes.answer("Đưa ảnh vào gói")  # the way forward is the box's own button
    assert page.export() is None
    qtbot.waitUntil(lambda: len(boxes.texts) == 1)
    assert "Không có sản phẩm nào sẵn sàng cho Shopee" in boxes.texts[0] and "“Đưa ảnh vào gói”" in boxes.texts[0]
    assert listings.photo_way(demo.context.service, "shopee") == BUNDLE and asked == []
    qtbot.waitUntil(lambda: not any(p.field == "image_host" for r in page.results["shopee"] for p in r.errors))
    blocked = next(  # a marketplace none of whose products is ready, photos not among the reasons
        m
        for m in page.markets
        if not any(r.ready for r in page.results[m.id])
        and not any(p.field == "image_host" for r in page.results[m.id] for p in r.errors)
    )
    page.matrix.setCurrentCell(*cell(demo, "MO-NX-500", blocked.id))
    boxes.answer("Đồng ý")
    assert page.export() is None
    qtbot.waitUntil(lambda: len(boxes.texts) == 2)
    assert blocked.name in boxes.texts[1] and "Cả sản phẩm chưa sẵn sàng" in boxes.texts[1] and asked == []
    page.include_unready.setChecked(True)  # the clerk chose to export them anyway: now the file is asked for
    assert page.export() is None and asked == ["file"]


def test_the_issue_box_says_why_it_rounds_up_and_proposes_nothing_after_issuing(
    qtbot: QtBot, demo: MainWindow, boxes: BoxAnswerer
) -> None:
    service = demo.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.htx-nhuxuan.vn"))
    demo.go_to("batches")
    page = demo.batches
    page.product_filter.set_sku("MO-NX-500")
    page.table.selectRow(0)
    view = page.selected_batch()
    stock = preferred_stock(service, demo.context.settings.last_label_stock)
    assert stock.kind == "sheet" and view.batch.quantity
    proposed = page.issue_count.value()
    assert proposed > view.batch.quantity  # rounded up to whole sheets: said on screen, not only in a tooltip
    sheets = proposed // stock.per_page
    note = page.issue_note.text()
    assert f"{view.batch.quantity} gói chưa có tem" in note and f"{sheets} tờ" in note and f"{proposed} tem" in note
    assert page.issue_note.isVisible() and cut_off(page.issue_note) == ""
    boxes.answer("Phát hành tem")
    page.confirm_and_issue()
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith(f"{proposed} "))
    assert page.issue_count.value() == 0  # stamped: nothing proposed, no invitation to a second issue
    assert "In…" in page.issue_note.text()  # the next step instead


def test_a_new_lot_starts_from_the_sole_product_with_a_hint_and_is_selected_after_save(
    qtbot: QtBot, demo: MainWindow
) -> None:
    service = demo.context.service
    alone = BatchEditor(service, "", demo, [("MO-NX-500", "Mật ong hoa rừng Như Xuân")])
    qtbot.addWidget(alone)
    assert alone.sku.sku() == "MO-NX-500"  # the only product: chosen already
    assert alone.lot.text() == "" and alone.lot.placeholderText() == "ví dụ: L261122-01"  # a hint, not a value
    demo.go_to("batches")
    page = demo.batches
    page.product_filter.set_sku("NM-NS-40")  # the clerk was looking at another product's lots
    editor = page.add_batch()
    assert editor.sku.sku() == "NM-NS-40"  # many products: the one on screen
    editor.sku.set_sku("MO-NX-500")
    editor.lot.setText("L-FRESH-01")
    editor.produced.setText("01/12/2026")
    editor.quantity.setText("120")
    assert editor.save()
    assert page.product_filter.sku() == "MO-NX-500"
    chosen = page.selected_batch()
    assert chosen is not None and chosen.batch.lot_code == "L-FRESH-01"  # the next step is its stamps
    assert page.stamp_counts.text().startswith("0 ")


def test_a_product_leads_to_its_lots(qtbot: QtBot, demo: MainWindow) -> None:
    demo.go_to("products")
    products = demo.products
    honey = demo.context.service.product_by_sku("MO-NX-500").product.id
    products.table.selectRow(products.model.row_of(honey))
    button = next(b for b in products.findChildren(QPushButton) if b.text() == "Lô và tem…")
    assert button.isVisible()
    button.click()
    assert demo.pages.currentWidget() is demo.batches
    views = demo.batches.views
    assert views and {v.sku for v in views} == {"MO-NX-500"}
    assert demo.batches.selected_batch() is views[0]


def test_quet_tem_checks_a_stamp_in_hand_and_a_genuine_serial_is_not_a_warning(
    qtbot: QtBot, demo: MainWindow, tmp_path: Path
) -> None:
    service = demo.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.htx-nhuxuan.vn"))
    lot = service.batches("MO-NX-500")[0].batch.lot_code
    stamps.issue(service, lot, 2)
    first, url = stamps.urls_for(service, stamps.find_lot(service, lot))[0]
    demo.go_to("scans")
    box = demo.scan_checks.verifier
    assert box.isVisible() and box.edit.placeholderText().startswith("Quét tem")
    qtbot.keyClicks(box.edit, first.serial)  # typed by hand from under the QR code
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.result.text().startswith("Tem số 1 của lô") and "chưa bị hủy" in box.result.text()
    assert COLOURS["serial"] in box.result.styleSheet() and "#8a5300" not in box.result.styleSheet()
    box.edit.setText(url)  # the scanner types the QR's address
    assert box.verify() == "genuine" and COLOURS["genuine"] in box.result.styleSheet()
    qtbot.waitUntil(lambda: cut_off(box.result) == "")  # the page makes room for the answer
    box.edit.setText("ZZZZ-0000")
    assert box.verify() not in ("genuine", "serial") and PROBLEM_COLOUR in box.result.styleSheet()


def test_the_guide_comes_back_after_the_first_product_at_the_first_batch(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    assert guide.next()
    guide.skip()  # the address can wait
    offered = [guide.stamp_buttons.itemAt(i).widget() for i in range(guide.stamp_buttons.count())]
    next(b for b in offered if b is not None and b.text() == "Thêm sản phẩm…").click()
    editor = next(w for w in window.findChildren(ProductEditor) if w.isVisible())
    assert window.stack.currentWidget() is window.workspace
    editor.sku.setText("CHE-HH-100")
    editor.name.setText("Chè xanh Hoàng Hóa")
    assert editor.save()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is guide)  # was gone for good after the product
    assert guide.steps.currentIndex() == FIRST_STAMPS and "Bước 3" in guide.step_title.text()
    offered = [guide.stamp_buttons.itemAt(i).widget() for i in range(guide.stamp_buttons.count())]
    first_batch = next(b for b in offered if b is not None and b.text() == "Thêm lô đầu tiên…")
    first_batch.click()
    batch_editor = next(w for w in window.findChildren(BatchEditor) if w.isVisible())
    assert batch_editor.sku.sku() == "CHE-HH-100"  # the only product, chosen already
    batch_editor.reject()


def test_saved_printer_offsets_are_confirmed(qtbot: QtBot, demo: MainWindow) -> None:
    dialog = demo.open_settings()
    dialog.tabs.setCurrentWidget(dialog.stamps)
    dialog.offset_x.setValue(0.5)
    dialog.offset_y.setValue(-1.2)
    assert dialog.save()
    shown = dialog.offset_x.text(), dialog.offset_y.text()  # the numbers as the boxes show them
    assert demo.statusBar().currentMessage() == f"Đã lưu độ lệch máy in: X {shown[0]} mm, Y {shown[1]} mm."
    assert demo.context.settings.printer_offsets["default"] == [0.5, -1.2]
    again = demo.open_settings()
    assert again.save()  # nothing changed: nothing to confirm
    assert again.saved_note == ""


def test_the_export_summary_keeps_each_code_on_one_line(
    qtbot: QtBot, demo: MainWindow, boxes: BoxAnswerer, tmp_path: Path
) -> None:
    service = demo.context.service
    for sku in ("MO-NX-500", "NM-NS-40"):  # no price: not ready, left out of the bundle
        service.save_product(replace(service.product_by_sku(sku).product, price=None))
    demo.go_to("marketplaces")
    page = demo.marketplaces
    page.refresh()
    page.matrix.setCurrentCell(*cell(demo, "MO-NX-500", "postmart"))
    left_out = [r.sku for r in page.results["postmart"] if not r.ready]
    assert left_out and any(r.ready for r in page.results["postmart"])
    boxes.answer("Đồng ý")
    finish(qtbot, page.export(str(tmp_path / "postmart.zip")))
    qtbot.waitUntil(lambda: bool(boxes.texts))
    summary = boxes.texts[0]
    shown = left_out[:6]  # named with their first reason; the rest counted (the third walk: 21 bare codes)
    names = {r.sku: r for r in page.results["postmart"]}
    for sku in shown:
        line = next(line for line in summary.splitlines() if sku.replace("-", "\u2011") in line)  # unbroken code
        assert line.startswith(f"• {names[sku].name} (") and ": " in line, line
    assert not any(sku in summary for sku in left_out if "-" in sku)
    assert f"Bỏ qua vì chưa sẵn sàng ({len(left_out)}):" in summary
    if len(left_out) > 6:
        assert f"… và {len(left_out) - 6} sản phẩm khác" in summary


def test_the_folder_picker_opens_at_a_folder_that_exists(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []

    def dialog(_parent: object, _title: str, start: str) -> str:
        started.append(Path(start))
        assert Path(start).is_dir()  # what the dialog shows is a folder that is there
        return ""  # the clerk cancels

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", dialog)
    gone = tmp_path / "usb-stick" / "OCOP" / "trang-truy-xuat"  # remembered; the stick is out
    assert choose_folder(None, "Thư mục", gone) == ""
    assert started[-1] == tmp_path and not (tmp_path / "usb-stick").exists()  # nothing made on the way
    fresh = tmp_path / "trang-truy-xuat"  # the default beside an existing folder: offered by name
    assert choose_folder(None, "Thư mục", fresh) == ""
    assert started[-1] == fresh and not fresh.exists()  # made to be offered, removed when not chosen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_marketplace_fits_beside_the_names_at_1366_and_rows_stay_side_by_side(
    qtbot: QtBot, demo: MainWindow, size: tuple[int, int], tmp_path: Path
) -> None:
    shown(qtbot, demo, "marketplaces", size, tmp_path)
    page = demo.marketplaces
    matrix, names = page.matrix, page.frozen.names
    if size[0] >= 1366:
        assert matrix.horizontalScrollBar().maximum() == 0  # was "CSV / X" and a scroll bar
    assert cut_headers(matrix) == []
    assert matrix.horizontalHeader().height() == names.horizontalHeader().height()
    for row in (0, matrix.rowCount() - 1):
        matrix.scrollTo(matrix.model().index(row, 2))
        qtbot.wait(20)
        name_top = names.viewport().mapToGlobal(names.visualRect(names.model().index(row, 1)).topLeft()).y()
        cell_top = matrix.viewport().mapToGlobal(matrix.visualRect(matrix.model().index(row, 2)).topLeft()).y()
        assert name_top == cell_top, row  # a name beside its own cells
    header = matrix.horizontalHeader()
    tiktok = 2 + [m.id for m in page.markets].index("tiktok")
    assert header.model().headerData(tiktok, Qt.Orientation.Horizontal) == "TikTok\nShop"


def test_a_marketplace_title_shows_that_marketplace_and_fix_needs_no_row_chosen(qtbot: QtBot, demo: MainWindow) -> None:
    """The third walk: clicking "Shopee" above its column did nothing, and "Sửa trong sản phẩm…" did nothing
    until a problem row was chosen first (only the hint led to the double-click that works)."""
    demo.go_to("marketplaces")
    page = demo.marketplaces
    shopee = next(
        c for c in range(page.matrix.columnCount()) if page.matrix.horizontalHeaderItem(c).toolTip() == "Shopee"
    )
    own = [  # products whose first Shopee problem is one of their own fields (fixed in the product editor)
        r.sku for r in page.results["shopee"] if r.problems and r.problems[0].field not in ("category", "image_host")
    ]
    assert own
    page.matrix.setCurrentCell(*cell(demo, own[0], "postmart"))
    header = page.matrix.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(shopee) + 5, 5)
    )
    assert page.matrix.currentColumn() == shopee
    assert page.selected()[0].sku == own[0]  # still the product the clerk chose
    assert page.problems.count() and page.problems.currentItem() is None
    with qtbot.waitSignal(page.open_problem) as opened:
        page.fix_button.click()
    assert opened.args[0] == page.selected()[0].product_id
