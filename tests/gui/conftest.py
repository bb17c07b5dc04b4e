"""GUI test helpers: the real window on a fresh OCOPDESK_HOME, answering modal message boxes by clicking
their real buttons, and a clean slate between tests.

The clean slate (issue #21): before pytest-qt closes a test's widgets, the test's background work is
waited for (ended by the work finishing, ceiling one minute) and whatever message box it then shows is
closed and reported *for that test*. Before, a test that timed out left its import running; its late
"Imported …" box then appeared during the next test and failed that one instead."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from ocopdesk.app import open_main_window
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.tasks import running_tasks
from tests.waits import CEILING_MS

# Plain threads the window starts for short background work (gui/address.py, services/web_fetch.py).
BACKGROUND_THREADS = ("address-probe", "ocopdesk-download")
LEFT_BEHIND = pytest.StashKey[list[str]]()
_pending_answers: list[QTimer] = []  # answers still looking for their box: the sweep leaves boxes to them
_threads_before: set[threading.Thread] = set()  # alive when the current test began: not its work


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    win = open_main_window(["ocopdesk"])
    qtbot.addWidget(win)
    yield win
    settle()  # a task still running would report to a closed catalogue
    win.context.close()


class BoxAnswerer:
    """Clicks `button` in the next message box that appears and remembers its text.

    The answer waits for its box as long as the box takes to come (the ceiling is a minute), so a slow
    import's "Imported …" box is answered however busy the machine is."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.details: list[str] = []  # each answered box's detailed text ("" when it has none)

    def answer(self, button: str) -> None:
        deadline = time.monotonic() + CEILING_MS / 1000
        timer = QTimer(interval=10)

        def click() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and box.isVisible():
                for candidate in box.buttons():
                    if candidate.text() == button:
                        self.texts.append(box.text())
                        self.details.append(box.detailedText())
                        stop()
                        candidate.click()
                        return
            if time.monotonic() > deadline:
                stop()

        def stop() -> None:
            timer.stop()
            if timer in _pending_answers:
                _pending_answers.remove(timer)

        timer.timeout.connect(click)
        _pending_answers.append(timer)
        timer.start()


@pytest.fixture
def boxes() -> Iterator[BoxAnswerer]:
    yield BoxAnswerer()
    for timer in list(_pending_answers):  # never let one test's answer click the next test's box
        timer.stop()
    _pending_answers.clear()


def settle() -> list[str]:
    """Wait (ceiling a minute) for the background work the test started; stop what outlives the ceiling.
    Returns what had to be stopped. Events keep flowing meanwhile, so finished work shows its boxes."""
    problems: list[str] = []
    deadline = time.monotonic() + CEILING_MS / 1000
    while _busy() and time.monotonic() < deadline:
        QTest.qWait(20)
    for task in running_tasks():
        problems.append(f"background task still running after {CEILING_MS // 1000} s: {task.dialog.labelText()!r}")
        task.cancel()
        task.process.kill()
        task.process.join(timeout=10)
        stop = time.monotonic() + 10
        while task.running and time.monotonic() < stop:
            QTest.qWait(20)
    QThreadPool.globalInstance().waitForDone(CEILING_MS)
    problems += [f"thread {t.name!r} still running" for t in _own_threads()]
    return problems


def _own_threads() -> list[threading.Thread]:
    """Background threads the current test started: a download thread an earlier (non-GUI) test left
    reading from a dripping server is not this test's doing, and blaming it failed every test after it."""
    return [t for t in threading.enumerate() if t.name in BACKGROUND_THREADS and t not in _threads_before]


def _busy() -> bool:
    return bool(running_tasks()) or bool(_own_threads())


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Settle before pytest-qt closes (and deletes) the test's widgets, which would stop a running task's
    timer half way; the `clean_slate` fixture then fails the test for what it left behind."""
    item.stash[LEFT_BEHIND] = settle()
    yield


_orphans: list[str] = []  # boxes the session watchdog had to close: reported by the next clean slate


@pytest.fixture(scope="session", autouse=True)
def no_box_waits_forever() -> Iterator[None]:
    """The last line of defence: a box shown where no test is looking (during pytest-qt's own teardown,
    after the clean slate has stopped) would block the worker for ever. A box still open after the wait
    ceiling plus half a minute is closed and reported, so the run fails instead of hanging."""

    def sweep() -> None:
        now = time.monotonic()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                shown = widget.property("watchdog_seen")
                if shown is None:
                    widget.setProperty("watchdog_seen", now)
                elif now - float(shown) > CEILING_MS / 1000 + 30:
                    _orphans.append(widget.text())
                    widget.done(0)

    timer = QTimer(interval=5000)
    timer.timeout.connect(sweep)
    timer.start()
    yield
    timer.stop()


@pytest.fixture(autouse=True)
def clean_slate(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """A message box nobody answers would block the test forever: close it and fail the test. At the end,
    the test's own leftovers (boxes, running tasks) fail the test that left them, not the next one."""
    seen: list[str] = [f"(closed after an earlier test) {text}" for text in _orphans]
    _orphans.clear()
    _threads_before.clear()
    _threads_before.update(threading.enumerate())

    def sweep() -> None:
        if _pending_answers:
            return  # the test said it will answer a box: let it, however long the box takes to come
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                if widget.property("first_seen"):
                    seen.append(widget.text())
                    widget.done(0)
                else:
                    widget.setProperty("first_seen", True)

    timer = QTimer(interval=1500)  # two sweeps apart: a box the test answers is gone long before
    timer.timeout.connect(sweep)
    timer.start()
    yield seen
    timer.stop()
    left = request.node.stash.get(LEFT_BEHIND, [])
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            if isinstance(widget, QMessageBox):
                seen.append(widget.text())
            widget.done(0)
    assert not seen, f"unexpected dialog(s): {seen}"
    assert not left, f"left behind: {left}"
