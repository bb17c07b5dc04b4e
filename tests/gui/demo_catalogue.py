"""The demo catalogue for window tests: loaded once per test process and per day (tests/demo_copy.py), then
copied into each test's home (issue #21).

Clicking *Dùng thử danh mục mẫu* starts a child process that loads the demo (about a second each, ~60 tests);
what it leaves is the same `load_demo` result in the default catalogue, then the first-run guide. A copy of
that catalogue (database and photo folder) opened by the window's own Open path, with the same change
notice the demo task sends, leaves the window in the same state. The button itself stays tested by
tests/gui/test_main_window.py (`click_demo_button`)."""

from __future__ import annotations

from ocopdesk.gui.main_window import MainWindow
from tests.demo_copy import copy_demo


def open_demo_copy(window: MainWindow) -> None:
    """What the demo button ends in, from a copy: the default catalogue holds the demo, the window shows it,
    and the first-run guide follows (MainWindow.start_with_demo)."""
    assert window.welcome.demo_button.isEnabled()
    target = window.context.paths.default_db
    assert not target.exists(), "the demo goes into a fresh home, as the button's does"
    changes = copy_demo(target)
    assert window.actions_.open_path(target)
    window.context.apply(changes)
    window.show_guide()
