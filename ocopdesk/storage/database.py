"""Opening a catalogue file safely: refuse what is not ours or too new, back up, migrate, set pragmas."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.storage import change_marks, product_search, swap
from ocopdesk.storage.failures import damaged_message, locked_message, read_only_message
from ocopdesk.storage.locks import Holder, left_open, live_holders, sweep
from ocopdesk.storage.migrations import KNOWN, REINDEX_KEY, migrations

APPLICATION_ID = 0x4F434F50  # "OCOP": marks a file as an OCOPDesk catalogue
BUSY_TIMEOUT_MS = 10_000
DB_SUFFIXES = ("", "-wal", "-shm", "-journal")  # a database is its file plus SQLite's side files


class CatalogueFileError(OcopDeskError):
    """The file cannot be opened as a catalogue; nothing in it was changed."""


class NewerCatalogue(CatalogueFileError):
    """The file is a catalogue written by a newer OCOPDesk: whole, but not for this version."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class CatalogueDB:
    """One open catalogue: the SQLite connection plus the managed media folder beside it."""

    def __init__(self, path: Path, db: Database, holder: Holder | None = None, *, checked: bool = True) -> None:
        self.path = path
        self.db = db
        self.holder = holder  # tells a restore in another process that this catalogue is in use
        self.conn = db.conn
        self.generation = 0  # bumped by each commit of ours, so caches know the data changed
        self.checked = checked  # False: `quick_check` still to run, before the first write (see open_catalogue)

    @property
    def media_dir(self) -> Path:
        return media_dir_for(self.path)

    @contextlib.contextmanager
    def write(self) -> Iterator[CatalogueDB]:
        """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so two writers
        queue on the busy timeout instead of failing half-way with SQLITE_BUSY; nested calls
        become savepoints."""
        if self.conn.in_transaction:
            with self.db.atomic():
                yield self
            return
        if not self.checked:
            check_health(self.db, self.path, thorough=False)
            self.checked = True
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self.generation += 1
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.db.close()
        if self.holder is not None:
            self.holder.release()

    def __enter__(self) -> CatalogueDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def media_dir_for(db_path: Path) -> Path:
    """`catalogue.sqlite` keeps its photos and documents in `catalogue.media/` beside it."""
    return db_path.with_name(db_path.stem + ".media")


