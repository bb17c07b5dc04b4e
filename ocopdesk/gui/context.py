"""The state every screen shares: the open catalogue, machine settings, and a `changed` broadcast
so each page decides for itself whether to refresh (Anki's OpChanges)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from ocopdesk import settings as machine_settings
from ocopdesk.paths import AppPaths
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import EVERYTHING, Changes


class AppContext(QObject):
    catalogue_opened = Signal()
    catalogue_closed = Signal()
    changed = Signal(object)  # Changes

    def __init__(self, paths: AppPaths) -> None:
        super().__init__()
        self.paths = paths
        self.settings = machine_settings.load(paths)
        self._service: CatalogService | None = None

    @property
    def service(self) -> CatalogService:
        if self._service is None:
            raise RuntimeError("no catalogue is open")
        return self._service

    @property
    def has_catalogue(self) -> bool:
        return self._service is not None

    def open_catalogue(self, path: Path) -> None:
        """Open (or create) a catalogue; raises OcopDeskError and keeps the current one on failure."""
        service = CatalogService.open(path)
        if self._service is not None:
            self._service.close()
        self._service = service
        self.settings.remember(path)
        self.save_settings()
        self.catalogue_opened.emit()

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
