"""Website → Export EPCIS 2.0: the same export as `ocopdesk export epcis`, in the background, then one line
saying what was written (#25)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ocopdesk.gui import messages
from ocopdesk.gui.context import AppContext
from ocopdesk.gui.file_dialogs import EPCIS, save_name
from ocopdesk.gui.tasks import Task, run_task
from ocopdesk.i18n import _
from ocopdesk.services import jobs
from ocopdesk.services.epcis_export import EpcisReport


def export_epcis(context: AppContext, window: QWidget, path: str | None = None) -> Task | None:
    """Ask where to save (unless `path` is given), then export every lot's events."""
    if path is None:
        name, patterns = "truyxuat-epcis.jsonld", _("EPCIS JSON-LD (*.jsonld *.json)")
        path = save_name(window, EPCIS, _("Export EPCIS 2.0"), name, patterns, context)
    if not path:
        return None
    task = run_task(window, _("Exporting EPCIS events…"), context.service.path, jobs.epcis_job, Path(path))
    task.done.connect(lambda report: _done(window, report))
    task.failed.connect(lambda message, details: messages.warn(window, message, details))
    return task


def _done(window: QWidget, report: EpcisReport) -> None:
    text = _("Wrote {events} EPCIS events ({stamps} stamps, {lots} lots) to {path}.").format(
        events=report.events, stamps=report.stamps, lots=report.lots, path=report.path
    )
    messages.inform(window, text)
