"""Writing files so that a crash or a full disk never leaves half of one under the real name."""

from __future__ import annotations

import os
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _


def write_atomic(path: Path, data: bytes, *, folder_made: bool = False) -> None:
    """Write to a hidden temporary name beside `path`, flush, then rename over it. `folder_made`: the caller
    has made `path`'s folder already (a build writing thousands of files makes each folder once)."""
    if not folder_made:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def check_target(out: Path) -> None:
    """Refuse an output place that cannot be written, before the slow work that fills it: the folder the
    file (or bundle folder) goes into must exist and be writable."""
    folder = Path(out).parent
    if not folder.is_dir():
        raise OcopDeskError(
            _("The folder {folder} does not exist. Create it, or choose another place to save {name}.").format(
                folder=folder, name=Path(out).name
            )
        )
    if not os.access(folder, os.W_OK):
        raise OcopDeskError(
            _("OCOPDesk may not write to {path}. Choose another folder, or ask for write permission.").format(
                path=folder
            )
        )
    if Path(out).is_dir() and Path(out).suffix.lower() == ".zip":
        raise OcopDeskError(_("{path} is a folder; choose a file name ending in .zip.").format(path=out))
