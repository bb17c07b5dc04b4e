"""The clerk's second walk (issue #22): the seams a new user tripped on between first start, first stamp and
first listing, each walked again as the clerk would."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow


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
