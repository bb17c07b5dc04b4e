"""Whether any process — OCOPDesk or another program, such as a database viewer — has a catalogue open, read
from SQLite's own locks rather than from OCOPDesk's holder files (issue #20).

In WAL mode every connection that has read the database keeps a shared lock on one byte of the `-shm` file
(the "dead-man switch" at offset 128, the same on Unix and Windows: SQLite's os_unix.c/os_win.c
`UNIX_SHM_DMS`/`WIN_SHM_DMS`); SQLite itself takes it exclusively to learn that it is the last user. A file in
rollback-journal mode (a restored copy before OCOPDesk opens it) is probed with `BEGIN EXCLUSIVE`, which fails
while another connection reads or writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

SHM_DMS = 128  # 120 (SHM base) + 8 (SQLITE_SHM_NLOCK): see the module docstring

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _byte_is_free(fd: int, offset: int) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return True

else:
    import fcntl

    def _byte_is_free(fd: int, offset: int) -> bool:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
        except OSError:
            return False
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, offset)
        return True


def open_elsewhere(db_path: Path) -> bool:
    """True while another process has `db_path` open (WAL) or inside a transaction (any mode). Call it with no
    connection of this process open on the file: closing the probe's descriptor drops this process's POSIX
    locks on the `-shm` file, which would pull them from under such a connection."""
    return _shm_in_use(Path(f"{db_path}-shm")) or (db_path.is_file() and not _exclusive_possible(db_path))


def _shm_in_use(shm: Path) -> bool:
    try:
        fd = os.open(shm, os.O_RDWR)
    except OSError:
        return False  # no WAL index: nobody has the file open in WAL mode
    try:
        return not _byte_is_free(fd, SHM_DMS)
    finally:
        os.close(fd)


def _exclusive_possible(db_path: Path) -> bool:
    """`BEGIN EXCLUSIVE` without waiting, then rolled back: nothing in the file changes."""
    try:
        conn = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return True  # not a database we can open: the restore's own checks say why
    try:
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        return "locked" not in str(exc) and "busy" not in str(exc)
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
