"""Whole-catalogue operations of the main window: new, open, demo, import, backup, restore.
Long ones run as background tasks with progress and Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.tasks import Task, run_job, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs
from ocopdesk.services.changes import EVERYTHING
from ocopdesk.services.importer import ImportReport

CATALOGUE_FILTER = "*.sqlite *.db"


class CatalogueActions:
    def __init__(self, context: AppContext, window: QWidget) -> None:
        self.context, self.window = context, window
        self.last_task: Task | None = None

    def open_path(self, path: Path) -> bool:
        try:
            self.context.open_catalogue(path)
        except OcopDeskError as failure:
            messages.warn(self.window, failure.message)
            return False
        return True

    def create_default(self) -> bool:
        return self.open_path(self.context.paths.default_db)

    def create_new(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("New catalogue"),
            str(self.context.paths.data_dir / "catalogue.sqlite"),
            _("Catalogue ({patterns})").format(patterns=CATALOGUE_FILTER),
        )
        if path:
            self.open_path(Path(path))

    def open_existing(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Open catalogue"),
            str(self.context.paths.data_dir),
            _("Catalogue ({patterns})").format(patterns=CATALOGUE_FILTER),
        )
        if path:
            self.open_path(Path(path))

    def load_demo(self) -> Task | None:
        if not self.context.has_catalogue and not self.create_default():
            return None
        task = run_task(
            self.window,
            _("Loading the demo catalogue…"),
            self.context.service.path,
            jobs.demo_job,
        )
        return self._track(task, lambda changes: self.context.apply(changes))

    def import_sheet(self, path: str | None = None, allowed_dirs: tuple[Path, ...] = ()) -> Task | None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self.window, _("Import products"), "", _("Spreadsheets ({patterns})").format(patterns="*.xlsx *.csv")
            )
        if not path:
            return None
        task = run_task(
            self.window,
            _("Importing {name}…").format(name=Path(path).name),
            self.context.service.path,
            jobs.import_job,
            Path(path),
            allowed_dirs,
        )
        return self._track(task, lambda report: self._imported(report, allowed_dirs))

    def _imported(self, report: ImportReport, allowed_dirs: tuple[Path, ...] = ()) -> None:
        if not report.written and report.outside_dirs:
            self._ask_to_allow(report, allowed_dirs)
            return
        self.context.apply(report.changes)
        messages.inform(
            self.window,
            _("Imported {rows} rows: {created} new, {updated} updated.").format(
                rows=report.rows, created=report.created, updated=report.updated
            ),
        )

    def _ask_to_allow(self, report: ImportReport, allowed_dirs: tuple[Path, ...]) -> None:
        """The sheet names photos or documents in other folders: reading them is the clerk's choice."""
        folders = "\n".join(f"• {folder}" for folder in report.outside_dirs)
        question = _(
            "{name} names photos or documents outside its own folder:\n{folders}\n\nOCOPDesk reads only the "
            "sheet's folder unless you allow more. Allow these folders and import again?"
        ).format(name=report.file.name, folders=folders)
        if messages.confirm(self.window, question, _("Allow and import")):
            self.import_sheet(str(report.file), (*allowed_dirs, *report.outside_dirs))
        else:
            messages.warn(
                self.window,
                _("Nothing was imported from {name}.").format(name=report.file.name),
                "\n".join(str(p) for p in report.problems),
            )

    def backup(self, path: str | None = None) -> Task | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self.window,
                _("Back up the catalogue"),
                str(Path.home() / f"ocopdesk-{dt.date.today():%Y-%m-%d}.zip"),
                _("Backup ({patterns})").format(patterns="*.zip"),
            )
        if not path:
            return None
        task = run_task(
            self.window,
            _("Backing up…"),
            self.context.service.path,
            jobs.backup_job,
            Path(path),
        )
        return self._track(
            task, lambda written: messages.inform(self.window, _("Backup written: {path}").format(path=written))
        )

    def restore(self, archive: str | None = None) -> Task | None:
        if archive is None:
            archive, _filter = QFileDialog.getOpenFileName(
                self.window, _("Restore from a backup"), "", _("Backup ({patterns})").format(patterns="*.zip")
            )
        if not archive or not messages.confirm(
            self.window,
            _(
                "Replace the open catalogue with this backup? The current catalogue is kept as a safety copy "
                "in the backups folder."
            ),
            _("Restore"),
        ):
            return None
        target = self.context.service.path
        self.context.close()
        task = run_job(self.window, _("Restoring…"), jobs.restore_job, Path(archive), target)
        task.done.connect(lambda _safety: self.open_path(target))
        task.failed.connect(lambda *_args: self.open_path(target))
        return self._track(task, lambda _safety: self.context.apply(EVERYTHING))

    def _track(self, task: Task, on_done) -> Task:  # type: ignore[no-untyped-def]
        task.done.connect(on_done)
        task.failed.connect(lambda message, details: messages.warn(self.window, message, details))
        self.last_task = task
        return task
