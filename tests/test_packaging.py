"""Installed like a clerk installs it: a wheel built from the tree, put into a fresh virtual environment, used
from another folder. The editable install of the test run hides a wheel that forgets its data; this does not."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from ocopdesk import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_of_the_tree_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "ocopdesk").rglob("__init__.py")}
    assert found | {"ocopdesk.resources"} == listed


def test_the_schema_version_shown_is_the_number_of_migrations() -> None:
    from ocopdesk.storage.migrations import NAMES
    from ocopdesk.version import SCHEMA_VERSION

    assert len(NAMES) == SCHEMA_VERSION


def _source_copy(target: Path) -> Path:
    """The files git tracks or would track (a clean clone plus uncommitted work): nothing built or cached
    here leaks into the wheel."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        for name in listed.stdout.decode().split("\0"):
            if name and (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:  # an exported tree without .git
        ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__")
        shutil.copytree(ROOT, target, ignore=ignore, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A fresh venv holding only the wheel; its third-party dependencies come from the test run's own
    site-packages (a .pth line, so no package is downloaded twice), whose editable OCOPDesk is not seen."""
    base = tmp_path_factory.mktemp("wheel")
    source = _source_copy(base / "src")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (base / "dist").glob("ocopdesk-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "ocopdesk-test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return {"python": python, "bin": python.parent, "site": site, "cwd": elsewhere, "home": base / "home"}


def _run(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OCOPDESK_HOME": str(installed["home"]),
        "OCOPDESK_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": "",
    }
    program = installed["bin"] / ("ocopdesk.exe" if os.name == "nt" else "ocopdesk")
    command = [str(installed["python"]), *args[1:]] if args[0] == "python" else [str(program), *args]
    done = subprocess.run(command, cwd=installed["cwd"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_the_wheel_carries_its_data_and_every_job_runs_from_another_folder(installed: dict[str, Path]) -> None:
    where = _run(installed, "python", "-c", "import ocopdesk.bundled as b; print(b.resources_root())").stdout.strip()
    assert Path(where).is_relative_to(installed["site"]), "resources must come from the installed wheel"
    assert (Path(where) / "labels" / "roll-30x20.json").is_file() and (Path(where) / "locale" / "vi").is_dir()
    # Qt's Vietnamese (compiled, committed) and the offline user guide with its pictures
    assert (Path(where) / "locale" / "vi" / "qtbase_vi.qm").is_file()
    assert (Path(where) / "help" / "vi" / "index.html").is_file() and (Path(where) / "help" / "vi" / "img").is_dir()
    assert f"OCOPDesk {__version__} (catalogue schema" in _run(installed, "--version").stdout

    assert "32" in _run(installed, "demo").stdout
    sheet = installed["cwd"] / "danh-sach.csv"
    sheet.write_text("Tên sản phẩm,Mã SP,Giá bán\nMật ong rừng Pù Luông,MO-PL-1,120000\n", encoding="utf-8")
    assert "1 new" in _run(installed, "import", str(sheet)).stdout

    lots = json.loads(_run(installed, "batches", "list", "--sku", "MO-NX-500", "--json").stdout)
    lot = lots[0]["lot_code"]
    _run(installed, "settings", "set", "resolver_base_url", "https://truyxuat.htx.vn")
    _run(installed, "stamps", "issue", "--lot", lot, "--count", "5")
    pdf = installed["cwd"] / "tem.pdf"
    _run(installed, "stamps", "pdf", "--lot", lot, "--template", "roll-40x25", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and b"DejaVu" in pdf.read_bytes()  # the shipped font, embedded

    site = installed["cwd"] / "web"
    _run(installed, "site", "build", "--out", str(site))
    page = (site / "htx" / "index.html").read_text(encoding="utf-8")
    assert f"OCOPDesk {__version__}" in page and (site / "assets" / "stamp.js").is_file()

    bundle = installed["cwd"] / "postmart.zip"
    _run(installed, "export", "--marketplace", "postmart", "--out", str(bundle))
    import zipfile

    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("manifest.json"))["app_version"] == __version__

    shown = _run(
        installed,
        "python",
        "-c",
        "from ocopdesk.app import open_main_window; w = open_main_window(['ocopdesk']);"
        "print(w.windowTitle(), w.isVisible())",
    )
    assert shown.stdout.strip().endswith("True") and "Traceback" not in shown.stderr


def test_the_windows_installer_carries_the_app_version() -> None:
    script = (ROOT / "scripts" / "windows-installer.iss").read_text(encoding="utf-8")
    assert f'#define AppVersion "{__version__}"' in script


@pytest.mark.parametrize(
    ("args", "window"),
    [
        ([], True),
        (["--db", "x.sqlite"], True),
        (["--self-test", "--db", "x.sqlite"], True),
        (["--version"], True),
        (["demo"], False),
        (["--db", "x.sqlite", "products", "list"], False),
        (["--db"], False),
    ],
)
def test_the_desktop_build_opens_the_window_only_without_a_command(args: list[str], window: bool) -> None:
    from ocopdesk.launcher import wants_window

    assert wants_window(args) is window
