"""Run by tests/services/test_scans.py in a subprocess: load a folder of logs, printing each file as it
starts, so the test can SIGKILL the process mid-load. With `between` as a third argument the process
kills itself at the worst moment of the second file instead: its rows committed in the scan store, its
counts and mark not yet in the catalogue."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from ocopdesk.services import catalog_parts, scans
from ocopdesk.services.catalog import CatalogService


def _kill_on_second_merge() -> None:
    merge = catalog_parts.ScanRows.merge
    calls = []

    def merge_or_die(self: catalog_parts.ScanRows, *args: Any) -> None:
        calls.append(args)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        merge(self, *args)

    catalog_parts.ScanRows.merge = merge_or_die  # type: ignore[method-assign]


def main() -> None:
    if sys.argv[3:] == ["between"]:
        _kill_on_second_merge()
    service = CatalogService.open(Path(sys.argv[1]), create=False)
    scans.load(service, [Path(sys.argv[2])], progress=lambda done, total, what: print(done, flush=True))


if __name__ == "__main__":
    main()
