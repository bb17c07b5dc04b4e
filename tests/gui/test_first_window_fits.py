"""The first start on a clerk's 1366×768 laptop under a real window manager (Xvfb + openbox): the whole
window, title bar included, is on the screen, so the status bar and the bottom buttons can be reached; and
the second start, restored from the saved geometry, fits too (issue #22, seam 3)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A real X server at 1366×768 with openbox managing it; its display name."""
    for tool in ("Xvfb", "openbox"):
        assert shutil.which(tool), f"{tool} is missing (Debian: xvfb openbox)"
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"], pass_fds=(write,)
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    env = os.environ | {"DISPLAY": display}
    wm = subprocess.Popen(["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # openbox is up once it owns the screen's window-manager selection
        owner = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True, text=True)
        if "window id" in owner.stdout:
            break
        time.sleep(0.1)
    else:
        pytest.fail("openbox did not start within 60 s")
    yield display
    for process in (wm, xvfb):
        process.terminate()
        process.wait(timeout=30)


def start_app(display: str, home: Path) -> dict[str, object]:
    env = os.environ | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "OCOPDESK_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.first_start_probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(rect: list[int], area: list[int]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_the_first_and_second_window_fit_a_1366x768_screen_title_bar_included(x_display: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for start in ("first", "second"):
        seen = start_app(x_display, home)
        frame, available = seen["frame"], seen["available"]
        assert available[2:] == [1366, 768]
        assert inside(frame, available), f"{start} start: frame {frame} is not within the screen {available}"
        corner = seen["status_bar_bottom_right"]
        assert inside([*corner, 1, 1], available), f"{start} start: the status bar ends off screen at {corner}"
        assert frame[3] > seen["client"][3]  # a real title bar was measured, not an unframed window
