"""The Website menu: build the traceability website into a folder (in a worker process, with progress and
Cancel), say what was built and what to do next, preview it in the browser through the 127.0.0.1 preview
server, and publish it to the cooperative's web server."""

from __future__ import annotations

from http.server import ThreadingHTTPServer
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.address import AddressDialog, ask_for_address, has_address
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.publish_dialog import PublishDialog
from ocopdesk.gui.tasks import Task, run_job, run_task
from ocopdesk.gui.widgets.external import open_external
from ocopdesk.gui.widgets.pickers import choose_folder
from ocopdesk.i18n import _, ngettext
from ocopdesk.services import jobs
from ocopdesk.services.profile import load_profile
from ocopdesk.services.publish import PublishReport, split_credentials
from ocopdesk.services.site import MANIFEST
from ocopdesk.services.site_model import SiteReport
from ocopdesk.services.site_preview import start_in_thread

_FOLDER_KEY = "site/folder"
_PUBLISH_URL_KEY = "site/publish-url"
_PUBLISH_USER_KEY = "site/publish-user"
DEFAULT_FOLDER = "truyxuat-website"


class SiteActions:
    def __init__(self, context: AppContext, window: QWidget) -> None:
        self.context, self.window = context, window
        self.last_task: Task | None = None
        self.last_message: QMessageBox | None = None
        self.publish_dialog: PublishDialog | None = None
        self.address_dialog: AddressDialog | None = None
        self.server: ThreadingHTTPServer | None = None
        self.preview_url = ""
        self.open_browser = True  # tests turn this off

    def folder(self) -> str:
        value = self.context.qsettings().value(_FOLDER_KEY)
        return str(value) if value else ""

    def build(self, folder: str | None = None) -> Task | None:
        if not has_address(self.context):
            self.address_dialog = ask_for_address(
                self.context,
                _("The website lives at the traceability address, so set it first; then build the website again."),
                self.window,
            )
            self.address_dialog.accepted.connect(lambda: self.build(folder))
            return None
        if folder is None:
            suggested = Path(self.folder() or Path.home() / DEFAULT_FOLDER)
            folder = choose_folder(self.window, _("Folder for the website"), suggested)
        if not folder:
            return None
        self.context.qsettings().setValue(_FOLDER_KEY, folder)
        task = run_task(self.window, _("Building the website…"), self.context.service.path, jobs.site_job, Path(folder))
        task.done.connect(self._built)
        task.failed.connect(lambda message, details: messages.warn(self.window, message, details))
        self.last_task = task
        return task

    def _built(self, report: SiteReport) -> None:
        """What was built and what to do next, in words; the technical report behind Details."""
        address = load_profile(self.context.service).resolver_base_url
        text = _("The traceability website is ready in the folder {folder} ({pages} pages).").format(
            folder=report.out, pages=report.pages
        )
        text += "\n\n" + _(
            "Next, put it online at {address} so the QR codes on your stamps open these pages: press Publish to "
            "send it to your web server, or copy the whole folder to your web host yourself. Build and publish "
            "again after adding batches or stamps."
        ).format(address=address)
        if report.warnings:
            text += "\n\n" + ngettext(
                "{n} thing to look at: see Details.", "{n} things to look at: see Details.", len(report.warnings)
            ).format(n=len(report.warnings))
        box = QMessageBox(
            QMessageBox.Icon.Information, "OCOPDesk", text, QMessageBox.StandardButton.NoButton, self.window
        )
        box.setStyleSheet("QLabel#qt_msgbox_label { min-width: 460px; }")  # paragraphs, not a narrow column
        box.setDetailedText("\n".join([report.summary(), *report.warnings]))
        publish = box.addButton(_("Publish…"), QMessageBox.ButtonRole.AcceptRole)
        preview = box.addButton(_("Preview"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(publish)
        self.last_message = box
        box.exec()
        if box.clickedButton() is preview:
            self.preview(report.out)
        elif box.clickedButton() is publish:
            self.publish()

    def preview(self, folder: Path | str | None = None) -> str:
        """Serve the built folder on 127.0.0.1 and open it; the server lives while the app does."""
        folder = Path(folder or self.folder() or Path.home() / DEFAULT_FOLDER)
        if not (folder / MANIFEST).is_file():
            messages.warn(
                self.window,
                _("There is no website to preview yet: build it first (Website → Build the traceability website…)."),
            )
            return ""
        try:
            self.stop_preview()
            self.server, self.preview_url = start_in_thread(folder)
        except OcopDeskError as failure:
            messages.warn(self.window, failure.message)
            return ""
        if self.open_browser:
            open_external(self.window, QUrl(self.preview_url + "htx/"))
        return self.preview_url

    def publish(self, url: str | None = None, user: str | None = None, password: str | None = None) -> Task | None:
        """Upload the website folder (with the marketplace images in it) to the web server: changed files only.
        Without `url`, the publish dialog asks for the address and the sign-in, and the upload starts from it."""
        folder = self.folder()
        if not folder:
            messages.warn(self.window, _("Build the website first: there is no folder to publish yet."))
            return None
        if url is None:
            settings = self.context.qsettings()
            dialog = PublishDialog(
                folder,
                str(settings.value(_PUBLISH_URL_KEY) or ""),
                str(settings.value(_PUBLISH_USER_KEY) or ""),
                self.window,
            )
            dialog.accepted.connect(
                lambda: self.publish(dialog.url.text().strip(), dialog.user.text().strip(), dialog.password.text())
            )
            self.publish_dialog = dialog
            dialog.open()
            return None
        # A password typed into the address is used for this upload, never remembered.
        url, url_user, url_password = split_credentials(url)
        user, password = user or url_user, password or url_password
        settings = self.context.qsettings()
        settings.setValue(_PUBLISH_URL_KEY, url)
        settings.setValue(_PUBLISH_USER_KEY, user or "")
        task = run_job(self.window, _("Publishing…"), jobs.publish_job, Path(folder), url, user or "", password or "")
        task.done.connect(self._published)
        task.failed.connect(lambda message, details: messages.warn(self.window, message, details))
        self.last_task = task
        return task

    def _published(self, report: PublishReport) -> None:
        text = report.summary()
        if report.failed or report.stopped:
            messages.warn(self.window, text, "\n".join(f"{k}: {v}" for k, v in report.failed.items()))
        else:
            messages.inform(self.window, text)

    def stop_preview(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
