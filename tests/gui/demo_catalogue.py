"""The demo catalogue for window tests, loaded once per test process (per pytest-xdist worker) and per day,
then copied into each test's home (issue #21).

Clicking *Dùng thử danh mục mẫu* starts a child process that loads the demo (about a second each, ~60 tests);
what it leaves is the same `load_demo` result in the default catalogue, then the first-run guide. A copy of
that catalogue (database and photo folder) opened by the window's own Open path, with the same change
notice the demo task sends, leaves the window in the same state. The button itself stays tested by
tests/gui/test_main_window.py (`click_demo_button`)."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from ocopdesk.gui.main_window import MainWindow
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.demo import load_demo
from tests.site.conftest import copy_catalogue

_templates: dict[dt.date, tuple[Path, Changes]] = {}  # the demo loaded that day (batch dates follow today)
_folder: list[Path] = []  # made on first use, removed when the process ends


def demo_template() -> tuple[Path, Changes]:
    """A closed catalogue holding today's demo, made by this process the first time it is asked for, and
    the change notice its load gave."""
    today = dt.date.today()
    if today not in _templates:
        if not _folder:
            _folder.append(Path(tempfile.mkdtemp(prefix="ocopdesk-gui-demo-")))
            atexit.register(shutil.rmtree, _folder[0], True)
        path = _folder[0] / today.isoformat() / "catalogue.sqlite"
        path.parent.mkdir()
        service = CatalogService.open(path)
        try:
            _added, changes = load_demo(service, today=today)
        finally:
            service.close()
        _templates[today] = (path, changes)
    return _templates[today]


def open_demo_copy(window: MainWindow) -> None:
    """What the demo button ends in, from a copy: the default catalogue holds the demo, the window shows it,
    and the first-run guide follows (MainWindow.start_with_demo)."""
    assert window.welcome.demo_button.isEnabled()
    target = window.context.paths.default_db
    assert not target.exists(), "the demo goes into a fresh home, as the button's does"
    target.parent.mkdir(parents=True, exist_ok=True)
    template, changes = demo_template()
    copy_catalogue(template, target)
    assert window.actions_.open_path(target)
    window.context.apply(changes)
    window.show_guide()
