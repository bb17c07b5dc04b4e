"""A website build that is SIGKILLed at its Nth file write, half-way through writing that file.

Run as `python -m tests.site.killed_build DB OUT N` by tests/site/test_killed_build.py. N = 0 never
kills and prints how many files a whole build writes. The kill is a real SIGKILL of this process:
no `finally`, no atexit, nothing of Python runs after it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

from ocopdesk.render import files
from ocopdesk.services import site, site_hosting, site_writer
from ocopdesk.services.catalog import CatalogService


def main() -> None:
    db, out, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    real = files.write_atomic
    count = [0]
    lock = threading.Lock()  # photos are written from a pool of threads

    def write(path: Path, data: bytes, **how: bool) -> None:
        with lock:
            count[0] += 1
            if count[0] == kill_at:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.with_name(f".{path.name}.{os.getpid()}.partial").write_bytes(data[: len(data) // 2])
                os.kill(os.getpid(), signal.SIGKILL)
        real(path, data, **how)

    site.write_atomic = write  # type: ignore[assignment]
    site_writer.write_atomic = write  # type: ignore[assignment]
    site_hosting.write_atomic = write  # type: ignore[assignment]
    service = CatalogService.open(db)
    try:
        site.build_site(service, out)
    finally:
        service.close()
    print(count[0])


if __name__ == "__main__":
    main()
