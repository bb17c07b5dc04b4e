"""One write path per entity (#24): products are written by SQL in storage/products.py only, that module's
writers are called by the catalogue service's `save_products` only, and the importer writes through it.
Each scan is shown to fail on a planted file."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Statements that change the products table's rows. Migrations reshape the schema with its data (a new column
# filled for every product), so they may; nothing else outside the products module may.
PRODUCT_WRITE_SQL = re.compile(
    r"\b(INSERT(\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+products\b", re.I
)
SQL_ALLOWED = ("ocopdesk/storage/products.py", "ocopdesk/storage/migrations.py")
# The products module's functions that write rows, and the one module that may call them.
WRITERS = {"save", "save_many", "delete", "touch"}
WRITER_CALLERS = ("ocopdesk/storage/", "ocopdesk/services/catalog.py")


@functools.cache
def modules(root: Path) -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted((root / "ocopdesk").rglob("*.py"))
    ]


def product_sql_outside_storage(root: Path) -> list[str]:
    """Every string in the package that writes product rows, outside the products module (and migrations)."""
    found = []
    for rel, tree in modules(root):
        if rel in SQL_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and PRODUCT_WRITE_SQL.search(node.value):
                found.append(f"{rel}:{node.lineno}")
    return found


def product_writers_called(root: Path) -> list[str]:
    """`products.save(…)` and the other row writers of storage/products.py called past the catalogue service."""
    found = []
    for rel, tree in modules(root):
        if rel.startswith(WRITER_CALLERS):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "ocopdesk.storage.products":
                found += [f"{rel}:{node.lineno}" for alias in node.names if alias.name in WRITERS]
            func = node.func if isinstance(node, ast.Call) else None
            if isinstance(func, ast.Attribute) and func.attr in WRITERS and _named(func.value, "products"):
                found.append(f"{rel}:{node.lineno}")
    return found


def _named(node: ast.expr, name: str) -> bool:
    return (isinstance(node, ast.Name) and node.id == name) or (isinstance(node, ast.Attribute) and node.attr == name)


def calls_of(tree: ast.Module) -> set[str]:
    """`part.method` for every call of a method on an attribute or name (`service.product_rows.get(…)` →
    `product_rows.get`), and the bare method name."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            found.add(node.func.attr)
            if isinstance(owner, (ast.Attribute, ast.Name)):
                found.add(f"{owner.attr if isinstance(owner, ast.Attribute) else owner.id}.{node.func.attr}")
    return found


def test_no_product_rows_are_written_outside_the_products_module(tmp_path: Path) -> None:
    assert product_sql_outside_storage(ROOT) == []
    planted = tmp_path / "ocopdesk" / "services" / "x.py"
    planted.parent.mkdir(parents=True)
    planted.write_text('SQL = "update products set price = 0"\nOK = "UPDATE product_media SET x = 1"\n')
    assert product_sql_outside_storage(tmp_path) == ["ocopdesk/services/x.py:1"]


def test_only_the_catalogue_service_calls_the_product_writers(tmp_path: Path) -> None:
    assert product_writers_called(ROOT) == []
    planted = tmp_path / "ocopdesk" / "services" / "x.py"
    planted.parent.mkdir(parents=True)
    planted.write_text(
        "from ocopdesk.storage import products\nfrom ocopdesk.storage.products import save_many\n"
        "def f(cdb, p):\n    products.get(cdb, 1)\n    return products.save(cdb, p)\n"
    )
    assert product_writers_called(tmp_path) == ["ocopdesk/services/x.py:2", "ocopdesk/services/x.py:5"]


def test_the_importer_writes_products_through_the_services_save_path() -> None:
    """The import checks rows with the editor's rules and writes them with its save, never row by row itself."""
    importer = dict(modules(ROOT))["ocopdesk/services/importer.py"]
    called = calls_of(importer)
    assert {"check_products", "save_products"} <= called
    # media and certificates come with the products, through the same path
    writes = {"product_rows.save", "certificate_rows.save", "media_rows.replace_all", "products.save"}
    assert not called & writes
    planted = ast.parse("def f(service, p):\n    service.certificate_rows.save(p, 1)\n")
    assert calls_of(planted) & writes == {"certificate_rows.save"}  # the check can fail
