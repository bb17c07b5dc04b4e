"""Run in a child process on a real X server: open the main window as `ocopdesk` does, wait until the window
manager has framed it, and print what the clerk's screen shows as JSON (frame, available area, status bar).
Used by test_first_window_fits."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ocopdesk.app import open_main_window


def report() -> None:
    window = QApplication.activeWindow() or QApplication.topLevelWidgets()[0]
    frame, inner = window.frameGeometry(), window.geometry()
    if frame == inner:  # not framed yet: the window manager has not answered
        QTimer.singleShot(100, report)
        return
    screen = QGuiApplication.primaryScreen()
    status = window.statusBar()
    bottom_right = status.mapToGlobal(QPoint(status.width() - 1, status.height() - 1))
    print(
        json.dumps(
            {
                "frame": frame.getRect(),
                "client": inner.getRect(),
                "available": screen.availableGeometry().getRect(),
                "status_bar_bottom_right": [bottom_right.x(), bottom_right.y()],
                "maximized": window.isMaximized(),
            }
        ),
        flush=True,
    )
    window.close()
    QApplication.quit()


if __name__ == "__main__":
    window = open_main_window(["ocopdesk"])
    QTimer.singleShot(300, report)
    sys.exit(QApplication.instance().exec())
