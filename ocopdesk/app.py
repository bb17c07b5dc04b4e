"""Starting the desktop application: open the catalogue, show the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.paths import AppPaths

if TYPE_CHECKING:
    from ocopdesk.gui.main_window import MainWindow


def catalogue_path(argv: list[str]) -> Path:
    """`--db PATH` if given, else the default catalogue in the user's data folder."""
    if "--db" in argv[:-1]:
        return Path(argv[argv.index("--db") + 1])
    return AppPaths.from_environment().default_db


def open_main_window(argv: list[str]) -> MainWindow | None:
    """Create the application and show the window; None (after telling the user) if the
    catalogue cannot be opened."""
    from PySide6.QtWidgets import QMessageBox

    from ocopdesk.gui.application import create_application
    from ocopdesk.gui.main_window import MainWindow
    from ocopdesk.services.catalog import CatalogService

    create_application(argv)
    try:
        service = CatalogService.open(catalogue_path(argv))
    except OcopDeskError as failure:
        QMessageBox.critical(None, "OCOPDesk", failure.message)
        return None
    window = MainWindow(service)
    window.show()
    return window


def run(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    window = open_main_window(list(sys.argv if argv is None else argv))
    if window is None:
        return 1
    return QApplication.instance().exec()  # type: ignore[union-attr]
