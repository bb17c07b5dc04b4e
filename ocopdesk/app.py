"""Starting the desktop application: language, the catalogue to open (or the welcome screen)."""

from __future__ import annotations

import sys
import time
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
    """Start the app. `--version` prints the version; `--self-test` opens the window, lets it paint once and
    quits, printing how long that took: a check that an installation (a frozen build too) really starts."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ocopdesk.version import version_line

    arguments = list(sys.argv if argv is None else argv)
    if "--version" in arguments:
        print(version_line())
        return 0
    started = time.perf_counter()
    window = open_main_window(arguments)
    app = QApplication.instance()
    assert app is not None
    if "--self-test" in arguments:

        def report() -> None:
            shown = window.isVisible() and window.centralWidget() is not None
            print(f"{'OK' if shown else 'FAILED'}: {window.windowTitle()} {time.perf_counter() - started:.2f} s")
            app.exit(0 if shown else 1)

        QTimer.singleShot(0, report)
    code = app.exec()
    window.context.close()
    return code