def inspect_file(path: Path) -> list[str]:
    """Read-only look at an existing file: the migrations it has applied.

    Raises CatalogueFileError when the file is not a SQLite database, is another program's
    database, or was written by a newer OCOPDesk. Opens with mode=ro so nothing is modified.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CatalogueFileError(_("Cannot open {path}: {error}").format(path=path, error=exc)) from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        applied = []
        if "_sqlite_migrations" in tables:
            applied = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = 'ocopdesk' ORDER BY id"
                )
            ]
    except sqlite3.DatabaseError as exc:
        if _is_lock_error(exc):
            raise CatalogueFileError(locked_message(path)) from exc
        if _says_ours(path):
            raise CatalogueFileError(damaged_message(path, str(exc))) from exc
        raise CatalogueFileError(
            _(
                "{path} is not an OCOPDesk catalogue (it is not a SQLite database or it is damaged). "
                "Nothing was changed. Choose another file or restore a backup."
            ).format(path=path)
        ) from exc
    finally:
        conn.close()
    if tables and app_id != APPLICATION_ID:
        raise CatalogueFileError(
            _("{path} is a database of another program, not an OCOPDesk catalogue. Nothing was changed.").format(
                path=path
            )
        )
    unknown = [name for name in applied if name not in KNOWN]
    if unknown:
        raise NewerCatalogue(
            _(
                "{path} was written by a newer version of OCOPDesk. Update OCOPDesk to open it; nothing was changed."
            ).format(path=path)
        )
    return applied


def _says_ours(path: Path) -> bool:
    """Whether the file's header is a SQLite header carrying our application id: then a failure to read it
    is damage to a catalogue, not "some other file"."""
    try:
        with path.open("rb") as handle:
            header = handle.read(72)
    except OSError:
        return False
    return header.startswith(b"SQLite format 3\0") and int.from_bytes(header[68:72], "big") == APPLICATION_ID


def open_catalogue(
    path: Path, *, create: bool = True, backup_dir: Path | None = None, defer_search: bool = False
) -> CatalogueDB:
    """Open (or create) the catalogue at `path`, migrating it to the current schema.

    Before pending migrations run on a database that already has data, a copy is taken with the
    SQLite backup API, so a failed or unwanted upgrade can always be undone.

    The health check is where it earns its cost (issue #28; `quick_check` is 0.1–0.2 s at 100,000 products,
    most of a fast open): in full before anything else when the last user did not close the file (killed,
    crashed, power cut: its holder file in `.name.users/` is left behind, see storage/locks.py) or when
    migrations are about to write; otherwise `quick_check` runs before the first write of this connection,
    so nothing is ever written into a damaged file and the first screen does not wait for the check.
    `defer_search`: a big search index to rebuild is left to the caller, to rebuild in the background (#28).
    """
    path = Path(path)
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise CatalogueFileError(_("There is no catalogue at {path}.").format(path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_read_only(path, exists)
    if swap.interrupted(path) and swap.recover(path) == swap.BUSY:
        raise _restoring(path)
    exists = path.exists() and path.stat().st_size > 0
    applied = inspect_file(path) if exists else []  # a foreign file is refused before anything is written
    unclean = exists and (left_open(path) or _wal_without_holders(path))
    holder = Holder(path)  # registered before looking for a restore: see storage/locks.py
    sweep(path)  # what killed backups left beside the catalogue
    try:
        if swap.restoring(path):
            raise _restoring(path)
        db = Database(sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False))
    except BaseException:
        holder.release()
        raise
    try:
        checked = not exists or unclean
        if unclean:
            check_health(db, path, thorough=True)
        elif exists and (migrations.pending(db) or not _configured(db)):
            check_health(db, path, thorough=False)  # about to write (migrations, pragmas): refuse a damaged file
            checked = True
        _configure(db)
        _migrate(db, path, applied, backup_dir or path.parent / "backups")
        if not (defer_search and product_search.worth_deferring(db.conn)):
            _rebuild_derived(db)
    except sqlite3.OperationalError as exc:
        db.close()
        holder.release()
        if _is_lock_error(exc):
            raise CatalogueFileError(locked_message(path)) from exc
        raise
    except BaseException:
        db.close()
        holder.release()
        raise
    return CatalogueDB(path, db, holder, checked=checked)


def _migrate(db: Database, path: Path, applied: list[str], backup_dir: Path) -> None:
    """Apply pending migrations, after a copy of a file that has data."""
    pending = [m.name for m in migrations.pending(db)]
    if pending and applied:
        backup_to(db.conn, claim_unique(backup_dir, f"{path.stem}-before-{pending[0]}"))
    if pending:
        migrations.apply(db)
        with db.atomic():
            change_marks.cover(db.conn)  # the tables those migrations made or rebuilt are watched too


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _rebuild_derived(db: Database) -> None:
    """Indexes that migrations create empty are filled by the current code, in one transaction. The window
    opens with `defer_search` and rebuilds in the background instead (#28: 0014's rebuild was 12 s of CPU at
    100,000 products before the first screen); searches scan names and SKUs meanwhile (storage/products.py)."""
    if not db.execute("SELECT 1 FROM settings WHERE key = ?", (REINDEX_KEY,)).fetchone():
        return
    cdb = CatalogueDB(Path(db.conn.execute("PRAGMA database_list").fetchone()[2]), db)
    with cdb.write():
        product_search.rewrite_all(cdb.conn)
        db.execute("DELETE FROM settings WHERE key = ?", (REINDEX_KEY,))


def _refuse_read_only(path: Path, exists: bool) -> None:
    """SQLite needs to write the file and create its -wal/-shm beside it; say so before it fails half-way
    (or, worse, before a read-only file is called damaged)."""
    if not os.access(path.parent, os.W_OK) or (exists and not os.access(path, os.W_OK)):
        raise CatalogueFileError(read_only_message(path))


def _wal_without_holders(path: Path) -> bool:
    """A write-ahead log left behind with nobody using the file: the last user did not close it (SQLite
    removes the log on a clean close)."""
    wal = Path(f"{path}-wal")
    return wal.is_file() and wal.stat().st_size > 0 and live_holders(path) == 0


def check_health(db: Database, path: Path, *, thorough: bool) -> None:
    """Refuse to write into a damaged file: `quick_check`, or the full `integrity_check` (`thorough`) when
    the file was not closed cleanly last time. Raises CatalogueFileError with the damage named."""
    pragma = "integrity_check(5)" if thorough else "quick_check(5)"
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        rows = [str(r[0]) for r in db.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        if _is_lock_error(exc):
            raise
        rows = [str(exc)]
    if rows != ["ok"]:
        raise CatalogueFileError(damaged_message(path, "; ".join(rows[:3])))


def _is_lock_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _restoring(path: Path) -> CatalogueFileError:
    return CatalogueFileError(
        _("A backup is being restored into {path} right now. Open it again when the restore has finished.").format(
            path=path
        )
    )


def _configured(db: Database) -> bool:
    """Whether `_configure` would write nothing into the file (write-ahead log and our id already set)."""
    journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    return journal == "wal" and db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def _configure(db: Database) -> None:
    # SQLite's lower() knows ASCII only; the search that runs while the index is rebuilt compares names as the
    # clerk typed a word with marks (storage/products.py)
    db.conn.create_function("py_lower", 1, _lower, deterministic=True)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")  # readers (the GUI) never block the writer
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")  # 64 MiB: a 100,000-product catalogue stays in memory
    if db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def claim_unique(folder: Path, stem: str) -> Path:
    """A new file name in `folder` that no other copy has or will get: dated to the microsecond, and created
    exclusively (a counter is added if two processes meet), so a safety copy never overwrites another."""
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{stem}-{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
    for n in range(1000):
        candidate = folder / (f"{base}.sqlite" if n == 0 else f"{base}-{n}.sqlite")
        try:
            with candidate.open("xb"):
                return candidate
        except FileExistsError:
            continue
    raise CatalogueFileError(_("Could not choose a name for a safety copy in {path}.").format(path=folder))


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Consistent copy of a live database via the SQLite backup API, written to a temporary
    name and renamed so a half-written copy never carries the final name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(str(partial))
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    partial.replace(target)
    return target


def check_file(path: Path) -> list[str]:
    """A read-only health check of a catalogue file: ours, not too new, and `integrity_check` ok.
    Returns its applied migrations."""
    applied = inspect_file(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    finally:
        conn.close()
    if result != "ok":
        raise CatalogueFileError(_("{path} is damaged ({detail}).").format(path=path, detail=result))
    return applied


def copy_file_consistently(source: Path, target: Path) -> Path:
    """Copy a catalogue file that may be open elsewhere (its WAL included) via the backup API."""
    conn = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return backup_to(conn, target)
    except sqlite3.DatabaseError:
        # A damaged file (often why someone restores) cannot be read by SQLite: keep its bytes.
        for suffix in DB_SUFFIXES:
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
        return target
    finally:
        conn.close()
