"""Where the data shipped with the app lives: `resources/` in a checkout, `ocopdesk/resources` when installed.

The top-level `resources/` folder is packaged as the namespace package `ocopdesk.resources` (see
`pyproject.toml`), so `importlib.resources` finds it in a wheel, an editable install and a frozen build alike;
a checkout run without installing (`python main.py` in the source tree) falls back to the folder itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_PACKAGE = "ocopdesk.resources"


@cache
def resources_root() -> Path:
    """The folder holding `fonts/`, `labels/`, `locale/`… as a real path (Qt and Jinja2 open files by name)."""
    try:
        root = resources.files(_PACKAGE).joinpath("labels")
    except ModuleNotFoundError:
        root = None
    if root is not None and isinstance(root, Path) and root.is_dir():
        return root.parent
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A file shipped in `resources/`."""
    return resources_root().joinpath(*parts)
