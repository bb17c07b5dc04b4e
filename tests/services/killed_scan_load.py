"""Run by tests/services/test_scans.py in a subprocess: load a folder of logs, printing each file as it
starts, so the test can SIGKILL the process mid-load."""

from __future__ import annotations

import sys
from pathlib import Path

from ocopdesk.services import scans
from ocopdesk.services.catalog import CatalogService


def main() -> None:
    service = CatalogService.open(Path(sys.argv[1]), create=False)
    scans.load(service, [Path(sys.argv[2])], progress=lambda done, total, what: print(done, flush=True))


if __name__ == "__main__":
    main()
