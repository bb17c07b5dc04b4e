"""The layering rules of ARCHITECTURE.md, checked by import-linter and a scan for Qt widget imports."""

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

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
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Attribute) and node.attr in ("cdb", "conn"):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_only_storage_and_the_catalogue_service_touch_the_connection(tmp_path: Path) -> None:
    assert connection_uses(ROOT) == []
    # the scan can fail: a service reaching past the front door is found
    (tmp_path / "ocopdesk" / "services").mkdir(parents=True)
    (tmp_path / "ocopdesk" / "services" / "x.py").write_text("def f(service):\n    return service.cdb.conn\n")
    assert connection_uses(tmp_path) == ["ocopdesk/services/x.py:2", "ocopdesk/services/x.py:2"]


# ---------------------------------------------------------------- modules along their seams (#24)
# The module graph, read with ast from the source (every import, at the top or inside a function), and four
# rules: no import circle, no private name taken across modules, no function of 60 lines or more, no module
# passing on names it only imports (a re-export shim). Each is run once below on a tiny planted tree it must
# flag, so a check that stopped working would fail instead of passing quietly.

GETTEXT = "_"  # ocopdesk.i18n's `_` is the gettext convention, not a private name
MAX_FUNCTION_LINES = 60
# What is known and owned elsewhere, named exactly. An entry that no longer occurs fails the test too: the
# allowance is spent when the owner fixes it, and must then be removed here.
KNOWN: dict[str, set[str]] = {
    "circles": set(),
    "private imports": set(),
    # a shipped migration is never edited (ARCHITECTURE.md, convention 4): it stays as it was released
    "long functions": {"ocopdesk/storage/migrations.py:_create_catalogue"},
    "shims": set(),
}


