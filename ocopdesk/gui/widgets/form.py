"""A form layout whose fields can show their own validation message right under the input."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from ocopdesk.domain.errors import FieldError
from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _

ERROR_STYLE = "color: #b3261e;"


class FieldForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        error = WrappingLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        column.addWidget(widget)
        column.addWidget(error)
        self.layout_.addRow(label, box)
        self.inputs[field], self.errors[field] = widget, error
        return widget

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_errors(self, problems: list[FieldError]) -> list[FieldError]:
        """Show each problem under its field; returns the problems no field of this form owns."""
        unplaced = []
        for problem in problems:
            label = self.errors.get(problem.field)
            if label is None:
                unplaced.append(problem)
                continue
            label.setText(f"{label.text()}\n{problem.message}".strip())
            label.show()
        first = next((self.inputs[p.field] for p in problems if p.field in self.inputs), None)
        if first is not None:
            first.setFocus()
        return unplaced

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""


def required(label: str) -> str:
    return _("{label} *").format(label=label)
