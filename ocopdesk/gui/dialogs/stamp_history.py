"""A lot's stamps: number, serial, status, print history; void a range (a spoiled sheet)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.stamp import STATUSES, Stamp
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.models.columns import ColumnsModel
from ocopdesk.i18n import N_, _
from ocopdesk.services import stamps

COLUMNS = (N_("No."), N_("Serial"), N_("Status"), N_("Printed"), N_("Last printed"), N_("Reprints"), N_("Reason"))
Index = QModelIndex | QPersistentModelIndex


class StampTableModel(ColumnsModel):
    COLUMNS = COLUMNS

    def __init__(self, rows: list[Stamp], parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = rows

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        s = self.rows[index.row()]
        last = format_date(_date(s.last_printed_at))
        values = (s.number, s.serial, _(STATUSES[s.status]), s.print_count, last, s.reprints, s.void_reason)
        return str(values[index.column()])


def _date(timestamp: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.date.fromisoformat(timestamp[:10]) if timestamp else None


class StampHistoryDialog(QDialog):
    def __init__(self, context: AppContext, lot: str, sku: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.lot, self.sku = context, lot, sku
        self.setWindowTitle(_("Stamps of lot {lot}").format(lot=lot))
        self.resize(760, 520)
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.first, self.last = QSpinBox(minimum=1, maximum=10**7), QSpinBox(minimum=1, maximum=10**7)
        self.reason = QLineEdit(placeholderText=_("Reason, e.g. the sheet jammed in the printer"))
        void_row = QHBoxLayout()
        for widget in (
            QLabel(_("Void stamps from")),
            self.first,
            QLabel(_("to")),
            self.last,
            self.reason,
            QPushButton(_("Void"), clicked=self.void),
        ):
            void_row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(void_row)
        self.refresh()

    def refresh(self) -> None:
        batch = stamps.find_lot(self.context.service, self.lot, self.sku)
        rows = [s for s, _url in stamps.urls_for(self.context.service, batch)]
        self.table.setModel(StampTableModel(rows, self))
        self.table.resizeColumnsToContents()

    def void(self) -> int:
        low, high = self.first.value(), self.last.value()
        if high < low:
            messages.warn(self, _("The last stamp number is before the first."))
            return 0
        if not messages.confirm(
            self,
            _("Void stamps {first}–{last} of lot {lot}? Voided stamps check as voided forever.").format(
                first=low, last=high, lot=self.lot
            ),
            _("Void"),
        ):
            return 0
        try:
            count, changes = stamps.void(self.context.service, self.lot, low, high, self.reason.text(), self.sku)
        except OcopDeskError as problem:
            messages.warn(self, problem.message)
            return 0
        self.context.apply(changes)
        self.refresh()
        return count
