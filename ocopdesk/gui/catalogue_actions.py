"""Whole-catalogue operations of the main window: new, open, demo, import, backup, restore.
Long ones run as background tasks with progress and Cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ocopdesk.cli_output import column_names, grouped, import_summary, left_out_notes
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.dialogs.import_mapping import ImportMappingDialog, show_plan
from ocopdesk.gui.file_dialogs import BACKUP, IMPORT, open_name, save_name
from ocopdesk.gui.tasks import Task, run_job, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs
from ocopdesk.services.changes import EVERYTHING
from ocopdesk.services.import_plan import ImportPlan
from ocopdesk.services.importer import ImportInvalid, ImportReport

CATALOGUE_FILTER = "*.sqlite *.db"


class CatalogueActions:
    def __init__(self, context: AppContext, window: QWidget) -> None:
        self.context, self.window = context, window
        self.last_task: Task | None = None
        self.mapping_dialog: ImportMappingDialog | None = None

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

    def import_sheet(
        self,
        path: str | None = None,
        allowed_dirs: tuple[Path, ...] = (),
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
        skip_invalid: bool = False,
    ) -> Task | None:
        """Choose a file, show the mapping step, then import. With `mapping` the step is skipped (the clerk
        has answered it already, e.g. when allowing another folder or importing only the valid rows)."""
        if path is None:
            path = open_name(
                self.window,
                IMPORT,
                _("Import products"),
                _("Spreadsheets ({patterns})").format(patterns="*.xlsx *.xls *.csv *.txt"),
                self.context,
            )
        if not path:
            return None
        if mapping is None:
            task = run_task(
                self.window,
                _("Reading {name}…").format(name=Path(path).name),
                self.context.service.path,
                jobs.import_preview_job,
                Path(path),
                sheet,
            )
            return self._track(task, lambda plan: self._show_mapping(plan, allowed_dirs))
        task = run_task(
            self.window,
            _("Importing {name}…").format(name=Path(path).name),
            self.context.service.path,
            jobs.import_job,
            Path(path),
            allowed_dirs,
            sheet,
            mapping,
            skip_invalid,
        )
        return self._track(task, lambda report: self._imported(report, allowed_dirs, sheet, mapping))

    def _show_mapping(self, plan: ImportPlan, allowed_dirs: tuple[Path, ...]) -> None:
        def reread(sheet: str) -> None:
            self.import_sheet(str(plan.file), allowed_dirs, sheet)

        dialog = show_plan(plan, self.window, reread)
        dialog.accepted.connect(
            lambda: self.import_sheet(str(plan.file), allowed_dirs, dialog.sheet.currentText(), dialog.mapping())
        )
        self.mapping_dialog = dialog
        dialog.open()

    def _imported(
        self,
        report: ImportReport,
        allowed_dirs: tuple[Path, ...] = (),
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        if not report.written and report.outside_dirs:
            self._ask_to_allow(report, allowed_dirs, sheet, mapping)
            return
        if not report.written:
            self._offer_valid_rows(report, allowed_dirs, sheet, mapping)
            return
        self.context.apply(report.changes)
        # The rows left out by "Import the valid rows" are listed first; 7,500 rows with one warning are one line.
        details = grouped(report.problems) + grouped(report.warnings)
        unused = [c for c in report.columns if c.field is None]
        if unused:
            details.append(_("Columns not used: {columns}.").format(columns=column_names(unused)))
        if report.totals_rows:
            details.append(_("Totals rows left out: {rows}.").format(rows=", ".join(map(str, report.totals_rows))))
        details += left_out_notes(report)
        if report.warnings or report.problems:
            messages.warn(self.window, import_summary(report), "\n".join(details))
        else:
            messages.inform(self.window, import_summary(report))

    def _offer_valid_rows(
        self,
        report: ImportReport,
        allowed_dirs: tuple[Path, ...],
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        """Some rows are wrong and nothing was written: list them, and offer what `--skip-invalid` does."""
        refused = ImportInvalid(report).message
        details = "\n".join(grouped(report.problems))
        good = report.rows - len({p.row for p in report.problems})
        if good <= 0:
            messages.warn(self.window, refused, details)
            return
        text = (
            refused
            + "\n\n"
            + _(
                "You can also import the {good} valid rows now; the {bad} rows with problems are left out and listed."
            ).format(good=good, bad=report.rows - good)
        )
        if messages.offer(self.window, text, details, _("Import the valid rows")):
            self.import_sheet(str(report.file), allowed_dirs, sheet, mapping or {}, skip_invalid=True)

    def _ask_to_allow(
        self,
        report: ImportReport,
        allowed_dirs: tuple[Path, ...],
        sheet: str | None = None,
        mapping: dict[str, str] | None = None,
    ) -> None:
        """The sheet names photos or documents in other folders: reading them is the clerk's choice."""
        folders = "\n".join(f"• {folder}" for folder in report.outside_dirs)
        question = _(
            "{name} names photos or documents outside its own folder:\n{folders}\n\nOCOPDesk reads only the "
            "sheet's folder unless you allow more. Allow these folders and import again?"
        ).format(name=report.file.name, folders=folders)
        if messages.confirm(self.window, question, _("Allow and import")):
            self.import_sheet(str(report.file), (*allowed_dirs, *report.outside_dirs), sheet, mapping or {})
        else:
            messages.warn(
                self.window,
                _("Nothing was imported from {name}.").format(name=report.file.name),
                "\n".join(str(p) for p in report.problems),
            )

    def backup(self, path: str | None = None) -> Task | None:
        if path is None:
            path = save_name(
                self.window,
                BACKUP,
                _("Back up the catalogue"),
                f"ocopdesk-{dt.date.today():%Y-%m-%d}.zip",
                _("Backup ({patterns})").format(patterns="*.zip"),
                self.context,
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
            archive = open_name(
                self.window,
                BACKUP,
                _("Restore from a backup"),
                _("Backup ({patterns})").format(patterns="*.zip"),
                self.context,
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
