"""Đăng lên sàn: which products are ready for which marketplace, what to fix (a double-click opens
the product at the field, or the category picker), the product's category by name and how photos
reach the marketplace (marketplace_panels), a listing assistant with a Copy button per field for
the seller web forms, the export of a bundle (in a worker process, with progress and Cancel), and
the status of each listing — exported, changed since export, listed at an address the clerk pastes
back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.listing import ERROR, ListingStatus
from ocopdesk.gui import file_dialogs as files
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.category_dialog import CategoryDialog
from ocopdesk.gui.market_names import shown_name
from ocopdesk.gui.pages.marketplace_panels import CategoryPanel, PhotoPanel, ShippingPanel
from ocopdesk.gui.seller_templates import remember_template, remembered_template, template_label
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets import icons
from ocopdesk.gui.widgets.external import open_external
from ocopdesk.gui.widgets.status_cells import CellStatus, Index, StatusDelegate
from ocopdesk.gui.widgets.tables import FrozenNames
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _, current_language, ngettext
from ocopdesk.services import categories, jobs, listings, markets
from ocopdesk.services.changes import Changes
from ocopdesk.services.listing_export import ExportReport
from ocopdesk.services.listing_files import kit_fields
from ocopdesk.services.listings import BUNDLE, HOST
from ocopdesk.services.readiness import Readiness

if TYPE_CHECKING:  # names for annotations only: the GUI reaches marketplaces through services
    from ocopdesk.marketplaces.base import Marketplace

_READY, _BLOCKED = QColor("#e3f4e6"), QColor("#fdecea")
_FIXED_COLUMNS = 2  # SKU, name
_LEFT_OUT_SHOWN = 6  # products named (with a reason) in the export summary; the rest are counted
CHECK_IN_BACKGROUND_FROM = 1000  # products
_VALUE_CHARACTERS = 18  # a listing value's least width: a product name in a few lines, not one word a line
_SIDE_CHARACTERS = 52  # the side column's least width: a product name and its price read whole beside Copy


class MarketplacesPage(QWidget):
    open_problem = Signal(int, str, str)  # product id, field, message
    notify = Signal(str)  # a short message for the status bar
    publish_requested = Signal()  # upload the website folder (the photos were just put in it)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.markets = list(markets.marketplaces().values())
        self.results: dict[str, list[Readiness]] = {}
        self.task: Task | None = None
        self.category_task: Task | None = None
        self.template: Path | None = None
        self._build_matrix()
        self._build_side_widgets()
        self._build_layout()
        self.dirty = True
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self._stale)

    def _build_matrix(self) -> None:
        """The product × marketplace table, product names frozen on the left."""
        self.matrix = QTableWidget(0, _FIXED_COLUMNS + len(self.markets))
        # Names of several words break into lines ("TikTok / Shop", "CSV / XLSX / JSON"): the columns are
        # then as narrow as their cells, and every marketplace fits beside the names at 1366 px.
        # The plain export is named by what it is, in words; its formats ("CSV / XLSX / JSON") read as English
        # above a column (#22) and stay in the tooltip.
        names = [shown_name(m.id, m.name) for m in self.markets]
        titles = [name.replace(" / ", "\n").replace(" ", "\n") for name in names]
        self.matrix.setHorizontalHeaderLabels([_("SKU"), _("Product"), *titles])
        for column, market in enumerate(self.markets, _FIXED_COLUMNS):
            self.matrix.horizontalHeaderItem(column).setToolTip(market.name)
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.matrix.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.matrix.verticalHeader().setVisible(False)
        self.matrix.currentCellChanged.connect(lambda *_args: self._show_cell())
        self.matrix.horizontalHeader().sectionClicked.connect(self._choose_market)  # a marketplace by its title
        self.matrix.setItemDelegate(StatusDelegate(self._cell_status, self.matrix))
        self.matrix.verticalHeader().setDefaultSectionSize(28)
        self.frozen = FrozenNames(self.matrix, name_column=1, hidden=(0,))  # SKU: in the tooltip and panel

    def _build_side_widgets(self) -> None:
        """The problem list, the listing assistant, the export controls and the two panels."""
        self.summary = QLabel(wordWrap=True)
        self.problems = QListWidget(wordWrap=True)
        self.problems.itemDoubleClicked.connect(self._fix)
        self.fix_button = QPushButton(
            _("Fix in the product…"), clicked=lambda: self._fix(self.problems.currentItem() or self.problems.item(0))
        )
        self.assistant = QWidget()
        self.assistant_grid = QGridLayout(self.assistant)
        self.assistant_grid.setColumnStretch(0, 1)  # the values take the width the Copy buttons leave (#22)
        self._assistant_scroll = QScrollArea(widgetResizable=True)
        self._assistant_scroll.setWidget(self.assistant)
        self._assistant_scroll.setMinimumHeight(150)  # the boxes above must not crush the fields
        self._assistant_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # a short hint that fits the side column (the sentence was cut, #22); the whole of it in the tooltip
        self.listed_url = QLineEdit(placeholderText=_("Listing address on the marketplace"))
        self.listed_url.setToolTip(_("Listing address on the marketplace, once it is online"))
        self.status = QLabel(wordWrap=True)
        self.export_button = QPushButton(clicked=lambda: self.export())
        self.check_button = QPushButton(_("Check again"), clicked=lambda: self.refresh())
        self.export_note = QLabel()  # "Preparing the bundle…", shown the moment an export starts
        self.export_note.setStyleSheet("font-weight: 600;")
        self.export_note.hide()
        self.template_button = QPushButton(_("Use my seller-centre template…"), clicked=lambda: self.choose_template())
        self.include_unready = QCheckBox(_("Also products that are not ready"))
        self.categories_button = QPushButton(_("Categories…"), clicked=lambda: self.edit_categories())
        self.category_panel = CategoryPanel(self.context)
        self.category_panel.changed.connect(lambda: self.refresh())
        self.category_panel.pick.connect(lambda: self.edit_categories())
        self.shipping_panel = ShippingPanel(self.context)
        self.photo_panel = PhotoPanel(self.context)
        self.photo_panel.changed.connect(lambda: self.refresh())
        self.photo_panel.notify.connect(self.notify)
        self.photo_panel.publish_requested.connect(self.publish_requested)

    def _build_layout(self) -> None:
        """Actions on top, the photo panel, then the table beside the side column."""
        splitter = QSplitter()
        splitter.addWidget(self.frozen)
        splitter.addWidget(self._side_column())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(self.check_button)
        top.addWidget(self.categories_button)
        top.addStretch(1)
        top.addWidget(self.template_button)
        top.addWidget(self.include_unready)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.export_note)
        layout.addWidget(self.photo_panel)
        layout.addWidget(splitter, 1)

    def _side_column(self) -> QScrollArea:
        """Summary, category panel, problems and the listing assistant, one above the other. The column
        scrolls up and down as a whole on a short screen (1280×720 with a taskbar) instead of making the
        window taller, and never sideways: the splitter keeps it as wide as its widest row (the Save
        address button), and long texts wrap at the column's width instead of running past its edge."""
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.shipping_panel)  # first: what is read in the background grows below its boxes (#22)
        column.addWidget(self.summary)
        column.addWidget(self.category_panel)
        column.addWidget(WrappingLabel(_("What to fix (double-click to open the product)")))
        column.addWidget(self.problems, 1)
        column.addWidget(self.fix_button)
        box = QGroupBox(_("Listing assistant"))  # a group box title never wraps: the how-to goes below it
        inner = QVBoxLayout(box)
        inner.addWidget(WrappingLabel(_("Copy each field into the seller form.")))
        inner.addWidget(self._assistant_scroll, 2)
        inner.addWidget(self.status)
        row = QHBoxLayout()
        row.addWidget(self.listed_url, 1)
        row.addWidget(QPushButton(_("Save address"), clicked=lambda: self.save_listed()))
        inner.addLayout(row)
        column.addWidget(box, 2)
        side = QScrollArea(widgetResizable=True)
        side.setFrameShape(QScrollArea.Shape.NoFrame)
        side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side.setWidget(right)
        self.side = side
        self._keep_side_whole()
        return side

    # -- data ----------------------------------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        if changes.products or changes.media or changes.batches or changes.producers or changes.settings:
            self._stale()

    def _stale(self) -> None:
        """Checking every product for every marketplace is work: do it when the page is seen."""
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        """Small catalogues are checked at once; larger ones in a worker process, so the window
        never freezes (about 0.3 s per thousand products)."""
        if not self.context.has_catalogue:
            return
        self.dirty = False
        service = self.context.service
        ids = [m.id for m in self.markets]
        if service.count_products() > CHECK_IN_BACKGROUND_FROM:
            if self.task is not None and self.task.running:
                self.dirty = True
                return
            self.task = run_task(self, _("Checking the products…"), service.path, jobs.readiness_job, ids)
            self.task.done.connect(self._show_results)
            self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
            return
        try:
            self._show_results(listings.check_all(service, ids))
        except OcopDeskError as failure:
            messages.warn(self, failure.message)

    def _show_results(self, results: dict[str, list[Readiness]]) -> None:
        self.results = results
        self.category_panel.forget()  # a list loaded or a rule added since: suggest afresh
        states = listings.statuses(self.context.service)
        first = self.results[self.markets[0].id] if self.markets else []
        self.matrix.setRowCount(len(first))
        for row, readiness in enumerate(first):
            self.matrix.setItem(row, 0, QTableWidgetItem(readiness.sku))
            self.matrix.setItem(row, 1, QTableWidgetItem(readiness.name))
            for col, market in enumerate(self.markets, _FIXED_COLUMNS):
                result = self.results[market.id][row]
                errors = len(result.errors)
                text = _("ready") if not errors else ngettext("{n} problem", "{n} problems", errors).format(n=errors)
                state = states.get((result.product_id, market.id))
                if state is not None:
                    if state.listed_url:
                        text += " · " + _("listed")
                    elif state.changed_since_export:
                        text += " · " + _("changed since export")
                    elif state.exported_at:
                        text += " · " + _("exported")
                item = QTableWidgetItem(text)
                item.setBackground(QBrush(_READY if not errors else _BLOCKED))
                item.setData(Qt.ItemDataRole.UserRole, result.product_id)
                self.matrix.setItem(row, col, item)
        self.matrix.resizeColumnsToContents()
        if self.matrix.currentRow() < 0 and first:
            self.matrix.setCurrentCell(0, _FIXED_COLUMNS)
        self._show_cell()

    def _choose_market(self, column: int) -> None:
        """Clicking a marketplace's title shows that marketplace, on the product already chosen (or the first)."""
        if column >= _FIXED_COLUMNS and self.matrix.rowCount():
            self.matrix.setCurrentCell(max(self.matrix.currentRow(), 0), column)

    def selected(self) -> tuple[Readiness | None, int]:
        """The readiness in the selected cell and its marketplace index (the first one on the
        product's own columns)."""
        row, col = self.matrix.currentRow(), self.matrix.currentColumn()
        index = max(col - _FIXED_COLUMNS, 0)
        if row < 0 or not self.markets:
            return None, index
        return self.results[self.markets[index].id][row], index

    def _cell_status(self, index: Index) -> CellStatus | None:
        """How a marketplace cell is drawn: a sign, the number of problems, the listing's state, and every
        problem in full in the tooltip (layout only: it reads what `_show_results` put there)."""
        column = index.column() - _FIXED_COLUMNS
        if column < 0 or column >= len(self.markets):
            return None
        market = self.markets[column]
        found = self.results.get(market.id, [])
        if index.row() >= len(found):
            return None
        readiness = found[index.row()]
        errors = len(readiness.errors)
        warnings = len(readiness.problems) - errors
        text = str(index.data() or "")
        tail = text.split(" · ", 1)[1] if " · " in text else ""
        listing = {_("listed"): "listed", _("changed since export"): "changed", _("exported"): "exported"}
        lines = [f"{readiness.name} — {market.name}: {text}"]
        lines += [f"• {problem.message}" for problem in readiness.problems]
        return CellStatus(
            sign="error" if errors else "warning" if warnings else "ready",
            count=errors or warnings,
            listing=listing.get(tail, ""),
            tooltip="\n".join(lines),
        )

    # -- the right-hand side -------------------------------------------------------------------

    def _show_cell(self) -> None:
        readiness, index = self.selected()
        market = self.markets[index] if self.markets else None
        if market is not None:
            ready = sum(r.ready for r in self.results.get(market.id, []))
            self.export_button.setText(_("Export the bundle for {market}…").format(market=market.name))
            self.template_button.setVisible(market.takes_template)
            self.template_button.setText(template_label(remembered_template(self.context, market.id)))
            self.summary.setText(
                _("{market}: {ready} of {total} products are ready.").format(
                    market=market.name, ready=ready, total=len(self.results.get(market.id, []))
                )
            )
        self.problems.clear()
        while self.assistant_grid.count():
            widget = self.assistant_grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted when the event loop next runs
                widget.deleteLater()
        self.photo_panel.show_for(market, self.results.get(market.id, []) if market else [])
        self.category_panel.show_for(readiness, market)
        self.shipping_panel.show_for(market)
        if readiness is None or market is None:
            return
        for problem in readiness.problems:
            item = QListWidgetItem(icons.icon("error" if problem.severity == ERROR else "warning"), problem.message)
            item.setToolTip(problem.message)
            item.setData(Qt.ItemDataRole.UserRole, (readiness.product_id, problem.field, problem.message))
            self.problems.addItem(item)
        if not readiness.problems:
            self.problems.addItem(_("Nothing to fix for {market}.").format(market=market.name))
        fields = kit_fields(readiness.listing, current_language())
        if market.needs_category:
            fields.append((_("Category"), readiness.listing.category_name))
        for row, (label, value) in enumerate(fields):
            self._add_assistant_field(2 * row, label, value)
        state = listings.statuses(self.context.service, market.id).get((readiness.product_id, market.id))
        self.listed_url.setText(state.listed_url if state else "")
        self.status.setText(self._status_text(state))
        QTimer.singleShot(0, self, self._keep_side_whole)  # once the new fields are shown (Qt shows them later)

    def _add_assistant_field(self, row: int, label: str, value: str) -> None:
        """The label on its own line, the value under it beside its Copy button: side by side with the label
        the value had ~55 px at 1366 (a product name one word a line), and the side column has no more room
        (every marketplace column stays in view beside the names)."""
        name = QLabel(label)
        name.setStyleSheet("color: #555555;")
        self.assistant_grid.addWidget(name, row, 0, 1, 2)
        shown = QLabel(value if len(value) < 90 else value[:87] + "…", wordWrap=True)
        shown.setMinimumWidth(shown.fontMetrics().averageCharWidth() * _VALUE_CHARACTERS)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.assistant_grid.addWidget(shown, row + 1, 0)
        button = QPushButton(_("Copy"))
        button.setEnabled(bool(value))
        button.clicked.connect(lambda _checked=False, text=value: self.copy(text))
        self.assistant_grid.addWidget(button, row + 1, 1)

    def assistant_field(self, label: str) -> tuple[QLabel, QPushButton] | None:
        """The listing assistant's value and Copy button for the field shown as `label` (for tests)."""
        grid = self.assistant_grid
        for row in range(0, grid.rowCount(), 2):
            name = grid.itemAtPosition(row, 0)
            if name is not None and name.widget().text() == label:
                return grid.itemAtPosition(row + 1, 0).widget(), grid.itemAtPosition(row + 1, 1).widget()  # type: ignore[return-value]
        return None

    def _keep_side_whole(self) -> None:
        """The side column is never narrower than its content's narrowest layout (it has no sideways
        scroll bar): the splitter takes the room from the matrix, whose columns scroll."""
        fields = (
            self.assistant_grid.totalMinimumSize().width()
            + self._assistant_scroll.verticalScrollBar().sizeHint().width()
        )
        self._assistant_scroll.setMinimumWidth(fields + 2 * self._assistant_scroll.frameWidth())
        content = self.side.widget()
        # the boxes between the assistant and the column still hold minimums from before the one just set:
        # let them recompute now, or the column is measured too narrow and cuts the Copy buttons (#22)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        needed = content.layout().totalMinimumSize().width() + self.side.verticalScrollBar().sizeHint().width()
        needed = max(needed, self.fontMetrics().averageCharWidth() * _SIDE_CHARACTERS)
        if needed > self.side.minimumWidth():
            self.side.setMinimumWidth(needed)

    def _status_text(self, state: ListingStatus | None) -> str:
        if state is None or not state.exported_at:
            return _("Not exported yet.")
        text = _("Exported on {date} in {bundle}.").format(date=state.exported_at[:10], bundle=state.bundle)
        if state.changed_since_export:
            text += " " + _("The product changed since: export again.")
        return text

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.notify.emit(_("Copied."))

    def _fix(self, item: QListWidgetItem | None) -> None:
        """A product's own field opens the product; a category opens the picker; the image host is
        fixed on this screen (the photo box says how)."""
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            return
        if data[1] == "category":
            self.edit_categories()
        elif data[1] == "shipping":
            self.side.ensureWidgetVisible(self.shipping_panel)
            self.shipping_panel.setFocus()
            self.notify.emit(
                _("Tick your shop's shipping channels in “Shipping on {market}”.").format(
                    market=self.markets[self.selected()[1]].name
                )
            )
        elif data[1] == "image_host":
            self.photo_panel.setFocus()
            self.notify.emit(_("See “Photos” above: two ways to get the photos to the marketplace."))
        else:
            self.open_problem.emit(*data)

    def save_listed(self) -> None:
        readiness, index = self.selected()
        if readiness is None:
            return
        try:
            listings.mark_listed(self.context.service, readiness.sku, self.markets[index].id, self.listed_url.text())
        except OcopDeskError as failure:
            messages.warn(self, failure.message)
            return
        self.refresh()

    # -- export --------------------------------------------------------------------------------

    def choose_template(self, path: str | None = None) -> None:
        if path is None:
            path = files.open_name(self, files.TEMPLATE, _("Mass-upload template"), "Excel (*.xlsx)", self.context)
        self.template = Path(path) if path else None
        if self.markets:  # kept on this computer: the next export and the next session use it too
            market = self.markets[self.selected()[1]]
            remember_template(self.context, market.id, self.template)
            if self.template is not None:
                self._read_template(market, self.template)
        self.template_button.setText(template_label(self.template))

    def _read_template(self, market: Marketplace, template: Path) -> Task | None:
        """What the chosen template carries besides its layout: the shop's shipping channels, then the
        category list — one after the other, so two background writers never wait on each other."""
        if market.shipping is None:
            return self._load_categories(market, template) if market.needs_category else None
        task = self.shipping_panel.read_template(market, template)
        if market.needs_category:  # a template without channels may still carry the list
            task.done.connect(lambda _result: self._load_categories(market, template))
            task.failed.connect(lambda _message, _details: self._load_categories(market, template))
        return task

    def _load_categories(self, market: Marketplace, template: Path) -> Task | None:
        """The template chosen for the export carries the marketplace's category list too: read it now, so
        the category picker offers the full list (the fresh walk chose the template, then the picker said
        "not loaded: only 15 categories"). A template without a list leaves the one there is, silently:
        the clerk asked for an export template, not for a list."""
        info = categories.list_info(self.context.service, market.id)
        if info is not None and info.source == template.name:
            return None
        self.category_task = run_task(
            self,
            _("Reading the category list…"),
            self.context.service.path,
            categories.load_list_job,
            market.id,
            template,
        )
        self.category_task.done.connect(lambda result: self.context.apply(result[1]))
        return self.category_task

    def edit_categories(self) -> CategoryDialog:
        """The category picker for the selected product on the selected marketplace."""
        readiness, index = self.selected()
        dialog = CategoryDialog(self.context, self.markets[index], readiness.sku if readiness else None, self)
        dialog.accepted.connect(lambda: self.refresh())
        dialog.open()
        return dialog

    def export(self, path: str | None = None) -> Task | None:
        _readiness, index = self.selected()
        if not self.markets:
            return None
        market = self.markets[index]
        if path is None and self._nothing_to_export(market):
            return None
        if path is None:
            title, name = _("Save the bundle"), f"{market.id}.zip"
            path = files.save_name(self, files.BUNDLE, title, name, "ZIP (*.zip)", self.context)
        if not path:
            return None
        template = remembered_template(self.context, market.id) if market.takes_template else None
        title = _("Preparing the bundle for {market}…").format(market=market.name)
        self._export_busy(title)
        self.task = run_task(
            self,
            title,
            self.context.service.path,
            jobs.export_job,
            market.id,
            Path(path),
            template,
            self.include_unready.isChecked(),
        )
        self.task.done.connect(lambda _report: self._export_busy(""))
        self.task.failed.connect(lambda _message, _details: self._export_busy(""))
        self.task.done.connect(self._exported)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _export_busy(self, text: str) -> None:
        """While an export runs (about a second, and the progress window waits half of it before it shows):
        say so in the window at once, show a busy cursor and keep the buttons that would start another
        export or change this one from being pressed again. An empty `text` ends it."""
        busy = bool(text)
        for widget in (
            self.export_button,
            self.template_button,
            self.categories_button,
            self.check_button,
            self.include_unready,
        ):
            widget.setEnabled(not busy)
        self.export_note.setText(text)
        self.export_note.setVisible(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _nothing_to_export(self, market: Marketplace) -> bool:
        """Before asking where to save: no product is ready, so the bundle would be empty. Says why, and when
        photos are part of it offers the way this screen has (photos in the bundle) as the answer's button."""
        found = self.results.get(market.id, [])
        if self.include_unready.isChecked() or not found or any(r.ready for r in found):
            return False
        text = _("No product is ready for {market} yet: the bundle would be empty.").format(market=market.name)
        photos = sum(any(p.field == "image_host" for p in r.errors) for r in found)
        if photos and listings.photo_way(self.context.service, market.id) == HOST:
            way = _("Photos in the bundle instead")
            text += "\n" + _(
                "{n} of them lack photos that {market} can fetch. “{way}” puts the photos in the bundle: you "
                "add them in the seller centre yourself."
            ).format(n=photos, market=market.name, way=way)
            if messages.offer(self, text, "", way):
                self.photo_panel.switch_way()
            return True
        text += "\n" + _("Fix what “What to fix” lists, or tick “{unready}” to export them anyway.").format(
            unready=self.include_unready.text()
        )
        messages.warn(self, text)
        return True

    def _left_out_text(self, report: ExportReport) -> str:
        """The products left out, each by name and code (a code never split over two lines) with its first
        reason, at most a few, then how many more and where the rest are: the third walk saw 21 bare codes."""
        names = {r.sku: r.name for results in self.results.values() for r in results}
        skus = list(report.left_out)
        lines = [
            f"• {names.get(sku, sku)} ({unbroken(sku)})"
            + (f": {report.left_out[sku][0]}" if report.left_out[sku] else "")
            for sku in skus[:_LEFT_OUT_SHOWN]
        ]
        if len(skus) > _LEFT_OUT_SHOWN:
            lines.append(
                _("… and {n} more: each one's red cell on this screen lists what to fix.").format(
                    n=len(skus) - _LEFT_OUT_SHOWN
                )
            )
        return "\n".join([_("Left out, not ready yet ({n}):").format(n=len(skus)), *lines])

    def _exported(self, report: ExportReport) -> None:
        text = _("Bundle written to {path}: {count} products, {images} photos.").format(
            path=report.out, count=len(report.exported), images=report.images
        )
        if report.left_out:
            text += "\n" + self._left_out_text(report)
        if report.url_failures:
            text += "\n" + _(
                "{n} image addresses do not answer yet: publish the image folder, then export again."
            ).format(n=len(report.url_failures))
        if report.photo_way == BUNDLE:
            text += "\n" + _("The photos are in the bundle: add them in the seller centre as HUONG-DAN.txt says.")
        if messages.inform_with(self, text, _("Open folder")):
            open_external(self, QUrl.fromLocalFile(str(Path(report.out).parent)))
        self.refresh()


def unbroken(code: str) -> str:
    """`code` with non-breaking hyphens (U+2011): a message box wrapped "MO-NX-" at one line's end and
    "500" at the next one's, and a clerk read two codes."""
    return code.replace("-", "\u2011")
