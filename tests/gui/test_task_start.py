"""Starting a background job does not hold the window (#28): the child process is started on the task's reader
thread, so a start that takes long (an interpreter launched on a machine short of cores, the job's arguments
pickled and sent, Windows' slower process creation) leaves the event loop running."""

from __future__ import annotations

import time
from typing import Any

from pytestqt.qtbot import QtBot

from ocopdesk.gui.tasks import run_job

SLOW_PICKLE_S = 3.0


def _plain(text: str) -> str:
    return text


class SlowToSend(str):
    """Pickled in the window's process when the child starts (spawn sends the job's arguments): slowly."""

    def __reduce__(self) -> tuple[Any, ...]:
        time.sleep(SLOW_PICKLE_S)
        return _plain, (str(self),)


def echo_job(progress: Any, cancel: Any, text: str) -> str:
    return text


def test_the_window_runs_while_the_child_is_started_and_the_result_still_arrives(qtbot: QtBot) -> None:
    began = time.monotonic()
    task = run_job(None, "Slow start", echo_job, SlowToSend("lô L01"))
    returned = time.monotonic() - began
    results: list[str] = []
    task.done.connect(results.append)
    ticks: list[float] = []
    qtbot.waitUntil(lambda: ticks.append(time.monotonic()) or len(ticks) > 5)  # the event loop turns meanwhile
    assert returned < SLOW_PICKLE_S / 3  # before: run_job returned only once the child had been started
    assert ticks[-1] - began < SLOW_PICKLE_S and not results
    qtbot.waitUntil(lambda: bool(results))
    assert results == ["lô L01"]
    qtbot.waitUntil(lambda: task.process.exitcode is not None)  # and the child is reaped
    assert task.process.exitcode == 0


def test_a_child_that_cannot_start_is_a_failed_job_not_a_hang(qtbot: QtBot) -> None:
    """Arguments that cannot be sent (a lambda cannot be pickled): the job fails with the usual message."""
    task = run_job(None, "Cannot start", echo_job, lambda: "x")
    failures: list[str] = []
    task.failed.connect(lambda message, details: failures.append(message))
    qtbot.waitUntil(lambda: bool(failures))
    assert "your data is safe" in failures[0] or "dữ liệu" in failures[0]
    assert not task.running
