"""Who is using a catalogue file, told apart from who used it and crashed: operating-system file locks.

Each open catalogue holds an exclusive lock on a small file of its own in `.catalogue.sqlite.users/`; a lock
that can be taken belongs to a process that has ended (its file is stale and removed). Only exclusive,
non-blocking locks are used, so the same code works with `fcntl.flock` (Linux, macOS) and `msvcrt.locking`
(Windows). A restore takes `.catalogue.sqlite.restore.lock`: openers and restorers each take their own lock
first and look for the other's second, so at least one of two racing processes sees the other.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def users_dir(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.users")


def restore_lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.lock")


class Holder:
    """This process has the catalogue open. The lock goes with the file object: released by `release()`, and
    by the operating system when the object is collected or the process dies, whatever way it ends."""

    def __init__(self, db_path: Path) -> None:
        folder = users_dir(db_path)
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{os.getpid()}-{secrets.token_hex(6)}"
        self._handle: IO[bytes] | None = self.path.open("a+b")
        if not _try_lock(self._handle):  # a fresh file of our own: only a broken file system says no
            self._handle.close()
            self._handle = None

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None
            self.path.unlink(missing_ok=True)


def live_holders(db_path: Path) -> int:
    """How many open catalogues (in any process, this one included) use `db_path`; stale entries are removed."""
    folder = users_dir(db_path)
    live = 0
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        free = _is_free(entry)
        if free is False:
            live += 1
        elif free:
            entry.unlink(missing_ok=True)
    return live


def left_open(db_path: Path) -> bool:
    """Whether a process had the catalogue open and ended without closing it (killed, crashed, power cut):
    its holder file is still there but nobody holds the lock. The stale entries are removed."""
    folder = users_dir(db_path)
    stale = False
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if _is_free(entry):
            entry.unlink(missing_ok=True)
            stale = True
    return stale


def _is_free(path: Path) -> bool | None:
    """Whether nobody holds the lock file `path` (None when it cannot be opened)."""
    try:
        handle = path.open("r+b")
    except OSError:
        return None
    with handle:
        if not _try_lock(handle):
            return False
        _unlock(handle)
    return True


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[bool]:
    """Try to take the lock file `path`; yields whether it was taken (never waits)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as handle:
        taken = _try_lock(handle)
        try:
            yield taken
        finally:
            if taken:
                _unlock(handle)


class Scratch:
    """A hidden working folder beside the catalogue, locked while in use. Whatever a killed process left in
    it (a database snapshot holds the stamp key) and the partial files it names are removed by `sweep()`."""

    def __init__(self, folder: Path) -> None:
        self.dir = folder

    def track(self, path: Path) -> None:
        """`path` (a `.partial` file written elsewhere) is to be removed if this process dies."""
        with (self.dir / "tracked.txt").open("a", encoding="utf-8") as handle:
            handle.write(f"{path}\n")


@contextlib.contextmanager
def scratch(db_path: Path, purpose: str) -> Iterator[Scratch]:
    folder = db_path.with_name(f".{db_path.name}.{purpose}-{secrets.token_hex(6)}")
    folder.mkdir(parents=True)
    handle = (folder / "lock").open("a+b")
    _try_lock(handle)
    try:
        yield Scratch(folder)
    finally:
        _unlock(handle)
        handle.close()
        _remove(folder)


def sweep(db_path: Path) -> int:
    """Remove the scratch folders (and the partial files they track) of processes that have ended."""
    removed = 0
    for folder in db_path.parent.glob(f".{db_path.name}.*-*"):
        lock = folder / "lock"
        if not lock.is_file() or not _is_free(lock):
            continue  # not a scratch folder, or still in use
        tracked = folder / "tracked.txt"
        for line in tracked.read_text(encoding="utf-8").splitlines() if tracked.is_file() else []:
            if line.endswith(".partial"):
                Path(line).unlink(missing_ok=True)
        _remove(folder)
        removed += 1
    return removed


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
