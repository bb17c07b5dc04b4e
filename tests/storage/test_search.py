import datetime as dt
import unicodedata

import pytest

from ocopdesk.domain.ocop import Certificate
from ocopdesk.domain.producer import Producer
from ocopdesk.domain.product import Product, ProductFilter
from ocopdesk.storage import certificates, producers, products
from ocopdesk.storage.database import CatalogueDB, open_catalogue

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cdb(tmp_path):  # type: ignore[no-untyped-def]
    cdb = open_catalogue(tmp_path / "c.sqlite")
    with cdb.write():
        dh = producers.save(cdb, Producer(name="HTX Khoai deo", commune_code="18880", province_code="44"))
        ns = producers.save(cdb, Producer(name="HTX Cói Nga Sơn"))
        a = products.save(cdb, Product(sku="KD1", name="Khoai dẻo", producer_id=dh, ocop_group="1"))
        b = products.save(cdb, Product(sku="CH1", name="Chiếu cói", producer_id=ns, ocop_group="4"))
        c = products.save(cdb, Product(sku="DUONG", name="Đường phèn", description="ngọt thanh", ocop_group="1"))
        certificates.save(cdb, Certificate(4, "1/QĐ", TODAY - dt.timedelta(days=365 * 3 - 30)), a)  # expires soon
        certificates.save(cdb, Certificate(3, "2/QĐ", TODAY - dt.timedelta(days=100)), b)
        certificates.save(cdb, Certificate(5, "3/QĐ", TODAY - dt.timedelta(days=100), status="revoked"), c)
    yield cdb
    cdb.close()


def ids(cdb: CatalogueDB, **kw: object) -> list[str]:
    found = products.search_ids(cdb, ProductFilter(**kw), today=TODAY)  # type: ignore[arg-type]
    return [s.sku for s in products.summaries(cdb, found, today=TODAY)]


@pytest.mark.parametrize("query", ["dong hoi", "Đồng Hới", "ĐỒNG HỚI", unicodedata.normalize("NFD", "Đồng Hới")])
def test_commune_of_the_producer_is_found_however_it_is_typed(cdb: CatalogueDB, query: str) -> None:
    assert ids(cdb, search=query) == ["KD1"]


def test_search_covers_name_sku_description_producer_and_prefixes(cdb: CatalogueDB) -> None:
    assert ids(cdb, search="duong") == ["DUONG"]
    assert ids(cdb, search="ngot") == ["DUONG"]
    assert ids(cdb, search="ch1") == ["CH1"]
    assert ids(cdb, search="nga so") == ["CH1"]
    assert ids(cdb, search="khoai xyz") == []
    assert ids(cdb, search="***") == []


def test_results_are_in_vietnamese_name_order(cdb: CatalogueDB) -> None:
    assert ids(cdb) == ["CH1", "DUONG", "KD1"]


def test_filters_by_group_stars_producer_and_expiry(cdb: CatalogueDB) -> None:
    assert ids(cdb, ocop_group="1") == ["DUONG", "KD1"]
    assert ids(cdb, stars=4) == ["KD1"]
    assert ids(cdb, stars=5) == []  # revoked certificates do not count
    assert ids(cdb, expiring_within_days=90) == ["KD1"]
    producer = producers.find_by_name(cdb, "htx coi nga son")
    assert producer is not None and ids(cdb, producer_id=producer.id) == ["CH1"]


