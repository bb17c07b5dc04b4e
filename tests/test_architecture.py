"""The layering rules of ARCHITECTURE.md, checked by import-linter and a scan for Qt widget imports."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_only_the_gui_imports_qt_widgets() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ocopdesk").rglob("*.py")
        if "gui" not in path.relative_to(ROOT / "ocopdesk").parts[:1]
        and path.name != "app.py"
        and re.search(r"QtWidgets", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_core_tests_do_not_import_qt() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("*.py")
        if "gui" not in p.parts and "PySide6" in p.read_text(encoding="utf-8") and p.name != Path(__file__).name
    ]
    assert offenders == []
