"""Backup and restore of a whole catalogue — database and managed media — as one ZIP file.

The database is copied with the SQLite backup API (consistent even while the app runs); every file
is listed with its SHA-256 in manifest.json and checked before a restore replaces anything. A restore
brings back the backup's catalogue id and every row's UUID with the file (docs/catalogue-exchange.md).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import secrets
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ocopdesk import __version__
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _, format_count
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage import locks, scan_store, swap
from ocopdesk.storage.database import (
    CatalogueFileError,
    NewerCatalogue,
    check_file,
    claim_unique,
    copy_file_consistently,
)
from ocopdesk.storage.open_elsewhere import open_elsewhere

DB_NAME = "catalogue.sqlite"
SCANS_NAME = swap.SCANS_NAME  # the scan store (storage/scan_store.py), when the catalogue has loaded logs
MANIFEST = "manifest.json"
FORMAT = "ocopdesk-backup/1"


MAX_MANIFEST = 16 << 20
BOMB_FLOOR = 64 << 20  # members above this size…
MAX_RATIO = 200  # …that unpack to more than 200× their packed size are refused (databases pack ~3–10×, photos ~1×)
SPACE_MARGIN = 64 << 20


class CatalogueInUse(OcopDeskError):
    """Another process has the catalogue open, or restores into it."""


class RestoreRefused(OcopDeskError):
    """Restoring would overwrite a catalogue and --force was not given."""

    exit_code = 2


def backup(
    service: CatalogService, out: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None
) -> Path:
    """Write a ZIP of the catalogue to `out` (temporary name, then rename)."""
    out = Path(out)
    if out.suffix.lower() != ".zip":
        out = out.with_name(out.name + ".zip")
    cancel = cancel or CancelToken()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    # Not the system temp folder: a killed backup's snapshot (with the stamp key) would stay there for good.
    # A scratch folder beside the catalogue is removed by the next open or backup (storage/locks.py).
    locks.sweep(service.path)
    with locks.scratch(service.path, "backup") as work:
        work.track(partial)
        snapshot = service.snapshot_to(work.dir / DB_NAME)
        files = [(DB_NAME, snapshot)]
        # after the catalogue: the store holds every row of the loads the snapshot recorded (#27)
        if service.scan_rows.snapshot_store(snapshot, work.dir / SCANS_NAME):
            files.append((SCANS_NAME, work.dir / SCANS_NAME))
        if service.media_dir.is_dir():
            files += [
                (f"media/{p.name}", p)
                for p in sorted(service.media_dir.iterdir())
                if p.is_file() and not p.name.startswith(".")
            ]
        manifest = {
            "format": FORMAT,
            "app_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "catalogue_id": service.catalogue_id(),  # informative: the database inside carries it (#24)
            "files": {},
        }
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for n, (name, path) in enumerate(files, 1):
                    cancel.check()
                    archive.write(path, name)
                    manifest["files"][name] = _sha256(path)
                    progress(n, len(files), _("Backing up"))
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return out


def restore(archive_path: Path, target: Path, *, force: bool = False) -> Path | None:
    """Replace the catalogue at `target` with a backup, after checking the whole archive.

    Refused while any process has the catalogue open (its later writes would land nowhere) or another restore
    runs. The archive is checked (names, sizes, free space) before anything is written, then extracted and
    verified beside the catalogue; the existing catalogue is kept as a safety copy under a name no other copy
    gets; photos and database are swapped in as one step that the next open finishes or undoes
    (storage/swap.py). Returns the safety copy's path (None when there was nothing to keep).
    """
    archive_path, target = Path(archive_path), Path(target)
    if target.exists() and target.stat().st_size > 0 and not force:
        raise RestoreRefused(
            _(
                "A catalogue already exists at {path}. Add --force to replace it "
                "(a safety copy of it is kept in the backups folder)."
            ).format(path=target)
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with locks.exclusive(locks.restore_lock_path(target)) as mine:
        if not mine:
            raise CatalogueInUse(
                _("Another restore into {path} is running. Wait for it to finish; nothing was changed.").format(
                    path=target
                )
            )
        if locks.live_holders(target):
            raise CatalogueInUse(
                _(
                    "The catalogue {path} is open in OCOPDesk (another window, or a command that is still "
                    "running). Close it there, then restore again; nothing was changed."
                ).format(path=target)
            )
        _refuse_if_open_elsewhere(target)
        swap.recover_locked(target)  # leftovers of an earlier restore that was interrupted
        return _restore_locked(archive_path, target)


def _refuse_if_open_elsewhere(target: Path) -> None:
    """Any program holding the catalogue (a database viewer, not only OCOPDesk): its later writes would land
    in neither the restored catalogue nor the safety copy, so the restore waits for it to close."""
    if target.exists() and open_elsewhere(target):
        raise CatalogueInUse(
            _(
                "Another program has the catalogue {path} open (a database viewer, for example). Close it there, "
                "then restore again; nothing was changed."
            ).format(path=target)
        )


def _restore_locked(archive_path: Path, target: Path) -> Path | None:
    with _open_backup(archive_path) as (archive, manifest):
        _check_sizes(archive_path, archive, manifest, target.parent)
        staging = swap.staging_dir(target, secrets.token_hex(6))
        try:
            _extract(archive_path, archive, manifest, staging)
            _refuse_if_open_elsewhere(target)  # again: extracting took time, and a program may have opened it
            swap.write_journal(target, staging, swap.STAGED)
            safety = _keep_safety_copy(target) if target.exists() else None
            swap.write_journal(target, staging, swap.SWAPPING)
        except BaseException:
            swap.journal_path(target).unlink(missing_ok=True)
            shutil.rmtree(staging, ignore_errors=True)
            raise
    swap.swap_in(target, staging)
    swap.finish(target)
    return safety


def _not_a_backup(archive_path: Path) -> OcopDeskError:
    return OcopDeskError(
        _("{name} is not an OCOPDesk backup or it is damaged; nothing was changed.").format(name=archive_path)
    )


def _needs_newer(archive_path: Path) -> OcopDeskError:
    return OcopDeskError(
        _(
            "{name} was made by a newer version of OCOPDesk: it is not damaged, but this version cannot read it. "
            "Update OCOPDesk, then restore it; nothing was changed."
        ).format(name=archive_path)
    )


def _is_newer_format(value: object) -> bool:
    """`ocopdesk-backup/2` and later: a format this version does not know yet."""
    prefix = FORMAT.rsplit("/", 1)[0] + "/"
    if not isinstance(value, str) or not value.startswith(prefix):
        return False
    number = value[len(prefix) :]
    return number.isdigit() and int(number) > int(FORMAT.rsplit("/", 1)[1])


@contextlib.contextmanager
def _open_backup(archive_path: Path) -> Iterator[tuple[zipfile.ZipFile, dict[str, str]]]:
    """The archive and its manifest's file list, with every name checked, before anything is extracted."""
    if not archive_path.is_file():
        raise OcopDeskError(_("File not found: {path}").format(path=archive_path))
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _not_a_backup(archive_path) from exc
    with archive:
        try:
            info = archive.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST:
                raise ValueError("manifest too large")
            manifest = json.loads(archive.read(MANIFEST))
            if _is_newer_format(manifest.get("format")):
                raise _needs_newer(archive_path)
            files = manifest["files"]
            if manifest.get("format") != FORMAT or not isinstance(files, dict) or DB_NAME not in files:
                raise ValueError("not our format")
            for name in files:
                if name not in (DB_NAME, SCANS_NAME) and not _is_media_name(name):
                    raise ValueError(f"unexpected member {name!r}")
                archive.getinfo(name)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
            raise _not_a_backup(archive_path) from exc
        yield archive, {str(k): str(v) for k, v in files.items()}


