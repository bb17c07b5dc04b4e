"""The log file in the user's log folder, where unexpected errors leave their details."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import traceback
from pathlib import Path
from types import TracebackType

from ocopdesk.paths import AppPaths
from ocopdesk.version import version_line

LOG_NAME = "ocopdesk.log"


def log_file() -> Path:
    path = AppPaths.from_environment().log_dir / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.stat().st_size == 0:
        # The first line says which build wrote the log, so a log sent in by a clerk can be matched to it.
        with contextlib.suppress(OSError):
            path.write_text(f"{version_line()}\n", encoding="utf-8")
    return path


def log_unexpected(
    where: str, exc_info: tuple[type[BaseException], BaseException, TracebackType | None] | None = None
) -> Path:
    """Append a traceback (the current exception's by default) to the log; returns the log's path."""
    path = log_file()
    details = "".join(traceback.format_exception(*exc_info)) if exc_info else traceback.format_exc()
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {stamp} {version_line()}: unexpected error in {where}\n{details}\n")
    except OSError:
        logging.getLogger("ocopdesk").exception("could not write %s", path)
    return path
