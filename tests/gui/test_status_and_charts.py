"""Small things that looked broken: the status bar speaks of the screen in view, and chart axes count in whole
numbers a round step apart."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.pages.overview import whole_ticks
from tests.gui.test_main_window import start_with_demo


def test_the_status_bar_follows_the_screen(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    qtbot.waitUntil(lambda: window.guide is not None)
    assert window.status_counts.text() == ""  # the guide counts nothing
    expected = {
        "products": "32 / 32 sản phẩm",
        "producers": "8 cơ sở sản xuất",
        "batches": "60 lô",
        "marketplaces": "Đã kiểm tra 32 sản phẩm",
        "overview": "",
    }
    for screen, text in expected.items():
        window.go_to(screen)
        qtbot.waitUntil(lambda text=text: window.status_counts.text() == text)
    window.go_to("batches")
    window.batches.product_filter.set_sku("MO-NX-500")
    assert window.status_counts.text() == "2 lô"


@pytest.mark.parametrize("largest", [1, 3, 5, 10, 16, 19, 21, 32, 99, 100, 457, 1234, 100_000])
def test_count_axes_step_by_whole_round_numbers(largest: int) -> None:
    top, intervals = whole_ticks(largest)
    step = top // intervals
    assert top % intervals == 0 and top > largest and intervals <= 6
    assert int(str(step).rstrip("0") or "0") in (1, 2, 5)


def test_the_overview_charts_read_0_5_10_15_20(qtbot: QtBot, window: MainWindow) -> None:
    start_with_demo(qtbot, window)
    window.go_to("overview")
    chart = window.overview.group_chart.chart()
    axis = next(a for a in chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QValueAxis))
    ticks = [axis.min() + i * (axis.max() - axis.min()) / (axis.tickCount() - 1) for i in range(axis.tickCount())]
    assert ticks == [0, 5, 10, 15, 20]  # 19 food products; Qt's own ticks read 0, 5, 10, 16, 21
