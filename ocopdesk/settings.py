"""Machine preferences (language, last catalogue, recent files, printer calibration) in a small
versioned JSON file. Cooperative data lives in the catalogue instead, so it travels with backups."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ocopdesk.paths import AppPaths

VERSION = 1
FILENAME = "settings.json"
MAX_RECENT = 8


@dataclass
class MachineSettings:
    language: str = "vi"
    last_catalogue: str = ""
    recent: list[str] = field(default_factory=list)
    printer_offsets: dict[str, list[float]] = field(default_factory=dict)  # "printer|template" → [x, y] mm
    next_label: dict[str, int] = field(default_factory=dict)  # "printer|template" → first unused label
    seller_templates: dict[str, str] = field(default_factory=dict)  # marketplace → its mass-upload .xlsx
    last_label_stock: str = ""  # the stock last printed on here: the printer holds it until it is changed
    last_folders: dict[str, str] = field(default_factory=dict)  # file dialog purpose → folder last used (#22)

    def remember(self, catalogue: Path) -> None:
        path = str(Path(catalogue).resolve())
        self.last_catalogue = path
        self.recent = [path, *[p for p in self.recent if p != path]][:MAX_RECENT]


def settings_path(paths: AppPaths) -> Path:
    return paths.config_dir / FILENAME


def load(paths: AppPaths) -> MachineSettings:
    """Read the settings; a missing, damaged or future file gives defaults rather than an error."""
    try:
        raw = json.loads(settings_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return MachineSettings()
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        return MachineSettings()
    known = MachineSettings.__dataclass_fields__
    try:
        return MachineSettings(**{k: v for k, v in raw.items() if k in known})
    except TypeError:
        return MachineSettings()


def save(paths: AppPaths, settings: MachineSettings) -> None:
    """Write to a temporary name, then rename: a crash never leaves half a settings file."""
    target = settings_path(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_text(
        json.dumps({"version": VERSION, **asdict(settings)}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    partial.replace(target)
