"""Publishing the website: where the web server takes the files, and the sign-in it asks for, each field
explained for a clerk who got these from a web host by e-mail."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QLineEdit, QVBoxLayout, QWidget

from ocopdesk.domain.errors import FieldError
from ocopdesk.gui.widgets.form import FieldForm, required
from ocopdesk.i18n import _


class PublishDialog(QDialog):
    def __init__(self, folder: str, url: str = "", user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Publish the website"))
        lead = QLabel(
            _(
                "OCOPDesk sends the website folder {folder} to your web server. Only files that changed since the "
                "last time are sent again."
            ).format(folder=folder),
            wordWrap=True,
        )
        self.form = FieldForm()
        self.url = self._field(
            "url",
            required(_("Upload address of the web server")),
            QLineEdit(url or "https://"),
            _(
                "The address your web host gave you for uploading files (hosts may call it the WebDAV address), "
                "for example https://luutru.htx-nhuxuan.vn/truyxuat/. It is usually not the address printed on "
                "the stamps."
            ),
        )
        self.user = self._field(
            "user", _("User name"), QLineEdit(user), _("The user name the web host gave you; leave it empty if none.")
        )
        self.password = self._field(
            "password",
            _("Password"),
            QLineEdit(echoMode=QLineEdit.EchoMode.Password),
            _("Used for this upload only; OCOPDesk never stores it."),
        )
        buttons = QDialogButtonBox()
        buttons.addButton(_("Publish"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped hints keep their lines
        column.addWidget(lead)
        column.addWidget(self.form)
        column.addWidget(buttons)
        self.setMinimumWidth(640)

    def _field(self, name: str, label: str, edit: QLineEdit, hint: str) -> QLineEdit:
        self.form.add(name, label, edit)
        note = QLabel(hint, wordWrap=True)
        note.setStyleSheet("color: #555555;")
        self.form.layout_.addRow("", note)
        return edit

    def submit(self) -> bool:
        self.form.clear_errors()
        address = self.url.text().strip()
        if not address.lower().startswith(("https://", "http://")) or len(address) <= len("https://"):
            self.form.show_errors([FieldError("url", _("Enter the upload address, starting with https://"))])
            return False
        self.accept()
        return True
