"""The demo catalogue, loaded once per test process (per pytest-xdist worker) and per day, then copied for
each test that asks for it (issue #21).

`load_demo` in a new catalogue costs ~0.3 s of CPU (more than a second of wall on a loaded machine), and some
forty service, render and CLI tests start from exactly that catalogue; a copy of its files (the database and
its photo folder) costs milliseconds. What a copy shares with its template and a fresh load would not: the
random stable ids (uuid4) and change marks, so tests about those ids or about telling catalogues apart
(tests/test_architecture_ids.py, backups and restores) load the demo themselves. The rows are otherwise the
ones a load writes whatever the interface language (compared with `sqlite3 .dump`, ids and times masked)."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes
from ocopdesk.services.demo import load_demo
from tests.site.conftest import copy_catalogue

_templates: dict[dt.date, tuple[Path, Changes]] = {}  # the demo loaded as of that day (batch dates follow it)
_folder: list[Path] = []  # made on first use, removed when the process ends


def demo_template(today: dt.date) -> tuple[Path, Changes]:
    """A closed catalogue holding the demo loaded as of `today`, made by this process the first time it is
    asked for, and the change notice its load gave."""
    if today not in _templates:
        if not _folder:
            _folder.append(Path(tempfile.mkdtemp(prefix="ocopdesk-demo-")))
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


def copy_demo(target: Path, today: dt.date | None = None) -> Changes:
    """`target` (not made yet) becomes what `load_demo(service, today)` leaves in a new catalogue there."""
    assert not target.exists(), "the demo goes into a new catalogue, as a first load does"
    template, changes = demo_template(today or dt.date.today())
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_catalogue(template, target)
    return changes
