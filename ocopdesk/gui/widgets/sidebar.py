"""The list of screens on the left, and below it Settings and Help: always one click away, never inside a menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from ocopdesk.gui.widgets import icons
from ocopdesk.i18n import _

WIDTH = 190
STYLE = (
    "QListWidget { font-size: 14px; background: transparent; } QListWidget::item { padding: 8px; }"
    "QPushButton { text-align: left; padding: 8px 10px; font-size: 14px; border: none; }"
    "QPushButton:hover { background: palette(midlight); }"
)


class Sidebar(QWidget):
    def __init__(
        self, screens: list[tuple[QIcon, str]], open_settings: Callable[[], object], open_help: Callable[[], object]
    ) -> None:
        super().__init__()
        self.setFixedWidth(WIDTH)
        self.setObjectName("sidebar")
        self.setStyleSheet("#sidebar { background: palette(base); border-right: 1px solid palette(mid); }")
        self.nav = QListWidget()
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setStyleSheet(STYLE)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        for icon, label in screens:
            self.nav.addItem(QListWidgetItem(icon, label))
        self.settings_button = _button(icons.icon("settings"), _("Settings"), open_settings)
        self.help_button = _button(icons.icon("help"), _("Help"), open_help)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.addWidget(self.nav, 1)
        column.addWidget(self.settings_button)
        column.addWidget(self.help_button)


def _button(icon: QIcon, text: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(icon, text)
    button.setIconSize(QSize(22, 22))
    button.setFlat(True)
    button.setStyleSheet(STYLE)
    button.clicked.connect(lambda _checked=False: slot())
    return button
