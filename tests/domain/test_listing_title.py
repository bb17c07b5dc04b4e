"""Marketplace titles say each thing once (issue #22, seam 12)."""

from __future__ import annotations

from ocopdesk.domain.listing import title_for
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product


def title(name: str, size: str, producer: str) -> str:
    return title_for(Product(sku="X", name=name, net_quantity=size), Producer(producer), 120)


def test_a_name_with_its_size_and_the_cooperatives_words_is_not_repeated() -> None:
    got = title("Mật ong hoa rừng Như Xuân loại 1 lít", "1000 ml", "HTX Mật ong Như Xuân")
    assert got == "Mật ong hoa rừng Như Xuân loại 1 lít"


def test_what_the_name_lacks_is_added() -> None:
    assert title("Táo Mường Lá", "hộp 5kg", "HTX Hưng Thịnh") == "Táo Mường Lá hộp 5kg HTX Hưng Thịnh"
    assert title("Chè xanh", "500 g", "Công ty TNHH Chè Hoàng Hóa") == "Chè xanh 500 g Công ty TNHH Chè Hoàng Hóa"
    assert title("Chè xanh Hoàng Hóa", "200 g", "HTX Chè Hoàng Hóa") == "Chè xanh Hoàng Hóa 200 g"
