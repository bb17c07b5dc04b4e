"""First start: create a catalogue, load the demo, or open an existing file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ocopdesk.i18n import _


class WelcomePage(QWidget):
    create_new = Signal()
    load_demo = Signal()
    open_existing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Welcome to OCOPDesk"))
        title.setStyleSheet("font-size: 22px; font-weight: 600;")
        intro = QLabel(
            _(
                "Keep your cooperative's OCOP products, certificates, photos and batches in one place on "
                "this computer — no internet needed. How would you like to start?"
            ),
            wordWrap=True,
        )
        self.new_button = QPushButton(_("Create an empty catalogue"), clicked=lambda: self.create_new.emit())
        self.demo_button = QPushButton(
            _("Try the demo catalogue (Thanh Hóa cooperatives)"), clicked=lambda: self.load_demo.emit()
        )
        self.open_button = QPushButton(_("Open an existing catalogue…"), clicked=lambda: self.open_existing.emit())
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for widget in (title, intro, self.new_button, self.demo_button, self.open_button):
            widget.setMaximumWidth(520)
            layout.addWidget(widget)
