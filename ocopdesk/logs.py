"""The log file in the user's log folder, where unexpected errors leave their details."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from ocopdesk.paths import AppPaths

LOG_NAME = "ocopdesk.log"


def log_file() -> Path:
    path = AppPaths.from_environment().log_dir / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def log_unexpected(where: str) -> Path:
    """Append the current exception's traceback to the log; returns the log's path."""
    path = log_file()
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- unexpected error in {where}\n{traceback.format_exc()}\n")
    except OSError:
        logging.getLogger("ocopdesk").exception("could not write %s", path)
    return path
