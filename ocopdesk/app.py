"""Starting the desktop application: language, the catalogue to open (or the welcome screen)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ocopdesk import i18n
from ocopdesk.paths import AppPaths

if TYPE_CHECKING:
    from ocopdesk.gui.context import AppContext
    from ocopdesk.gui.main_window import MainWindow


def requested_catalogue(argv: list[str]) -> Path | None:
    """`--db PATH` if given on the command line."""
    if "--db" in argv[:-1]:
        return Path(argv[argv.index("--db") + 1])
    return None


def startup_catalogue(context: AppContext, argv: list[str]) -> Path | None:
    """--db, else the catalogue used last, else the default one if it exists; None shows the welcome."""
    explicit = requested_catalogue(argv)
    if explicit is not None:
        return explicit
    last = Path(context.settings.last_catalogue) if context.settings.last_catalogue else None
    if last is not None and last.exists():
        return last
    default = context.paths.default_db
    return default if default.exists() else None


def open_main_window(argv: list[str], paths: AppPaths | None = None) -> MainWindow:
    """Create the application and show the window, opening the startup catalogue if there is one.
    A catalogue that cannot be opened is explained, and the welcome screen offers the way on."""
    from ocopdesk.domain.errors import OcopDeskError
    from ocopdesk.gui import messages
    from ocopdesk.gui.application import create_application
    from ocopdesk.gui.context import AppContext
    from ocopdesk.gui.main_window import MainWindow

    context = AppContext(paths or AppPaths.from_environment())
    i18n.set_language(context.settings.language)
    create_application(argv)
    path = startup_catalogue(context, argv)
    problem = None
    if path is not None:
        try:
            context.open_catalogue(path)
        except OcopDeskError as failure:
            problem = failure.message
    window = MainWindow(context)
    window.show()
    if problem:
        messages.warn(window, problem)
    return window


def run(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    window = open_main_window(list(sys.argv if argv is None else argv))
    code = QApplication.instance().exec()  # type: ignore[union-attr]
    window.context.close()
    return code
