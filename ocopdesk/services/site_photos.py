"""The website's photos, made on worker threads while the pages are written.

Photos are named by content, so a photo made by an earlier build is never made again. The sizes a page needs
(srcset widths and heights) are read from each new photo's header before any is decoded (`photos.web_plan`),
so the pages can be written on the main thread while the pool decodes, resizes and encodes: Pillow releases
the GIL for that work, and the page templates hold it, so the two use both cores (issue #28: the photos were
then made first, one core idle while the pages were written after them). A photo that fails, or comes out at
other sizes than planned, is found when the pool is done: `SitePhotos.finish` answers the real sizes and the
build writes the pages of those products again.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ocopdesk.i18n import _
from ocopdesk.render import owned_folder, photos
from ocopdesk.render.files import write_atomic
from ocopdesk.services.catalog import CatalogService, ProductDetail
from ocopdesk.services.progress import CancelToken, ProgressFn
from ocopdesk.services.site_model import SiteReport, photo_name

PHOTO_WIDTHS = (320, 640, 960)  # 960: a 2000- or 4000-pixel JPEG decodes at 1/2 or 1/4 scale (DCT), 4–8× faster
Sizes = dict[str, list[list[int]]]  # photo hash → [[width, height], …] of the files made of it


class SitePhotos:
    """The photos of one build: those made before, and those to make with the sizes planned for them."""

    def __init__(self, service: CatalogService, out: Path, details: list[ProductDetail], known: Sizes) -> None:
        self.out = out
        self.sizes: Sizes = {}  # made before, or planned from the header
        self.todo: dict[str, tuple[Path, str]] = {}  # hash → (source, the SKU a warning names)
        self._futures: list[tuple[str, Future[tuple[str, list[list[int]] | str]]]] = []
        for detail in details:
            for item in detail.photos:
                if item.sha256 in self.sizes or item.sha256 in self.todo:
                    continue
                done = known.get(item.sha256)
                if done and all((out / photo_name(item.sha256, w)).is_file() for w, _h in done):
                    self.sizes[item.sha256] = done
                else:
                    self.todo[item.sha256] = (service.media_path(item), detail.product.sku)
        for sha, (source, _sku) in self.todo.items():
            planned = _plan(source)
            if planned:
                self.sizes[sha] = planned

    @contextmanager
    def running(self) -> Iterator[None]:
        """The pool works while the body runs; leaving early (cancelled, failed) drops the photos not started."""
        if not self.todo:
            yield
            return
        with ThreadPoolExecutor(min(os.cpu_count() or 1, 8)) as pool:
            try:
                self._futures = [
                    (sha, pool.submit(_photo_job, sha, str(source), str(self.out)))
                    for sha, (source, _sku) in self.todo.items()
                ]
                yield
            finally:
                pool.shutdown(cancel_futures=True)

    def finish(self, report: SiteReport, progress: ProgressFn, cancel: CancelToken) -> Sizes:
        """Wait for the pool: the sizes of every photo that exists now; a warning for each that failed."""
        sizes = {sha: made for sha, made in self.sizes.items() if sha not in self.todo}
        for n, (sha, future) in enumerate(self._futures, 1):
            cancel.check()
            progress(n, len(self._futures), _("Resizing photos…"))
            _sha, result = future.result()
            if isinstance(result, str):
                report.photos_left_out += 1
                report.warnings.append(
                    _("{sku}: a photo was left out: {reason}").format(sku=self.todo[sha][1], reason=result)
                )
            else:
                sizes[sha] = result
                report.photos_made += 1
        return sizes


def _plan(source: Path) -> list[list[int]] | None:
    """The sizes `web_sizes` will make, from the header; None when the header already fails (the job says why)."""
    try:
        return [[w, h] for w, h in photos.web_plan(source, PHOTO_WIDTHS)]
    except (photos.PhotoError, OSError):
        return None


def _photo_job(sha: str, source: str, out: str) -> tuple[str, list[list[int]] | str]:
    """Resize one photo into the site's widths (runs on a pool thread)."""
    try:
        made = photos.web_sizes(Path(source).read_bytes(), PHOTO_WIDTHS)
    except (photos.PhotoError, OSError) as exc:
        return sha, str(exc)
    for width, _height, data in made:
        write_atomic(owned_folder.target(Path(out), photo_name(sha, width)), data)
    return sha, [[w, h] for w, h, _d in made]
