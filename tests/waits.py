"""Waits that end on the event, with one generous ceiling.

A GUI test waits for background work (an import in a child process, a site build, an address probe). How
long that takes depends on the machine and on what else runs on it: a guessed 5 s passed on a quiet
laptop and failed on a busy 2-core CI machine (issue #21). So every wait here is ended by the signal or
the state change it is about, and the ceiling only decides how long a *broken* test hangs before it says
so: a minute.
"""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

CEILING_MS = 60_000  # how long a wait may take before the test is called broken; never the expected time


class PatientQtBot(QtBot):
    """pytest-qt's QtBot whose waits default to the one-minute ceiling instead of 5 s.

    The default matters because most waits name no timeout (`qtbot.waitUntil(lambda: ...)`): they are
    waits for an event, and a default of 5 s silently turned each of them into a guess."""

    def waitUntil(self, callback: Any, *, timeout: int = CEILING_MS) -> None:
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal: Any, *, timeout: int = CEILING_MS, **kwargs: Any) -> Any:
        return super().waitSignal(signal, timeout=timeout, **kwargs)

    def waitSignals(self, signals: Any, *, timeout: int = CEILING_MS, **kwargs: Any) -> Any:
        return super().waitSignals(signals, timeout=timeout, **kwargs)

    def waitCallback(self, *, timeout: int = CEILING_MS, **kwargs: Any) -> Any:
        return super().waitCallback(timeout=timeout, **kwargs)
