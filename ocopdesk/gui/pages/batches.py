"""Lô & tem: production batches and their process timeline (stamps plug in here)."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.batch import EVENT_KINDS
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.label import LabelTemplate
from ocopdesk.gui import messages
from ocopdesk.gui.address import AddressDialog, ask_for_address, has_address
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.batch_editor import BatchEditor, EventEditor, LotRenameDialog
from ocopdesk.gui.dialogs.stamp_history import StampHistoryDialog
from ocopdesk.gui.dialogs.stamp_print_dialog import StampPrintDialog
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.gui.widgets.product_picker import ProductPicker
from ocopdesk.gui.widgets.tables import ColumnFitter
from ocopdesk.gui.widgets.verify_box import VerifyBox
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _, ngettext
from ocopdesk.services import jobs
from ocopdesk.services.catalog import BatchView
from ocopdesk.services.catalog_choices import product_choices
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import load_profile
from ocopdesk.services.stamp_print import preferred_stock
from ocopdesk.services.stamps import counts as stamp_counts


class BatchesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.product_filter = ProductPicker()
        self.product_filter.sku_changed.connect(lambda _sku: self.refresh())
        self.sku_filter = self.product_filter  # the name of the SKU box it replaced (scripts and tests use it)
        self.message = _Note()
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Lot"), _("Lot name"), _("Produced"), _("Expires"), _("Quantity")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._show_events)
        self.columns = ColumnFitter(self.table, stretch=0)  # the product name takes the spare width
        self.events = _Timeline()
        timeline = QGroupBox(_("Process timeline"))
        column = QVBoxLayout(timeline)
        column.addWidget(self.events, 1)
        column.addWidget(QPushButton(_("Add event…"), clicked=self.add_event))
        # Under the table, not beside it: the table keeps the window's whole width, so a laptop screen shows
        # every product name and date in full; the selected lot's timeline and stamps sit side by side below.
        details = QWidget()
        row = QHBoxLayout(details)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(timeline, 1)
        row.addWidget(self._stamp_box(), 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Product:")))
        top.addWidget(self.product_filter, 1)
        top.addWidget(QPushButton(_("New batch…"), clicked=self.add_batch))
        top.addWidget(QPushButton(_("Rename lot…"), clicked=self.rename_lot))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)  # the table takes the height: no empty band above it
        context.changed.connect(self.on_changed)
        context.catalogue_opened.connect(self._catalogue_opened)
        self.views: list[BatchView] = []
        self.task: Task | None = None
        self.address_dialog: AddressDialog | None = None
        self.dirty = False
        self._catalogue_opened()

    def _catalogue_opened(self) -> None:
        """Filled when first seen, not on the way to the first screen: judging every saved code against
        today's rule (code_problems) is most of a large catalogue's opening otherwise (issue #28)."""
        self.dirty = True
        if self.isVisible():
            self._fill_and_refresh()

    def _fill_and_refresh(self) -> None:
        self.dirty = False
        self._fill_products()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.dirty:
            self._fill_and_refresh()

    def _fill_products(self) -> None:
        """The filter lists every product, so a clerk with no batch yet can choose one; a very large
        catalogue lists the products that have batches, to stay quick to open."""
        self.product_filter.blockSignals(True)
        self.product_filter.set_products(product_choices(self.context.service))
        self.product_filter.blockSignals(False)

    def status_text(self) -> str:
        return ngettext("{n} batch", "{n} batches", len(self.views)).format(n=len(self.views))

    def _stamp_box(self) -> QGroupBox:
        box = QGroupBox(_("Traceability stamps"))
        column = QVBoxLayout(box)
        self.stamp_counts = QLabel()
        row = QHBoxLayout()
        # Empty and greyed until a lot is chosen: a number there before would be nobody's proposal (#22).
        self.issue_count = QSpinBox(minimum=0, maximum=100_000, value=0, enabled=False)
        self.issue_count.setSpecialValueText(" ")
        self._proposed_for: tuple[int, int] | None = None  # (lot, stamps issued) the box's proposal is for
        self.issue_button = QPushButton(_("Issue stamps"), clicked=lambda: self.confirm_and_issue(), enabled=False)
        row.addWidget(self.issue_count)
        row.addWidget(self.issue_button)
        # like the issue button, greyed until a lot is chosen: clicked before, they did nothing at all (#22)
        self.print_button = QPushButton(_("Print…"), clicked=lambda: self.print_stamps(), enabled=False)
        self.history_button = QPushButton(_("History…"), clicked=lambda: self.stamp_history(), enabled=False)
        row.addWidget(self.print_button)
        row.addWidget(self.history_button)
        self.verifier = VerifyBox(self.context)  # the same check as on Quét tem
        self.verify_box, self.verify_result = self.verifier.edit, self.verifier.result
        self.issue_note = WrappingLabel()  # why the proposal is not the lot's quantity (whole sheets)
        for widget in (self.stamp_counts, self.issue_note, self.verifier):
            column.addWidget(widget)
        column.insertLayout(1, row)
        return box

    def _update_stamp_counts(self) -> None:
        view = self.selected_batch()
        chosen = view is not None and view.batch.id is not None
        for control in (self.issue_count, self.issue_button, self.print_button, self.history_button):
            control.setEnabled(chosen)
        if view is None or view.batch.id is None:
            self.stamp_counts.setText(_("Choose a batch."))
            self._proposed_for = None
            self.issue_count.setValue(0)
            self.issue_count.setToolTip("")
            self.issue_note.setText("")
            return
        counts = stamp_counts(self.context.service, view.batch.id)
        self.stamp_counts.setText(_("{issued} issued · {voided} voided · {printed} printed").format(**counts))
        # A new lot, or stamps issued for it (here or elsewhere): propose afresh; the clerk's own number is kept
        # until then.
        if (view.batch.id, counts["issued"]) != self._proposed_for:
            self._proposed_for = (view.batch.id, counts["issued"])
            stock = preferred_stock(self.context.service, self.context.settings.last_label_stock)
            proposed = stock.proposed_issue(view.batch.quantity, counts["issued"])
            self.issue_count.setValue(proposed)
            self.issue_count.setToolTip(_("Proposed to fill whole labels of {stock}.").format(stock=stock.title))
            self.issue_note.setText(proposal_note(stock, (view.batch.quantity or 0) - counts["issued"], proposed))

    def confirm_and_issue(self) -> Task | None:
        """The button: issued stamps are kept for good (they can be voided, never deleted), and a number
        typed with one zero too many makes a thousand web pages, so the clerk confirms count, lot and the
        address their QR codes will carry. With no address yet, the address dialog asks both at once: the
        last walk confirmed "Issue 65 stamps?" and then met a second question (issue #22)."""
        view = self.selected_batch()
        if view is None:
            self.message.setText(_("Choose a batch."))
            return None
        count = self.issue_count.value()
        if count <= 0:
            self.message.setText(_("Type how many stamps to issue for this lot."))
            return None
        question = ngettext(
            "Issue {n} stamp for lot {lot} of {product}? Issued stamps can be voided later but not deleted.",
            "Issue {n} stamps for lot {lot} of {product}? Issued stamps can be voided later but not deleted.",
            count,
        ).format(n=count, lot=view.batch.lot_code, product=view.product_name)
        if not has_address(self.context):
            self.address_dialog = ask_for_address(
                self.context,
                _("Every stamp's QR code leads to the traceability address: set it before the first stamps.")
                + "\n"
                + question,
                self,
                ngettext("Save and issue {n} stamp", "Save and issue {n} stamps", count).format(n=count),
            )
            self.address_dialog.accepted.connect(lambda: self.issue_stamps())
            return None
        address = load_profile(self.context.service).resolver_base_url
        question += "\n" + _("Their QR codes will lead to {address}.").format(address=address)
        if not messages.confirm(self, question, _("Issue stamps")):
            return None
        return self.issue_stamps()

    def issue_stamps(self) -> Task | None:
        view = self.selected_batch()
        if view is None:
            return None
        if not self._address_ready(self.issue_stamps):
            return None
        self.task = run_task(
            self,
            _("Issuing stamps"),
            self.context.service.path,
            jobs.issue_stamps_job,
            view.batch.lot_code,
            self.issue_count.value(),
            view.sku,
        )
        self.task.done.connect(self._issued)
        self.task.failed.connect(lambda message, details: messages.warn(self, message, details))
        return self.task

    def _issued(self, result: tuple[int, Changes]) -> None:
        count, changes = result
        self._proposed_for = None  # the stamps just issued are counted: propose what is left, not them again
        self.context.apply(changes)
        self.message.setText(
            ngettext(
                "{n} stamp issued. Build the website again (Website menu) so shoppers can check it.",
                "{n} stamps issued. Build the website again (Website menu) so shoppers can check them.",
                count,
            ).format(n=count)
        )

    def print_stamps(self) -> StampPrintDialog | None:
        if self.selected_batch() is None or not self._address_ready(self.print_stamps):
            return None
        return self._open_for_batch(StampPrintDialog)  # type: ignore[return-value]

    def _address_ready(self, then) -> bool:  # type: ignore[no-untyped-def]
        """Stamps carry the traceability address for good: without one, explain it and ask for it, then
        carry on with `then` once it is saved."""
        if has_address(self.context):
            return True
        self.address_dialog = ask_for_address(
            self.context,
            _("Every stamp's QR code leads to the traceability address: set it before the first stamps."),
            self,
        )
        self.address_dialog.accepted.connect(lambda: then())
        return False

    def stamp_history(self) -> StampHistoryDialog | None:
        return self._open_for_batch(StampHistoryDialog)  # type: ignore[return-value]

    def _open_for_batch(self, dialog_type: type[QDialog]) -> QDialog | None:
        """A stamp dialog for the selected lot; a problem (no address set, no stamps) is explained."""
        view = self.selected_batch()
        if view is None:
            return None
        try:
            dialog = dialog_type(self.context, view.batch.lot_code, view.sku, self)  # type: ignore[call-arg]
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return None
        dialog.open()
        return dialog

    def verify(self) -> None:
        self.verifier.verify()

    def on_changed(self, changes: Changes) -> None:
        if changes.batches or changes.products:
            self._catalogue_opened()

    def refresh(self) -> None:
        problems = self.context.service.code_problems()  # codes saved before today's rule
        try:
            self.views = self.context.service.batches(self.product_filter.sku() or None)
            self.message.clear()
        except OcopDeskError as failure:
            self.views = []
            self.message.setText(failure.message)
        unreachable = 0
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            b = view.batch
            reasons = problems.lot_page(b)
            unreachable += bool(reasons)
            cells = (
                view.product_name,
                b.lot_code,
                b.lot_name,
                format_date(b.produced_on),
                format_date(b.expires_on),
                "" if b.quantity is None else str(b.quantity),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, b.id)
                item.setToolTip("\n".join([f"{view.product_name} ({view.sku})", *reasons]))
                if reasons:
                    item.setForeground(QColor("#b3261e"))
                self.table.setItem(row, col, item)
        if unreachable:
            self.message.setText(
                _(
                    "{n} lots (in red) can have no web page, so their stamps would lead to “Page not found”; point at "
                    "one to see why. Select it and press Rename lot…, or rename the product's SKU."
                ).format(n=unreachable)
            )
        self.columns.refit()
        self._show_events()

    def selected_batch(self) -> BatchView | None:
        row = self.table.currentRow()
        return self.views[row] if 0 <= row < len(self.views) else None

    def _show_events(self) -> None:
        self.events.clear()
        self._update_stamp_counts()
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            return
        for event in self.context.service.events(view.batch.id):
            parts = [
                format_date(event.occurred_on),
                _(EVENT_KINDS.get(event.kind, event.kind)),
                event.place,
                event.actor,
                event.note,
            ]
            used = [self.context.service.batch_rows.get(i) for i in event.inputs]
            if used:  # the lots this stage was made from, as the lot page says it
                parts.append(_("Made from lots") + ": " + ", ".join(b.lot_code for b in used if b))
            self.events.addItem(" · ".join(p for p in parts if p))

    def add_batch(self) -> BatchEditor:
        editor = BatchEditor(
            self.context.service, self.product_filter.sku(), self, product_choices(self.context.service)
        )
        editor.saved.connect(self.context.apply)
        editor.saved.connect(lambda _changes: self.show_lot(editor.sku.sku(), editor.lot.text().strip()))
        editor.open()
        return editor

    def show_lot(self, sku: str, lot_code: str) -> None:
        """Select the lot just made (its stamps are the next step), showing its product's lots when the
        filter showed another product's."""
        if self.product_filter.sku() and self.product_filter.sku().casefold() != sku.casefold():
            self.product_filter.set_sku(sku)
        for row, view in enumerate(self.views):
            if view.sku.casefold() == sku.casefold() and view.batch.lot_code == lot_code:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))
                return

    def show_product(self, sku: str) -> None:
        """The lots of one product (the Products page's "Lots…" button)."""
        self.product_filter.set_sku(sku)
        if self.views:
            self.table.selectRow(0)

    def rename_lot(self) -> LotRenameDialog | None:
        view = self.selected_batch()
        if view is None:
            self.message.setText(_("Choose a batch."))
            return None
        dialog = LotRenameDialog(self.context.service, view.batch, view.sku, self)
        dialog.saved.connect(self.context.apply)
        dialog.open()
        return dialog

    def add_event(self) -> EventEditor | None:
        view = self.selected_batch()
        if view is None or view.batch.id is None:
            return None
        editor = EventEditor(self.context.service, view.batch.id, self)
        editor.saved.connect(self.context.apply)
        editor.saved.connect(lambda _changes: self._show_events())
        editor.open()
        return editor


