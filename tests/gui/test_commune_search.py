"""The commune box searched by typing (issue #22, the fresh walk's worst finding): a commune picked from the
search popup — by Down+Enter or by a mouse click on its line — is the commune chosen (the box shows its real
name and saving stores its code), typing into an empty box never lands after the "(choose)" placeholder, and
text that names no commune is a red error under the box on save, never a silently empty address. Each path
is walked where the clerk meets it: the start-up guide, the producer editor and Settings › Cooperative."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ocopdesk.domain import address
from ocopdesk.domain.producer import Producer
from ocopdesk.gui.dialogs.batch_editor import EventEditor
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.widgets.address_fields import AddressFields
from ocopdesk.gui.widgets.form import FieldForm
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.profile import cooperative_producer, load_profile

THANH_HOA, QUANG_NGOC = "38", "16498"  # "quang" offers several communes of Thanh Hóa, Xã Quảng Ngọc among them
NOT_LISTED = _("Choose the commune / ward from the list")


def pick(qtbot: QtBot, place: AddressFields, typed: str, name: str, how: str) -> None:
    """Click into the commune box, type `typed` key by key and pick `name` from the popup as a clerk does."""
    edit = place.commune.lineEdit()
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 5, edit.height() // 2))
    QTest.keyClicks(edit, typed)
    assert edit.text() == typed  # not "(chọn)quang"
    popup = place.commune.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    rows = [popup.model().index(r, 0) for r in range(popup.model().rowCount())]
    target = next(i for i in rows if i.data() == name)
    assert len(rows) > 1  # a real choice among several, not the only line
    if how == "keyboard":
        for _step in range(target.row() + 1):  # the first Down selects the first line
            QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)
    else:
        popup.scrollTo(target)
        QTest.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(target).center())
    qtbot.waitUntil(lambda: not popup.isVisible())
    QApplication.processEvents()  # whatever the popup posts on closing has landed: the box still shows the name
    assert place.commune.currentText() == name and place.commune.currentData() == QUANG_NGOC
    assert place.values()["commune_code"] == QUANG_NGOC and place.problems() == []


def stored_producer(service, producer_id: int) -> Producer:  # type: ignore[no-untyped-def]
    return next(p for p in service.producers() if p.id == producer_id)


def shown(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)


@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_the_guide_keeps_the_commune_picked_from_the_search(qtbot: QtBot, window: MainWindow, how: str) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    shown(qtbot, window)
    guide.profile_fields["name"].setText("HTX Quảng Ngọc")
    guide.place.province.setCurrentIndex(guide.place.province.findData(THANH_HOA))
    pick(qtbot, guide.place, "quang", "Xã Quảng Ngọc", how)
    guide.place.street.setText("Thôn 3")
    assert guide.next()
    service = window.context.service
    producer = cooperative_producer(service)
    assert producer is not None
    assert (producer.province_code, producer.commune_code, producer.street) == (THANH_HOA, QUANG_NGOC, "Thôn 3")
    assert load_profile(service).address == f"Thôn 3, {address.describe(QUANG_NGOC)}"


@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_the_producer_editor_keeps_the_commune_picked_from_the_search(
    qtbot: QtBot, window: MainWindow, how: str
) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    service = window.context.service
    producer_id, _changes = service.save_producer(Producer("HTX Quảng Ngọc", "cooperative", province_code=THANH_HOA))
    editor = ProducerEditor(service, stored_producer(service, producer_id))
    qtbot.addWidget(editor)
    shown(qtbot, editor)
    pick(qtbot, editor.place, "quang", "Xã Quảng Ngọc", how)
    editor.street.setText("Thôn 3")
    assert editor.save()
    stored = stored_producer(service, producer_id)
    assert (stored.province_code, stored.commune_code, stored.street) == (THANH_HOA, QUANG_NGOC, "Thôn 3")


@pytest.mark.parametrize("how", ["keyboard", "mouse"])
def test_settings_keep_the_commune_picked_from_the_search(qtbot: QtBot, window: MainWindow, how: str) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    service = window.context.service
    dialog = window.open_settings()
    shown(qtbot, dialog)
    dialog.fields["name"].setText("HTX Quảng Ngọc")
    dialog.place.province.setCurrentIndex(dialog.place.province.findData(THANH_HOA))
    pick(qtbot, dialog.place, "quang", "Xã Quảng Ngọc", how)
    dialog.place.street.setText("Thôn 3")
    assert dialog.save()
    producer = cooperative_producer(service)
    assert producer is not None and (producer.commune_code, producer.street) == (QUANG_NGOC, "Thôn 3")
    assert load_profile(service).address == f"Thôn 3, {address.describe(QUANG_NGOC)}"


def test_a_commune_typed_but_not_picked_is_a_red_error_and_nothing_is_saved(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    shown(qtbot, window)
    guide.profile_fields["name"].setText("HTX Quảng Ngọc")
    guide.place.province.setCurrentIndex(guide.place.province.findData(THANH_HOA))
    QTest.keyClicks(guide.place.commune.lineEdit(), "quang ngoc")
    guide.place.commune.completer().popup().hide()
    guide.place.street.setText("Thôn 3")
    assert not guide.next()
    assert guide.profile_form.error_text("commune_code") == NOT_LISTED
    assert guide.place.commune.lineEdit().text() == "quang ngoc"  # what was typed stays to be corrected
    assert window.context.service.producers() == [] and load_profile(window.context.service).name == ""
    service = window.context.service
    producer_id, _changes = service.save_producer(Producer("HTX Quảng Ngọc", "cooperative", province_code=THANH_HOA))
    editor = ProducerEditor(service, stored_producer(service, producer_id))
    qtbot.addWidget(editor)
    shown(qtbot, editor)
    QTest.keyClicks(editor.commune.lineEdit(), "khong co xa nay")
    assert not editor.save()
    assert editor.form.error_text("commune_code") == NOT_LISTED
    # the window grew for the message: the box is not squeezed to a sliver above it
    qtbot.waitUntil(lambda: editor.commune.height() >= editor.commune.sizeHint().height())
    assert stored_producer(service, producer_id).commune_code == ""
    editor.commune.lineEdit().clear()  # an empty box is no choice, and no error: the address is optional
    assert editor.save()


def test_settings_refuse_a_commune_typed_but_not_picked(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    dialog = window.open_settings()
    dialog.fields["name"].setText("HTX Quảng Ngọc")
    dialog.place.province.setCurrentIndex(dialog.place.province.findData(THANH_HOA))
    QTest.keyClicks(dialog.place.commune.lineEdit(), "quang")
    assert not dialog.save()
    assert dialog.coop.error_text("commune_code") == NOT_LISTED
    assert load_profile(window.context.service).name == ""


def test_an_arrow_key_opens_the_list_and_never_steps_to_a_neighbouring_commune(qtbot: QtBot) -> None:
    """The second fresh walk typed "quang x" (no match), pressed Down to see a list, and the box wrote the
    commune next to the saved one over the text: Enter saved Xã Quảng Ninh, which nobody chose (#22)."""
    form_owner = QWidget()
    qtbot.addWidget(form_owner)
    place = AddressFields(FieldForm(form_owner))
    place.load(THANH_HOA, QUANG_NGOC, "Thôn 3")
    shown(qtbot, form_owner)
    edit = place.commune.lineEdit()
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "quang x")
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        QTest.keyClick(edit, key)
        assert place.commune.currentText() == "quang x" and place.commune.currentData() == QUANG_NGOC
        qtbot.waitUntil(place.commune.view().isVisible)  # the whole list, to choose from
        assert place.problems() != []  # still no choice: saving is refused, nothing else is stored
        place.commune.hidePopup()
        qtbot.waitUntil(lambda: not place.commune.view().isVisible())