@cache
def parsed(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once per run (the checks below each walk every module)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package under `root`, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((root / "ocopdesk").rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported_from(node: ast.ImportFrom, name: str, path: Path) -> str:
    """The absolute module an ImportFrom reads (relative imports resolved against the importing module)."""
    if not node.level:
        return node.module or ""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the package modules it imports (`from a import b` counts a.b when b is a module, else a)."""
    mods = modules(root)
    graph: dict[str, set[str]] = {name: set() for name in mods}
    for name, path in mods.items():
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names if a.name in mods}
            elif isinstance(node, ast.ImportFrom):
                source = imported_from(node, name, path)
                for alias in node.names:
                    target = f"{source}.{alias.name}"
                    graph[name].add(target if target in mods else source)
        graph[name] = {m for m in graph[name] if m in mods and m != name}
    return graph


def circles(root: Path) -> set[str]:
    """Each import circle (a strongly connected set of modules, Tarjan's algorithm), its members sorted."""
    graph, index, low, stack, found = import_graph(root), {}, {}, [], set()
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        found.add(" → ".join(sorted(members)))
    return found


def top_level_names(path: Path) -> tuple[set[str], set[str]]:
    """(names a module defines, names it only imports) at its top level, `if`/`try` blocks included."""
    defined, imported = set(), set()
    for statement in parsed(path).body:
        nodes = ast.walk(statement) if isinstance(statement, ast.If | ast.Try) else [statement]
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                defined.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            elif isinstance(node, ast.Import | ast.ImportFrom):
                imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return defined, imported - defined


def imported_modules(tree: ast.AST, mods: dict[str, Path]) -> dict[str, str]:
    """Local name → package module, for `import a.b as x` and `from a import b` where b is a module."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found |= {a.asname or a.name: f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.asname: a.name for a in node.names if a.asname}
    return {local: module for local, module in found.items() if module in mods}


def names_taken(root: Path) -> list[tuple[str, str, str, int]]:
    """(importing file, source module, name, line) for every package name taken from another module,
    by `from m import n` or as `m.n` on an imported module."""
    mods = modules(root)
    taken = []
    for name, path in mods.items():
        rel = path.relative_to(root).as_posix()
        tree = parsed(path)
        aliases = imported_modules(tree, mods)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                source = imported_from(node, name, path)
                if source in mods:
                    taken += [
                        (rel, source, a.name, node.lineno) for a in node.names if f"{source}.{a.name}" not in mods
                    ]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                taken.append((rel, aliases[node.value.id], node.attr, node.lineno))
    return taken


def private_imports(root: Path) -> set[str]:
    """`from m import _x` or `m._x` across modules of the package (dunders and gettext's `_` aside)."""
    return {
        f"{rel}:{line} {source}.{name}"
        for rel, source, name, line in names_taken(root)
        if name.startswith("_") and not name.startswith("__") and name != GETTEXT
    }


def shims(root: Path) -> set[str]:
    """A module passing on names it only imports: taken from it by others, named in its `__all__`, given
    back under the same name (`import x as x`), or served by a module `__getattr__`."""
    mods = modules(root)
    tops = {name: top_level_names(path) for name, path in mods.items()}
    found = {
        f"{rel}:{line} takes {name} from {source}"
        for rel, source, name, line in names_taken(root)
        if name in tops[source][1]
    }
    for name, path in mods.items():
        rel = path.relative_to(root).as_posix()
        for node in parsed(path).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found |= {f"{rel}:{node.lineno} passes on {a.name}" for a in node.names if a.asname == a.name}
            elif isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
                found.add(f"{rel}:{node.lineno} serves names from a module __getattr__")
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                listed = {e.value for e in ast.walk(node.value) if isinstance(e, ast.Constant)}
                found |= {f"{rel}:{node.lineno} lists {n} in __all__" for n in listed & tops[name][1]}
    return found


def long_functions(root: Path) -> set[str]:
    """Every function or method of MAX_FUNCTION_LINES lines or more, decorators left out."""
    found = set()
    for path in modules(root).values():
        for node in ast.walk(parsed(path)):
            function = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            if function and (node.end_lineno or 0) - node.lineno + 1 >= MAX_FUNCTION_LINES:
                found.add(f"{path.relative_to(root).as_posix()}:{node.name}")
    return found


def without_line_numbers(found: set[str]) -> set[str]:
    return {re.sub(r":\d+ ", " ", f) for f in found}


SEAM_CHECKS = {"circles": circles, "private imports": private_imports, "long functions": long_functions, "shims": shims}


@pytest.mark.parametrize("rule", list(SEAM_CHECKS))
def test_modules_keep_their_seams(rule: str) -> None:
    found = without_line_numbers(SEAM_CHECKS[rule](ROOT))
    assert found - KNOWN[rule] == set(), f"{rule}: fix these (or, owned elsewhere, name them in KNOWN)"
    assert KNOWN[rule] - found == set(), f"{rule}: fixed — remove these from KNOWN"


def plant(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / "ocopdesk" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "ocopdesk" / rel).write_text(text, encoding="utf-8")
    return root


def test_each_seam_check_flags_a_planted_fault(tmp_path: Path) -> None:
    clean = plant(tmp_path / "clean", {"__init__.py": "", "a.py": "X = 1\n", "b.py": "from ocopdesk.a import X\n"})
    assert all(check(clean) == set() for check in SEAM_CHECKS.values())
    circle = plant(
        tmp_path / "circle",
        {
            "__init__.py": "",
            "p/__init__.py": "",
            "p/a.py": "from ocopdesk.p import b\n",
            "p/b.py": "def f():\n    from . import c\n",  # an import inside a function closes it too
            "p/c.py": "import ocopdesk.p.a\n",
        },
    )
    assert circles(circle) == {"ocopdesk.p.a → ocopdesk.p.b → ocopdesk.p.c"}
    private = plant(
        tmp_path / "private",
        {
            "__init__.py": "",
            "a.py": "_X = 1\n_ = str\n",
            "b.py": "from ocopdesk.a import _, _X\n",
            "c.py": "from ocopdesk import a\nY = a._X\n",
        },
    )
    assert without_line_numbers(private_imports(private)) == {
        "ocopdesk/b.py ocopdesk.a._X",
        "ocopdesk/c.py ocopdesk.a._X",
    }
    lines = [f"    x{n} = {n}\n" for n in range(MAX_FUNCTION_LINES - 1)]  # with its `def`: 60 lines
    source = "def short():\n" + "".join(lines[1:]) + "\n\ndef f():\n" + "".join(lines)
    long = plant(tmp_path / "long", {"__init__.py": "", "a.py": source})
    assert long_functions(long) == {"ocopdesk/a.py:f"}
    shim = plant(
        tmp_path / "shim",
        {
            "__init__.py": "",
            "a.py": "X = 1\n",
            "b.py": "from ocopdesk.a import X\n",
            "c.py": "from ocopdesk.b import X\n",
            "d.py": "from ocopdesk.a import X as X\n__all__ = ['X']\ndef __getattr__(name):\n    return name\n",
            "e.py": "from ocopdesk import b\nY = b.X\n",
        },
    )
    assert without_line_numbers(shims(shim)) == {
        "ocopdesk/c.py takes X from ocopdesk.b",
        "ocopdesk/d.py passes on X",
        "ocopdesk/d.py lists X in __all__",
        "ocopdesk/d.py serves names from a module __getattr__",
        "ocopdesk/e.py takes X from ocopdesk.b",
    }
