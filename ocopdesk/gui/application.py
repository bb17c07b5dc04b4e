"""Creating the QApplication: style, language, and a dialog instead of a crash for any error."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected


def create_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("OCOPDesk")
    app.setOrganizationName("OCOPDesk")
    app.setStyle("Fusion")
    sys.excepthook = _show_unexpected
    return app


def _show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Unexpected exceptions in slots end here: log the details, tell the user, keep running."""
    if isinstance(error, OcopDeskError):
        QMessageBox.warning(None, "OCOPDesk", error.message)
        return
    try:
        raise error.with_traceback(tb)
    except BaseException:
        path = log_unexpected("gui")
    QMessageBox.critical(
        None,
        "OCOPDesk",
        _("Something went wrong, but your data is safe. Details were written to {path}.").format(path=path),
    )
