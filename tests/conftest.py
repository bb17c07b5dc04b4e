"""Shared fixtures: every test gets its own OCOPDESK_HOME and a real, migrated SQLite catalogue."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ocopdesk import i18n
from ocopdesk.services.catalog import CatalogService
from tests.demo_copy import copy_demo
from tests.tiers import mark_and_order
from tests.waits import PatientQtBot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every Tesseract a test starts runs on one thread: its OpenMP threads spin for a core the other test worker
# needs (same text, a third of the wall time on a busy machine; tests/ocr.py, issue #21).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers `slow` and `background` and the longest-first order come from one table (tests/tiers.py)."""
    mark_and_order(items)


@pytest.fixture(scope="session", autouse=True)
def one_qt_application(qapp: object) -> object:
    """The process gets the application the desktop app has (a QApplication) before any test runs: render
    code started alone (the CLI) makes a QGuiApplication, and after one of those no window can be made, so
    a render test running first would break every window test after it."""
    return qapp


@pytest.fixture
def qtbot(qapp: object, request: pytest.FixtureRequest) -> PatientQtBot:
    """pytest-qt's qtbot, with waits that default to a one-minute ceiling (tests/waits.py)."""
    return PatientQtBot(request)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the real user folders; messages are English unless a test switches."""
    home = tmp_path / "home"
    monkeypatch.setenv("OCOPDESK_HOME", str(home))
    monkeypatch.setenv("OCOPDESK_LANG", "en")
    i18n.set_language("en")
    yield home
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "catalogue.sqlite"


@pytest.fixture
def demo_day() -> dt.date | None:
    """The day `demo_db`'s demo is loaded as of (its lots are dated from it): today, unless a module
    overrides this fixture."""
    return None


@pytest.fixture
def demo_db(db_path: Path, demo_day: dt.date | None) -> Path:
    """db_path holds what `load_demo(service, today=demo_day)` leaves in a new catalogue: a copy of a demo
    loaded once per test process (tests/demo_copy.py says what a copy shares with its template)."""
    copy_demo(db_path, demo_day)
    return db_path


@pytest.fixture
def service(db_path: Path, request: pytest.FixtureRequest) -> Iterator[CatalogService]:
    """The catalogue at db_path; the demo's copy when the test asks for `demo_db` (made first, whatever
    order the test names its fixtures in)."""
    if "demo_db" in request.fixturenames:
        request.getfixturevalue("demo_db")
    svc = CatalogService.open(db_path)
    yield svc
    svc.close()
