"""The one way to run long work: a service function in a QThreadPool worker with its own catalogue
connection, a progress dialog that appears only after ~500 ms, and Cancel. Workers never touch
widgets; results come back to the GUI thread through signals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, ProgressFn

TaskFn = Callable[[CatalogService, ProgressFn, CancelToken], Any]
JobFn = Callable[[ProgressFn, CancelToken], Any]
SHOW_PROGRESS_AFTER_MS = 500


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, str)  # message, details (e.g. every problem of an import)


class _Worker(QRunnable):
    def __init__(self, fn: JobFn, token: CancelToken) -> None:
        super().__init__()
        self.fn, self.token = fn, token
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self.token)
        except OcopDeskError as failure:
            self.signals.failed.emit(failure.message, str(getattr(failure, "details", "")))
        except Exception:
            path = log_unexpected("task")
            self.signals.failed.emit(
                _("Something went wrong, but your data is safe. Details were written to {path}.").format(path=path), ""
            )
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """A running job; `done` and `failed` fire on the GUI thread."""

    done = Signal(object)
    failed = Signal(str, str)  # message, details

    def __init__(self, parent: QWidget | None, title: str, fn: JobFn) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle("OCOPDesk")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.token.cancel)
        self.worker = _Worker(fn, self.token)
        self.worker.setAutoDelete(False)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        self.running = True

    def start(self) -> Task:
        QThreadPool.globalInstance().start(self.worker)
        return self

    def _progress(self, done: int, total: int, message: str) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _finish(self) -> None:
        self.running = False
        self.dialog.canceled.disconnect(self.token.cancel)
        self.dialog.close()

    def _finished(self, result: object) -> None:
        self._finish()
        self.done.emit(result)

    def _failed(self, message: str, details: str) -> None:
        self._finish()
        self.failed.emit(message, details)


def run_job(parent: QWidget | None, title: str, fn: JobFn) -> Task:
    """Run `fn(progress, cancel)` in the thread pool."""
    return Task(parent, title, fn).start()


def run_task(parent: QWidget | None, title: str, db_path: Path, fn: TaskFn) -> Task:
    """Run `fn(service, progress, cancel)` with a catalogue connection of the worker's own: a sqlite3
    connection belongs to its thread, and WAL lets the GUI keep reading meanwhile."""

    def job(progress: ProgressFn, cancel: CancelToken) -> Any:
        service = CatalogService.open(db_path)
        try:
            return fn(service, progress, cancel)
        finally:
            service.close()

    return run_job(parent, title, job)
