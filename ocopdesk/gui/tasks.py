"""The one way to run long work: a service function in a separate process, with a progress dialog
that appears only after ~500 ms, and Cancel.

Why a process and not a thread: painting a table calls back into Python hundreds of times, and
with a CPU-bound Python worker thread each callback waits up to the GIL switch interval — a
10,000-row import stalled the window for over a second (bench/gui.py). A process shares no GIL,
uses the second core, and opens its own catalogue connection (WAL lets the GUI keep reading).
Task functions are module-level (so they can be sent to the child) and return picklable values.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ocopdesk import i18n
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.logs import log_unexpected
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.failures import explain
from ocopdesk.services.progress import CancelToken, ProgressFn

JobFn = Callable[..., Any]  # fn(progress, cancel, *args)
SHOW_PROGRESS_AFTER_MS = 500
POLL_MS = 30
PROGRESS_EVERY_S = 0.05
_CONTEXT = mp.get_context("spawn")  # never fork a process that runs Qt
_RUNNING: set[Task] = set()  # a running task is held here, so it cannot be collected before it reports


def running_tasks() -> list[Task]:
    """The jobs started and not yet finished: what a window must wait for before it closes the catalogue,
    and what a test waits for before the next test starts."""
    return list(_RUNNING)


def _child(conn: Any, cancel_flag: Any, language: str, fn: JobFn, args: tuple[Any, ...]) -> None:
    """Runs in the child process: call fn, stream throttled progress, send the outcome."""
    i18n.set_language(language)
    last = [0.0]

    def progress(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or done >= total:
            last[0] = now
            conn.send(("progress", done, total, message))

    try:
        result = fn(progress, CancelToken(cancel_flag), *args)
    except OcopDeskError as failure:
        conn.send(("failed", failure.message, str(getattr(failure, "details", ""))))
    except Exception as error:
        known = explain(error)
        if known is None:
            _send_unexpected(conn)
        else:
            conn.send(("failed", known.message, ""))
    except BaseException:
        _send_unexpected(conn)
    else:
        conn.send(("done", result))
    finally:
        conn.close()


def _send_unexpected(conn: Any) -> None:
    """Log the exception being handled and tell the window, which says the data is safe."""
    path = log_unexpected("task")
    message = _("Something went wrong, but your data is safe. Details were written to {path}.").format(path=path)
    conn.send(("failed", message, ""))


def with_catalogue(progress: ProgressFn, cancel: CancelToken, db_path: Path, fn: JobFn, *args: Any) -> Any:
    """Open the catalogue in the child, run fn(service, progress, cancel, *args), close it."""
    service = CatalogService.open(db_path)
    try:
        return fn(service, progress, cancel, *args)
    finally:
        service.close()


class Task(QObject):
    """A running job; `done` and `failed` fire on the GUI thread."""

    done = Signal(object)
    failed = Signal(str, str)  # message, details (e.g. every problem of an import)

    def __init__(
        self, parent: QWidget | None, title: str, fn: JobFn, args: tuple[Any, ...], *, quiet: bool = False
    ) -> None:
        super().__init__(parent)
        self.quiet = quiet  # work the clerk need not wait for (a search index rebuilt): no progress dialog
        self._cancel = _CONTEXT.Event()
        self._conn, child_conn = _CONTEXT.Pipe(duplex=False)
        self.process = _CONTEXT.Process(
            target=_child, args=(child_conn, self._cancel, i18n.current_language(), fn, args), daemon=True
        )
        self._child_conn = child_conn
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle("OCOPDesk")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel.set)
        if quiet:
            self.dialog.reset()  # stops the timer that shows the dialog after SHOW_PROGRESS_AFTER_MS
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._inbox: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._started = threading.Event()  # set once the child process runs
        self._reader = threading.Thread(target=self._start_and_read, daemon=True)
        self.running = False

    def start(self) -> Task:
        """The child is started on the reader thread: starting a spawned process (an interpreter launched, the
        job's arguments pickled and sent) kept the GUI thread 40 ms on a loaded 2-core machine, the longest
        stall of a 10,000-row import once the table's first paint was left out of the measure (#28,
        bench/gui.py); on Windows a process start is slower still."""
        self._reader.start()
        self.running = True
        _RUNNING.add(self)
        self._timer.start()
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _poll(self) -> None:
        """Handle what the reader thread has received; the GUI thread never waits on the pipe itself."""
        while True:
            try:
                message = self._inbox.get_nowait()
            except queue.Empty:
                return
            if message[0] == "progress":
                self._progress(*message[1:])
                continue
            self._finish()
            if message[0] == "done":
                self.done.emit(message[1])
            elif message[0] == "failed":
                self.failed.emit(message[1], message[2])
            else:  # the pipe closed with no last word: the child died (killed, out of memory)
                self.failed.emit(_("The background job stopped unexpectedly. Nothing was changed."), "")
            return

    def _progress(self, done: int, total: int, message: str) -> None:
        if self.quiet:
            self.dialog.setLabelText(message)  # named if it ever outlives a test, never shown
            return
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _finish(self) -> None:
        self.running = False
        _RUNNING.discard(self)
        self._timer.stop()
        self.dialog.canceled.disconnect(self._cancel.set)
        self.dialog.close()
        if self._started.is_set():
            reap(self.process)

    def _start_and_read(self) -> None:
        """The reader thread: start the child, then receive its messages (a start that fails is said as a
        failed job, its pipe closed)."""
        try:
            self.process.start()
        except Exception:
            path = log_unexpected("task")
            text = _("Something went wrong, but your data is safe. Details were written to {path}.")
            self._inbox.put(("failed", text.format(path=path), ""))
            self._conn.close()
            return
        finally:
            self._child_conn.close()  # the child owns its end now (or there is no child)
        self._started.set()
        _read_messages(self._conn, self._inbox)


def _read_messages(conn: Any, inbox: queue.SimpleQueue[tuple[Any, ...]]) -> None:
    """The task's reader thread: receive the child's messages into `inbox` until its last word (or the pipe
    closing), then close the pipe. `recv` waits until a whole message is in, and a result larger than the
    pipe's buffer (a site build's list of 23,000 written files, an import's report) comes in pieces the child
    writes only when it gets a core, and unpickling it is work too: neither is the GUI thread's any more (#28;
    tests/gui/test_task_exit.py: a message that takes 4 s to read froze the window for 4 s before)."""
    try:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                inbox.put(("ended",))
                return
            except Exception:  # a message that cannot be read back (unpickling failed): say so, never hang
                path = log_unexpected("task")
                text = _("Something went wrong, but your data is safe. Details were written to {path}.")
                inbox.put(("failed", text.format(path=path), ""))
                return
            inbox.put(message)
            if message[0] != "progress":
                return
    finally:
        conn.close()


def reap(process: Any) -> None:
    """Join a child that has said its last word, without waiting for it. Its catalogue is closed before it
    reports (`with_catalogue`), so what is left is the interpreter's exit: freeing a 10,000-row import's
    objects took 0.1–0.6 s, which a join here spent with the window frozen (#28, bench/gui.py)."""
    process.join(timeout=0)
    if process.is_alive():
        QTimer.singleShot(POLL_MS, lambda: reap(process))


def run_job(parent: QWidget | None, title: str, fn: JobFn, *args: Any, quiet: bool = False) -> Task:
    """Run the module-level `fn(progress, cancel, *args)` in a child process."""
    return Task(parent, title, fn, args, quiet=quiet).start()


def run_task(parent: QWidget | None, title: str, db_path: Path, fn: JobFn, *args: Any, quiet: bool = False) -> Task:
    """Run the module-level `fn(service, progress, cancel, *args)` on the catalogue at `db_path`."""
    return run_job(parent, title, with_catalogue, Path(db_path), fn, *args, quiet=quiet)
