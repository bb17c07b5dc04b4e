"""Quét tem: stamp checks read from the web server's own logs (#27) — load a log file or folder, see
checks per day (all stamps, one lot, or the stamp selected in the list), the checked stamps with their
signals, export them as CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.dates import format_date
from ocopdesk.domain.scans import StampScans
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.log_address import LogAddressDialog
from ocopdesk.gui.pages.overview import whole_ticks
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets.verify_box import VerifyBox
from ocopdesk.i18n import _
from ocopdesk.services import scans
from ocopdesk.services.scan_fetch import LOG_LIMITS
from ocopdesk.services.scans import FileReport, LoadReport, ScansView
from ocopdesk.services.web_fetch import FetchLimits

CHART_DAYS = 60  # the chart shows the last days that have checks, one bar each
DATES_FLAT = 12  # up to this many bars the dates stand level under them
ALL_LOTS = ""


class ScansModel(QAbstractTableModel):
    """The checked stamps, one row each; signals as plain Vietnamese sentences."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[StampScans] = []
        self.headers = [_("Serial"), _("Lot"), _("First check"), _("Checks"), _("Networks"), _("Signals")]

    def set_rows(self, rows: list[StampScans]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        s = self.rows[index.row()]
        values = [
            s.serial,
            s.lot,
            format_date(s.first_day),
            s.checks,
            s.networks,
            " ".join(f.explain() for f in s.flags),
        ]
        return values[index.column()]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ScansPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.task: Task | None = None
        self.reading: Task | None = None  # the refresh being read in the background
        self._stale = True  # what is shown is not what the catalogue and the filters say
        self.load_note = ""  # the last load's report, shown under the counts
        self.load_files = QPushButton(_("Load log files…"), clicked=self.choose_files)
        self.load_folder = QPushButton(_("Load a log folder…"), clicked=self.choose_folder)
        self.load_server = QPushButton(_("Fetch logs from the server…"), clicked=self.choose_address)
        self.fetch_limits: FetchLimits = LOG_LIMITS  # tests let a server on 127.0.0.1 through; the clerk never
        self.lot = QComboBox(sizeAdjustPolicy=QComboBox.SizeAdjustPolicy.AdjustToContents, minimumContentsLength=16)
        self.lot.currentIndexChanged.connect(lambda _i: self.refresh())
        self.suspicious = QCheckBox(_("Only suspicious stamps"), toggled=lambda _on: self.refresh())
        self.export = QPushButton(_("Export CSV…"), clicked=self.export_csv)
        self.forget_button = QPushButton(_("Erase all checks…"), clicked=self.forget)
        bar, filters = QHBoxLayout(), QHBoxLayout()  # two rows: fits a 1280-px laptop beside the sidebar
        for widget in (self.load_files, self.load_folder, self.load_server):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export)
        bar.addWidget(self.forget_button)
        for widget in (QLabel(_("Lot:")), self.lot, self.suspicious):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.summary = QLabel(wordWrap=True)
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumHeight(200)
        self.model = ScansModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self.show_chart())
        self.days: list[tuple[dt.date, int]] = []  # the lot's (or every stamp's) checks per day
        self.verifier = VerifyBox(context)  # one stamp in hand: checked here too, not only under Lô & tem
        layout = QVBoxLayout(self)
        layout.addWidget(self.verifier)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.table, 2)
        context.catalogue_opened.connect(self.refresh)
        self.refresh()

    def status_text(self) -> str:
        return _("{n} stamps checked").format(n=self.model.rowCount())

    def refresh(self) -> Task | None:
        """Read what the screen shows in a background process (a catalogue with hundreds of thousands of
        checked stamps takes seconds to read and judge, and the window must not freeze for it). A hidden
        page only notes that it is stale and reads when shown; a refresh asked for while one runs is run
        once more after it, with the filters as they are then. Returns the task reading, if any."""
        self._stale = True
        if not self.context.has_catalogue or not self.isVisible():
            return None
        if self.reading is not None and self.reading.running:
            return self.reading
        self._stale = False
        lot = self.lot.currentData() or None
        self.reading = run_task(
            self,
            _("Reading the stamp checks…"),
            self.context.service.path,
            scans.view_job,
            lot,
            self.suspicious.isChecked(),
        )
        self.reading.done.connect(self._show)
        self.reading.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.reading

    @property
    def settled(self) -> bool:
        """Nothing is being read and nothing is owed: the screen shows the catalogue and the filters."""
        return not self._stale and (self.reading is None or not self.reading.running)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _show(self, view: ScansView) -> None:
        if self._stale:  # the filters or the data changed while this was read: read again, show this meanwhile
            self.refresh()
        self.model.set_rows(view.rows)
        self._fill_lots(view.lots)
        flagged = sum(1 for s in view.rows if s.flags)
        text = _(
            "{stamps} stamps, {checks} checks; {flagged} with a signal. Only counts are kept, no addresses."
        ).format(stamps=len(view.rows), checks=sum(s.checks for s in view.rows), flagged=flagged)
        self.summary.setText(text + (f"\n{self.load_note}" if self.load_note else ""))
        self.days = view.days
        self.show_chart()

    def show_chart(self) -> None:
        """The selected stamp's checks per day; with no stamp selected, the lot's (or all stamps')."""
        row = self.table.currentIndex().row()
        if 0 <= row < len(self.model.rows):
            serial = self.model.rows[row].serial
            days = scans.stamp_days(self.context.service, serial)
            self.chart.setChart(_day_chart(days, _("Checks of stamp {serial} per day").format(serial=serial)))
            return
        lot = self.lot.currentData()
        title = _("Checks of lot {lot} per day").format(lot=lot) if lot else _("Checks per day, all stamps")
        self.chart.setChart(_day_chart(self.days, title))

    def _fill_lots(self, lots: list[str]) -> None:
        current = self.lot.currentData()
        if [self.lot.itemData(i) for i in range(1, self.lot.count())] == lots:
            return
        self.lot.blockSignals(True)
        self.lot.clear()
        self.lot.addItem(_("All lots"), ALL_LOTS)
        for lot in lots:
            self.lot.addItem(lot, lot)
        self.lot.setCurrentIndex(max(0, self.lot.findData(current)))
        self.lot.blockSignals(False)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Web server access logs"))
        if names:
            self.load([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of web server access logs"))
        if folder:
            self.load([Path(folder)])

    def choose_address(self) -> None:
        dialog = LogAddressDialog(self)
        if dialog.exec() and dialog.url.text().strip():
            self.fetch(dialog.url.text().strip(), dialog.auth())

    def fetch(self, url: str, auth: tuple[str, str] | None) -> Task:
        """Fetch and count in a background process; a refusal or a failed download is said in a message."""
        self.task = run_task(
            self, _("Fetching the logs…"), self.context.service.path, scans.load_url_job, url, auth, self.fetch_limits
        )
        self.task.done.connect(self._loaded)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def load(self, paths: list[Path]) -> Task:
        """Count the checks in a background process; the page refreshes when it is done."""
        self.task = run_task(self, _("Reading the logs…"), self.context.service.path, scans.load_job, paths)
        self.task.done.connect(self._loaded)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _loaded(self, report: LoadReport) -> None:
        """The load's report stays under the counts until the next load."""
        text = _("{checks} stamp checks counted in {lines} lines; {malformed} malformed lines skipped.").format(
            checks=report.checks, lines=report.lines, malformed=report.malformed
        )
        samples = [f"{_name(f)}: {s}" for f in report.files for s in f.samples]
        skipped = [f"{_name(f)}: {f.skipped}" for f in report.files if f.skipped]
        self.load_note = text + ("\n" + "\n".join(skipped + samples[:3]) if skipped or samples else "")
        self.summary.setText(self.load_note)
        self.refresh()

    def forget(self) -> None:
        """Privacy: erase every count and log mark (the web server's own log files stay on the host)."""
        if messages.confirm(
            self,
            _("Erase every stamp check and every log mark? The web server's own log files are not touched."),
            _("Erase"),
        ):
            scans.forget(self.context.service)
            self.load_note = ""
            self.refresh()

    def export_csv(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Export CSV"), "quet-tem.csv", "CSV (*.csv)")
        if name:
            scans.export_csv(self.model.rows, Path(name))


def _name(f: FileReport) -> str:
    return f.origin.rsplit("/", 1)[-1] if f.origin else f.path.name


def _day_chart(days: list[tuple[dt.date, int]], title: str) -> QChart:
    """Checks per day as bars (the last CHART_DAYS days with checks), each bar with its count on it and
    its date dd/mm/yyyy under it; with no checks the title says so instead of drawing empty axes."""
    days = days[-CHART_DAYS:]
    chart = QChart()
    chart.legend().hide()
    if not days:
        chart.setTitle(_("No checks yet. Load a web server log to see checks per day."))
        return chart
    chart.setTitle(title)
    bars = QBarSet("")
    bars.setColor("#2e7d32")
    bars.setLabelColor(QColor("#1b1b1b"))  # the theme draws bar labels white: unreadable above a bar
    for _day, n in days:
        bars.append(n)
    series = QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    axis.append([format_date(d) for d, _n in days])
    if len(days) > DATES_FLAT:
        axis.setLabelsAngle(-90)  # dd/mm/yyyy side by side overlap past a dozen bars
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    top, intervals = whole_ticks(max(n for _d, n in days))
    counts.setRange(0, top)
    counts.setTickCount(intervals + 1)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(counts)
    return chart
