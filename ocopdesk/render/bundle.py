"""Bundles: a ZIP (or a folder) with a manifest of SHA-256 hashes, written to a temporary name and
renamed, so a failed or cancelled export leaves nothing half-written under the real name. An existing
bundle folder is replaced only when every file in it is proven ours by its manifest (`owned_folder`)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.render import owned_folder

Content = bytes | Path


def manifest(files: dict[str, Content], extra: dict[str, object]) -> bytes:
    entries = []
    for name, content in sorted(files.items()):
        data = content.read_bytes() if isinstance(content, Path) else content
        entries.append({"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return json.dumps({**extra, "files": entries}, ensure_ascii=False, indent=2).encode()


def write(out: Path, files: dict[str, Content], extra: dict[str, object], check: Callable[[], None]) -> Path:
    """Write `files` plus manifest.json to `out` (a .zip file, otherwise a folder). `check` runs
    between files (cancellation); whatever happens, only a complete bundle gets the real name."""
    files = {**files, "manifest.json": manifest(files, extra)}
    is_zip = out.suffix.lower() == ".zip"
    if not is_zip:
        _check_folder(out)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    _remove(partial)
    try:
        if is_zip:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in files.items():
                    check()
                    data = content.read_bytes() if isinstance(content, Path) else content
                    kind = zipfile.ZIP_STORED if name.endswith((".jpg", ".png", ".pdf")) else zipfile.ZIP_DEFLATED
                    archive.writestr(name, data, compress_type=kind)
        else:
            for name, content in files.items():
                check()
                target = partial / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content.read_bytes() if isinstance(content, Path) else content)
        _swap_in(partial, out, is_zip)
    except BaseException:
        _remove(partial)
        raise
    return out


def _check_folder(out: Path) -> None:
    """Before any work: a bundle folder may replace only an empty folder or an earlier bundle of ours."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OcopDeskError(_("{path} already exists and is not a folder made by OCOPDesk.").format(path=out))
    if out.is_dir():
        owned_folder.require_empty_or_ours(out, owned_folder.foreign_files(out))


def _swap_in(partial: Path, out: Path, is_zip: bool) -> None:
    """Put the finished bundle under its name. A previous bundle folder is checked again (the user may have
    added a file while we worked), moved aside, and removed only after the new one is in place."""
    if is_zip:
        partial.replace(out)
        return
    _check_folder(out)
    old = out.with_name(f".{out.name}.{os.getpid()}.old")
    if out.is_dir():
        out.replace(old)
    partial.replace(out)
    if old.is_dir():
        shutil.rmtree(old)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