def test_renaming_a_producer_reindexes_its_products(cdb: CatalogueDB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ocopdesk.services.catalog import CatalogService

    service = CatalogService(cdb)
    producer = producers.find_by_name(cdb, "HTX Cói Nga Sơn")
    assert producer is not None
    service.save_producer(Producer(name="HTX Cói Kim Sơn", id=producer.id))
    assert ids(cdb, search="kim son") == ["CH1"]
    assert ids(cdb, search="nga son") == []


def test_name_order_cache_follows_our_writes_and_other_connections(cdb: CatalogueDB, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert ids(cdb) == ["CH1", "DUONG", "KD1"]
    with cdb.write():
        products.save(cdb, Product(sku="AA", name="Ấm chén"))
    assert ids(cdb) == ["AA", "CH1", "DUONG", "KD1"]
    other = open_catalogue(cdb.path)  # e.g. a second copy of the app, or the CLI
    with other.write():
        products.save(other, Product(sku="BB", name="Bánh gai"))
    other.close()
    assert ids(cdb) == ["AA", "BB", "CH1", "DUONG", "KD1"]
    assert ids(cdb, search="banh") == ["BB"]


def test_broad_and_narrow_matches_come_back_in_name_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import random

    names = [f"{w} {n}" for n, w in enumerate(["Mật ong", "Đường", "Chè", "Ấm", "Gạo"] * 40)]
    random.Random(1).shuffle(names)
    with open_catalogue(tmp_path / "o.sqlite") as cdb:
        with cdb.write():
            for n, name in enumerate(names):
                products.save(cdb, Product(sku=f"S{n}", name=name, description="htx" if n % 3 else ""))
        from ocopdesk.domain.text import sort_key

        for query in ("", "htx", "mat", "a", "gao 1"):  # all, most (mask), a fifth (sort), prefix, narrow
            found = [s.name for s in products.summaries(cdb, products.search_ids(cdb, ProductFilter(search=query)))]
            assert found == sorted(found, key=sort_key) and found, query
        assert len(products.search_ids(cdb, ProductFilter(search="htx"))) == 133


def test_sorting_by_other_columns_happens_in_sql(cdb: CatalogueDB) -> None:
    with cdb.write():
        for sku, price in (("KD1", 50_000), ("CH1", 350_000), ("DUONG", 20_000)):
            product = products.find_by_sku(cdb, sku)
            assert product is not None
            from dataclasses import replace

            products.save(cdb, replace(product, price=price))
    assert ids(cdb, sort="price") == ["DUONG", "KD1", "CH1"]
    assert ids(cdb, sort="price", descending=True) == ["CH1", "KD1", "DUONG"]
    assert ids(cdb, sort="stars", descending=True) == ["KD1", "CH1", "DUONG"]
    assert ids(cdb, sort="producer") == ["DUONG", "CH1", "KD1"]  # no producer sorts first
    assert ids(cdb, descending=True) == ["KD1", "DUONG", "CH1"]
    assert ids(cdb, search="htx", sort="sku", descending=True) == ["KD1", "CH1"]


def test_arranging_hits_keeps_name_order_at_every_density(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Hits sorted by their place in the cached order (#28) come out in name order at every share of the
    catalogue, and an id the order does not hold (deleted, or newer than the order) is left out."""
    import random

    from ocopdesk.storage.product_order import name_order

    rng = random.Random(5)
    with open_catalogue(tmp_path / "d.sqlite") as cdb:
        with cdb.write():
            for n in range(300):
                products.save(cdb, Product(sku=f"D{n}", name=f"Sản phẩm {rng.randint(1, 10**6)}"))
            products.delete(cdb, 7)  # a gap in the ids
        order = name_order(cdb)
        every = order.ids.tolist()
        for share in (0.01, 0.2, 0.5, 0.99):
            hits = rng.sample(every, max(1, int(len(every) * share)))
            assert order.arrange(hits) == sorted(hits, key=every.index), share
        assert order.arrange([*every[:200], 7, 10**6]) == [i for i in every if i in set(every[:200])]
        assert order.arrange([7, every[-1], every[0]]) == [every[0], every[-1]]  # the first in order is kept


@pytest.fixture
def marked(tmp_path):  # type: ignore[no-untyped-def]
    """Names that differ only by their marks (#28, "tone marks carry meaning")."""
    cdb = open_catalogue(tmp_path / "m.sqlite")
    with cdb.write():
        for sku, name, description in (
            ("DH", "Mật ong Đồng Hới", ""),
            ("DG", "Nước mắm Hội An", "đóng gói cẩn thận"),
            ("TRA", "Trà xanh", ""),
            ("TRAI", "Trái cây sấy", ""),
            ("CATRA", "Cá tra một nắng", ""),
            ("HG", "Mật ong Hà Giang", ""),
            ("HN", "Mat ong Ha Noi", "ghi khong dau"),
        ):
            products.save(cdb, Product(sku=sku, name=name, description=description))
    yield cdb
    cdb.close()


def found(cdb: CatalogueDB, query: str) -> set[str]:
    return {s.sku for s in products.summaries(cdb, products.search_ids(cdb, ProductFilter(search=query)))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ĐỒNG HỚI", {"DH"}),  # not "đóng gói … Hội An"
        ("Đồng Hới", {"DH"}),
        (unicodedata.normalize("NFD", "đồng hới"), {"DH"}),  # an IME typing combining marks
        ("dong hoi", {"DH", "DG"}),  # typed without marks: folded, as before
        ("đồ", {"DH"}),  # prefix while typing keeps the marks typed so far
        ("đó", {"DG"}),
        ("do", {"DH", "DG"}),
        ("trà", {"TRA"}),  # not Trái, not (cá) tra
        ("TRÀ", {"TRA"}),
        ("tra", {"TRA", "TRAI", "CATRA"}),
        ("trá", {"TRAI"}),
        ("mat ong Hà", {"HG"}),  # mixed: each word by its own rule
        ("mat ong ha", {"HG", "HN"}),
        ("Mật ong", {"DH", "HG"}),  # "Mat ong Ha Noi" was written without marks
        ("mật ong hà", {"HG"}),
        ("ĐỒNG hoi", {"DH"}),
        ("dong Hội", {"DG"}),
    ],
)
def test_a_word_typed_with_marks_matches_only_those_marks(marked: CatalogueDB, query: str, expected: set) -> None:  # type: ignore[type-arg]
    assert found(marked, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"trà', {"TRA"}),
        ('"trà" "xanh"', {"TRA"}),
        ("trà*", {"TRA"}),
        ("^trà", {"TRA"}),
        ("-trà", {"TRA"}),
        ("(trà) xanh:", {"TRA"}),
        ("trà OR tra", set()),  # "or" is a word like any other, and no product holds it
        ("marked : tra", set()),
        ("body:trà", set()),
    ],
)
def test_fts_syntax_typed_by_a_clerk_is_only_words(marked: CatalogueDB, query: str, expected: set) -> None:  # type: ignore[type-arg]
    assert found(marked, query) == expected  # never an FTS5 syntax error


def test_marked_words_follow_a_rename(marked: CatalogueDB) -> None:
    from dataclasses import replace

    product = products.find_by_sku(marked, "TRAI")
    assert product is not None
    with marked.write():
        products.save(marked, replace(product, name="Trà hoa vàng"))
    assert found(marked, "trà") == {"TRA", "TRAI"}
    assert found(marked, "trá") == set()
