"""Lô & tem: issue stamps in the background, preview, save a PDF and print (to a PDF printer),
remembered offsets, and the verify box a USB scanner types into."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services import stamps
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import CooperativeProfile, save_profile
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.render.test_stamp_pdf import decode_pdf


def open_lot(qtbot: QtBot, window: MainWindow, sku: str) -> str:
    start_with_demo(qtbot, window)
    save_profile(window.context.service, CooperativeProfile(resolver_base_url="https://truyxuat.example.vn"))
    window.go_to("batches")
    page = window.batches
    page.sku_filter.setText(sku)
    page.refresh()
    page.table.selectRow(0)
    return page.selected_batch().batch.lot_code


def test_issue_preview_save_and_print_stamps(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    page = window.batches
    page.issue_count.setValue(30)
    task = page.issue_stamps()
    qtbot.waitUntil(lambda: not task.running)
    qtbot.waitUntil(lambda: page.stamp_counts.text().startswith("30 "))
    assert page.message.text().startswith("Đã phát hành 30 tem") and "trang web" in page.message.text()
    dialog = page.print_stamps()
    assert dialog is not None and dialog.picture.pixmap() is not None and not dialog.picture.pixmap().isNull()
    dialog.template.setCurrentIndex(dialog.template.findData("a4-65-38x21"))
    assert "30 tem trên 1 trang" in dialog.note.text()
    dialog.start_at.setValue(5)
    dialog.offset_x.setValue(0.5)
    dialog.scale_y.setValue(99.5)
    boxes.answer("Đồng ý")
    task = dialog.save_pdf(str(tmp_path / "tem.pdf"))
    qtbot.waitUntil(lambda: not task.running)
    qtbot.waitUntil(lambda: bool(boxes.texts))
    recorded = sorted(
        url for _s, url in stamps.urls_for(window.context.service, stamps.find_lot(window.context.service, lot))
    )
    assert sorted(decode_pdf(tmp_path / "tem.pdf")) == recorded

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    assert dialog.print_(printer)
    assert sorted(decode_pdf(tmp_path / "printer.pdf")) == recorded
    assert dialog.counting.text().startswith(f"Đã gửi {len(recorded)} tem tới {tmp_path / 'printer.pdf'}")  # said so
    rows = stamps.urls_for(window.context.service, stamps.find_lot(window.context.service, lot))
    assert {s.print_count for s, _u in rows} == {2} and {s.reprints for s, _u in rows} == {1}

    dialog.reject()
    again = page.print_stamps()
    again.template.setCurrentIndex(again.template.findData("a4-65-38x21"))
    assert (again.offset_x.value(), again.scale_y.value()) == (0.5, 99.5)  # remembered for this stock
    assert again.start_at.value() == 65  # started at 5, then 30 + 30 printed: continue at label 65
    grid = again.save_calibration(str(tmp_path / "grid.pdf"))
    assert grid is not None and grid.stat().st_size > 1000


def test_verify_box_answers_in_plain_words(qtbot: QtBot, window: MainWindow) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    url = stamps.issue(window.context.service, lot, 1).urls[0]
    page = window.batches
    for text, expected in (
        (url, "Tem thật"),
        (url[:-1] + ("0" if url[-1] != "0" else "1"), "Mã xác thực không đúng"),
        ("xin chào", "không phải là mã"),
    ):
        page.verify_box.setText(text)
        page.verify()
        assert expected in page.verify_result.text()


def test_overview_counts_stamps_issued_per_month(qtbot: QtBot, window: MainWindow) -> None:
    import datetime as dt

    lot = open_lot(qtbot, window, "MO-NX-500")
    window.go_to("overview")
    assert window.overview.stamps.text() == "Chưa phát hành tem nào."
    stamps.issue(window.context.service, lot, 1200)
    window.context.apply(Changes(batches=True))
    assert window.overview.stamps.text() == f"{dt.date.today():%m/%Y}: 1.200"


def test_history_lists_stamps_and_voids_a_spoiled_range(qtbot: QtBot, window: MainWindow, boxes: BoxAnswerer) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    urls = stamps.issue(window.context.service, lot, 10).urls
    dialog = window.batches.stamp_history()
    assert dialog is not None and dialog.table.model().rowCount() == 10
    dialog.first.setValue(3)
    dialog.last.setValue(5)
    dialog.reason.setText("Tờ tem bị kẹt máy in")
    boxes.answer("Hủy tem")
    assert dialog.void() == 3
    model = dialog.table.model()
    assert [model.index(r, 2).data() for r in range(2, 6)] == ["đã hủy", "đã hủy", "đã hủy", "đã phát hành"]
    assert stamps.verify(window.context.service, urls[3]).result == "voided"


def test_information_poster_from_the_product_list(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    open_lot(qtbot, window, "MO-NX-500")
    window.go_to("products")
    page = window.products
    page.search_box.setText("mat ong hoa bac ha")
    page.apply_filter()
    page.table.selectRow(0)
    path = page.poster(str(tmp_path / "qr.pdf"))
    assert path is not None and decode_pdf(path, dpi=100) == ["https://truyxuat.example.vn/sp/MO-NX-BAC"]


def test_posters_for_a_place_and_the_cooperative_from_the_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    open_lot(qtbot, window, "MO-NX-500")
    place = window.place_poster("Bản Kho Mường", str(tmp_path / "place.pdf"))
    coop = window.place_poster("", str(tmp_path / "coop.pdf"))
    assert decode_pdf(place, dpi=100) == ["https://truyxuat.example.vn/dd/ban-kho-muong"]
    assert decode_pdf(coop, dpi=100) == ["https://truyxuat.example.vn/htx"]


def test_proof_pdfs_do_not_count_and_the_window_says_what_does(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 4)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    assert "“Lưu PDF để in…” sẽ tính các tem này là đã in" in dialog.counting.text()
    dialog.template.setCurrentIndex(dialog.template.findData("roll-30x20"))
    assert "Trên Cuộn nhiệt 30 × 20 mm" in dialog.note.text()  # what gave way on the small roll
    for n in range(2):
        boxes.answer("Đồng ý")
        task = dialog.save_proof(str(tmp_path / f"xem-thu-{n}.pdf"))
        qtbot.waitUntil(lambda task=task: not task.running)
        qtbot.waitUntil(lambda n=n: len(boxes.texts) == n + 1)
    assert "bản xem thử" in boxes.texts[-1]
    rows = stamps.urls_for(window.context.service, stamps.find_lot(window.context.service, lot))
    assert {s.print_count for s, _u in rows} == {0}
    assert dialog.start_at.value() == 1  # a proof does not use up labels either
    assert sorted(decode_pdf(tmp_path / "xem-thu-1.pdf")) == sorted(url for _s, url in rows)


def test_label_options_preview_live_and_are_remembered(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    from PIL import Image

    from ocopdesk.services.stamp_print import load_label_options

    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 2)
    dialog = window.batches.print_stamps()
    assert dialog is not None
    dialog.template.setCurrentIndex(dialog.template.findData("a4-24-70x37"))
    before = dialog.picture.pixmap().toImage()
    dialog.own_text.setText("Đặc sản OCOP Thanh Hóa")
    qtbot.waitUntil(lambda: dialog.picture.pixmap().toImage() != before)
    logo = tmp_path / "logo.png"
    Image.new("RGB", (200, 100), "darkgreen").save(logo)
    with_text = dialog.picture.pixmap().toImage()
    dialog.choose_logo(str(logo))
    qtbot.waitUntil(lambda: dialog.picture.pixmap().toImage() != with_text)
    dialog.template.setCurrentIndex(dialog.template.findData("roll-30x20"))
    dialog.qr_size.setCurrentIndex(dialog.qr_size.findData("small"))  # too small to scan on the smallest roll
    qtbot.waitUntil(lambda: "0,396 mm" in dialog.note.text())
    assert not dialog.pdf_button.isEnabled() and not dialog.print_button.isEnabled()
    dialog.template.setCurrentIndex(dialog.template.findData("a4-24-70x37"))
    dialog.qr_size.setCurrentIndex(dialog.qr_size.findData("medium"))
    qtbot.waitUntil(lambda: dialog.pdf_button.isEnabled())
    boxes.answer("Đồng ý")
    task = dialog.save_proof(str(tmp_path / "tem.pdf"))
    assert task is not None
    qtbot.waitUntil(lambda: not task.running)
    qtbot.waitUntil(lambda: bool(boxes.texts))
    saved = load_label_options(window.context.service)
    assert (saved.own_text, saved.logo, saved.qr_size) == ("Đặc sản OCOP Thanh Hóa", str(logo), "medium")
    dialog.reject()
    again = window.batches.print_stamps()
    assert again.own_text.text() == "Đặc sản OCOP Thanh Hóa" and again.qr_size.currentData() == "medium"


def test_verify_box_answers_a_serial_typed_alone(qtbot: QtBot, window: MainWindow) -> None:
    lot = open_lot(qtbot, window, "MO-NX-500")
    stamps.issue(window.context.service, lot, 3)
    serial = stamps.urls_for(window.context.service, stamps.find_lot(window.context.service, lot))[2][0].serial
    page = window.batches
    page.verify_box.setText(serial)
    page.verify()
    text = page.verify_result.text()
    assert text.startswith(f"Tem số 3 của lô {lot}, sản phẩm Mật ong hoa rừng Như Xuân, chưa in, chưa bị hủy.")
    assert "quét mã QR" in text and "#0d47a1" in page.verify_result.styleSheet()  # known: blue, not a warning
