"""Regenerate the README screenshots from the running app (offscreen): python scripts/screenshots.py"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from ocopdesk import i18n
    from ocopdesk.gui.application import create_application
    from ocopdesk.gui.main_window import MainWindow
    from ocopdesk.services.catalog import CatalogService
    from ocopdesk.services.demo import load_demo

    i18n.set_language("vi")
    create_application(sys.argv)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        service = CatalogService.open(Path(tmp) / "demo.sqlite")
        load_demo(service)
        window = MainWindow(service)
        window.setWindowTitle("OCOPDesk")
        window.resize(1100, 640)
        window.show()
        window.table.resizeColumnsToContents()
        QApplication.processEvents()
        window.grab().save(str(out / "products.png"))
        window.search_box.setText("dong hoi")
        window.apply_search()
        QApplication.processEvents()
        window.grab().save(str(out / "search-dong-hoi.png"))
        service.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
