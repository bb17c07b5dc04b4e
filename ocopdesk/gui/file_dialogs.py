"""Where a file dialog opens: the folder last used for the same purpose (backups, PDFs, photos…), else the
Documents folder, else (no Documents on that machine) the folder last used for any purpose, and only then
the bare home folder a Windows clerk does not keep files in (the clerk's walks, #22). Remembered in the
machine settings when the caller has the app's context, else for this session."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ocopdesk.gui.context import AppContext

BACKUP, IMPORT, PDF, BUNDLE, EPCIS, STAMP_LIST, PICTURES, DOCUMENTS, TEMPLATE = (
    "backup", "import", "pdf", "bundle", "epcis", "stamp-list", "pictures", "documents", "template",
)  # fmt: skip
ANY = "any"  # the folder last used for whatever purpose: where a machine without Documents starts next
_session: dict[str, str] = {}  # for dialogs opened without the context (the product editor's media)


def documents() -> Path | None:
    """The user's Documents folder when it exists (the walk's machine had none, #22)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    with contextlib.suppress(OSError):
        if found and Path(found).is_dir():
            return Path(found)
    return None


def start_folder(purpose: str, context: AppContext | None = None) -> Path:
    """The folder last used for `purpose` if it is still there (a USB stick may be gone), else Documents,
    else the folder last used for any purpose (the template's folder for the export after it), else home."""
    for candidate in (_remembered(purpose, context), documents(), _remembered(ANY, context)):
        with contextlib.suppress(OSError):
            if candidate is not None and candidate.is_dir():
                return candidate
    return Path.home()


def _remembered(purpose: str, context: AppContext | None) -> Path | None:
    kept = context.settings.last_folders.get(purpose, "") if context is not None else _session.get(purpose, "")
    return Path(kept) if kept else None


def remember(purpose: str, chosen: str, context: AppContext | None = None) -> None:
    """Keep the folder of `chosen` (a file) for the next dialog of the same purpose."""
    if not chosen:
        return
    folder = str(Path(chosen).parent)
    _session[purpose] = _session[ANY] = folder
    if context is not None and any(context.settings.last_folders.get(p) != folder for p in (purpose, ANY)):
        context.settings.last_folders[purpose] = context.settings.last_folders[ANY] = folder
        context.save_settings()


def save_name(
    parent: QWidget | None, purpose: str, title: str, name: str, patterns: str, context: AppContext | None = None
) -> str:
    """The file to write, chosen in a save dialog that opens at `purpose`'s folder with `name` proposed."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, str(start_folder(purpose, context) / name), patterns)
    remember(purpose, path, context)
    return path


def open_name(
    parent: QWidget | None, purpose: str, title: str, patterns: str, context: AppContext | None = None
) -> str:
    """The file to read, chosen in an open dialog that starts in `purpose`'s folder."""
    path, _filter = QFileDialog.getOpenFileName(parent, title, str(start_folder(purpose, context)), patterns)
    remember(purpose, path, context)
    return path


def open_names(
    parent: QWidget | None, purpose: str, title: str, patterns: str, context: AppContext | None = None
) -> list[str]:
    """The files to read (several at once), starting in `purpose`'s folder."""
    paths, _filter = QFileDialog.getOpenFileNames(parent, title, str(start_folder(purpose, context)), patterns)
    remember(purpose, paths[0] if paths else "", context)
    return paths
