"""Choosing a folder that may not exist yet: Qt's folder dialog can only pick folders that exist, so the
folder we suggest is made first (and removed again if the clerk chose another and it stayed empty)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_folder(parent: QWidget | None, title: str, suggested: Path) -> str:
    """The folder chosen, or "" when cancelled."""
    made = not suggested.exists()
    if made:
        with contextlib.suppress(OSError):  # a read-only place: the dialog opens at the nearest parent
            suggested.mkdir(parents=True)
    chosen = QFileDialog.getExistingDirectory(parent, title, str(suggested))
    if made and Path(chosen or "") != suggested:
        with contextlib.suppress(OSError):
            suggested.rmdir()  # only if still empty
    return chosen
