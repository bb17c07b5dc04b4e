"""Lists in Vietnamese order (issue #22, seam 7): the domain's collation key agrees with Qt's ICU collator
for "vi" on every province and commune name (and the 63 provinces before 07/2025), and the clerk's lists
use it."""

from __future__ import annotations

import csv
from functools import cmp_to_key

from PySide6.QtCore import QCollator, QLocale
from pytestqt.qtbot import QtBot

from ocopdesk.bundled import resource
from ocopdesk.domain import address
from ocopdesk.domain.collation import collation_key
from ocopdesk.gui.dialogs.producer_editor import ProducerEditor
from ocopdesk.gui.main_window import MainWindow


def icu_sorted(names: list[str]) -> list[str]:
    collator = QCollator(QLocale("vi_VN"))
    return sorted(names, key=cmp_to_key(collator.compare))


def test_the_key_orders_every_province_and_commune_as_icu_does() -> None:
    provinces = list(address.provinces().values())
    communes = [c.name for c in address.communes().values()]
    with resource("admin_units", "provinces-before-2025-07.csv").open(encoding="utf-8") as handle:
        old = [row["old_province"] for row in csv.DictReader(handle)]
    assert (len(provinces), len(communes)) == (34, 3321) and len(old) >= 28
    for names in (provinces, communes, old):
        assert sorted(names, key=collation_key) == icu_sorted(names)


def test_tricky_words_in_the_order_of_a_vietnamese_dictionary() -> None:
    words = ["ạ", "a", "Ă", "ả", "ấ", "đa", "dz", "à", "á", "ã", "â", "e", "ê", "Ơ", "ô", "o", "ư", "u"]
    words += ["Hà Nội", "Hải", "Hà Tĩnh", "hà", "Hạ Long"]
    assert sorted(words, key=collation_key) == icu_sorted(words)
    assert sorted(["ĐVT", "Giá", "Đơn giá", "Dung tích"], key=collation_key) == ["Dung tích", "Đơn giá", "ĐVT", "Giá"]


def test_the_province_list_reads_in_vietnamese_order(qtbot: QtBot, window: MainWindow) -> None:
    window.welcome.new_button.click()
    editor = ProducerEditor(window.context.service, parent=window)
    qtbot.addWidget(editor)
    shown = [editor.province.itemText(i) for i in range(1, editor.province.count())]
    assert shown.index("Hà Nội") < shown.index("Huế")
    assert shown.index("Cần Thơ") < shown.index("Đà Nẵng") < shown.index("Đắk Lắk") < shown.index("Gia Lai")
    assert shown == icu_sorted(shown)
