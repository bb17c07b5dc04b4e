from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ocopdesk.domain.product import ProductFilter
from ocopdesk.gui.main_window import MainWindow
from ocopdesk.gui.models.products import PAGE, ProductTableModel
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo


def test_product_model_passes_qt_model_tester(qtmodeltester: ModelTester, service: CatalogService) -> None:
    load_demo(service)
    model = ProductTableModel(service)
    model.set_filter(ProductFilter())
    qtmodeltester.check(model)
    assert model.rowCount() == 32


def test_model_fetches_only_the_pages_it_shows(service: CatalogService, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ocopdesk.domain.product import Product

    with service.cdb.write():
        from ocopdesk.storage import products

        for n in range(PAGE * 3):
            products.save(service.cdb, Product(sku=f"P{n:04d}", name=f"Sản phẩm {n:04d}"))
    fetched: list[int] = []
    real = service.summaries
    monkeypatch.setattr(service, "summaries", lambda ids: fetched.append(len(ids)) or real(ids))
    model = ProductTableModel(service)
    model.set_filter(ProductFilter())
    assert model.rowCount() == PAGE * 3 and fetched == []
    assert model.index(PAGE * 2 + 5, 0).data() == model.data(model.index(PAGE * 2 + 5, 0))
    assert model.index(PAGE * 2 + 6, 1).data() == "Sản phẩm 0406"
    assert fetched == [PAGE]


def test_window_search_finds_dong_hoi_without_diacritics(qtbot: QtBot, service: CatalogService) -> None:
    load_demo(service)
    window = MainWindow(service)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == 32
    qtbot.keyClicks(window.search_box, "dong hoi")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=2000)
    assert window.model.index(0, 1).data() == "Khoai lang dẻo Đồng Hới"
    assert "1 of 32" in window.status.text()


def test_app_opens_the_catalogue_given_with_db(qtbot: QtBot, tmp_path: Path) -> None:
    from ocopdesk.app import open_main_window

    window = open_main_window(["ocopdesk", "--db", str(tmp_path / "x.sqlite")])
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible() and window.service.path == tmp_path / "x.sqlite"
    assert (tmp_path / "x.sqlite").exists()
