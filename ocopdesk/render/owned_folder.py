"""The one rule for every folder OCOPDesk writes into: it deletes or replaces only files it made there and can
prove it made (its own manifest's entries, inside that folder once links are resolved); anything else in the
folder is the user's and is never removed. A manifest is read as untrusted input: an entry that is not a plain
relative path inside the folder, or that reaches a link, is ignored (issue #20)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _


def plain_relative(entry: object) -> str | None:
    """`entry` when it is a plain relative POSIX path with no `..`, no drive, no backslash and no empty part;
    None otherwise (a manifest someone edited cannot name `../other/file` or `/etc/passwd`)."""
    if not isinstance(entry, str) or not entry or "\\" in entry or "\x00" in entry or ":" in entry:
        return None
    parts = entry.split("/")
    if "" in parts or "." in parts or ".." in parts:  # "/etc" has an empty first part
        return None
    return entry  # no empty, "." or ".." part: already its own POSIX form (a site has 20,000 entries: no Path)


def inside(folder: Path, rel: str) -> Path | None:
    """`folder/rel` when `rel` is a plain relative path and no part of it below `folder` is a link, so that
    the path resolves inside `folder`; None otherwise."""
    clean = plain_relative(rel)
    if clean is None:
        return None
    path = folder
    for part in clean.split("/"):
        path = path / part
        if path.is_symlink():
            return None
    return path


def target(folder: Path, rel: str) -> Path:
    """Where to write `rel` in `folder`, refused with a message naming the folder when it would leave it
    (a link planted in the folder must not carry our writes elsewhere)."""
    path = inside(folder, rel)
    if path is None:
        raise OcopDeskError(
            _("{path} contains a link or a name that leads outside the folder; OCOPDesk will not write there.").format(
                path=folder / rel
            )
        )
    return path


class Targets:
    """`target` for the thousands of files one build writes into one folder: each folder below it is checked
    for links and made once, not once a file (a site build's 23,000 files went through a `mkdir` and a
    link check of every path part each, #28); the file's own name is still checked every time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._text = str(folder)
        self._ready: set[str] = set()  # folders below `folder` checked and made in this build

    def __call__(self, rel: str) -> Path:
        clean = plain_relative(rel)
        head = clean.rpartition("/")[0] if clean else ""
        if clean and head not in self._ready:
            folder = inside(self.folder, head) if head else self.folder
            if folder is None:
                return target(self.folder, rel)  # a link below the folder: refused, naming the file
            os.makedirs(folder, exist_ok=True)
            self._ready.add(head)
        # os.path on the string, then one Path: pathlib's own parsing and lstat were 40 µs a file (#28)
        name = os.path.join(self._text, clean) if clean else ""
        if not name or os.path.islink(name):
            return target(self.folder, rel)  # raises, naming the file
        return Path(name)


def remove_ours(folder: Path, entries: Iterable[object]) -> list[str]:
    """Delete the regular files `entries` name inside `folder`; links, folders, and entries that are not plain
    relative paths are left alone. Returns the relative paths removed."""
    removed = []
    for entry in entries:
        rel = plain_relative(entry)
        path = inside(folder, rel) if rel else None
        if rel and path is not None and path.is_file():
            path.unlink()
            removed.append(rel)
    return removed


def require_empty_or_ours(folder: Path, foreign: list[str]) -> None:
    """Refuse a folder holding files OCOPDesk cannot prove it made, naming the folder and one such file."""
    if foreign:
        raise OcopDeskError(
            _(
                "The folder {path} holds files OCOPDesk did not make (for example {file}); it removes nothing "
                "there. Choose an empty folder or a new name."
            ).format(path=folder, file=sorted(foreign)[0])
        )


def foreign_files(folder: Path, manifest_name: str = "manifest.json") -> list[str]:
    """Files (and links) in `folder` that its bundle manifest does not prove ours: every file must be listed
    there with the same size and SHA-256. An empty folder has none; a folder without our manifest has all."""
    listed = _listed(folder / manifest_name)
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found.append(rel)
        elif path.is_file() and rel == manifest_name:
            if not _is_ours(path):
                found.append(rel)
        elif path.is_file() and not _matches(path, listed.get(rel)):
            found.append(rel)
    return found


def _listed(manifest: Path) -> dict[str, dict[str, Any]]:
    if not manifest.is_file() or manifest.is_symlink() or not _is_ours(manifest):
        return {}
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entries = data.get("files") if isinstance(data.get("files"), list) else []
    return {
        str(e["path"]): e for e in entries if isinstance(e, dict) and plain_relative(e.get("path")) and "sha256" in e
    }


def _is_ours(manifest: Path) -> bool:
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "app_version" in data and isinstance(data.get("files"), list)


def _matches(path: Path, entry: dict[str, Any] | None) -> bool:
    if entry is None or path.stat().st_size != entry.get("bytes"):
        return False
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == entry.get("sha256")
