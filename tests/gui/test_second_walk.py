"""The clerk's second walk (issue #22): the seams a new user tripped on between first start, first stamp and
first listing, each walked again as the clerk would."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from ocopdesk.domain.dates import format_date
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.pages.overview import short_label
from ocopdesk.gui.widgets import icons
from ocopdesk.services.changes import Changes
from tests.gui.conftest import BoxAnswerer
from tests.gui.reading import read_back
from tests.gui.test_main_window import start_with_demo
from tests.gui.test_stamps_screen import open_lot
from tests.listings import shopee_template


def test_the_cooperative_typed_in_the_guide_is_the_new_products_producer(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    assert guide is not None
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    guide.profile_fields["phone"].setText("0237 3868 123 / 0912 345 678")  # two numbers: a producer takes one
    assert guide.next()
    guide.show_step(0)
    assert guide.next()  # saved a second time: still one producer
    producers = window.context.service.producers()
    assert [(p.name, p.kind, p.phone) for p in producers] == [("HTX Chè Hoàng Hóa", "cooperative", "")]
    editor = window.products.new_product()
    assert editor.producer.currentText() == "HTX Chè Hoàng Hóa"  # chosen: the only producer there is
    editor.reject()


def select_lot(page, lot: str) -> None:  # type: ignore[no-untyped-def]
    page.product_filter.set_sku("")
    page.refresh()
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 1).text() == lot)
    page.table.selectRow(row)


def test_the_label_stock_is_set_in_settings_remembered_after_printing_and_sizes_the_issue(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    open_lot(qtbot, window, "MO-NX-500")
    service = window.context.service
    service.add_batch("MO-NX-500", "L-TEM-100", dt.date(2026, 11, 2), quantity=100)
    service.add_batch("MO-NX-500", "L-TEM-070", dt.date(2026, 11, 3), quantity=70)
    window.context.apply(Changes(batches=True))
    page = window.batches
    select_lot(page, "L-TEM-100")
    assert page.issue_count.value() == 112  # nothing chosen yet: the first stock, 14 a sheet, 8 sheets

    settings = window.open_settings()
    shown = [settings.template.itemText(i) for i in range(settings.template.count())]
    assert len(shown) == 10 and "A4, 65 nhãn 38,1 × 21,2 mm (Avery L7651, Tanex A4 65, Tomy 145)" in shown
    settings.template.setCurrentIndex(settings.template.findData("roll-30x20"))
    assert settings.save()

    select_lot(page, "L-TEM-070")
    assert page.issue_count.value() == 70  # a roll: one stamp per pack, nothing rounded
    page.issue_count.setValue(30)
    task = page.issue_stamps()
    qtbot.waitUntil(lambda: task is not None and not task.running, timeout=60000)
    dialog = page.print_stamps()
    assert dialog.template.currentData() == "roll-30x20"  # the default just set in Settings
    dialog.template.setCurrentIndex(dialog.template.findData("a4-65-38x21"))
    boxes.answer("Đồng ý")
    task = dialog.save_pdf(str(tmp_path / "tem.pdf"))
    qtbot.waitUntil(lambda: task is not None and not task.running, timeout=60000)
    qtbot.waitUntil(lambda: bool(boxes.texts), timeout=60000)
    dialog.reject()

    again = page.print_stamps()
    assert again.template.currentData() == "a4-65-38x21"  # the sheet printed on last, not the first stock
    again.reject()
    select_lot(page, "L-TEM-100")
    assert page.issue_count.value() == 130  # 100 packs on 65-label sheets: 2 whole sheets


def test_step_three_says_open_lo_and_tem_with_its_ampersand(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.guide, timeout=60000)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    guide = window.guide
    guide.show_step(2)
    buttons = [guide.stamp_buttons.itemAt(i).widget() for i in range(guide.stamp_buttons.count())]
    button = next(b for b in buttons if b is not None and "tem" in b.text())
    qtbot.waitUntil(lambda: button.isVisible() and button.height() >= button.sizeHint().height(), timeout=60000)
    seen = read_back(button, tmp_path)
    assert "Mở Lô & tem" in seen, seen  # not "Mở Lô _tem": the ampersand is no mnemonic
    assert "rồi mới in" in guide.first_stamps.text()  # not "xem bản xem trước trước khi in"


def test_new_batch_picks_the_product_from_a_list_and_fills_the_expiry_then_issuing_asks_first(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    open_lot(qtbot, window, "MO-NX-500")
    page = window.batches
    page.product_filter.set_sku("")
    listed = [page.product_filter.itemText(i) for i in range(page.product_filter.count())]
    assert len(listed) == 33 and listed[0] == "Tất cả sản phẩm"  # every product, before anything is typed
    service = window.context.service
    honey = service.product_by_sku("MO-NX-500").product
    shelf = honey.shelf_life_days or 730
    if honey.shelf_life_days is None:
        service.save_product(dataclasses.replace(honey, shelf_life_days=shelf))
    editor = page.add_batch()
    choices = [editor.sku.itemText(i) for i in range(editor.sku.count())]
    assert len(choices) == 32 and "Tất cả sản phẩm" not in choices
    editor.sku.set_sku("MO-NX-500")
    editor.lot.setText("L-XUAN-26")
    editor.produced.setText("01/03/2026")
    editor.produced.editingFinished.emit()
    assert editor.expires.text() == format_date(dt.date(2026, 3, 1) + dt.timedelta(days=shelf))
    assert editor.save()

    select_lot(page, "L-XUAN-26")
    page.issue_count.setValue(14)
    boxes.answer("Hủy")
    assert page.confirm_and_issue() is None  # said no: nothing issued
    assert "Phát hành 14 tem cho lô L-XUAN-26" in boxes.texts[0]
    assert page.stamp_counts.text().startswith("0 ")
    boxes.answer("Phát hành tem")
    task = page.confirm_and_issue()
    qtbot.waitUntil(lambda: task is not None and not task.running, timeout=60000)
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith("14 "), timeout=60000)


def test_the_shopee_template_loaded_for_categories_is_the_one_the_export_fills(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    start_with_demo(qtbot, window)
    window.go_to("marketplaces")
    page = window.marketplaces
    row = next(r for r in range(page.matrix.rowCount()) if page.matrix.item(r, 0).text() == "MO-NX-500")
    page.matrix.setCurrentCell(row, 2 + [m.id for m in page.markets].index("shopee"))
    template = shopee_template.make(tmp_path / "Shopee_mass_upload_basic_template.xlsx")
    dialog = page.edit_categories()
    task = dialog.load(str(template))
    qtbot.waitUntil(lambda: task is not None and not task.running, timeout=60000)
    dialog.reject()
    page._show_cell()
    assert page.template_button.text() == "Tệp mẫu: Shopee_mass_upload_basic_template.xlsx"  # chosen once
    assert window.context.settings.seller_templates["shopee"] == str(template)  # and the next session


def test_the_import_command_shows_a_spreadsheet_with_an_arrow_into_it(window: MainWindow) -> None:
    drawn = window.act_import.icon().pixmap(32, 32).toImage()
    assert drawn == icons.icon("import").pixmap(32, 32).toImage()  # not Qt's bare down arrow ("scroll down")
    green, blue = drawn.pixelColor(20, 30), drawn.pixelColor(4, 4)
    assert green.green() > green.red() and blue.blue() > blue.red()  # the sheet's grid, the arrow coming in


def test_overview_bars_name_the_groups_in_whole_words() -> None:
    assert short_label("2. Đồ uống") == "2. Đồ uống"
    assert short_label("3. Dược liệu và sản phẩm từ dược liệu") == "3. Dược liệu và sản<br>phẩm từ dược liệu"
    long = "6. Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"
    assert short_label(long) == "6. Dịch vụ du lịch cộng đồng,<br>du lịch sinh thái và điểm du lịch"  # whole (#22)
    assert short_label("xy " * 30).endswith("…")  # longer than two long lines: cut after a whole word


def test_the_overview_chart_reads_every_group_name_at_1366(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    window.guide.leave_button.click()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.go_to("overview")
    chart = window.overview.group_chart
    qtbot.waitUntil(lambda: chart.isVisible() and chart.width() > 300, timeout=60000)
    seen = read_back(chart, tmp_path)
    for words in ("Dược liệu và sản", "phẩm từ dược liệu", "Sinh vật cảnh", "thái và điểm du lịch"):
        assert words in seen, seen  # not "từ dượ…", cut by the chart's narrow label column
