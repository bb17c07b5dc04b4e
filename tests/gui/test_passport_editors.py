"""The "Truy xuất" fields (#25) in the real producer, product and stage editors: loaded from the catalogue,
refused with a message under the field when wrong, saved when right."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.batch_editor import EventEditor
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.dialogs.stamp_print_dialog import StampPrintDialog
from ocopdesk.paths import AppPaths
from ocopdesk.services import passport, stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import load_profile, save_profile


@pytest.fixture
def demo(service: CatalogService) -> CatalogService:
    load_demo(service, today=dt.date(2026, 11, 10))
    return service


def test_producer_editor_gln_registration_and_private_items(qtbot: QtBot, demo: CatalogService) -> None:
    producer = demo.producer_by_name("HTX Nông nghiệp Thọ Xuân")
    assert producer is not None
    editor = ProducerEditor(demo, producer)
    qtbot.addWidget(editor)
    editor.trace.gln.setText("8938500120016")  # wrong check digit
    assert editor.save() is False
    assert "GS1" in editor.trace.form.error_text("gln")
    editor.trace.gln.setText("8938500120015")
    editor.trace.registration.setText("2807001234")
    editor.trace.private["quantity"].setChecked(True)
    assert editor.save() is True
    saved = demo.producer_by_name("HTX Nông nghiệp Thọ Xuân")
    assert saved is not None
    assert (saved.gln, saved.registration_no, saved.private_items) == ("8938500120015", "2807001234", "quantity")
    again = ProducerEditor(demo, saved)
    qtbot.addWidget(again)
    assert again.trace.private["quantity"].isChecked() and not again.trace.private["actors"].isChecked()


def test_product_editor_has_a_traceability_tab_readiness_can_open(qtbot: QtBot, demo: CatalogService) -> None:
    detail = demo.product_by_sku("BUOI-LV")
    editor = ProductEditor(demo, detail.product.id)
    qtbot.addWidget(editor)
    editor.show_problem("standard_number", "Hộ chiếu số sản phẩm chưa đủ")
    assert editor.tabs.currentWidget() is editor.trace
    assert editor.trace.error_text("standard_number") == "Hộ chiếu số sản phẩm chưa đủ"
    editor.trace.standard_title.setText("Bưởi quả tươi")  # a title without its number is refused
    assert editor.save() is False and editor.trace.error_text("standard_number")
    editor.trace.standard.setText("TCCS 02:2025/HTX")
    editor.trace.brand.setText("Bưởi Luận Văn")
    assert editor.save() is True
    product = demo.product_by_sku("BUOI-LV").product
    assert (product.brand, product.standard_number, product.standard_title) == (
        "Bưởi Luận Văn",
        "TCCS 02:2025/HTX",
        "Bưởi quả tươi",
    )


def test_stage_editor_defaults_to_the_producers_commune(qtbot: QtBot, demo: CatalogService) -> None:
    lot = demo.batches("BUOI-LV")[0].batch
    assert lot.id is not None
    commune = demo.product_by_sku("BUOI-LV").producer.commune_code  # type: ignore[union-attr]
    editor = EventEditor(demo, lot.id)
    qtbot.addWidget(editor)
    assert editor.commune.currentData() == commune
    editor.date.setText("20/11/2026")
    editor.time.setText("7h30")
    assert editor.save() is False and "07:30" in editor.form.error_text("occurred_time")
    editor.time.setText("07:30")
    editor.gln.setText("8938500120015")
    assert editor.save() is True
    added = next(e for e in demo.events(lot.id) if e.occurred_time == "07:30")
    assert (added.commune_code, added.place_gln) == (commune, "8938500120015")


def test_stage_editor_picks_the_lots_it_used(qtbot: QtBot, demo: CatalogService) -> None:
    """The clerk finds the honey lot by typing without diacritics, ticks it, saves: the stage keeps it; a loop is
    refused under the list and nothing is saved."""
    wine, honey = demo.batches("RUOU-MO-NX")[0].batch, demo.batches("MO-NX-500")[0].batch
    assert wine.id is not None and honey.id is not None
    editor = EventEditor(demo, wine.id)
    qtbot.addWidget(editor)
    items = [editor.inputs.list.item(row) for row in range(editor.inputs.list.count())]
    assert len(items) == len(demo.batches()) - 1 and not any(wine.lot_code in i.text() for i in items)
    editor.inputs.search.setText("mat ong " + honey.lot_code.lower())
    shown = [i for i in items if not i.isHidden()]
    assert [i.text().split(" · ")[0] for i in shown] == [honey.lot_code]
    shown[0].setCheckState(Qt.CheckState.Checked)
    editor.inputs.search.setText("zzz")  # a ticked lot stays in sight whatever is typed
    assert not shown[0].isHidden()
    editor.kind.setCurrentIndex(editor.kind.findData("processing"))
    editor.date.setText("20/11/2026")
    assert editor.save() is True
    assert [e.inputs for e in demo.events(wine.id) if e.inputs] == [(honey.id,)]
    back = EventEditor(demo, honey.id)  # honey made from the wine made from it: refused, said under the list
    qtbot.addWidget(back)
    back.inputs.choose({wine.id})
    back.date.setText("21/11/2026")
    before = len(demo.events(honey.id))
    assert back.save() is False and wine.lot_code in back.form.error_text("inputs")
    assert len(demo.events(honey.id)) == before


def test_the_print_dialog_says_what_the_passport_lacks(qtbot: QtBot, demo: CatalogService) -> None:
    """A short line among the dialog's notes, before printing; the buttons stay enabled (not a blocker)."""
    save_profile(demo, replace(load_profile(demo), resolver_base_url="https://truyxuat.example.vn"))
    context = AppContext(AppPaths.from_environment())
    context.open_catalogue(demo.path)
    notes = {}
    for sku in ("BUOI-LV", "MO-NX-500"):
        lot = demo.batches(sku)[0].batch.lot_code
        stamps.issue(demo, lot, 3, sku=sku)
        dialog = StampPrintDialog(context, lot, sku)
        qtbot.addWidget(dialog)
        dialog.update_preview()
        notes[sku] = dialog.note.text()
        assert dialog.print_button.isEnabled()
    missing = passport.missing_line(["standard", "warnings"])  # in the language the tests run in
    assert missing and missing in notes["BUOI-LV"].splitlines()
    assert "passport" not in notes["MO-NX-500"].lower() and "hộ chiếu" not in notes["MO-NX-500"].lower()
    context.close()


def test_a_missing_photo_problem_goes_once_a_photo_is_added(qtbot: QtBot, demo: CatalogService, tmp_path: Path) -> None:
    """The third walk: "Shopee cần ít nhất 1 ảnh." stayed red under the photo just added as the main photo."""
    detail = demo.product_by_sku("BUOI-LV")
    editor = ProductEditor(demo, detail.product.id)
    qtbot.addWidget(editor)
    editor.show_problem("photos", "Shopee cần ít nhất 1 ảnh.")
    assert not editor.problem.isHidden()
    photo = tmp_path / "buoi.jpg"
    Image.new("RGB", (800, 600), (200, 160, 40)).save(photo)
    editor.media.add_files([str(photo)], "photo")
    assert editor.problem.isHidden()
    editor.show_problem("certificate", "Thiếu giấy chứng nhận OCOP.")  # another kind of problem stays
    editor.media.add_files([str(photo)], "photo")
    assert not editor.problem.isHidden()
