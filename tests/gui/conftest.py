"""GUI test helpers: the real window on a fresh OCOPDESK_HOME, and answering modal message boxes by
clicking their real buttons."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ocopdesk.app import open_main_window
from ocopdesk.gui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    win = open_main_window(["ocopdesk"])
    qtbot.addWidget(win)
    yield win
    win.context.close()


class BoxAnswerer:
    """Clicks `button` in the next message box that appears and remembers its text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.details: list[str] = []  # each answered box's detailed text ("" when it has none)

    def answer(self, button: str, attempts: int = 200) -> None:
        def click(remaining: int = attempts) -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and box.isVisible():
                for candidate in box.buttons():
                    if candidate.text() == button:
                        self.texts.append(box.text())
                        self.details.append(box.detailedText())
                        candidate.click()
                        return
            if remaining:
                QTimer.singleShot(10, lambda: click(remaining - 1))

        QTimer.singleShot(0, click)


@pytest.fixture
def boxes() -> BoxAnswerer:
    return BoxAnswerer()


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(qtbot: QtBot) -> Iterator[list[str]]:
    """A message box nobody answers would block the test forever: close it and fail the test."""
    seen: list[str] = []

    def sweep() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() and not widget.property("answered"):
                if widget.property("first_seen"):
                    seen.append(widget.text())
                    widget.done(0)
                else:
                    widget.setProperty("first_seen", True)

    timer = QTimer()
    timer.setInterval(1500)  # two sweeps: answered boxes (BoxAnswerer) are gone long before
    timer.timeout.connect(sweep)
    timer.start()
    yield seen
    timer.stop()
    assert not seen, f"unexpected dialog(s): {seen}"
