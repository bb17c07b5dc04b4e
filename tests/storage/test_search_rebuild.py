"""The search index an upgrade empties (#28: migration 0014 remade it with a `marked` column) is rebuilt after
the first screen, not before it: the window opens the catalogue with `defer_search`, searches scan names and
SKUs meanwhile, and `rebuild_search` fills the index a chunk per transaction, around the clerk's saves."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.services.catalog import CatalogService
from ocopdesk.storage import product_search
from ocopdesk.storage.migrations import REINDEX_KEY

NAMES = [
    ("DH", "Mật ong Đồng Hới", ""),
    ("TRA", "Trà xanh", ""),
    ("TRAI", "Trái cây sấy", ""),
    ("CATRA", "Cá tra một nắng", ""),
    ("HN", "Mat ong Ha Noi", "hoa nhãn"),
    ("P_1", "Nước mắm 100% cá cơm", ""),
]


def as_after_upgrade(path: Path) -> None:
    """A catalogue as migration 0014 leaves it: products, an empty index and the request to rebuild it."""
    service = CatalogService.open(path)
    with service.write():
        for sku, name, description in NAMES:
            service.save_product(Product(sku=sku, name=name, description=description))
    service.cdb.conn.execute("DELETE FROM product_search")
    service.cdb.conn.execute("INSERT INTO settings (key, value) VALUES (?, 'true')", (REINDEX_KEY,))
    service.cdb.conn.commit()
    service.close()


def found(service: CatalogService, query: str) -> set[str]:
    return {s.sku for s in service.summaries(service.search(ProductFilter(search=query)))}


@pytest.fixture
def upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CatalogService]:
    monkeypatch.setattr(product_search, "DEFER_OVER", 0)  # six products stand for 100,000
    as_after_upgrade(tmp_path / "c.sqlite")
    service = CatalogService.open(tmp_path / "c.sqlite", defer_search=True)
    yield service
    service.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mat ong", {"DH", "HN"}),
        ("Đồng Hới", {"DH"}),
        ("trà", {"TRA"}),  # marks still carry meaning while names are scanned
        ("tra", {"TRA", "TRAI", "CATRA"}),
        ("ca com", {"P_1"}),
        ("p 1", {"P_1"}),  # words only: '_' and '%' typed are never LIKE wildcards
        ("catra", {"CATRA"}),  # the SKU
        ("xyz", set()),
    ],
)
def test_searches_find_by_name_and_sku_until_the_index_is_rebuilt(
    upgraded: CatalogService, query: str, expected: set[str]
) -> None:
    assert upgraded.search_pending
    assert found(upgraded, query) == expected
    assert found(upgraded, "nhan") == set()  # descriptions wait for the index
    upgraded.rebuild_search()
    assert found(upgraded, "nhan") == {"HN"}
    assert not upgraded.search_pending
    assert found(upgraded, query) == expected


def test_the_rebuild_goes_chunk_by_chunk_around_a_save(
    upgraded: CatalogService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A product saved between two chunks indexes itself; the chunk that holds it rewrites its row whole, so
    the index ends with each product once."""
    monkeypatch.setattr(product_search, "REBUILD_CHUNK", 2)
    steps: list[int] = []

    def between_chunks(done: int, total: int, message: str) -> None:
        steps.append(done)
        if done == 1:
            with upgraded.write():
                upgraded.save_product(Product(sku="NEW", name="Bánh gai Tứ Trụ"))
                renamed = upgraded.product_by_sku("TRAI").product
                upgraded.save_product(replace(renamed, name="Trái vải sấy"))

    upgraded.rebuild_search(between_chunks)
    assert steps == [1, 2, 3]  # three chunks of two; the last step is the merge
    assert not upgraded.search_pending
    assert found(upgraded, "banh gai") == {"NEW"}
    assert found(upgraded, "vải") == {"TRAI"}
    assert found(upgraded, "cay say") == set()
    rows = upgraded.cdb.conn.execute("SELECT count(*), count(DISTINCT rowid) FROM product_search").fetchone()
    assert rows == (len(NAMES) + 1, len(NAMES) + 1)


def test_opening_without_deferring_rebuilds_at_once(tmp_path: Path) -> None:
    """The command line has no first screen to show: it opens as before, the index whole."""
    as_after_upgrade(tmp_path / "c.sqlite")
    service = CatalogService.open(tmp_path / "c.sqlite")
    try:
        assert not service.search_pending
        assert found(service, "dong hoi") == {"DH"}
    finally:
        service.close()


def test_a_small_catalogue_is_rebuilt_on_opening_even_when_the_caller_would_defer(tmp_path: Path) -> None:
    """A new or small catalogue (up to DEFER_OVER products, ~0.3 s) starts no background process for it."""
    as_after_upgrade(tmp_path / "c.sqlite")
    service = CatalogService.open(tmp_path / "c.sqlite", defer_search=True)
    try:
        assert not service.search_pending
        assert found(service, "nhan") == {"HN"}
    finally:
        service.close()
