"""The site build's file writes, on one thread of their own while the main thread renders the next pages.

Writing is a folder made, a file opened, written and renamed over the old one: system calls that release the
GIL. Measured with py-spy on a rewrite of 2,200 pages and their linksets (200 products × 10 lots), the opens and
renames were 45 % of the build's time on the main thread, rendering 25 % (#28). On a thread of their own they run
on the other core while the templates hold the GIL. Where each file goes (`owned_folder.Targets`: its folder
checked for links and made, 11,000 lot folders in a full build) is worked out on that thread too: py-spy found
the `mkdir`s and link checks were a third of the main thread's time once the writes had moved (#28, 300
products). Files go to the thread `BATCH` at a time, so the main thread hands over (and wakes the writer) once
per batch, not once per file. At most `AHEAD` files wait, so memory stays bounded, and a failed write (a full
disk, a file locked by another program, a link planted in the folder) is raised to the build as it was before.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Generic, TypeVar

from ocopdesk.render.files import write_atomic

AHEAD = 256  # files rendered and not yet written, at most (a few MB)
BATCH = 32  # files handed to the writer thread at once
Name = TypeVar("Name")


class SiteWriter(Generic[Name]):
    """`write(name, data)` hands the file to the writer thread, which finds its path with `target(name)` (its
    folder made: `owned_folder.Targets`); leaving the block waits for every write."""

    def __init__(self, target: Callable[[Name], Path]) -> None:
        self._target = target
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="site-writer")
        self._pending: deque[Future[None]] = deque()
        self._batch: list[tuple[Name, bytes]] = []

    def write(self, name: Name, data: bytes) -> None:
        """Queue the file; raise an earlier write's failure."""
        self._batch.append((name, data))
        if len(self._batch) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        while self._pending and (self._pending[0].done() or len(self._pending) >= AHEAD // BATCH):
            self._pending.popleft().result()
        if self._batch:
            self._pending.append(self._pool.submit(self._write_all, self._batch))
            self._batch = []

    def _write_all(self, files: list[tuple[Name, bytes]]) -> None:
        for name, data in files:
            write_atomic(self._target(name), data, folder_made=True)

    def __enter__(self) -> SiteWriter[Name]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Every queued write finishes (or fails) before the build goes on to its manifest; when the build is
        already failing (cancelled), the writes still finish but their own failures do not hide its error."""
        try:
            if self._batch:
                self._pending.append(self._pool.submit(self._write_all, self._batch))
                self._batch = []
            while self._pending:
                future = self._pending.popleft()
                if kind is None:
                    future.result()
                else:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True)