def _is_media_name(name: str) -> bool:
    rest = name[len("media/") :]
    return name.startswith("media/") and bool(rest) and "/" not in rest and "\\" not in rest and ".." not in rest


def _check_sizes(archive_path: Path, archive: zipfile.ZipFile, files: dict[str, str], folder: Path) -> None:
    """Refuse a zip bomb and a full disk from the archive's own directory, before writing a byte: each large
    member and the sum of all members must stay within MAX_RATIO of what they take packed (49 members of
    63 MB each in a 3 MB file pass a per-member floor of 64 MB, not the sum)."""
    total = 0
    for name in files:
        info = archive.getinfo(name)
        total += info.file_size
        if info.file_size > BOMB_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise OcopDeskError(
                _(
                    "{name} is not a plausible OCOPDesk backup: “{member}” would grow from {packed} to {size} "
                    "when unpacked. Nothing was changed."
                ).format(name=archive_path, member=name, packed=_mib(info.compress_size), size=_mib(info.file_size))
            )
    packed = archive_path.stat().st_size
    if total > BOMB_FLOOR and total > MAX_RATIO * max(packed, 1):
        raise OcopDeskError(
            _(
                "{name} is not a plausible OCOPDesk backup: its {count} files would grow from {packed} to {size} "
                "when unpacked. Nothing was changed."
            ).format(name=archive_path, count=len(files), packed=_mib(packed), size=_mib(total))
        )
    free = shutil.disk_usage(folder).free
    if total + SPACE_MARGIN > free:
        raise OcopDeskError(
            _(
                "Restoring {name} needs {size} of free space in {folder}, but only {free} is free. Free some "
                "space and try again; nothing was changed."
            ).format(name=archive_path, size=_mib(total + SPACE_MARGIN), folder=folder, free=_mib(free))
        )


def _extract(archive_path: Path, archive: zipfile.ZipFile, files: dict[str, str], into: Path) -> None:
    (into / "media").mkdir(parents=True)
    for name, digest in files.items():
        dest = into / name
        try:
            with archive.open(name) as src, dest.open("wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _not_a_backup(archive_path) from exc
        if _sha256(dest) != digest:
            raise _not_a_backup(archive_path)
    if SCANS_NAME not in files:  # the catalogue's old store must go with it (storage/swap.py)
        (into / swap.NO_SCANS).touch()
    try:
        check_file(into / DB_NAME)
    except NewerCatalogue as exc:
        raise _needs_newer(archive_path) from exc
    except CatalogueFileError as exc:
        raise _not_a_backup(archive_path) from exc


def _mib(size: int) -> str:
    return f"{format_count(round(size / (1 << 20)))} MB" if size >= 1 << 20 else f"{format_count(size)} B"


def _keep_safety_copy(target: Path) -> Path:
    """The catalogue, and its scan store under the name the copy opens it by (no process has either
    open: the restore has checked)."""
    safety = copy_file_consistently(target, claim_unique(target.parent / "backups", f"{target.stem}-before-restore"))
    for src, dst in zip(
        scan_store.files(scan_store.store_path(target)), scan_store.files(scan_store.store_path(safety)), strict=True
    ):
        if src.exists():
            shutil.copyfile(src, dst)
    return safety


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
