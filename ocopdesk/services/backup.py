"""Backup and restore of a whole catalogue — database and managed media — as one ZIP file.

The database is copied with the SQLite backup API (consistent even while the app runs); every file
is listed with its SHA-256 in manifest.json and checked before a restore replaces anything.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from ocopdesk import __version__
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.storage.database import DB_SUFFIXES, backup_to, check_file, copy_file_consistently, media_dir_for

DB_NAME = "catalogue.sqlite"
MANIFEST = "manifest.json"
FORMAT = "ocopdesk-backup/1"


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
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = backup_to(service.cdb.conn, Path(tmp) / DB_NAME)
        files = [(DB_NAME, snapshot)]
        if service.cdb.media_dir.is_dir():
            files += [
                (f"media/{p.name}", p)
                for p in sorted(service.cdb.media_dir.iterdir())
                if p.is_file() and not p.name.startswith(".")
            ]
        manifest = {
            "format": FORMAT,
            "app_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
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

    A catalogue that already exists is kept as a safety copy in `backups/` first, so a restore
    never loses data. Returns the safety copy's path (None when there was nothing to keep).
    """
    archive_path, target = Path(archive_path), Path(target)
    if target.exists() and target.stat().st_size > 0 and not force:
        raise RestoreRefused(
            _(
                "A catalogue already exists at {path}. Add --force to replace it "
                "(a safety copy of it is kept in the backups folder)."
            ).format(path=target)
        )
    with tempfile.TemporaryDirectory(dir=_existing_parent(target)) as tmp:
        staged = _extract_checked(archive_path, Path(tmp))
        safety = _keep_safety_copy(target) if target.exists() else None
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in DB_SUFFIXES[1:]:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        (staged / DB_NAME).replace(target)
        media_dir = media_dir_for(target)
        media_dir.mkdir(exist_ok=True)
        for item in (staged / "media").glob("*") if (staged / "media").is_dir() else []:
            if not (media_dir / item.name).exists():  # content-addressed: same name, same bytes
                shutil.move(str(item), media_dir / item.name)
    return safety


def _existing_parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.parent


def _extract_checked(archive_path: Path, into: Path) -> Path:
    bad = _("{name} is not an OCOPDesk backup or it is damaged; nothing was changed.").format(name=archive_path.name)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            if manifest.get("format") != FORMAT or DB_NAME not in manifest.get("files", {}):
                raise OcopDeskError(bad)
            for name, digest in manifest["files"].items():
                if name != DB_NAME and not (name.startswith("media/") and "/" not in name[6:] and ".." not in name):
                    raise OcopDeskError(bad)
                dest = into / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as src, dest.open("wb") as out:
                    shutil.copyfileobj(src, out)
                if _sha256(dest) != digest:
                    raise OcopDeskError(bad)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise OcopDeskError(bad) from exc
    check_file(into / DB_NAME)
    return into


def _keep_safety_copy(target: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return copy_file_consistently(target, target.parent / "backups" / f"{target.stem}-before-restore-{stamp}.sqlite")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
