"""Pictures of the running app (offscreen) for the user guide and the README: python scripts/screenshots.py

The window is 1366×768, the laptop clerks have, and nothing is arranged for the picture: no column is resized,
so what the pictures show is what a clerk sees. They go to resources/help/vi/img/, shipped with the app for
its offline guide; the README shows the same files.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "resources" / "help" / "vi" / "img"
SIZE = (1366, 768)  # run under Xvfb + openbox at 1366×768 (README); offscreen clamps the window smaller
SHEET = (  # a small sheet as cooperatives keep them, for the import picture
    "Mã SP,Tên sản phẩm,Giá bán,ĐVT,Hạng sao,Ghi chú\nMAT-ONG-1,Mật ong bạc hà,250.000,chai,4,\n"
    "CHE-1,Chè lam,45.000,gói,3,\n"
)


def settle(seconds: float = 0.3) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()


def shoot(widget, name: str, seconds: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    settle(seconds)
    widget.grab().save(str(OUT / name))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["OCOPDESK_HOME"] = home
        from ocopdesk.app import open_main_window

        OUT.mkdir(parents=True, exist_ok=True)
        window = open_main_window(["ocopdesk"])
        window.resize(*SIZE)
        shoot(window, "welcome.png")
        task = window.start_with_demo()
        while task is not None and task.running:
            settle(0.1)
        settle()
        window.guide.next()  # the demo filled the profile: on to the address
        window.guide.address.edit.setText("https://truyxuat.htx-nhuxuan.vn")
        window.guide.address.check(online=False)
        shoot(window, "guide-address.png")
        window.guide.leave_button.click()
        screens(window, Path(home))
        window.context.close()
    print(f"screenshots written to {OUT}")


def screens(window, home: Path) -> None:  # type: ignore[no-untyped-def]
    window.go_to("products")
    shoot(window, "products.png")
    window.products.search_box.setText("dong hoi")
    window.products.apply_filter()
    shoot(window, "search-dong-hoi.png")
    window.products.search_box.clear()
    window.go_to("overview")
    shoot(window, "overview.png")
    editors(window)
    stamps(window)
    marketplaces(window)
    website(window, home)
    dialogs(window, home)


def editors(window) -> None:  # type: ignore[no-untyped-def]
    product_id = window.context.service.product_by_sku("MO-NX-500").product.id
    editor = window.products.edit(product_id)
    shoot(editor, "product-editor.png")
    editor.tabs.setCurrentIndex(2)
    shoot(editor, "product-editor-certificate.png")
    editor.done(0)


def stamps(window) -> None:  # type: ignore[no-untyped-def]
    from ocopdesk.services import stamps as stamp_service
    from ocopdesk.services.profile import load_profile, save_profile

    service = window.context.service
    save_profile(service, replace(load_profile(service), resolver_base_url="https://truyxuat.htx-nhuxuan.vn"))
    window.go_to("batches")
    window.batches.product_filter.set_sku("MO-NX-500")
    window.batches.table.selectRow(0)
    lot = window.batches.selected_batch().batch.lot_code
    url = stamp_service.issue(service, lot, 40, "MO-NX-500").urls[0]
    window.batches.verify_box.setText(url)
    window.batches.verify()
    window.batches._update_stamp_counts()
    shoot(window, "batches.png")
    dialog = window.batches.print_stamps()
    dialog.template.setCurrentIndex(dialog.template.findData("a4-24-70x37"))
    dialog.own_text.setText("Đặc sản OCOP Thanh Hóa")
    dialog.resize(1000, 700)
    shoot(dialog, "print-stamps.png", 0.5)
    dialog.done(0)


def marketplaces(window) -> None:  # type: ignore[no-untyped-def]
    window.go_to("marketplaces")
    page = window.marketplaces
    honey = next(r for r in range(page.matrix.rowCount()) if page.matrix.item(r, 0).text() == "MO-NX-500")
    page.matrix.setCurrentCell(honey, 4)
    shoot(window, "marketplaces.png", 0.5)


def website(window, home: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def grab_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shoot(box, "website-built.png")
            box.done(0)
        else:
            QTimer.singleShot(50, grab_and_close)

    task = window.site.build(str(home / "truyxuat-website"))
    QTimer.singleShot(50, grab_and_close)
    while task.running:
        settle(0.1)
    settle(1.0)
    window.site.publish()
    dialog = window.site.publish_dialog
    dialog.url.setText("https://luutru.htx-nhuxuan.vn/truyxuat/")
    dialog.user.setText("htx-nhuxuan")
    shoot(dialog, "publish.png")
    dialog.done(0)


def dialogs(window, home: Path) -> None:  # type: ignore[no-untyped-def]
    from ocopdesk.gui.dialogs.import_mapping import show_plan
    from ocopdesk.services.importer import preview

    sheet = home / "san-pham.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    mapping = show_plan(preview(window.context.service, sheet), window, lambda _sheet: None)
    mapping.show()
    shoot(mapping, "import-mapping.png")
    mapping.done(0)
    locations = window.show_locations()
    shoot(locations, "locations.png")
    locations.done(0)
    settings = window.open_settings()
    settings.tabs.setCurrentWidget(settings.stamps)
    shoot(settings, "settings-stamps.png")
    settings.done(0)
    help_window = window.show_help("in-tem.html")
    help_window.resize(1000, 700)
    shoot(help_window, "help.png")
    help_window.close()


if __name__ == "__main__":
    main()
