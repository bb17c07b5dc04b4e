"""Regenerate the README screenshots from the running app (offscreen): python scripts/screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def settle(seconds: float = 0.3) -> None:
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["OCOPDESK_HOME"] = home
        from ocopdesk.app import open_main_window
        from ocopdesk.services.demo import load_demo

        OUT.mkdir(parents=True, exist_ok=True)
        window = open_main_window(["ocopdesk"])
        window.resize(1200, 720)
        settle()
        window.grab().save(str(OUT / "welcome.png"))
        window.actions_.create_default()
        load_demo(window.context.service)
        window.context.refresh_all()
        window.products.table.resizeColumnsToContents()
        settle()
        window.grab().save(str(OUT / "products.png"))
        window.products.search_box.setText("dong hoi")
        window.products.apply_filter()
        settle()
        window.grab().save(str(OUT / "search-dong-hoi.png"))
        window.products.search_box.clear()
        window.go_to("overview")
        settle()
        window.grab().save(str(OUT / "overview.png"))
        product_id = window.context.service.product_by_sku("MO-NX-500").product.id
        editor = window.products.edit(product_id)
        editor.resize(760, 640)
        settle()
        editor.grab().save(str(OUT / "product-editor.png"))
        editor.tabs.setCurrentIndex(2)
        settle()
        editor.grab().save(str(OUT / "product-editor-certificate.png"))
        editor.done(0)
        from ocopdesk.services import stamps
        from ocopdesk.services.profile import CooperativeProfile, save_profile

        save_profile(
            window.context.service,
            CooperativeProfile(name="HTX Mật ong Như Xuân", resolver_base_url="https://truyxuat.example.vn"),
        )
        window.go_to("batches")
        window.batches.sku_filter.setText("MO-NX-500")
        window.batches.refresh()
        window.batches.table.selectRow(0)
        lot = window.batches.selected_batch().batch.lot_code
        url = stamps.issue(window.context.service, lot, 40, "MO-NX-500").urls[0]
        window.batches.verify_box.setText(url)
        window.batches.verify()
        window.batches._update_stamp_counts()
        settle()
        window.grab().save(str(OUT / "batches.png"))
        dialog = window.batches.print_stamps()
        dialog.template.setCurrentIndex(dialog.template.findData("a4-24-70x37"))
        dialog.own_text.setText("Đặc sản OCOP Thanh Hóa")
        dialog.resize(1000, 760)
        settle(0.5)
        dialog.grab().save(str(OUT / "print-stamps.png"))
        dialog.done(0)
        window.go_to("marketplaces")
        page = window.marketplaces
        page.refresh()
        honey = next(r for r in range(page.matrix.rowCount()) if page.matrix.item(r, 0).text() == "MO-NX-500")
        page.matrix.setCurrentCell(honey, 2)
        settle(0.5)
        window.grab().save(str(OUT / "marketplaces.png"))
        window.context.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
