"""Pages are written while the photos are made, with the sizes read from each photo's header (#28). A photo
whose header reads but whose pixels do not is found when the pool is done, and its pages are written again
without it: the folder then equals a build that knew from the start."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.render import photos
from ocopdesk.services.site import MANIFEST, build_site
from ocopdesk.services.site_model import photo_name
from ocopdesk.services.site_photos import PHOTO_WIDTHS
from tests.site.conftest import DemoSite


def test_a_photo_that_fails_after_its_header_leaves_its_pages(demo: DemoSite, site_dir: Path) -> None:
    detail = demo.service.product_by_sku(demo.service.batches()[0].sku)
    item = detail.photos[0]
    source = demo.service.media_path(item)
    whole = source.read_bytes()
    source.write_bytes(whole[: len(whole) // 2])  # the header is whole, the pixels stop half-way
    assert photos.web_plan(source, PHOTO_WIDTHS)  # so the pages were first written with this photo in them

    report = build_site(demo.service, site_dir)
    assert any(detail.product.sku in w for w in report.warnings)
    page = (site_dir / f"sp/{detail.product.sku}/index.html").read_text()
    assert item.sha256[:24] not in page
    assert not list(site_dir.glob(photo_name(item.sha256, 0).replace("-0.jpg", "-*.jpg")))

    assert build_site(demo.service, site_dir).warnings == report.warnings  # tried again, not taken as unchanged
    source.write_bytes(whole)  # mended, under the same name and hash: the next build puts it back
    again = build_site(demo.service, site_dir)
    assert again.photos_made == 1 and item.sha256[:24] in (site_dir / f"sp/{detail.product.sku}/index.html").read_text()
    assert MANIFEST not in again.written


def test_planned_sizes_are_the_sizes_made(demo: DemoSite, site_dir: Path) -> None:
    """Every photo of the demo (JPEG and PNG, several shapes): the header's plan is what decoding made."""
    build_site(demo.service, site_dir)
    for detail in (demo.service.product_by_sku(b.sku) for b in demo.service.batches()):
        for item in detail.photos:
            source = demo.service.media_path(item)
            made = [(w, h) for w, h, _d in photos.web_sizes(source.read_bytes(), PHOTO_WIDTHS)]
            assert photos.web_plan(source, PHOTO_WIDTHS) == made
