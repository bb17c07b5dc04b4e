import datetime as dt

from ocopdesk.domain.ocop import groups
from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo


def test_demo_is_a_living_catalogue_and_loading_it_twice_changes_nothing(service: CatalogService) -> None:
    added, _ = load_demo(service)
    assert added == 32
    assert load_demo(service)[0] == 0 and service.count_products() == 32
    ids = service.search(ProductFilter())
    summaries = service.summaries(ids)
    assert {s.ocop_group for s in summaries} == {g.code for g in groups()}
    assert all(s.photo for s in summaries)
    assert len({p.province_code for p in service.producers()}) == 2  # Thanh Hóa and a partner in Quảng Trị
    assert service.search(ProductFilter(search="dong hoi"))
    assert len(service.batches()) > 40


def test_demo_has_certificates_in_every_state(service: CatalogService) -> None:
    load_demo(service)
    today = dt.date.today()
    states = set()
    for product_id in service.search(ProductFilter()):
        states |= {c.effective_status(today) for c in service.product(product_id).certificates}
    assert states == {"valid", "expired", "revoked"}
    assert service.search(ProductFilter(expiring_within_days=90))
