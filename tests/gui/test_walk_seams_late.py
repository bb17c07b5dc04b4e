"""The seams a fresh walk of merged main found late in issue #22 (seams 2–5): each passport gap leads to
the place that fills it, the start-up guide points only at what is on screen, the stamp-count box follows
the lot, and the smaller things a clerk reads or searches."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from ocopdesk.domain.batch import BatchEvent
from ocopdesk.gui.address import AddressStep
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.dialogs.stamp_print_dialog import StampPrintDialog
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.i18n import set_language
from ocopdesk.paths import AppPaths
from ocopdesk.services import listings, stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo

HONEY, POMELO = "MO-NX-500", "BUOI-LV"


@pytest.fixture
def catalogue(service: CatalogService) -> CatalogService:
    set_language("vi")
    load_demo(service, today=dt.date(2026, 11, 10))
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    return service


def without_tax_code(service: CatalogService, sku: str) -> None:
    producer = service.product_by_sku(sku).producer
    assert producer is not None
    service.save_producer(replace(producer, tax_code="", registration_no=""))


# -- seam 2: every missing passport item leads to where it is filled ------------------------------------------
def test_a_missing_tax_code_is_its_own_problem_that_opens_the_producer_at_the_tax_code(
    qtbot: QtBot, catalogue: CatalogService
) -> None:
    without_tax_code(catalogue, POMELO)
    found = [p for p in listings.check(catalogue, "postmart", [POMELO])[0].problems if "Hộ chiếu" in p.message]
    assert [p.field for p in found] == ["standard_number", "producer"]  # was one line at the product's field
    assert "Mã số thuế" in found[1].message and "Mã số thuế" not in found[0].message
    editor = ProductEditor(catalogue, catalogue.product_by_sku(POMELO).product.id)
    qtbot.addWidget(editor)
    editor.show_problem(found[1].field, found[1].message)
    assert not editor.producer_note.isHidden() and "không phải trong sản phẩm" in editor.producer_note.text.text()
    producer = editor.open_producer()
    assert producer is not None
    assert "mã số thuế" in producer.form.error_text("tax_code")  # marked where it is typed
    qtbot.waitExposed(producer)
    assert producer.tax_code.height() >= producer.tax_code.minimumSizeHint().height()  # not squeezed by that line
    assert producer.form.error_text("commune_code") == ""  # the address is there: nothing said about it
    producer.tax_code.setText("2800123456")
    assert producer.save()
    assert editor.producer_note.isHidden()
    after = [p for p in listings.check(catalogue, "postmart", [POMELO])[0].problems if "Hộ chiếu" in p.message]
    assert [p.field for p in after] == ["standard_number"]


def test_the_print_dialog_says_where_each_missing_item_is_filled(qtbot: QtBot, catalogue: CatalogService) -> None:
    lot = catalogue.batches(HONEY)[0].batch
    assert lot.id is not None
    catalogue.add_event(BatchEvent(lot.id, "other", dt.date(2026, 11, 9), place="Chợ huyện"))  # no place code
    without_tax_code(catalogue, HONEY)
    stamps.issue(catalogue, lot.lot_code, 3, sku=HONEY)
    context = AppContext(AppPaths.from_environment())
    context.open_catalogue(catalogue.path)
    dialog = StampPrintDialog(context, lot.lot_code, HONEY)
    qtbot.addWidget(dialog)
    dialog.update_preview()
    lines = dialog.note.text().splitlines()
    stages = next(line for line in lines if line.startswith("Các công đoạn sản xuất:"))
    assert "Lô & tem" in stages and "“Thêm sự kiện…”" in stages
    tax = next(line for line in lines if line.startswith("Mã số thuế:"))
    assert "Cơ sở sản xuất" in tax and "“Sửa”" in tax
    context.close()


# -- seam 3: before any product, the guide does not point at a button that is not there ---------------------
def test_step_three_of_an_empty_catalogue_says_to_add_products_first(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    assert guide.next()
    guide.skip()
    text = guide.first_stamps.text()
    items = text.split("<li>")[1:]
    assert items[0].startswith("Trước hết, thêm các sản phẩm bằng các nút bên dưới")
    lot_line = next(i for i in items if "Lô &amp; tem" in i)
    assert "nút bên dưới" not in lot_line and "bên trái" in lot_line  # the way that exists, not a missing button
    offered = [guide.stamp_buttons.itemAt(i).widget() for i in range(guide.stamp_buttons.count())]
    assert not any(b is not None and "Lô" in b.text() for b in offered)
    assert guide.next()  # "Done" with nothing to stamp yet: to the products, not an empty lot page
    assert window.pages.currentWidget() is window.products


def test_the_close_guide_button_is_drawn_as_a_button(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    button = window.guide.leave_button
    assert not button.isFlat()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    image = button.grab().toImage()
    row = image.height() // 2
    edge = {image.pixelColor(x, row).name() for x in range(0, 3)}
    inside = image.pixelColor(image.width() // 2, 2).name()
    assert edge - {inside}, (edge, inside)  # a frame at its edge, unlike the page behind a flat button


# -- seam 4: the stamp-count box follows the lot ----------------------------------------------------------
def test_the_issue_box_is_empty_before_a_lot_and_proposes_nothing_once_issued(
    qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer
) -> None:
    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    window.go_to("batches")
    page = window.batches
    page.product_filter.set_sku(HONEY)
    page.table.setCurrentCell(-1, -1)
    assert not page.issue_count.isEnabled() and not page.issue_button.isEnabled()
    assert not page.print_button.isEnabled() and not page.history_button.isEnabled()  # clicked, they did nothing
    assert page.issue_count.text().strip() == ""  # was 65: a number nobody proposed
    page.table.selectRow(0)
    proposed = page.issue_count.value()
    assert page.issue_count.isEnabled() and proposed > 0  # the lot's packs, in whole sheets
    assert page.print_button.isEnabled() and page.history_button.isEnabled()
    boxes.answer("Phát hành tem")
    task = page.confirm_and_issue()
    qtbot.waitUntil(lambda: task is not None and not task.running)
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith(f"{proposed} "))
    assert page.issue_count.value() == 0  # every pack stamped: no second issue invited (was one more sheet)
    assert page.issue_count.text().strip() == "" and "“In…”" in page.issue_note.text()  # the next step
    assert page.confirm_and_issue() is None and "nhập số tem" in page.message.text()


# -- seam 5: the smaller things ----------------------------------------------------------------------------
def fold_completions(box) -> list[str]:  # type: ignore[no-untyped-def]
    popup = box.completer().completionModel()
    return [popup.index(row, 0).data() for row in range(popup.rowCount())]


def type_into(box, text: str) -> None:  # type: ignore[no-untyped-def]
    box.lineEdit().setText(text)
    box.lineEdit().textEdited.emit(text)  # as typing does (QTest cannot type Vietnamese letters)


def test_the_commune_list_is_searched_on_the_name_after_xa_or_phuong(qtbot: QtBot, catalogue: CatalogService) -> None:
    from ocopdesk.domain import address
    from ocopdesk.gui.dialogs.producer_editor import ProducerEditor

    editor = ProducerEditor(catalogue)
    qtbot.addWidget(editor)
    editor.province.setCurrentIndex(editor.province.findData("38"))  # Thanh Hóa
    hoang = sorted(
        c.name for c in address.communes().values() if c.province_code == "38" and c.short.startswith("Hoằng")
    )
    assert len(hoang) > 3
    for typed in ("Hoằng", "hoang", "xã hoằng", "Xa hoang"):  # with or without marks, with or without "Xã"
        type_into(editor.commune, typed)
        assert sorted(fold_completions(editor.commune)) == hoang, typed
    type_into(editor.commune, "hoang tien")
    assert fold_completions(editor.commune) == ["Xã Hoằng Tiến"]
    editor.commune.completer().activated[QModelIndex].emit(editor.commune.completer().completionModel().index(0, 0))
    assert editor.commune.currentText() == "Xã Hoằng Tiến"
    chosen = editor.place.values()["commune_code"]
    assert address.describe(chosen).startswith("Xã Hoằng Tiến")
    type_into(editor.commune, "Hoằng Xyz")  # typed, not chosen: no commune, not the last one chosen
    assert editor.place.values()["commune_code"] == ""


def test_settings_take_the_cooperative_address_as_province_commune_and_street(qtbot: QtBot, window: MainWindow) -> None:
    from ocopdesk.domain import address
    from ocopdesk.services.profile import cooperative_producer

    start_with_demo(qtbot, window)
    service = window.context.service
    before = load_profile(service).address
    producer = cooperative_producer(service)
    assert producer is not None and producer.commune_code
    dialog = window.open_settings()
    place = dialog.place
    assert place.commune.currentData() == producer.commune_code and place.street.text() == producer.street
    assert "address" not in dialog.fields  # no free-text box any more
    assert dialog.save() and load_profile(service).address == before  # untouched place: the text is kept
    dialog = window.open_settings()
    other = next(
        c
        for c in address.communes().values()
        if c.province_code == producer.province_code and c.code != producer.commune_code
    )
    dialog.place.commune.setCurrentIndex(dialog.place.commune.findData(other.code))
    dialog.place.street.setText("Thôn Mới")
    assert dialog.save()
    assert load_profile(service).address == f"Thôn Mới, {address.describe(other.code)}"
    moved = cooperative_producer(service)
    assert moved is not None and (moved.commune_code, moved.street) == (other.code, "Thôn Mới")


def test_file_dialogs_start_in_documents_then_where_the_last_one_of_that_kind_was_left(
    qtbot: QtBot,
    window: MainWindow,
    boxes: BoxAnswerer,
    tmp_path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ocopdesk.gui import file_dialogs
    from ocopdesk.settings import load as load_settings

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(file_dialogs, "documents", lambda: documents)  # this machine's Documents
    start_with_demo(qtbot, window)
    asked: list[str] = []
    backups = tmp_path / "USB" / "sao-luu"
    backups.mkdir(parents=True)

    def save(parent, title, start, patterns):  # type: ignore[no-untyped-def]
        asked.append(start)
        return str(backups / "ban-sao.zip"), patterns

    def open_(parent, title, start, patterns):  # type: ignore[no-untyped-def]
        asked.append(start)
        return "", patterns

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_)
    boxes.answer("Đồng ý")
    task = window.actions_.backup()
    qtbot.waitUntil(lambda: task is not None and not task.running)
    qtbot.waitUntil(lambda: bool(boxes.texts))
    assert asked[0].startswith(str(documents / "ocopdesk-"))  # not the bare home folder
    window.actions_.import_sheet()  # another purpose: still Documents
    assert asked[1] == str(documents)
    window.actions_.restore()  # a backup is looked for where the last one was written
    assert asked[2] == str(backups)
    assert load_settings(window.context.paths).last_folders["backup"] == str(backups)  # kept for the next start


def test_words_on_screen_are_vietnamese_and_whole_at_1366(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    window.guide.leave_button.click()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.act_epcis.text() == "Xuất sự kiện truy xuất (tệp EPCIS)…"  # was "Xuất EPCIS 2.0 (…)"
    window.go_to("marketplaces")
    page = window.marketplaces
    headers = [page.matrix.horizontalHeaderItem(c).text() for c in range(page.matrix.columnCount())]
    assert "Tệp\nbảng\ntính" in headers and not any("XLSX" in h for h in headers)
    window.go_to("overview")
    qtbot.waitUntil(lambda: "Tệp bảng tính: " in window.overview.markets.text())
    assert "XLSX" not in window.overview.markets.text()
    window.go_to("marketplaces")
    edit = page.listed_url
    qtbot.waitUntil(lambda: edit.isVisible() and edit.width() > 50)
    room = edit.width() - 2 * edit.fontMetrics().horizontalAdvance("x")  # the frame and text margins
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room, (edit.placeholderText(), edit.width())
    editor = ProductEditor(window.context.service, None)
    qtbot.addWidget(editor)
    assert editor.sku.placeholderText() == "ví dụ: MAT-ONG-500"


def test_stamps_issued_elsewhere_renew_the_proposal(qtbot: QtBot, window: MainWindow) -> None:
    """The screenshot walk: 40 stamps issued from the command line, and the box still proposed the 250 packs."""
    from ocopdesk.services.changes import Changes

    start_with_demo(qtbot, window)
    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.example.vn"))
    window.go_to("batches")
    page = window.batches
    page.product_filter.set_sku(HONEY)
    page.table.selectRow(0)
    view = page.selected_batch()
    assert view is not None and view.batch.quantity == 250
    first = page.issue_count.value()
    stamps.issue(window.context.service, view.batch.lot_code, 40, sku=HONEY)
    window.context.apply(Changes(batches=True))
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith("40 "))
    assert page.issue_count.value() == 210 < first and "210" in page.issue_note.text()  # 250 packs less 40


def test_the_address_example_reads_as_an_example_not_as_the_demo_cooperatives_address(qtbot: QtBot) -> None:
    set_language("vi")
    step = AddressStep()
    qtbot.addWidget(step)
    # the walker took "https://truyxuat.htx-nhuxuan.vn" (the demo cooperative's own name) for a saved address
    assert step.edit.placeholderText().startswith("ví dụ: https://")
    assert "nhuxuan" not in step.edit.placeholderText()
