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
from pathlib import Path
from typing import Any

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.domain.text import slug
from ocopdesk.i18n import _
from ocopdesk.render import owned_folder
from ocopdesk.render.files import write_atomic
from ocopdesk.services import listing_facts, site_state
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.profile import load_profile
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.site_hosting import write_nginx_conf
from ocopdesk.services.site_model import Output, Place, SiteReport, document_name, photo_glob
from ocopdesk.services.site_pages import SitePages
from ocopdesk.services.site_photos import PHOTO_WIDTHS, SitePhotos, Sizes
from ocopdesk.services.site_shards import INPUTS_KEY
from ocopdesk.services.site_writer import SiteWriter
from ocopdesk.services.stamps import resolver_base

MANIFEST = ".ocopdesk-site.json"
PLACES_PREFIX = "place."
SITE_PREFIX = "site."
_SHA = re.compile("[0-9a-f]{64}")

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
    return _build(service, out, base, today, manifest, state, progress, cancel)


def _build(
    service: CatalogService,
    out: Path,
    base: str,
    today: dt.date,
    manifest: dict[str, Any],
    state: str,
    progress: ProgressFn,
    cancel: CancelToken,
) -> SiteReport:
    """Compare every page with the last build's and write those that changed, while the new photos are made."""
    report = SiteReport(out)
    profile = load_profile(service)
    root = SitePages(service, base, profile, today, manifest, SiteReport(out)).root
    journal = _Journal(out, manifest, root)
    progress(0, 0, _("Reading the catalogue…"))
    details = listing_facts.details(service, service.search(ProductFilter()))  # a few queries, not 5 a product
    cancel.check()
    work = SitePhotos(service, out, details, manifest.get("photos", {}))
    if work.todo:
        journal.photos_coming(sorted(work.todo))
    place_list = places(service)

    def pages(sizes: Sizes, previous: dict[str, str]) -> tuple[SitePages, dict[str, str]]:
        builder = SitePages(service, base, profile, today, manifest, SiteReport(out))
        builder.photo_sizes = sizes
        outputs = {rel: (key, make) for rel, key, make in builder.outputs(details, place_list) if rel}
        outputs.update({rel: (key, make) for rel, key, make in _documents(service, details)})
        cancel.check()
        journal.files_coming({rel: key for rel, (key, _make) in outputs.items()})
        progress(0, len(outputs), _("Writing pages…"))
        return builder, _write_changed(out, outputs, previous, report, progress, cancel)

    with work.running():
        builder, files = pages(work.sizes, manifest.get("files", {}))
        sizes = work.finish(report, progress, cancel)
    if any(sizes.get(sha) != work.sizes.get(sha) for sha in work.todo):
        builder, files = pages(sizes, files)  # a photo failed or came out otherwise: its pages again
    report.pages, report.warnings = builder.report.pages, report.warnings + builder.report.warnings
    report.unchanged = len(files) - len(set(report.written))
    _finish(out, journal, builder, files, sizes, report, state)
    return report


def _finish(
    out: Path,
    journal: _Journal,
    builder: SitePages,
    files: dict[str, str],
    sizes: Sizes,
    report: SiteReport,
    state: str,
) -> None:
    """Remove what the catalogue no longer has, then write the manifest that says the build is whole."""
    kept_photos = set(builder.photo_files())
    gone = sorted(set(journal.files) - set(files)) + sorted(journal.photo_files(out) - kept_photos)
    report.removed.extend(owned_folder.remove_ours(out, gone))
    _prune_empty_dirs(out, report.removed)
    report.nginx_conf = write_nginx_conf(out, builder.root)
    used = {sha: sizes[sha] for sha in builder.used_photos if sha in sizes}
    finished = {"version": 1, "root": builder.root, "files": files, "photos": used, "photo_files": sorted(kept_photos)}
    remembered = {"state": state, "report": site_state.remembered(report), INPUTS_KEY: builder.shard_inputs}
    _write_manifest(out, {**finished, **remembered})


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
    """One entry a line, as `indent=0` wrote it, but by the C encoder (with any indent `json` falls back to
    its pure-Python encoder). Measured on its own it is 14 ms instead of 19 ms a write of 23,000 entries, three
    writes a build; cProfile had blamed 0.3 s on it, which was the profiler's own cost a call (#28). The
    manifest is only read back by `json.loads`, so the layout is free."""
    write_atomic(out / MANIFEST, json.dumps(data, separators=(",\n", ":")).encode())


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
    folder = str(out)
    with SiteWriter(owned_folder.Targets(out)) as writer:
        for n, (rel, (key, make)) in enumerate(sorted(outputs.items()), 1):
            if previous.get(rel) == key and os.path.isfile(os.path.join(folder, rel)):  # no Path: 12,000 of them
                report.unchanged += 1
            else:
                writer.write(rel, make())
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
