"""What SQLite's own errors mean for a clerk.

"database is locked" after the busy timeout, a read-only file and a damaged page all reach the top of the
CLI or the window as sqlite3 exceptions; left alone they read "Unexpected error". Here each becomes a
message that says what happened, that nothing was changed (a failed statement rolls back its transaction)
and what to do.
"""

from __future__ import annotations

import sqlite3

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

_BUSY = ("database is locked", "database table is locked", "database is busy")
_READ_ONLY = ("readonly database", "read-only")
_DAMAGED = ("malformed", "not a database", "corrupt")
_FULL = ("database or disk is full",)


class CatalogueBusy(OcopDeskError):
    """Another program or window holds the catalogue's write lock for longer than we wait."""


def explain_sqlite(error: BaseException) -> OcopDeskError | None:
    """The clerk's version of a SQLite error, or None when it is not one we can explain."""
    if not isinstance(error, sqlite3.Error):
        return None
    text = str(error).lower()
    if any(key in text for key in _BUSY):
        return CatalogueBusy(busy_message())
    if any(key in text for key in _READ_ONLY):
        return OcopDeskError(read_only_message(_("The catalogue")))
    if any(key in text for key in _DAMAGED):
        return OcopDeskError(damaged_message(_("The catalogue"), str(error)))
    if any(key in text for key in _FULL):
        return OcopDeskError(_("The disk is full, so the change was not saved. Free some space and try again."))
    if "disk i/o error" in text:
        return OcopDeskError(
            _(
                "The catalogue could not be read or written (disk I/O error). Nothing was changed. If it is on a "
                "USB stick or a network folder, check that it is still connected, then try again."
            )
        )
    return None


def busy_message() -> str:
    return _(
        "The catalogue is busy: another program or OCOPDesk window has been writing to it for more than "
        "10 seconds. Nothing was changed. Try again in a moment; if it keeps happening, close the other program."
    )


def read_only_message(what: object) -> str:
    return _(
        "{what} cannot be changed: the file or its folder is read-only. Nothing was changed. Copy the catalogue "
        "(with its .media folder) to a folder you can write to, such as Documents, or ask for write permission."
    ).format(what=what)


def locked_message(path: object) -> str:
    return _(
        "{path} is locked by another program (for example a database viewer). It is not damaged. Close that "
        "program, then open the catalogue again; nothing was changed."
    ).format(path=path)


def damaged_message(what: object, detail: str) -> str:
    return _(
        "{what} is damaged (SQLite reports: {detail}). Nothing more was written to it. Restore your latest "
        "backup, and keep this file: it may still be rescued."
    ).format(what=what, detail=detail)
