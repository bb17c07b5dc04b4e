"""The layering rules of ARCHITECTURE.md, checked by import-linter and a scan for Qt widget imports."""

import ast
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


# The catalogue's connection lives in storage and behind the front door (CatalogService and its parts).
CONNECTION_HOLDERS = ("ocopdesk/storage/", "ocopdesk/services/catalog.py", "ocopdesk/services/catalog_parts.py")


def connection_uses(root: Path) -> list[str]:
    """Every `x.cdb` / `x.conn` in the package outside the modules allowed to hold the connection."""
    found = []
    for path in sorted((root / "ocopdesk").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(CONNECTION_HOLDERS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("cdb", "conn"):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_only_storage_and_the_catalogue_service_touch_the_connection(tmp_path: Path) -> None:
    assert connection_uses(ROOT) == []
    # the scan can fail: a service reaching past the front door is found
    (tmp_path / "ocopdesk" / "services").mkdir(parents=True)
    (tmp_path / "ocopdesk" / "services" / "x.py").write_text("def f(service):\n    return service.cdb.conn\n")
    assert connection_uses(tmp_path) == ["ocopdesk/services/x.py:2", "ocopdesk/services/x.py:2"]
