"""Every screen on the laptops clerks have (1366×768 and 1280×720), with the demo catalogue: no product name
in the rows on screen is cut short, every column title fits, the name column takes the spare width, no empty
band pushes a table down, and the marketplace matrix keeps the names in view while its columns scroll. The
pictures are saved beside the test's files (look at them when a layout changes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.widgets import icons
from tests.gui.layout import cut_headers, elided, visible_rows
from tests.gui.test_main_window import start_with_demo

SIZES = [(1366, 768), (1280, 720)]


def shown(qtbot: QtBot, window: MainWindow, screen: str, size: tuple[int, int], pictures: Path) -> None:
    window.go_to(screen)
    window.resize(*size)
    qtbot.wait(150)  # layouts, the deferred column fitting and the marketplace check settle
    assert window.size().width() == size[0]
    window.grab().save(str(pictures / f"{screen}-{size[0]}x{size[1]}.png"))


@pytest.fixture
def demo(qtbot: QtBot, window: MainWindow) -> MainWindow:
    start_with_demo(qtbot, window)
    qtbot.waitUntil(lambda: window.guide is not None)
    window.guide.leave_button.click()
    return window


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_product_name_or_column_title_is_cut(
    qtbot: QtBot, demo: MainWindow, size: tuple[int, int], tmp_path: Path
) -> None:
    window = demo
    checks = {
        "products": [(window.products.table, 1)],
        "producers": [(window.producers.table, 0)],
        "batches": [(window.batches.table, 0)],
        "marketplaces": [(window.marketplaces.frozen.names, 1)],
        "overview": [(window.overview.expiring, 0)],
    }
    for screen, views in checks.items():
        shown(qtbot, window, screen, size, tmp_path)
        for view, column in views:
            assert len(visible_rows(view)) >= 3, screen  # the test really looked at rows
            assert elided(view, column) == [], f"{screen}: names cut short"
            if screen != "overview":
                assert cut_headers(view) == [], f"{screen}: column titles cut"
    assert cut_headers(window.marketplaces.matrix) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_name_column_takes_the_spare_width(
    qtbot: QtBot, demo: MainWindow, size: tuple[int, int], tmp_path: Path
) -> None:
    for screen, table, name in (
        ("products", demo.products.table, 1),
        ("producers", demo.producers.table, 0),
        ("batches", demo.batches.table, 0),
    ):
        shown(qtbot, demo, screen, size, tmp_path)
        header = table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)]
        assert header.sectionSize(name) == max(widths), screen
        assert header.length() >= table.viewport().width() - 2, f"{screen}: an empty strip right of the columns"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_empty_band_above_the_lots(qtbot: QtBot, demo: MainWindow, size: tuple[int, int], tmp_path: Path) -> None:
    shown(qtbot, demo, "batches", size, tmp_path)
    page = demo.batches
    filter_bottom = page.product_filter.mapTo(page, QPoint(0, page.product_filter.height())).y()
    table_top = page.table.mapTo(page, QPoint(0, 0)).y()
    assert table_top - filter_bottom < 20  # was ~220 px of nothing
    assert page.table.height() > page.height() / 2  # the lots get the height; details sit below
    assert cut_headers(page.table) == []  # "Số lượng" included


def test_the_batch_filter_picks_a_product_from_a_list(qtbot: QtBot, demo: MainWindow) -> None:
    demo.go_to("batches")
    picker = demo.batches.product_filter
    names = [picker.itemText(i) for i in range(picker.count())]
    assert names[0] == "Tất cả sản phẩm" and "Mật ong hoa rừng Như Xuân (MO-NX-500)" in names
    QApplication.sendEvent(picker.lineEdit(), QFocusEvent(QEvent.Type.FocusIn))  # the clerk clicks into it
    qtbot.waitUntil(lambda: picker.lineEdit().selectedText() == "Tất cả sản phẩm")  # typing replaces it
    qtbot.keyClicks(picker.lineEdit(), "mat ong hoa rung")  # no diacritics typed
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered and all("Mật ong hoa rừng" in text for text in offered)
    picker.completer().activated[str].emit(offered[0])
    assert {v.sku for v in demo.batches.views} == {picker.sku()} and picker.sku().startswith("MO-NX-")
    picker.setText("NM-NS-40")  # a scanner types the SKU and Enter
    assert {v.sku for v in demo.batches.views} == {"NM-NS-40"}
    assert demo.batches.table.item(0, 0).text() == "Nước mắm Nghi Sơn 40 độ đạm"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_marketplace_names_stay_in_view_and_problems_are_whole(
    qtbot: QtBot, demo: MainWindow, size: tuple[int, int], tmp_path: Path
) -> None:
    shown(qtbot, demo, "marketplaces", size, tmp_path)
    page = demo.marketplaces
    matrix, names = page.matrix, page.frozen.names
    visible_markets = [c for c in range(2, matrix.columnCount()) if matrix.columnViewportPosition(c) >= 0]
    visible_markets = [c for c in visible_markets if matrix.columnViewportPosition(c) < matrix.viewport().width()]
    assert len(visible_markets) >= 4  # compact columns: most marketplaces at a glance
    last = matrix.columnCount() - 1

    def scrolled_to_the_end() -> bool:
        """Scrolled again on each try: a column fitted late moves the bar's maximum (with two workers busy
        the last column once stood at 417 px in a 402 px view after one scroll and a 50 ms wait)."""
        matrix.horizontalScrollBar().setValue(matrix.horizontalScrollBar().maximum())
        return 0 <= matrix.columnViewportPosition(last) < matrix.viewport().width()

    qtbot.waitUntil(scrolled_to_the_end)
    assert names.isVisible() and names.horizontalScrollBar().value() == 0
    assert elided(names, 1) == []
    window_pic = tmp_path / f"marketplaces-scrolled-{size[0]}.png"
    demo.grab().save(str(window_pic))
    # rows stay side by side down to the last one
    matrix.verticalScrollBar().setValue(matrix.verticalScrollBar().maximum())
    row = matrix.rowCount() - 1
    qtbot.waitUntil(
        lambda: (
            names.visualRect(names.model().index(row, 1)).top()
            == matrix.visualRect(matrix.model().index(row, last)).top()
        )
    )

    # a product with problems: the full text in the cell's tooltip and in the side panel, signs drawn
    row, column = next(
        (r, c)
        for c in range(2, matrix.columnCount())
        for r in range(matrix.rowCount())
        if page.results[page.markets[c - 2].id][r].errors
    )
    matrix.setCurrentCell(row, column)
    readiness = page.results[page.markets[column - 2].id][row]
    index = matrix.model().index(row, column)
    matrix.scrollTo(index)
    spot = matrix.visualRect(index).center()
    QApplication.sendEvent(
        matrix.viewport(), QHelpEvent(QEvent.Type.ToolTip, spot, matrix.viewport().mapToGlobal(spot))
    )
    for problem in readiness.problems:
        assert problem.message in QToolTip.text()
    listed = [page.problems.item(i) for i in range(page.problems.count())]
    assert [item.text() for item in listed] == [p.message for p in readiness.problems]
    assert page.problems.wordWrap()
    for item in listed:
        assert not item.icon().isNull() and not any(ch in item.text() for ch in "⛔⚠")


def test_status_signs_are_drawn_without_a_font() -> None:
    for name in icons.NAMES:
        assert b"<text" not in icons.svg(name)  # shapes only: no glyph a font could lack
        image: QImage = icons.icon(name).pixmap(16, 16).toImage()
        inked = sum(image.pixelColor(x, y).alpha() > 0 for x in range(16) for y in range(16))
        assert inked > 40, name


def test_the_window_fits_a_laptop_with_a_taskbar(demo: MainWindow) -> None:
    for screen in ("overview", "products", "producers", "batches", "marketplaces"):
        demo.go_to(screen)
        hint = demo.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 650, (screen, hint)  # 720 minus title and taskbar
    assert Qt.WindowType.Window & demo.windowFlags()