def test_a_stage_commune_is_searched_like_the_producers_and_typed_text_is_no_choice(
    qtbot: QtBot, service: CatalogService
) -> None:
    """Lô & tem › Thêm sự kiện…: the stage's commune was a plain list of all 3,321 communes where typing did
    nothing (the second fresh walk); now it is searched like the producer's, and what is typed but not picked
    is refused under the box instead of saving the commune chosen before."""
    load_demo(service, today=dt.date(2026, 11, 10))
    lot = service.batches("BUOI-LV")[0].batch
    assert lot.id is not None
    editor = EventEditor(service, lot.id)
    shown(qtbot, editor)
    editor.date.setText("20/11/2026")
    edit = editor.commune.lineEdit()
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "quang ngoc")
    popup = editor.commune.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    names = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert names == ["Xã Quảng Ngọc, Thanh Hóa"]  # found without marks and without "Xã"
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert editor.save() is True
    assert [e.commune_code for e in service.events(lot.id) if e.occurred_on == dt.date(2026, 11, 20)] == [QUANG_NGOC]
    again = EventEditor(service, lot.id)
    shown(qtbot, again)
    again.date.setText("21/11/2026")
    again.commune.lineEdit().setText("quang x")  # typed, nothing picked
    assert again.save() is False and again.form.error_text("commune_code") == _(
        "Choose the commune / ward from the list"
    )
    assert not [e for e in service.events(lot.id) if e.occurred_on == dt.date(2026, 11, 21)]
