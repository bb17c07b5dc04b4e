"""The site build's file writes, on one thread of their own while the main thread renders the next pages.

Writing is a file opened, written and renamed over the old one: system calls that release the GIL. Measured
with py-spy on a rewrite of 2,200 pages and their linksets (200 products × 10 lots), the opens and renames
were 45 % of the build's time on the main thread, rendering 25 % (#28). On a thread of their own they run on
the other core while the templates hold the GIL. At most `AHEAD` files wait, so memory stays bounded, and a
failed write (a full disk, a file locked by another program) is raised to the build as it was before.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from ocopdesk.render.files import write_atomic

AHEAD = 256  # files rendered and not yet written, at most (a few MB)


class SiteWriter:
    """`write(path, data)` hands the file to the writer thread; leaving the block waits for every write."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="site-writer")
        self._pending: deque[Future[None]] = deque()

    def write(self, path: Path, data: bytes) -> None:
        """Queue the file (its folder made already: `owned_folder.Targets`); raise an earlier write's failure."""
        while self._pending and (self._pending[0].done() or len(self._pending) >= AHEAD):
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(write_atomic, path, data, folder_made=True))

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Every queued write finishes (or fails) before the build goes on to its manifest; when the build is
        already failing (cancelled), the writes still finish but their own failures do not hide its error."""
        try:
            while self._pending:
                future = self._pending.popleft()
                if kind is None:
                    future.result()
                else:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True)
