"""Putting a restored catalogue in place as one recoverable step, finished or undone on the next open.

The staged copy (database and photos) sits in a hidden folder beside the catalogue. A journal says which
folder and how far the swap got. Photos go in first (they are content-addressed, so adding files changes no
existing one), then the database replaces the old file in one rename: that rename is the commit point. A
process that dies anywhere leaves either the old catalogue or the new one with all its photos; the next open
reads the journal, finishes a swap that had begun or drops a staging that had not, and removes the leftovers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path

from ocopdesk.storage import scan_store
from ocopdesk.storage.locks import exclusive, restore_lock_path

STAGED = "staged"  # the staging folder is complete and checked; the safety copy may not exist yet
SWAPPING = "swapping"  # the safety copy exists: from here on the restore is finished, never undone
BUSY = "busy"  # recover(): another process is restoring this catalogue now
DB_SUFFIXES = ("", "-wal", "-shm", "-journal")
SCANS_NAME = "catalogue.scans.duckdb"  # the staged scan store (storage/scan_store.py)
NO_SCANS = "no-scan-store"  # staged when the backup has no scan store: the catalogue's old one goes
_log = logging.getLogger(__name__)


def journal_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.restore.json")


def staging_dir(db_path: Path, token: str) -> Path:
    return db_path.with_name(f".{db_path.name}.restore-{token}")


def write_journal(db_path: Path, staging: Path, state: str) -> None:
    journal = journal_path(db_path)
    partial = journal.with_name(journal.name + ".partial")
    partial.write_text(json.dumps({"staging": staging.name, "state": state}), encoding="utf-8")
    os.replace(partial, journal)


def swap_in(db_path: Path, staging: Path) -> None:
    """Photos first, then the database file; safe to run again after any interruption."""
    media = db_path.with_name(db_path.stem + ".media")  # as database.media_dir_for
    media.mkdir(parents=True, exist_ok=True)
    staged_media = staging / "media"
    for item in sorted(staged_media.iterdir()) if staged_media.is_dir() else []:
        if _holds_its_name(media / item.name):  # content-addressed: the right bytes are already there
            item.unlink()
        else:  # missing, or damaged/altered (its bytes no longer hash to its name): the backup's copy wins
            os.replace(item, media / item.name)
    staged_db = staging / "catalogue.sqlite"
    if staged_db.exists():
        # The old file's WAL must go before the new file arrives: SQLite would replay it onto the new one.
        for suffix in DB_SUFFIXES[1:]:
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        _swap_scan_store(db_path, staging)
        os.replace(staged_db, db_path)


def _swap_scan_store(db_path: Path, staging: Path) -> None:
    """The backup's scan store replaces the catalogue's; when the backup has none, the catalogue's goes
    (its rows belong to the catalogue being replaced, and the restored one would count those of its own
    load numbers). Before the database's rename, the commit point; the staged file or the marker is used
    up by the step itself, so running it again after an interruption does nothing more."""
    store = scan_store.store_path(db_path)
    staged, marker = staging / SCANS_NAME, staging / NO_SCANS
    if staged.exists():
        scan_store.files(store)[1].unlink(missing_ok=True)  # DuckDB's log of the old file
        os.replace(staged, store)
    elif marker.exists():
        for file in scan_store.files(store):
            file.unlink(missing_ok=True)
        marker.unlink()


def _holds_its_name(path: Path) -> bool:
    """A media file is named by the SHA-256 of its bytes: whether the file there still has them."""
    if path.is_symlink() or not path.is_file():
        return False
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == path.name.split(".", 1)[0]


def finish(db_path: Path) -> None:
    """The restore is complete: drop the journal, then the emptied staging folder."""
    journal = journal_path(db_path)
    staging = _staging_from_journal(db_path)
    journal.unlink(missing_ok=True)
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def interrupted(db_path: Path) -> bool:
    """A restore left its journal or a staging folder behind (or is running now)."""
    return journal_path(db_path).exists() or any(db_path.parent.glob(f".{db_path.name}.restore-*"))


def restoring(db_path: Path) -> bool:
    """Another process holds the restore lock right now."""
    lock = restore_lock_path(db_path)
    if not lock.exists():
        return False
    with exclusive(lock) as free:
        return not free


def recover(db_path: Path) -> str | None:
    """Called before a catalogue is opened: complete or undo a restore that was interrupted, and remove
    staging folders nobody is using. Returns what was done (for the log), or None when nothing was pending."""
    with exclusive(restore_lock_path(db_path)) as free:
        if not free:
            return BUSY  # a restore is running right now; the caller refuses to open (see database.py)
        return recover_locked(db_path)


def recover_locked(db_path: Path) -> str | None:
    """`recover()` for a caller that already holds the restore lock (a restore about to begin)."""
    done = None
    journal = journal_path(db_path)
    if journal.exists():
        state = _read_state(journal)
        staging = _staging_from_journal(db_path)
        if state == SWAPPING and staging is not None and staging.is_dir():
            swap_in(db_path, staging)
            done = "finished"
        else:
            done = "undone"
        finish(db_path)
        _log.warning("an interrupted restore of %s was %s", db_path, done)
    for leftover in db_path.parent.glob(f".{db_path.name}.restore-*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
    return done


def _read_state(journal: Path) -> str:
    try:
        return str(json.loads(journal.read_text(encoding="utf-8")).get("state", ""))
    except (OSError, ValueError):
        return ""


def _staging_from_journal(db_path: Path) -> Path | None:
    try:
        name = json.loads(journal_path(db_path).read_text(encoding="utf-8"))["staging"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    candidate = db_path.parent / str(name)
    # Only ever a staging folder of this catalogue, whatever the journal file says.
    return candidate if candidate.name.startswith(f".{db_path.name}.restore-") else None
