"""The state every screen shares: the open catalogue, machine settings, and a `changed` broadcast
so each page decides for itself whether to refresh (Anki's OpChanges)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from ocopdesk import settings as machine_settings
from ocopdesk.gui.tasks import Task, run_job
from ocopdesk.i18n import _
from ocopdesk.paths import AppPaths
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import EVERYTHING, Changes
from ocopdesk.services.progress import CancelToken, ProgressFn


def rebuild_search(progress: ProgressFn, cancel: CancelToken, db_path: Path) -> Changes:
    """The background job that fills the search index an upgrade emptied (module level: it runs in a child).
    Opened with `defer_search` so the rebuild goes a chunk per transaction; the products changed either way
    for the window, whose searches scanned names until now."""
    service = CatalogService.open(db_path, defer_search=True)
    try:
        service.rebuild_search(progress, cancel)
    finally:
        service.close()
    return Changes(products=True)


class AppContext(QObject):
    catalogue_opened = Signal()
    catalogue_closed = Signal()
    changed = Signal(object)  # Changes

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self.settings = machine_settings.load(paths)
        self._service: CatalogService | None = None
        self.search_rebuild: Task | None = None

    @property
    def service(self) -> CatalogService:
        if self._service is None:
            raise RuntimeError("no catalogue is open")
        return self._service

    @property
    def has_catalogue(self) -> bool:
        return self._service is not None

    def open_catalogue(self, path: Path) -> None:
        """Open (or create) a catalogue; raises OcopDeskError and keeps the current one on failure. A search
        index an upgrade emptied is rebuilt in the background after the first screen (#28); searches scan
        names and SKUs until it is done, then every page is told the products changed."""
        service = CatalogService.open(path, defer_search=True)
        if self._service is not None:
            self._service.close()
        self._service = service
        self.settings.remember(path)
        self.save_settings()
        self.catalogue_opened.emit()
        if service.search_pending:
            title = _("Rebuilding the search index")
            self.search_rebuild = run_job(None, title, rebuild_search, service.path, quiet=True)
            self.search_rebuild.done.connect(self.apply)

    def apply(self, changes: Changes) -> None:
        self.changed.emit(changes)

    def refresh_all(self) -> None:
        self.changed.emit(EVERYTHING)

    def save_settings(self) -> None:
        machine_settings.save(self.paths, self.settings)

    def qsettings(self) -> QSettings:
        """Window geometry and column layout, in the config folder (honours OCOPDESK_HOME)."""
        self.paths.config_dir.mkdir(parents=True, exist_ok=True)
        return QSettings(str(self.paths.config_dir / "window.ini"), QSettings.Format.IniFormat)

    def close(self) -> None:
        if self._service is not None:
            self.catalogue_closed.emit()  # screens drop what they show before the connection goes
            self._service.close()
            self._service = None
