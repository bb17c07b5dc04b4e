"""Sản phẩm: the product list with search-as-you-type, filters, and the editor."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain import ocop
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.product_editor import ProductEditor
from ocopdesk.gui.file_dialogs import PDF, save_name
from ocopdesk.gui.models.products import NAME_COLUMN, ProductTableModel
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets.tables import ColumnFitter
from ocopdesk.i18n import _, ngettext
from ocopdesk.services import jobs
from ocopdesk.services.changes import Changes
from ocopdesk.services.dossier import DossierReport
from ocopdesk.services.overview import EXPIRY_WARNING_DAYS
from ocopdesk.services.posters import poster_pdf

SEARCH_DEBOUNCE_MS = 40  # a keystroke must show results within 100 ms
PRODUCER_COLUMN = 5


class ProductsPage(QWidget):
    count_changed = Signal()
    show_lots = Signal(str)  # the selected product's SKU: its lots and stamps

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search_box = QLineEdit(placeholderText=_("Search products (with or without diacritics)…"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(
            _(
                "A word typed with its tone marks finds only those marks (trà: not tra, trái); "
                "typed without marks it finds every spelling (tra: trà, trái, tra)."
            )
        )
        self.search_box.setMinimumWidth(220)
        self.group = QComboBox()
        self.group.addItem(_("All OCOP groups"), "")
        for group in ocop.groups():
            self.group.addItem(f"{group.code}. {group.name}", group.code)
        self.stars = QComboBox()
        self.stars.addItem(_("All stars"), None)
        for stars in ocop.STARS:
            self.stars.addItem("★" * stars, stars)
        self.producer = QComboBox()
        for combo in (self.group, self.stars, self.producer):
            # shrink with the window: a 1366-pixel laptop screen must fit the whole row
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18 if combo is not self.stars else 8)
        self.expiring = QCheckBox(_("Certificate expires within {days} days").format(days=EXPIRY_WARNING_DAYS))
        self.model = ProductTableModel(context.service, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # name, A→Z
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.columns = ColumnFitter(self.table, NAME_COLUMN, caps={PRODUCER_COLUMN: 0.3})
        self.table.doubleClicked.connect(lambda index: self.edit(self.model.product_id(index.row())))
        self._layout()
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._debounce.start)
        for combo in (self.group, self.stars, self.producer):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.expiring.toggled.connect(self.apply_filter)
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self.on_catalogue_opened)
        self._fill_producers()
        self.apply_filter()
        self.columns.refit()

    def _layout(self) -> None:
        filters = QHBoxLayout()  # under the search box, so the page fits a 1366-pixel screen
        for widget in (self.group, self.stars, self.producer, self.expiring):
            filters.addWidget(widget)
        filters.addStretch()
        actions = QHBoxLayout()
        actions.addWidget(QPushButton(_("New product"), clicked=self.new_product))
        actions.addWidget(QPushButton(_("Edit"), clicked=self.edit_selected))
        actions.addWidget(QPushButton(_("Delete"), clicked=self.delete_selected))
        actions.addWidget(QPushButton(_("Information QR poster…"), clicked=lambda: self.poster()))
        actions.addWidget(QPushButton(_("Quality dossier…"), clicked=lambda: self.dossier()))
        actions.addWidget(QPushButton(_("Lots and stamps…"), clicked=lambda: self.lots()))
        actions.addStretch()
        column = QVBoxLayout(self)
        column.addWidget(self.search_box)
        column.addLayout(filters)
        column.addWidget(self.table)
        column.addLayout(actions)

    def _fill_producers(self) -> None:
        current = self.producer.currentData()
        self.producer.blockSignals(True)
        self.producer.clear()
        self.producer.addItem(_("All producers"), None)
        for producer in self.context.service.producers():
            self.producer.addItem(producer.name, producer.id)
        self.producer.setCurrentIndex(max(0, self.producer.findData(current)))
        self.producer.blockSignals(False)

    def current_filter(self) -> ProductFilter:
        return replace(
            self.model.filter,
            search=self.search_box.text(),
            ocop_group=self.group.currentData(),
            stars=self.stars.currentData(),
            producer_id=self.producer.currentData(),
            expiring_within_days=EXPIRY_WARNING_DAYS if self.expiring.isChecked() else None,
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.count_changed.emit()

    def on_changed(self, changes: Changes) -> None:
        if changes.producers:
            self._fill_producers()
        if changes.products or changes.producers or changes.media:
            self.model.refresh()
            self.columns.refit()
            self.count_changed.emit()

    def on_catalogue_opened(self) -> None:
        self.model.set_service(self.context.service)
        self._fill_producers()
        self.columns.refit()
        self.count_changed.emit()

    def status_text(self) -> str:
        """What the status bar says while this screen is shown."""
        return ngettext(
            "{shown} of {total} product", "{shown} of {total} products", self.context.service.count_products()
        ).format(shown=self.model.rowCount(), total=self.context.service.count_products())

    def selected_ids(self) -> list[int]:
        return [self.model.product_id(i.row()) for i in self.table.selectionModel().selectedRows()]

    def lots(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.show_lots.emit(self.context.service.summaries(ids[:1])[0].sku)

    def new_product(self) -> ProductEditor:
        return self._open_editor(None)

    def edit(self, product_id: int) -> ProductEditor:
        return self._open_editor(product_id)

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.edit(ids[0])

    def _open_editor(self, product_id: int | None) -> ProductEditor:
        editor = ProductEditor(self.context.service, product_id, self)
        editor.saved.connect(self.context.apply)
        editor.producer_saved.connect(self.context.apply)
        editor.open()
        return editor

    def poster(self, path: str | None = None) -> Path | None:
        """An A5 poster whose QR opens the selected product's page on the traceability website."""
        ids = self.selected_ids()
        if not ids:
            return None
        sku = self.context.service.summaries(ids[:1])[0].sku
        if path is None:
            path = save_name(self, PDF, _("Save the poster"), f"qr-{sku}.pdf", "PDF (*.pdf)", self.context)
        if not path:
            return None
        try:
            written, _url = poster_pdf(self.context.service, Path(path), sku=sku)
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        return written

    def dossier(self, path: str | None = None) -> Task | None:
        """The selected product's quality dossier (PDF) and, beside it, its documents (ZIP) (#25), written in
        the background: a test report's PDF pages take a moment each to draw."""
        ids = self.selected_ids()
        if not ids:
            return None
        sku = self.context.service.summaries(ids[:1])[0].sku
        if path is None:
            path = save_name(self, PDF, _("Save the quality dossier"), f"ho-so-{sku}.pdf", "PDF (*.pdf)", self.context)
        if not path:
            return None
        task = run_task(
            self, _("Writing the quality dossier…"), self.context.service.path, jobs.dossier_job, sku, Path(path)
        )
        task.done.connect(lambda report: self._dossier_written(report))
        task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return task

    def _dossier_written(self, report: DossierReport) -> None:
        text = _("Quality dossier written to {path} ({scans} scanned pages).")
        messages.inform(self, text.format(path=report.pdf, scans=report.scans))

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = ", ".join(s.name for s in self.context.service.summaries(ids[:3])) + (" …" if len(ids) > 3 else "")
        if not messages.confirm(
            self,
            ngettext(
                "Delete {count} product: {names}? This cannot be undone.",
                "Delete {count} products: {names}? This cannot be undone.",
                len(ids),
            ).format(count=len(ids), names=names),
            _("Delete"),
        ):
            return
        changes = Changes()
        try:
            for product_id in ids:
                changes = changes | self.context.service.delete_product(product_id)
        except OcopDeskError as refused:
            messages.warn(self, refused.message)
        self.context.apply(changes)
