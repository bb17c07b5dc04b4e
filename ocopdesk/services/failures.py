"""One place that turns low-level failures into messages a clerk can act on, for the CLI and the window
alike: SQLite's (storage/failures.py) and the file system's (a missing or read-only folder, a full disk)."""

from __future__ import annotations

import errno

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.storage.failures import explain_sqlite


def explain(error: BaseException) -> OcopDeskError | None:
    """A clear OcopDeskError for `error`, or None when it is a genuine bug (logged as unexpected)."""
    if isinstance(error, OcopDeskError):
        return error
    found = explain_sqlite(error)
    if found is not None or not isinstance(error, OSError):
        return found
    where = error.filename or ""
    if error.errno == errno.ENOSPC:
        return OcopDeskError(_("The disk is full, so the change was not saved. Free some space and try again."))
    if isinstance(error, PermissionError) or error.errno in (errno.EROFS, errno.EACCES):
        return OcopDeskError(
            _("OCOPDesk may not write to {path}. Choose another folder, or ask for write permission.").format(
                path=where
            )
        )
    if isinstance(error, FileNotFoundError):
        return OcopDeskError(
            _("{path} does not exist (was a folder moved, or a USB stick removed?). Nothing was changed.").format(
                path=where
            )
        )
    return None
