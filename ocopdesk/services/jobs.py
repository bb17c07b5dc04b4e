"""Long service calls in the shape background runners take: module-level functions (so they can
be sent to a worker process) returning picklable values."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.services import backup as backups
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.demo import load_demo
from ocopdesk.services.importer import ImportReport, import_file
from ocopdesk.services.progress import CancelToken, ProgressFn


def demo_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken) -> Changes:
    return load_demo(service, progress=progress)[1]


def import_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, path: Path) -> ImportReport:
    return import_file(service, path, progress=progress, cancel=cancel)


def backup_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, out: Path) -> Path:
    return backups.backup(service, out, progress, cancel)


def restore_job(progress: ProgressFn, cancel: CancelToken, archive: Path, target: Path) -> Path | None:
    return backups.restore(archive, target, force=True)