class _Note(WrappingLabel):
    """A line above the table that takes no room while it has nothing to say."""

    def __init__(self) -> None:
        super().__init__()
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class _Timeline(QListWidget):
    """Asks for a few lines only, so the lots table gets the height first (the splitter can give more)."""

    def sizeHint(self) -> QSize:
        return QSize(300, 5 * self.fontMetrics().height())


def proposal_note(stock: LabelTemplate, left: int, proposed: int) -> str:
    """Why the issue box holds `proposed` rather than the packs still without a stamp (`left`): printing
    fills whole sheets (whole rows on a roll), so the clerk does not take 504 for a mistake for 500.
    Nothing proposed (the lot is stamped): the next step, printing, and how to issue more anyway."""
    if proposed == 0:
        return _("This lot's stamps are issued: next, print them with “Print…”. To issue more, type how many.")
    if left <= 0 and stock.kind == "roll":
        return _(
            "Every pack of this lot has a stamp, or its quantity is not given: proposed ten rows ({n} stamps)."
        ).format(n=proposed)
    if left <= 0:
        return _(
            "Every pack of this lot has a stamp, or its quantity is not given: proposed one sheet ({n} stamps)."
        ).format(n=proposed)
    if proposed == left:
        return _("Proposed {n}: one stamp for each pack still without one.").format(n=proposed)
    if stock.kind == "roll":
        return _("{left} packs without a stamp, rounded up to whole rows of {columns} labels: {n} stamps.").format(
            left=left, columns=stock.columns, n=proposed
        )
    sheets = proposed // stock.per_page
    if names_its_count(stock):  # "A4, 14 nhãn 99,1 × 38,1 mm": the count is said once, in the name (#22)
        return ngettext(
            "{left} packs without a stamp, rounded up to {sheets} whole sheet ({stock}): {n} stamps.",
            "{left} packs without a stamp, rounded up to {sheets} whole sheets ({stock}): {n} stamps.",
            sheets,
        ).format(left=left, sheets=sheets, stock=stock.name, n=proposed)
    return ngettext(
        "{left} packs without a stamp, rounded up to {sheets} whole sheet of {per} labels ({stock}): {n} stamps.",
        "{left} packs without a stamp, rounded up to {sheets} whole sheets of {per} labels ({stock}): {n} stamps.",
        sheets,
    ).format(left=left, sheets=sheets, per=stock.per_page, stock=stock.name, n=proposed)


def names_its_count(stock: LabelTemplate) -> bool:
    """Whether the stock's name already says how many labels a sheet holds (the bundled names do; a
    clerk's own template may be called anything), as a whole number, not part of a size like "99,1"."""
    return re.search(rf"(?<![\d,.]){stock.per_page}(?![\d,.])", stock.name) is not None
