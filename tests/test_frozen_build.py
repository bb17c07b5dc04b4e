"""The desktop build (PyInstaller, one folder) starts the command line and the window with no Python around it:
built with scripts/build-app.sh, then run with an environment that holds no virtual environment or PYTHONPATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ocopdesk import __version__

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("frozen")
    env = {**os.environ, "PYTHON": sys.executable, "WORKPATH": str(base / "work")}
    done = subprocess.run(
        ["sh", str(ROOT / "scripts" / "build-app.sh"), str(base / "dist")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return base / "dist" / "OCOPDesk"


def _run(folder: Path, program: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    suffix = ".exe" if os.name == "nt" else ""
    env = {"PATH": "/usr/bin:/bin", "OCOPDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    if os.name == "nt":
        env = {**env, "SYSTEMROOT": os.environ.get("SYSTEMROOT", "")}
    return subprocess.run(
        [str(folder / f"{program}{suffix}"), *args],
        cwd=home.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_frozen_folder_answers_its_version_loads_the_demo_and_opens_the_window(built: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    for program in ("ocopdesk-cli", "OCOPDesk"):
        version = _run(built, program, "--version", home=home)
        assert version.returncode == 0 and f"OCOPDesk {__version__} (" in version.stdout, version.stderr

    demo = _run(built, "ocopdesk-cli", "demo", home=home)
    assert demo.returncode == 0 and "32" in demo.stdout, demo.stderr
    assert (home / "data" / "catalogue.sqlite").is_file()

    window = _run(built, "OCOPDesk", "--self-test", home=home)
    assert window.returncode == 0 and window.stdout.startswith("OK: OCOPDesk"), window.stdout + window.stderr
    assert not list((home / "logs").glob("*.log")), "the frozen app logged an unexpected error"
