"""Choosing a folder that may not exist yet: Qt's folder dialog can only pick folders that exist, so the
folder we suggest is made first when its parent exists (and removed again if the clerk chose another and it
stayed empty); a suggestion further from anything that exists (a remembered folder on a USB stick that is
gone) opens the dialog at its nearest existing parent instead of a folder that is not there."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def nearest_existing(path: Path) -> Path:
    """`path` itself if it is a folder, else its closest parent that is one (the home folder at worst)."""
    for candidate in (path, *path.parents):
        with contextlib.suppress(OSError):
            if candidate.is_dir():
                return candidate
    return Path.home()


def choose_folder(parent: QWidget | None, title: str, suggested: Path) -> str:
    """The folder chosen, or "" when cancelled."""
    made = False
    if not suggested.exists() and suggested.parent.is_dir():
        with contextlib.suppress(OSError):  # a read-only place: the dialog opens at the nearest parent
            suggested.mkdir()
            made = True
    start = nearest_existing(suggested)
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    if made and Path(chosen or "") != suggested:
        with contextlib.suppress(OSError):
            suggested.rmdir()  # only if still empty
    return chosen
