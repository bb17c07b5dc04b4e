"""Bundles: a ZIP (or a folder) with a manifest of SHA-256 hashes, written to a temporary name and
renamed, so a failed or cancelled export leaves nothing half-written under the real name."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

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
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    _remove(partial)
    try:
        if out.suffix.lower() == ".zip":
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
        _remove(out)
        partial.replace(out)
    except BaseException:
        _remove(partial)
        raise
    return out


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
