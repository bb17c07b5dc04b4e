"""Progress reporting and cancellation for long service calls, without Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

ProgressFn = Callable[[int, int, str], None]  # done, total, what is happening


def no_progress(done: int, total: int, message: str) -> None:
    """Default: report nothing."""


class Cancelled(OcopDeskError):
    """The user pressed Cancel; whatever the call was writing was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled. Nothing was changed."))


class Flag(Protocol):
    def set(self) -> None: ...
    def is_set(self) -> bool: ...


class CancelToken:
    """Set from the GUI, checked by the worker between steps. The flag may be a
    multiprocessing.Event when the work runs in another process."""

    def __init__(self, flag: Flag | None = None) -> None:
        self._event: Flag = flag if flag is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
