import subprocess
import sys
from pathlib import Path

import pytest

from ocopdesk.domain.digital_link import parse
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services import stamps
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.profile import CooperativeProfile, save_profile

BASE = "https://truyxuat.htxnhuxuan.vn"


@pytest.fixture
def demo(service: CatalogService, demo_db: Path) -> CatalogService:
    save_profile(service, CooperativeProfile(name="HTX", resolver_base_url=BASE + "/"))
    return service


def lot_of(service: CatalogService, sku: str) -> str:
    return service.batches(sku)[0].batch.lot_code


def test_issue_gives_unique_serials_and_continuing_numbers_with_valid_digital_links(demo: CatalogService) -> None:
    lot = lot_of(demo, "MO-NX-500")
    first = stamps.issue(demo, lot, 50)
    second = stamps.issue(demo, lot, 25)
    assert (first.first, first.last, second.first, second.last) == (1, 50, 51, 75)
    links = [parse(url) for url in first.urls + second.urls]
    assert len({link.serial for link in links}) == 75
    assert {(link.stem, link.gtin, link.lot) for link in links} == {(BASE, "08938500121005", lot)}
    assert all(len(link.query["k"]) == 13 for link in links)
    assert [s for s, _url in stamps.urls_for(demo, first.batch)][-1].number == 75


def test_products_without_gtin_get_the_short_form(demo: CatalogService) -> None:
    result = stamps.issue(demo, lot_of(demo, "NEM-HR-HOP"), 2)  # demo: every third product has no GTIN
    assert all(url.startswith(f"{BASE}/s/") and "?k=" in url for url in result.urls)
    assert stamps.verify(demo, result.urls[0]).genuine


def test_verify_tells_genuine_voided_forged_unknown_and_malformed_apart(demo: CatalogService) -> None:
    lot = lot_of(demo, "MO-NX-500")
    urls = stamps.issue(demo, lot, 5).urls
    assert stamps.verify(demo, urls[0]).result == "genuine"
    assert stamps.void(demo, lot, 2, 3, "Tờ tem bị kẹt") == (2, Changes(batches=True))
    voided = stamps.verify(demo, urls[1])
    assert voided.result == "voided" and "Tờ tem bị kẹt" in voided.message
    assert stamps.verify(demo, urls[3]).result == "genuine"
    tampered = urls[4][:-1] + ("0" if urls[4][-1] != "0" else "1")
    assert stamps.verify(demo, tampered).result == "forged"
    other_lot = urls[0].replace(f"/10/{lot}/", "/10/OTHER-LOT/")
    assert stamps.verify(demo, other_lot).result == "forged"
    serial = parse(urls[0]).serial
    unknown = urls[0].replace(serial, "0000000000")
    assert stamps.verify(demo, unknown).result == "unknown"
    assert stamps.verify(demo, urls[0].replace(BASE, "https://hang-gia.example.com")).result == "foreign"
    for garbage in ("", "xin chào", "https://truyxuat.htxnhuxuan.vn/gioi-thieu"):
        assert stamps.verify(demo, garbage).result == "malformed"
    typed = f"{serial.lower()} {parse(urls[0]).query['k']}"
    assert stamps.verify(demo, typed).genuine


def test_reprints_are_counted_on_the_same_serial(demo: CatalogService) -> None:
    lot = lot_of(demo, "MO-NX-500")
    stamps.issue(demo, lot, 3)
    batch = stamps.find_lot(demo, lot)
    rows = [s for s, _url in stamps.urls_for(demo, batch)]
    stamps.record_printed(demo, rows)
    stamps.record_printed(demo, rows[:1])
    again = [s for s, _url in stamps.urls_for(demo, batch)]
    assert [(s.print_count, s.reprints) for s in again] == [(2, 1), (1, 0), (1, 0)]
    assert {s.serial for s in again} == {s.serial for s in rows}


def test_issuing_needs_the_resolver_address_and_a_sane_count(service: CatalogService, demo_db: Path) -> None:
    lot = lot_of(service, "MO-NX-500")
    with pytest.raises(OcopDeskError, match="traceability address"):
        stamps.issue(service, lot, 1)
    save_profile(service, CooperativeProfile(resolver_base_url=BASE))
    for count in (0, -1, 10_000_001):
        with pytest.raises(OcopDeskError):
            stamps.issue(service, lot, count)
    with pytest.raises(OcopDeskError, match="no lot"):
        stamps.issue(service, "NO-SUCH-LOT", 1)


CHILD = """
import sys
from pathlib import Path
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services import stamps
service = CatalogService.open(Path(sys.argv[1]))
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.readline()  # both children start issuing at the same moment
for _ in range(4):
    stamps.issue(service, sys.argv[2], 1000)
"""


def test_two_processes_issuing_for_the_same_lot_never_duplicate(demo: CatalogService, db_path: Path) -> None:
    lot = lot_of(demo, "MO-NX-500")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), lot], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        assert child.wait(timeout=120) == 0
    rows = [s for s, _url in stamps.urls_for(demo, stamps.find_lot(demo, lot))]
    assert len(rows) == 8000
    assert len({s.serial for s in rows}) == 8000
    assert sorted(s.number for s in rows) == list(range(1, 8001))


def test_print_dates_are_the_local_day_as_people_write_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored in UTC; 23:30 UTC on 30/11 is the morning of 01/12 in Hà Nội, and that is the day shown."""
    import time

    from ocopdesk.domain.stamp import Stamp

    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    try:
        once = Stamp(1, 7, "0Q06PYK863", print_count=1, last_printed_at="2026-11-30T23:30:00+00:00")
        assert stamps.printed_text(once) == "printed on 01/12/2026"
        again = Stamp(1, 7, "0Q06PYK863", print_count=3, last_printed_at="2026-11-30T10:00:00+00:00")
        assert stamps.printed_text(again) == "printed 3 times, last on 30/11/2026"
        assert stamps.printed_text(Stamp(1, 7, "0Q06PYK863")) == "not printed yet"
    finally:
        monkeypatch.undo()
        time.tzset()
