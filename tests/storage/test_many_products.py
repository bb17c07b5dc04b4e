"""Many products' facts in one query per table (#24): what `listing_facts` reads, checked against the one-by-one
readers they replace, on more ids than SQLite once allowed as bound parameters (999)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ocopdesk.domain.media import MediaFile
from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product
from ocopdesk.storage import certificates, media, producers, products
from ocopdesk.storage.database import open_catalogue


def test_many_at_once_reads_what_one_at_a_time_reads(tmp_path: Path) -> None:
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        makers = [producers.save(cdb, Producer(f"HTX số {n}")) for n in range(3)]
        ids = [products.save(cdb, Product(f"SP-{n:04d}", f"Mật ong {n}", makers[n % 3])) for n in range(1200)]
        for n, pid in enumerate(ids[:50]):
            for year in (2023, 2025):
                certificates.save(cdb, Certificate(3 + n % 3, f"{n}/QĐ-{year}", dt.date(year, 5, 1)), pid)
            files = [MediaFile("photo", f"{n:03d}{k}".ljust(64, "0"), ".jpg", position=k) for k in range(2)]
            media.replace_all(cdb, pid, "photo", files)
            media.replace_all(cdb, pid, "document", [MediaFile("document", f"d{n:03d}".ljust(64, "0"), ".pdf")])
    wanted = [*reversed(ids), 999_999]  # any order, and an id with no product
    found = products.get_many(cdb, wanted)
    assert len(found) == 1200 and all(found[pid] == products.get(cdb, pid) for pid in ids)
    assert producers.get_many(cdb, [*makers, 424242]) == {m: producers.get(cdb, m) for m in makers}
    certs, files = certificates.for_products(cdb, wanted), media.for_products(cdb, wanted)
    assert set(certs) == set(files) == set(ids[:50])  # products without any have no key
    for pid in ids[:50]:
        assert certs[pid] == certificates.for_product(cdb, pid)  # newest first, like the one-product reader
        assert files[pid] == media.for_product(cdb, pid)  # documents, then photos in their order
    cdb.close()
