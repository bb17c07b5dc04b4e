"""Tổng quan: products by OCOP group and stars, certificates expiring soon (click to open)."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ocopdesk.domain import ocop
from ocopdesk.domain.dates import format_date
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.market_names import shown_name
from ocopdesk.i18n import _, ngettext
from ocopdesk.services import listings, markets
from ocopdesk.services.changes import Changes
from ocopdesk.services.overview import EXPIRY_WARNING_DAYS, Overview, overview

READINESS_LIMIT = 500  # products; beyond, checking them all on every change would slow the overview


class OverviewPage(QWidget):
    open_product = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size: 15px;")
        self.group_chart, self.stars_chart = QChartView(), QChartView()
        for view in (self.group_chart, self.stars_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(240)
        self.expiring = QListWidget()
        self.expiring.itemActivated.connect(self._activate)
        self.expiring.itemClicked.connect(self._activate)
        self.stamps = QLabel(wordWrap=True)
        self.markets = QLabel(wordWrap=True)
        grid = QGridLayout()
        grid.addWidget(_boxed(_("Products by OCOP group"), self.group_chart), 0, 0)
        grid.addWidget(_boxed(_("Products by star rating (valid certificates)"), self.stars_chart), 0, 1)
        grid.addWidget(
            _boxed(_("Certificates expiring within {days} days").format(days=EXPIRY_WARNING_DAYS), self.expiring), 1, 0
        )
        side = QWidget()
        column = QVBoxLayout(side)
        column.addWidget(_boxed(_("Stamps issued per month"), self.stamps))
        column.addWidget(_boxed(_("Ready for each marketplace"), self.markets))
        grid.addWidget(side, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self.refresh)
        self.data: Overview | None = None
        self.dirty = True
        self.refresh()

    def on_changed(self, changes: Changes) -> None:
        if changes.products or changes.producers or changes.batches or changes.settings or changes.media:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty and self.data is not None:
            self._show_readiness(self.data.products)

    def refresh(self) -> None:
        data = self.data = overview(self.context.service)
        self.summary.setText(
            _("{products} products · {producers} producers · {batches} batches").format(
                products=data.products, producers=data.producers, batches=data.batches
            )
        )
        names = {g.code: g.name for g in ocop.groups()}
        groups = [
            (f"{code}. {names[code]}" if code in names else _("No group"), n)
            for code, n in sorted(data.by_group.items(), reverse=True)
        ]
        self.group_chart.setChart(_bar_chart(groups))
        stars = [
            ("★" * s if s else _("No valid certificate"), n) for s, n in sorted(data.by_stars.items(), reverse=True)
        ]
        self.stars_chart.setChart(_bar_chart(stars))
        months = [f"{m[5:]}/{m[:4]}: {n:,}".replace(",", ".") for m, n in data.stamps_per_month]
        self.stamps.setText("  ·  ".join(months) if months else _("No stamps issued yet."))
        self.dirty = True  # readiness is checked when the page is seen: it reads every product
        if self.isVisible():
            self._show_readiness(data.products)
        self.expiring.clear()
        for cert in data.expiring:
            item = QListWidgetItem(f"{format_date(cert.expires_on)}  {'★' * cert.stars}  {cert.name} ({cert.sku})")
            item.setData(Qt.ItemDataRole.UserRole, cert.product_id)
            self.expiring.addItem(item)
        if not data.expiring:
            self.expiring.addItem(_("No certificate expires soon."))

    def _show_readiness(self, products: int) -> None:
        """Ready products per marketplace; a large catalogue is checked on the Marketplaces screen."""
        self.dirty = False
        if not products:
            self.markets.setText(_("No products yet."))
        elif products > READINESS_LIMIT:
            self.markets.setText(
                ngettext(
                    "Open Marketplaces to check {n} product.", "Open Marketplaces to check {n} products.", products
                ).format(n=products)
            )
        else:
            results = listings.check_all(self.context.service)
            self.markets.setText(
                "\n".join(
                    f"{shown_name(m, markets.marketplaces()[m].name)}: {sum(r.ready for r in found)}/{len(found)}"
                    for m, found in results.items()
                )
            )

    def _activate(self, item: QListWidgetItem) -> None:
        product_id = item.data(Qt.ItemDataRole.UserRole)
        if product_id:
            self.open_product.emit(product_id)


def _boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


def _bar_chart(values: list[tuple[str, int]]) -> QChart:
    """Horizontal bars, so long Vietnamese group names stay readable."""
    chart = QChart()
    bars = QBarSet("")
    bars.setColor("#2e7d32")
    for _label, count in values:
        bars.append(count)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([short_label(label) for label, _n in values])
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    top, intervals = whole_ticks(max([n for _l, n in values] + [1]))
    counts.setRange(0, top)
    counts.setTickCount(intervals + 1)
    counts.setMinorTickCount(0)
    chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(counts)
    chart.legend().hide()
    chart.setMargins(chart.margins() * 0)
    return chart


def short_label(label: str, line: int = 24, most: int = 72) -> str:
    """A bar's name on at most two lines, broken between words near the middle: the chart gives its axis
    labels a narrow column and cuts a longer line itself ("3. Dược liệu và sản phẩm từ dượ…"), and a band
    has room for two lines only. Lines grow past `line` characters rather than lose words, so every OCOP
    group's whole name is read ("6. Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch" was cut
    to "…du lịch sinh…", #22); only a name longer than `most` is cut after a whole word with "…"."""
    if len(label) > most:
        cut = label[: most - 1]
        label = (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;–-") + "…"
    if len(label) <= line or " " not in label:
        return label
    middle = len(label) // 2
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    split = min(spaces, key=lambda i: abs(i - middle) - (5 if label[i - 1] in ",;" else 0))  # after a comma
    return f"{label[:split]}<br>{label[split + 1 :]}"


def whole_ticks(largest: int, most: int = 6) -> tuple[int, int]:
    """(top, intervals) for a count axis whose ticks are whole numbers a step of 1, 2 or 5 (×10ⁿ) apart —
    0, 5, 10, 15, 20, 25 — with room past the longest bar for its label. Qt's own ticks divide the range
    evenly, and "%d" then printed 0, 5, 10, 16, 21."""
    largest = max(1, largest)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            intervals = -(-largest // step) + (1 if largest % step == 0 else 0)  # one step of room when exact
            if intervals <= most:
                return step * intervals, intervals
        magnitude *= 10
