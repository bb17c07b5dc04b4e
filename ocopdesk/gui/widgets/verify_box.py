"""The stamp check a clerk types or scans into, shared by Lô & tem and Quét tem: a box for the scanner (which
types the QR's address and Enter) or a serial typed by hand, and the answer in plain words, in colour."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ocopdesk.gui.context import AppContext
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _
from ocopdesk.services.stamps import verify as verify_stamp

# Green: the QR's secret code matched. Blue: a stamp we issued, known by its serial alone — nothing is wrong
# with it (the answer says a QR scan checks more); warning colours were read as "fake" by a clerk who had
# typed a genuine serial. Brown: voided. Red: unknown or altered.
COLOURS = {"genuine": "#1b5e20", "serial": "#0d47a1", "voided": "#8a5300"}
PROBLEM_COLOUR = "#b3261e"


class VerifyBox(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.edit = QLineEdit(placeholderText=_("Scan a stamp, or type the serial printed under its QR code"))
        self.edit.returnPressed.connect(self.verify)
        self.result = WrappingLabel()  # grows the pane: the answer is read to its last word
        self.result.hide()  # no empty band under the box before the first answer
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit)
        column.addWidget(self.result)

    def verify(self) -> str:
        """Answer what was scanned or typed; returns the verdict ("genuine", "serial", "voided", …)."""
        answer = verify_stamp(self.context.service, self.edit.text())
        colour = COLOURS.get(answer.result, PROBLEM_COLOUR)
        self.result.setStyleSheet(f"color: {colour}; font-weight: 600;")
        self.result.setText(answer.message)
        self.result.show()
        self.edit.selectAll()
        return answer.result
