"""The clerk's second walk, continued (issue #22): the start-up guide's producer is complete (its 2025
address taken with the producer editor's own pickers), a producer's address problem opened from the
marketplaces is a note with the way to the producer, and the listing assistant's values have room."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ocopdesk.domain.listing import label_problems
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.widgets.address_fields import AddressFields
from ocopdesk.services.profile import load_profile, save_profile


def choose(combo, code: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(code)
    assert index > 0, code
    combo.setCurrentIndex(index)


def test_the_guide_takes_the_producers_address_with_the_producer_editors_pickers(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    assert guide is not None
    assert isinstance(guide.place, AddressFields)  # the editor's widget, not a copy
    guide.profile_fields["name"].setText("HTX Chè Hoàng Hóa")
    choose(guide.place.province, "38")  # Thanh Hóa
    choose(guide.place.commune, "16012")
    guide.place.street.setText("Thôn 3")
    assert guide.next()
    [producer] = window.context.service.producers()
    assert (producer.province_code, producer.commune_code, producer.street) == ("38", "16012", "Thôn 3")
    assert producer.legacy_address == ""  # the profile's address was written from the pickers, not typed
    assert load_profile(window.context.service).address.startswith("Thôn 3, ")
    editor = ProducerEditor(window.context.service, producer)
    qtbot.addWidget(editor)
    assert (editor.province.currentData(), editor.commune.currentData(), editor.street.text()) == (
        "38",
        "16012",
        "Thôn 3",
    )
    problems = label_problems(Product(sku="CHE-01", name="Chè xanh", producer_id=producer.id), producer)
    assert [p for p in problems if p.field == "producer"] == []  # the marketplaces' label check passes


def test_a_typed_address_is_kept_as_the_producers_old_address_and_the_guide_shows_its_place_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.welcome.new_button.click()
    guide = window.guide
    service = window.context.service
    save_profile(service, load_profile(service).__class__(name="HTX Cói Nga Sơn", address="Xóm 5, xã Nga Sơn cũ"))
    guide.start()
    choose(guide.place.province, "38")
    choose(guide.place.commune, "16093")
    assert guide.next()
    [producer] = service.producers()
    assert producer.legacy_address == "Xóm 5, xã Nga Sơn cũ" and producer.commune_code == "16093"
    guide.start()  # opened again from Help: the producer's place is shown, not empty pickers
    assert guide.place.commune.currentData() == "16093"
    choose(guide.place.commune, "16012")
    assert guide.next()  # moved: the one producer follows
    assert [p.commune_code for p in service.producers()] == ["16012"]


def test_the_producers_address_problem_is_a_note_that_opens_the_producer(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    service = window.context.service
    producer_id, changes = service.save_producer(Producer("HTX Chè Hoàng Hóa", "cooperative"))  # no address
    _product_id, more = service.save_product(Product(sku="CHE-01", name="Chè xanh", producer_id=producer_id))
    window.context.apply(changes | more)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 1)
    page.matrix.setCurrentCell(0, 2)
    problems = [page.problems.item(i) for i in range(page.problems.count())]
    address = next(i for i in problems if "chưa có địa chỉ" in i.text())
    page.problems.setCurrentItem(address)
    page.fix_button.click()  # “Sửa trong sản phẩm…”
    editor = window.products.findChild(ProductEditor)
    qtbot.waitUntil(lambda: editor is not None and editor.isVisible())
    assert editor.problem.isHidden()  # not a red error of the product form, which cannot fix it
    assert not editor.producer_note.isHidden()
    assert "HTX Chè Hoàng Hóa" in editor.producer_note.text.text()
    assert "chưa có địa chỉ" in editor.producer_note.text.text()
    editor.producer_note.open_button.click()
    producer_editor = editor.findChild(ProducerEditor)
    qtbot.waitUntil(lambda: producer_editor is not None and producer_editor.isVisible())
    assert producer_editor.name.text() == "HTX Chè Hoàng Hóa"
    choose(producer_editor.province, "38")
    choose(producer_editor.commune, "16012")
    with qtbot.waitSignal(window.context.changed):
        assert producer_editor.save()
    assert editor.producer_note.isHidden()
    assert service.producers()[0].commune_code == "16012"
    editor.reject()


def test_no_producer_chosen_is_shown_at_the_producer_field(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    product_id, changes = window.context.service.save_product(Product(sku="CHE-02", name="Chè búp"))
    window.context.apply(changes)
    window.fix_problem(product_id, "producer", "Hãy chọn chủ thể.")
    editor = window.products.findChild(ProductEditor)
    assert editor.producer_note.isHidden()
    assert editor.general.error_text("producer_id") == "Hãy chọn chủ thể."  # chosen right there, in the list
    editor.reject()


NAME = "Chè xanh Hoàng Hóa hộp giấy 200 g loại đặc biệt"


def test_the_listing_assistant_gives_a_product_name_room_at_1366(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    window.guide.leave_button.click()
    _product_id, changes = window.context.service.save_product(Product(sku="CHE-03", name=NAME, price=120000))
    window.context.apply(changes)
    window.resize(1366, 768)
    window.go_to("marketplaces")
    page = window.marketplaces
    qtbot.waitUntil(lambda: page.matrix.rowCount() == 1)
    page.matrix.setCurrentCell(0, 2)

    qtbot.waitUntil(lambda: page.assistant_field("Tên sản phẩm") is not None)
    value, copy = page.assistant_field("Tên sản phẩm")
    assert value.text() == NAME and copy.isEnabled()
    metrics = value.fontMetrics()
    # laid out: the value takes the width the Copy button leaves, and wraps at phrases, not at every word
    qtbot.waitUntil(lambda: value.width() >= metrics.horizontalAdvance("Chè xanh Hoàng Hóa hộp giấy"))
    lines = value.heightForWidth(value.width()) // metrics.lineSpacing()
    assert lines <= 2, (value.width(), lines)  # was one word a line: 9 lines in a 55 px column
    matrix = page.matrix
    assert matrix.horizontalScrollBar().maximum() == 0  # the room did not come from the marketplace columns
