"""Asks where the publishing host serves its access logs (#27): a log's or a folder listing's web address,
and a user name and password when the host asks for them (kept for this fetch only, never saved)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ocopdesk.i18n import _


class LogAddressDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Fetch logs from the server"))
        self.url = QLineEdit(placeholderText="https://htx.example.vn/logs/")
        self.user = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            _("The address of a log file, or of a folder listing of log files (.log, .gz). The password is not saved."),
            wordWrap=True,
        )
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow(_("Web address:"), self.url)
        form.addRow(_("User name (if asked):"), self.user)
        form.addRow(_("Password:"), self.password)
        form.addRow(buttons)
        self.resize(560, self.sizeHint().height())

    def auth(self) -> tuple[str, str] | None:
        return (self.user.text().strip(), self.password.text()) if self.user.text().strip() else None
