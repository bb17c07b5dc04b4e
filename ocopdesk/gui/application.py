"""Creating the QApplication: style, language, and a dialog instead of a crash for any error."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected
from ocopdesk.services.failures import explain


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("OCOPDesk")
    app.setOrganizationName("OCOPDesk")
    app.setStyle("Fusion")
    from ocopdesk.gui.main_window import app_icon

    app.setWindowIcon(app_icon())
    sys.excepthook = _show_unexpected
    return app


def _show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Unexpected exceptions in slots end here: log the details, tell the user, keep running."""
    from ocopdesk.gui import messages

    known = explain(error) if isinstance(error, Exception) else None
    if known is not None:
        messages.warn(QApplication.activeWindow(), known.message)
        return
    path = log_unexpected("gui", (kind, error, tb))
    messages.warn(
        QApplication.activeWindow(),
        _("Something went wrong, but your data is safe. Details were written to {path}.").format(path=path),
    )
