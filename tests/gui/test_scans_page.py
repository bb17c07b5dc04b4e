"""The "Quét tem" screen (#27): a log loaded through the window's background runner fills the list, the
chart and the summary; the lot filter and "only suspicious" narrow the list; CSV export writes what
is shown."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.pages.scans import ScansPage
from ocopdesk.services import scans
from ocopdesk.services.scan_fetch import LOG_LIMITS
from tests.gui.conftest import BoxAnswerer
from tests.gui.test_main_window import start_with_demo
from tests.http_server import serve_handler, trusting
from tests.services.test_scan_fetch import host

UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"


def write_log(path: Path) -> None:
    lines = [
        f'198.51.{n}.7 - - [0{n + 1}/Dec/2026:09:00:00 +0700] "GET /01/08930000000019/10/L-A/21/AAAAAAAAA1 '
        f'HTTP/1.1" 200 900 "-" "{UA}"'
        for n in range(5)
    ]
    other = "/01/08930000000019/10/L-B/21/BBBBBBBBB2"
    lines.append(f'203.0.113.9 - - [02/Dec/2026:10:00:00 +0700] "GET {other} HTTP/1.1" 200 9 "-" "{UA}"')
    lines.append("garbage")
    path.write_text("\n".join(lines) + "\n")


def settle_reading(qtbot: QtBot, page: ScansPage) -> None:
    """Wait until no refresh is being read and none is owed."""
    qtbot.waitUntil(lambda: page.settled, timeout=60_000)


def test_loading_a_log_fills_the_screen(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    window.go_to("scans")
    page = window.scan_checks
    assert window.pages.currentWidget() is page and page.model.rowCount() == 0
    write_log(tmp_path / "access.log")
    task = page.load([tmp_path / "access.log"])
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=60_000)
    assert "6 lượt quét" in page.summary.text() and "1 dòng lỗi" in page.summary.text()
    assert window.status_counts.text() == "2 tem đã được quét"
    assert page.model.data(page.model.index(0, 0)) == "AAAAAAAAA1"
    assert "5 mạng khác nhau" in page.model.data(page.model.index(0, 5))  # copied, and never issued
    bars = page.chart.chart().series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [1, 2, 1, 1, 1]  # 1–5 Dec
    page.lot.setCurrentIndex(page.lot.findData("L-B"))
    qtbot.waitUntil(lambda: [s.serial for s in page.model.rows] == ["BBBBBBBBB2"], timeout=60_000)
    page.lot.setCurrentIndex(0)
    page.suspicious.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=60_000)  # both were never issued by this catalogue
    settle_reading(qtbot, page)
    window.grab().save(str(tmp_path / "scans.png"))
    Path("/tmp/t27-scans-page.png").write_bytes((tmp_path / "scans.png").read_bytes())


def test_the_screen_is_read_in_another_process_and_the_last_filters_win(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Reading and judging many checked stamps must not freeze the window: the page reads in a background
    process, reads only when shown, and filters changed while it reads are read once more after it."""
    start_with_demo(qtbot, window)
    write_log(tmp_path / "access.log")
    scans.load(window.context.service, [tmp_path / "access.log"])  # loaded while the page is hidden
    page = window.scan_checks
    assert page.refresh() is None and page.model.rowCount() == 0  # hidden: nothing read yet
    window.go_to("scans")
    assert page.reading is not None and page.reading.running and page.model.rowCount() == 0
    assert page.reading.process.pid != os.getpid()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=60_000)
    settle_reading(qtbot, page)
    first = page.refresh()  # (say a catalogue change) — then two filters change while it reads
    page.suspicious.setChecked(True)
    page.lot.setCurrentIndex(page.lot.findData("L-B"))
    assert page.refresh() is first  # no second reader while one runs
    settle_reading(qtbot, page)
    assert [s.serial for s in page.model.rows] == ["BBBBBBBBB2"]  # both filters, as they are now
    assert page.reading is not first


def chart_bars(page: ScansPage) -> list[tuple[str, int]]:
    """(date label, count) of each bar the chart draws."""
    chart = page.chart.chart()
    if not chart.series():
        return []
    bars = chart.series()[0].barSets()[0]
    dates = chart.axes(Qt.Orientation.Horizontal)[0].categories()
    return [(dates[i], int(bars.at(i))) for i in range(bars.count())]


def test_selecting_a_stamp_charts_its_own_checks_per_day(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    start_with_demo(qtbot, window)
    window.go_to("scans")
    page = window.scan_checks
    settle_reading(qtbot, page)
    assert chart_bars(page) == [] and "Chưa có lượt quét" in page.chart.chart().title()  # the empty state, said
    write_log(tmp_path / "access.log")
    with qtbot.waitSignal(page.load([tmp_path / "access.log"]).done, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=60_000)
    settle_reading(qtbot, page)
    assert chart_bars(page)[1] == ("02/12/2026", 2)  # no stamp selected: every stamp's checks
    page.table.selectRow(0)
    assert page.model.rows[0].serial == "AAAAAAAAA1"
    assert chart_bars(page) == [(f"0{d}/12/2026", 1) for d in range(1, 6)]
    assert "AAAAAAAAA1" in page.chart.chart().title()
    page.table.selectRow(1)
    assert chart_bars(page) == [("02/12/2026", 1)] and "BBBBBBBBB2" in page.chart.chart().title()
    window.resize(1366, 768)
    settle_reading(qtbot, page)
    window.grab().save("/tmp/t27b-stamp-chart.png")


def test_logs_fetched_from_the_server_fill_the_screen_and_a_refusal_is_said(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, boxes: BoxAnswerer
) -> None:
    """ "Tải nhật ký từ máy chủ…": a real HTTP server on 127.0.0.1 behind basic auth serves a gzip log; the
    page fetches and counts it in the background; the same address without the test's escape hatch is
    refused in a Vietnamese message, not a traceback."""
    start_with_demo(qtbot, window)
    window.go_to("scans")
    page = window.scan_checks
    assert page.load_server.text() == "Tải nhật ký từ máy chủ…"
    write_log(tmp_path / "access.log")
    body = gzip.compress((tmp_path / "access.log").read_bytes())
    with serve_handler(host({"/logs/access.log.1.gz": ("application/gzip", body)})) as base:
        page.fetch_limits = trusting(base, max_bytes=LOG_LIMITS.max_bytes)
        with qtbot.waitSignal(page.fetch(f"{base}/logs/access.log.1.gz", ("htx", "mật-khẩu")).done, timeout=60_000):
            pass
        qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=60_000)
        assert "access.log.1.gz" in page.summary.text() and "1 dòng lỗi" in page.summary.text()
        page.fetch_limits = LOG_LIMITS
        boxes.answer("Đồng ý")
        page.fetch(f"{base}/logs/access.log.1.gz", ("htx", "mật-khẩu"))
        qtbot.waitUntil(lambda: len(boxes.texts) == 1, timeout=60_000)
    assert "mạng nội bộ" in boxes.texts[0]
