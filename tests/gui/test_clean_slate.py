"""The GUI tests' clean slate (tests/gui/conftest.py) blames the test that leaked, not the next one.

Run as a separate pytest session on two tiny tests: the first starts a background task and returns without
waiting; the task's late message box must fail *that* test at teardown, and the second test must pass."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

EXIT_GUARD_S = 200  # well above the inner run's 9 s (30-60 s on a loaded CI machine), below the outer timeout
ROOT = Path(__file__).resolve().parents[2]

CONFTEST = """
import faulthandler
import sys

from tests.conftest import isolated_home, one_qt_application, qtbot
from tests.gui.conftest import boxes, clean_slate, no_box_waits_forever, pytest_runtest_teardown, window

# The inner run takes seconds; still running EXIT_GUARD_S after its start or after its last test, it prints
# every thread's stack and ends, so a hang says where it is (in a test, or while the interpreter exits).
faulthandler.dump_traceback_later(@GUARD@, exit=True, file=sys.__stderr__)


def pytest_runtest_logfinish(nodeid, location):
    # armed again after each test: pytest cancels the guard when a test fails (pytest_exception_interact)
    faulthandler.dump_traceback_later(@GUARD@, exit=True, file=sys.__stderr__)
""".replace("@GUARD@", str(EXIT_GUARD_S))

TESTS = """
from ocopdesk.gui import messages
from ocopdesk.gui.tasks import run_job
from tests.gui.test_clean_slate import slow_job


def test_leaks_a_task_whose_box_comes_late(qtbot):
    task = run_job(None, "Leaking", slow_job, 1.5)
    task.done.connect(lambda _result: messages.inform(None, "late news from the leaked task"))


def test_the_next_test_is_not_blamed(qtbot):
    qtbot.wait(2500)  # the moment the old suite's next test saw the late box (no task of its own here)
"""


def slow_job(progress: Any, cancel: Any, seconds: float) -> str:
    """A background job (run in a child process) that finishes after `seconds`."""
    time.sleep(seconds)
    return "done"


def test_a_leaked_task_fails_its_own_test_and_not_the_next(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_inner.py").write_text(TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n")
    # unbuffered: whatever the inner run printed is here even if it has to be stopped
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-rA", "test_inner.py"]
    try:
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the inner run hung past its own guard:\n{_text(hung.stdout)}\n{_text(hung.stderr)}")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    assert "PASSED test_inner.py::test_the_next_test_is_not_blamed" in out, out
    assert "ERROR test_inner.py::test_leaks_a_task_whose_box_comes_late" in out, out
    assert "unexpected dialog(s): ['late news from the leaked task']" in out, out
    assert "1 error" in out.splitlines()[-1], out + done.stderr
    if f"Timeout ({datetime.timedelta(seconds=EXIT_GUARD_S)})!" in done.stderr:
        # The verdicts above were all printed: the clean slate did its job, and what hung was the nested
        # interpreter's exit. Seen once on a loaded CI machine and never here; say where, do not fail for it.
        warnings.warn(f"the inner pytest run finished but its interpreter did not exit:\n{done.stderr}", stacklevel=1)


def _text(output: bytes | str | None) -> str:
    return output.decode(errors="replace") if isinstance(output, bytes) else output or ""
