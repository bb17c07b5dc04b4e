"""The mapping step of an import: the first rows of the sheet with a field picker above each column,
pre-filled by recognition (or by the mapping the clerk confirmed for the same headers before)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ocopdesk.domain.collation import collation_key
from ocopdesk.i18n import _
from ocopdesk.services.import_plan import FIELD_LABELS, ImportPlan, field_label

UNSURE = QColor("#fff4ce")  # a column OCOPDesk could not decide: the clerk looks here first


class ImportMappingDialog(QDialog):
    """Shows what each column will fill; `mapping()` is column letter → field ("" = not used)."""

    def __init__(
        self, plan: ImportPlan, parent: QWidget | None = None, reread: Callable[[str], None] | None = None
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.reread = reread
        self.setWindowTitle(_("Import {name}").format(name=plan.file.name))
        self.pickers: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.addLayout(self._sheet_row())
        intro = QLabel(
            _(
                "Check which information each column holds. Columns marked “?” could be more than one thing: "
                "choose. Columns set to “(not used)” are left out. Your choice is remembered for files with the "
                "same column names."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = self._table()
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_status()
        self.resize(1100, 560)

    def _sheet_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Sheet:")))
        self.sheet = QComboBox()
        self.sheet.addItems(self.plan.all_sheets or [self.plan.sheet])
        self.sheet.setCurrentText(self.plan.sheet)
        self.sheet.setEnabled(len(self.plan.all_sheets) > 1)
        self.sheet.currentTextChanged.connect(self._sheet_changed)
        row.addWidget(self.sheet)
        row.addWidget(QLabel(_("column names on row {row}").format(row=self.plan.header_row)))
        row.addStretch()
        return row

    def _table(self) -> QTableWidget:
        columns = [g for g in self.plan.columns if not g.row_number]
        table = QTableWidget(2 + len(self.plan.preview), len(columns))
        table.setHorizontalHeaderLabels([g.letter for g in columns])
        table.setVerticalHeaderLabels(["", _("Column"), *(str(n) for n in range(1, len(self.plan.preview) + 1))])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        bold = QFont()
        bold.setBold(True)
        # in Vietnamese order: ĐVT after the D words, not last
        labels = sorted(FIELD_LABELS, key=lambda name: collation_key(field_label(name)))
        for index, guess in enumerate(columns):
            picker = QComboBox()
            picker.addItem(_("(not used)"), "")
            for name in labels:
                picker.addItem(field_label(name), name)
            picker.setCurrentIndex(max(0, picker.findData(guess.field or "")))
            if guess.is_question:
                picker.setItemText(
                    0, _("? could be: {fields}").format(fields=", ".join(map(field_label, guess.candidates)))
                )
                picker.setToolTip(_("OCOPDesk is not sure what this column holds: choose."))
            picker.currentIndexChanged.connect(self._update_status)
            self.pickers[guess.letter] = picker
            table.setCellWidget(0, index, picker)
            header = QTableWidgetItem(guess.header)
            header.setFont(bold)
            if guess.is_question:
                header.setBackground(QBrush(UNSURE))
            table.setItem(1, index, header)
            for row, values in enumerate(self.plan.preview, 2):
                value = values[guess.column] if guess.column < len(values) else ""
                table.setItem(row, index, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        for index in range(table.columnCount()):
            table.setColumnWidth(index, max(150, min(table.columnWidth(index), 260)))
        return table

    def mapping(self) -> dict[str, str]:
        return {letter: picker.currentData() or "" for letter, picker in self.pickers.items()}

    def _update_status(self) -> None:
        chosen = [f for f in self.mapping().values() if f]
        repeated = sorted({field_label(f) for f in chosen if chosen.count(f) > 1})
        if "name" not in chosen:
            message = _("Choose the column that holds the product name.")
        elif repeated:
            message = _("Each kind of information can come from one column only: {fields}.").format(
                fields=", ".join(repeated)
            )
        else:
            message = ""
        self.status.setText(message)
        self.status.setStyleSheet("color: #b00020;" if message else "")
        self.import_button.setEnabled(not message)

    def _sheet_changed(self, name: str) -> None:
        if self.reread is not None and name != self.plan.sheet:
            self.reject()
            self.reread(name)


def show_plan(plan: ImportPlan, parent: QWidget | None, reread: Callable[[str], None]) -> ImportMappingDialog:
    dialog = ImportMappingDialog(plan, parent, reread)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog
