"""The Website menu: build the traceability website into a folder (in a worker process, with
progress and Cancel), and preview it in the browser through the 127.0.0.1 preview server."""

from __future__ import annotations

from http.server import ThreadingHTTPServer
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.tasks import Task, run_job, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs
from ocopdesk.services.publish import PublishReport, split_credentials
from ocopdesk.services.site_pages import SiteReport
from ocopdesk.services.site_preview import start_in_thread

_FOLDER_KEY = "site/folder"
_PUBLISH_URL_KEY = "site/publish-url"
_PUBLISH_USER_KEY = "site/publish-user"


class SiteActions:
    def __init__(self, context: AppContext, window: QWidget) -> None:
        self.context, self.window = context, window
        self.last_task: Task | None = None
        self.server: ThreadingHTTPServer | None = None
        self.preview_url = ""
        self.open_browser = True  # tests turn this off

    def folder(self) -> str:
        value = self.context.qsettings().value(_FOLDER_KEY)
        return str(value) if value else ""

    def build(self, folder: str | None = None) -> Task | None:
        if folder is None:
            default = self.folder() or str(Path.home() / "truyxuat-website")
            folder = QFileDialog.getExistingDirectory(self.window, _("Folder for the website"), default)
        if not folder:
            return None
        self.context.qsettings().setValue(_FOLDER_KEY, folder)
        task = run_task(self.window, _("Building the website…"), self.context.service.path, jobs.site_job, Path(folder))
        task.done.connect(self._built)
        task.failed.connect(lambda message, details: messages.warn(self.window, message, details))
        self.last_task = task
        return task

    def _built(self, report: SiteReport) -> None:
        text = report.summary() + "\n" + _("Publish the folder to your web host (Website menu, or see the README).")
        if report.warnings:
            text += "\n\n" + "\n".join(report.warnings[:10])
        if messages.confirm(self.window, text + "\n\n" + _("Preview it in the browser now?"), _("Preview")):
            self.preview(report.out)

    def preview(self, folder: Path | str | None = None) -> str:
        """Serve the built folder on 127.0.0.1 and open it; the server lives while the app does."""
        folder = Path(folder or self.folder())
        try:
            self.stop_preview()
            self.server, self.preview_url = start_in_thread(folder)
        except OcopDeskError as failure:
            messages.warn(self.window, failure.message)
            return ""
        if self.open_browser:
            QDesktopServices.openUrl(QUrl(self.preview_url + "htx/"))
        return self.preview_url

    def publish(self, url: str | None = None, user: str | None = None, password: str | None = None) -> Task | None:
        """Upload the website folder (with the marketplace images in it) by WebDAV: changed files only."""
        folder = self.folder()
        if not folder:
            messages.warn(self.window, _("Build the website first: there is no folder to publish yet."))
            return None
        settings = self.context.qsettings()
        if url is None:
            url, ok = QInputDialog.getText(
                self.window,
                _("Publish the website"),
                _("WebDAV address of your web host:"),
                text=str(settings.value(_PUBLISH_URL_KEY) or "https://"),
            )
            if not ok or not url.strip():
                return None
            user, _ok = QInputDialog.getText(
                self.window,
                _("Publish the website"),
                _("User name (empty: none):"),
                text=str(settings.value(_PUBLISH_USER_KEY) or ""),
            )
            password, _ok = QInputDialog.getText(
                self.window, _("Publish the website"), _("Password:"), QLineEdit.EchoMode.Password
            )
        # A password typed into the address is used for this upload, never remembered.
        url, url_user, url_password = split_credentials(url)
        user, password = user or url_user, password or url_password
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
