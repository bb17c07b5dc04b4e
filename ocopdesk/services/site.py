"""Build the traceability website: a static folder generated from the catalogue.

Every stamp and poster URL leads to a page here (paths in `domain.site_paths`). The folder holds no
secret: a stamp check compares `published_check(serial, code)` with what the shopper's URL gives.
Re-building compares each output with the manifest of the last build and rewrites only files
whose bytes changed; photos are named by content, so they are resized once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.domain.text import slug
from ocopdesk.i18n import _
from ocopdesk.render import owned_folder, photos
from ocopdesk.render.files import write_atomic
from ocopdesk.services import site_state
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.profile import load_profile
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.site_hosting import write_nginx_conf
from ocopdesk.services.site_model import Output, Place, SiteReport, document_name, photo_glob, photo_name
from ocopdesk.services.site_pages import SitePages
from ocopdesk.services.site_shards import INPUTS_KEY
from ocopdesk.services.stamps import resolver_base

MANIFEST = ".ocopdesk-site.json"
PHOTO_WIDTHS = (320, 640, 960)  # 960: a 2000- or 4000-pixel JPEG decodes at 1/2 or 1/4 scale (DCT), 4–8× faster
PLACES_PREFIX = "place."
SITE_PREFIX = "site."
_SHA = re.compile("[0-9a-f]{64}")
_PARALLEL_FROM = 8  # photos; below this a worker pool costs more than it saves

# ---------------------------------------------------------------- places


def places(service: CatalogService) -> list[Place]:
    """Places with an information QR poster (a tourism site, a shop counter): each gets a page."""
    found = service.settings.get_all(PLACES_PREFIX)
    return sorted((Place(key, v.get("name", key), v.get("note", "")) for key, v in found.items()), key=lambda p: p.slug)


def remember_place(service: CatalogService, name: str, note: str = "") -> Place:
    place = Place(slug(name), name.strip(), note.strip())
    if not place.slug:
        raise OcopDeskError(_("Give the place a name with letters or digits."))
    service.settings.save(PLACES_PREFIX, {place.slug: {"name": place.name, "note": place.note}})
    return place


# ---------------------------------------------------------------- build


def build_site(
    service: CatalogService,
    out: Path,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    today: dt.date | None = None,
) -> SiteReport:
    cancel = cancel or CancelToken()
    today = today or dt.date.today()
    out = Path(out).resolve()
    base = resolver_base(service)
    manifest = _read_manifest(out)
    if service.settings.get_all(SITE_PREFIX).get("folder") != str(out):
        # marketplaces' image host defaults to this folder, published with the site; saved before the state
        # is taken, so that saving it does not make the next build see a change
        service.settings.save(SITE_PREFIX, {"folder": str(out)})
    state = site_state.build_state(service, base, today, out, PHOTO_WIDTHS)
    if site_state.up_to_date(out, manifest, state):
        report = site_state.unchanged_report(out, manifest)
        report.nginx_conf = write_nginx_conf(out, manifest.get("root") or "/")
        return report
    report = SiteReport(out)
    builder = SitePages(service, base, load_profile(service), today, manifest, report)
    journal = _Journal(out, manifest, builder.root)

    progress(0, 0, _("Reading the catalogue…"))
    details = [service.product(pid) for pid in service.search(ProductFilter())]
    cancel.check()
    sizes = _make_photos(
        service, out, details, manifest.get("photos", {}), report, progress, cancel, journal.photos_coming
    )
    builder.photo_sizes = sizes

    outputs = {rel: (key, make) for rel, key, make in builder.outputs(details, places(service)) if rel}
    outputs.update({rel: (key, make) for rel, key, make in _documents(service, details)})
    cancel.check()
    journal.files_coming({rel: key for rel, (key, _make) in outputs.items()})
    progress(0, len(outputs), _("Writing pages…"))
    files = _write_changed(out, outputs, manifest.get("files", {}), report, progress, cancel)
    kept_photos = {name for name in builder.photo_files()}
    gone = sorted(set(journal.files) - set(files)) + sorted(journal.photo_files(out) - kept_photos)
    report.removed.extend(owned_folder.remove_ours(out, gone))
    _prune_empty_dirs(out, report.removed)
    report.nginx_conf = write_nginx_conf(out, builder.root)
    used = {sha: sizes[sha] for sha in builder.used_photos if sha in sizes}
    finished = {"version": 1, "root": builder.root, "files": files, "photos": used, "photo_files": sorted(kept_photos)}
    remembered = {"state": state, "report": site_state.remembered(report), INPUTS_KEY: builder.shard_inputs}
    _write_manifest(out, {**finished, **remembered})
    return report


class _Journal:
    """The manifest while a build runs: it names every file the build may write *before* writing it,
    so a build killed at any point (SIGKILL, power cut) leaves a folder the next build recognises
    as its own and finishes, removing whatever it no longer needs. It is written first of all, so
    no file of ours is ever in the folder without a manifest beside it."""

    def __init__(self, out: Path, previous: dict[str, Any], root: str) -> None:
        self.out = out
        self.files: dict[str, str] = dict(previous.get("files", {}))
        self.pending_photos: set[str] = set(previous.get("pending_photos", []))
        self.data = {
            "version": 1,
            "building": True,
            "root": root,
            "photos": previous.get("photos", {}),
            "photo_files": previous.get("photo_files", []),
        }
        if previous.get("building") or not previous:  # only a killed build (or none yet) leaves partial files
            _sweep_partials(out)
        self._write()

    def photos_coming(self, shas: list[str]) -> None:
        self.pending_photos.update(shas)
        self._write()

    def files_coming(self, outputs: dict[str, str]) -> None:
        """A file about to be rewritten is recorded with no fingerprint: the next build rewrites it."""
        changed = [rel for rel, key in outputs.items() if self.files.get(rel) != key]
        for rel in changed:
            self.files[rel] = ""
        if changed:
            self._write()

    def photo_files(self, out: Path) -> set[str]:
        """Every photo file the last builds may have made (photo sizes are known only once made)."""
        found = set(self.data["photo_files"])
        for sha in self.pending_photos:
            if _SHA.fullmatch(sha):  # the journal is read back from disk: a glob made of it must stay a name
                found.update(p.relative_to(out).as_posix() for p in out.glob(photo_glob(sha)))
        return found

    def _write(self) -> None:
        _write_manifest(self.out, {**self.data, "files": self.files, "pending_photos": sorted(self.pending_photos)})


def _write_manifest(out: Path, data: dict[str, Any]) -> None:
    write_atomic(out / MANIFEST, json.dumps(data, indent=0).encode())


def _sweep_partials(out: Path) -> None:
    """Half-written files a killed build left (write_atomic's hidden `.name.PID.partial`)."""
    for partial in out.rglob(".*.partial"):
        if partial.is_file() and partial.name.rsplit(".", 2)[-2].isdigit():
            partial.unlink(missing_ok=True)


def _documents(service: CatalogService, details: list[ProductDetail]) -> Iterator[Output]:
    """Documents are named by content: the hash is the fingerprint, the file is read only if new."""
    for detail in details:
        for item in detail.public_documents:
            path = service.media_path(item)
            if path.is_file():
                yield document_name(item), item.sha256, path.read_bytes


def _make_photos(
    service: CatalogService,
    out: Path,
    details: list[ProductDetail],
    known: dict[str, list[list[int]]],
    report: SiteReport,
    progress: ProgressFn,
    cancel: CancelToken,
    coming: Callable[[list[str]], None],
) -> dict[str, list[list[int]]]:
    """Resize every photo not made before (content-named, so a changed photo is a new name).
    `coming` is told which photos are about to be made before any is written."""
    sizes: dict[str, list[list[int]]] = {}
    todo: dict[str, tuple[Path, str]] = {}
    for detail in details:
        for item in detail.photos:
            if item.sha256 in sizes or item.sha256 in todo:
                continue
            done = known.get(item.sha256)
            if done and all((out / photo_name(item.sha256, w)).is_file() for w, _h in done):
                sizes[item.sha256] = done
            else:
                todo[item.sha256] = (service.media_path(item), detail.product.sku)
    if not todo:
        return sizes
    coming(sorted(todo))
    jobs = [(sha, str(path), str(out)) for sha, (path, _sku) in todo.items()]
    # Threads, not processes: Pillow releases the GIL while it decodes, resizes and encodes, and
    # the GUI already runs this job in a (daemonic) worker process, which may not have children.
    workers = min(os.cpu_count() or 1, 8) if len(jobs) >= _PARALLEL_FROM else 1
    pool = ThreadPoolExecutor(workers) if workers > 1 else None
    results = pool.map(_photo_job, jobs) if pool else map(_photo_job, jobs)
    try:
        for n, (sha, result) in enumerate(results, 1):
            cancel.check()
            progress(n, len(jobs), _("Resizing photos…"))
            if isinstance(result, str):
                report.warnings.append(
                    _("{sku}: a photo was left out: {reason}").format(sku=todo[sha][1], reason=result)
                )
            else:
                sizes[sha] = result
                report.photos_made += 1
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return sizes


def _photo_job(job: tuple[str, str, str]) -> tuple[str, list[list[int]] | str]:
    """Resize one photo into the site's widths (runs on a pool thread)."""
    sha, source, out = job
    try:
        made = photos.web_sizes(Path(source).read_bytes(), PHOTO_WIDTHS)
    except (photos.PhotoError, OSError) as exc:
        return sha, str(exc)
    for width, _height, data in made:
        write_atomic(owned_folder.target(Path(out), photo_name(sha, width)), data)
    return sha, [[w, h] for w, h, _d in made]


def _read_manifest(out: Path) -> dict[str, Any]:
    """The last build's manifest (or the journal of a build that was killed). A folder with other
    files and no manifest is refused: the build deletes files it made that are no longer needed and
    must never touch anyone else's."""
    if not out.exists():
        return {}
    if not out.is_dir():
        raise OcopDeskError(_("{path} is a file, not a folder.").format(path=out))
    manifest = out / MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return _checked_manifest(data) if isinstance(data, dict) and not manifest.is_symlink() else {}
    # A build killed while writing its very first file leaves only a half-written manifest.
    if any(not p.name.startswith(f".{MANIFEST}.") for p in out.iterdir()):
        raise OcopDeskError(
            _("The folder {path} is not empty and was not made by OCOPDesk. Choose an empty folder.").format(path=out)
        )
    return {}


def _checked_manifest(data: dict[str, Any]) -> dict[str, Any]:
    """The manifest is read back from a folder anyone can edit: keep only entries a build of ours could have
    written (plain relative paths inside the folder, photo hashes); a forged `../x` or `/etc/x` is dropped."""
    files = data.get("files") if isinstance(data.get("files"), dict) else {}
    photo_files = data.get("photo_files") if isinstance(data.get("photo_files"), list) else []
    pending = data.get("pending_photos") if isinstance(data.get("pending_photos"), list) else []
    photos_ = data.get("photos") if isinstance(data.get("photos"), dict) else {}
    return {
        **data,
        "files": {k: v for k, v in files.items() if owned_folder.plain_relative(k) and isinstance(v, str)},
        "photo_files": [p for p in photo_files if owned_folder.plain_relative(p)],
        "pending_photos": [s for s in pending if isinstance(s, str) and _SHA.fullmatch(s)],
        "photos": {k: v for k, v in photos_.items() if _SHA.fullmatch(k) and isinstance(v, list)},
    }


def _write_changed(
    out: Path,
    outputs: dict[str, tuple[str, Callable[[], bytes]]],
    previous: dict[str, str],
    report: SiteReport,
    progress: ProgressFn,
    cancel: CancelToken,
) -> dict[str, str]:
    """Make and write each output whose fingerprint differs from the last build's."""
    total = len(outputs)
    for n, (rel, (key, make)) in enumerate(sorted(outputs.items()), 1):
        target = out / rel
        if previous.get(rel) == key and target.is_file():
            report.unchanged += 1
        else:
            write_atomic(owned_folder.target(out, rel), make())
            report.written.append(rel)
        if n % 500 == 0:
            cancel.check()
            progress(n, total, _("Writing pages…"))
    return {rel: key for rel, (key, _make) in outputs.items()}


def _prune_empty_dirs(out: Path, removed: list[str]) -> None:
    """Remove the folders that removing files left empty (and only those)."""
    folders = {parent for rel in removed for parent in (out / rel).parents if parent != out and out in parent.parents}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
