"""A note in the product editor about the producer's own record (its address): not an error of the product
form, which cannot fix it, but what is missing and a button to the producer's editor, where it is fixed."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from ocopdesk.gui.widgets.wrapping_label import WrappingLabel
from ocopdesk.i18n import _


class ProducerNote(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("producerNote")
        self.setStyleSheet("#producerNote { background: #fff8e1; border: 1px solid #e0c46c; border-radius: 4px; }")
        self.text = WrappingLabel()
        self.open_button = QPushButton()
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        self.hide()

    def show_for(self, message: str, producer: str) -> None:
        self.text.setText(
            _("{problem} This is fixed in the producer “{producer}”, not in the product.").format(
                problem=message, producer=producer
            )
        )
        self.open_button.setText(_("Open the producer…"))
        self.show()
