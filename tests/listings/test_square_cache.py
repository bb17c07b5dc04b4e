"""Marketplace squares kept by photo content, side and quality (issue #28): the marketplaces' different byte
caps share one made square, and a cap it does not fit makes only the lower qualities."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.render import photos
from ocopdesk.services import listing_export, listing_facts, markets, square_cache
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, no_progress
from ocopdesk.storage import media, producers, products

PHOTO = Path(__file__).parent.parent / "data" / "photos" / "Portrait_8.jpg"
SHA = "ab" * 32


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The qualities each real encoding was asked to try, one entry per photo decoded."""
    calls: list[tuple[int, ...]] = []
    real = photos.square_at

    def counting(data: bytes, size: int, max_bytes: int, qualities: tuple[int, ...]) -> tuple[int, bytes]:
        calls.append(qualities)
        return real(data, size, max_bytes, qualities)

    monkeypatch.setattr(photos, "square_at", counting)
    return calls


def test_a_square_made_for_one_cap_serves_every_larger_cap(tmp_path: Path, made: list[tuple[int, ...]]) -> None:
    first = square_cache.square(tmp_path, SHA, PHOTO, 1200, 1_000_000)  # Postmart, Tiki, Voso
    for cap in (2_000_000, 3_000_000, 5_000_000):  # Shopee, Lazada, TikTok
        assert square_cache.square(tmp_path, SHA, PHOTO, 1200, cap) == first
    assert made == [photos.SQUARE_QUALITIES]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{SHA}-1200-q88.jpg"]
    assert Image.open(io.BytesIO(first)).size == (1200, 1200)


def test_a_cap_the_kept_square_exceeds_makes_only_the_lower_qualities(
    tmp_path: Path, made: list[tuple[int, ...]]
) -> None:
    big = square_cache.square(tmp_path, SHA, PHOTO, 1200, 5_000_000)
    small = square_cache.square(tmp_path, SHA, PHOTO, 1200, len(big) - 1)
    assert len(small) < len(big)
    assert made[1][0] == 82  # 88 is known too large: not encoded again
    again = square_cache.square(tmp_path, SHA, PHOTO, 1200, len(big) - 1)
    assert again == small and len(made) == 2


def test_other_sides_are_other_squares(tmp_path: Path, made: list[tuple[int, ...]]) -> None:
    square_cache.square(tmp_path, SHA, PHOTO, 1200, 1_000_000)
    other = square_cache.square(tmp_path, SHA, PHOTO, 800, 1_000_000)
    assert Image.open(io.BytesIO(other)).size == (800, 800) and len(made) == 2


def test_a_second_marketplace_with_another_cap_decodes_nothing(tmp_path: Path, made: list[tuple[int, ...]]) -> None:
    """Postmart (1 MB) then Shopee (2 MB) through the export's own image step: the second finds every square."""
    service = CatalogService.open(tmp_path / "c.sqlite")
    with service.cdb.write():
        producer_id = producers.save(service.cdb, Producer("HTX Thử"))
        for n, path in enumerate(sorted(PHOTO.parent.glob("*.jpg"))):
            product_id = products.save(service.cdb, Product(f"SP-{n}", f"Mật ong số {n}", producer_id))
            sha = media.store_bytes(service.cdb.media_dir, path.read_bytes(), ".jpg")
            media.replace_all(service.cdb, product_id, "photo", [MediaFile("photo", sha, ".jpg")])
    details = listing_facts.details(service, list(service.search(ProductFilter())))
    out = []
    for market_id in ("postmart", "shopee"):
        rules = markets.marketplace(market_id).images
        out.append(listing_export.make_images(service, details, rules, market_id, no_progress, CancelToken()))
    service.close()
    assert len(made) == 2  # two photos, each made once
    assert out[0] == out[1] and all(len(images) == 1 and not failures for images, failures in out[1].values())
