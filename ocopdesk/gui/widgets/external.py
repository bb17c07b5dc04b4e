"""Opening a web page, a file or a folder with the computer's own programs — and saying so when none
opens: QDesktopServices returns False then and shows nothing."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QWidget

from ocopdesk.gui import messages
from ocopdesk.i18n import _


def open_external(parent: QWidget | None, url: QUrl) -> bool:
    """Open `url` in the default browser or file manager; if nothing opens it, explain and put the address
    on the clipboard, so the clerk can paste it where it works."""
    if QDesktopServices.openUrl(url):
        return True
    shown = url.toLocalFile() if url.isLocalFile() else url.toString()
    QGuiApplication.clipboard().setText(shown)
    if url.isLocalFile():
        text = _(
            "This computer could not open the folder or file itself. It is here (the address is copied, paste "
            "it into the file manager):\n{place}"
        )
    else:
        text = _(
            "No web browser could be started on this computer. Open a browser yourself and paste this address "
            "(it is copied already):\n{place}"
        )
    messages.warn(parent, text.format(place=shown))
    return False
