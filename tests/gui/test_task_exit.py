"""A finished background job hands its result to the window at once, even when its process is slow to exit
(#28: a join on the GUI thread waited for a 10,000-row import's interpreter to free its objects)."""

from __future__ import annotations

import atexit
import itertools
import time
from typing import Any

from pytestqt.qtbot import QtBot

from ocopdesk.gui.tasks import run_job

LINGER_S = 3.0


def lingering_job(progress: Any, cancel: Any) -> str:
    """Runs in the child: reports at once, then spends LINGER_S seconds exiting (as freeing a big import does)."""
    atexit.register(time.sleep, LINGER_S)
    return "result"


def test_the_result_arrives_while_the_child_is_still_exiting_and_the_child_is_reaped(qtbot: QtBot) -> None:
    task = run_job(None, "Lingering", lingering_job)
    seen: list[tuple[object, bool, float]] = []
    task.done.connect(lambda result: seen.append((result, task.process.is_alive(), time.monotonic())))
    qtbot.waitUntil(lambda: bool(seen))
    result, alive_at_done, at = seen[0]
    assert result == "result"
    assert alive_at_done  # the window was not made to wait for the exit
    ticks: list[float] = []
    qtbot.waitUntil(lambda: ticks.append(time.monotonic()) or len(ticks) > 3)  # the event loop runs meanwhile
    assert task.process.is_alive() and ticks[-1] - at < LINGER_S
    qtbot.waitUntil(lambda: task.process.exitcode is not None)  # joined in passing: no zombie left behind
    assert task.process.exitcode == 0


SLOW_UNPICKLE_S = 4.0


def _slowly_read(text: str) -> str:
    """Runs in the window's process while a message is unpickled: a message that takes long to arrive whole
    (a big result trickling through the pipe from a child starved of a core) or to read (#28)."""
    time.sleep(SLOW_UNPICKLE_S)
    return text


class SlowToRead(str):
    def __reduce__(self) -> tuple[Any, ...]:
        return _slowly_read, (str(self),)


def slow_message_job(progress: Any, cancel: Any) -> str:
    progress(0, 1, SlowToRead("Đang đọc…"))
    return "result"


def test_the_window_keeps_running_while_a_message_is_still_arriving(qtbot: QtBot) -> None:
    """The GUI thread never waits for the pipe: a message that takes seconds to come in leaves the event loop
    turning (before, `recv` ran on the GUI thread and froze the window for the whole wait)."""
    task = run_job(None, "Slow message", slow_message_job)
    seen: list[object] = []
    task.done.connect(seen.append)
    ticks: list[float] = []
    qtbot.waitUntil(lambda: ticks.append(time.monotonic()) or bool(seen))
    assert seen == ["result"] and task.dialog.labelText() == "Đang đọc…"
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert ticks[-1] - ticks[0] >= SLOW_UNPICKLE_S * 0.9 and max(gaps) < SLOW_UNPICKLE_S / 2, max(gaps)
