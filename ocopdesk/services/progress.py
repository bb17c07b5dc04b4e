"""Progress reporting and cancellation for long service calls, without Qt."""

from __future__ import annotations

import threading
from collections.abc import Callable

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

ProgressFn = Callable[[int, int, str], None]  # done, total, what is happening


def no_progress(done: int, total: int, message: str) -> None:
    """Default: report nothing."""


class Cancelled(OcopDeskError):
    """The user pressed Cancel; whatever the call was writing was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled. Nothing was changed."))


class CancelToken:
    """Set from the GUI thread, checked by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
