"""Which bytes of which log files a load reads: files found in folders, each log known by its first
request line (so a rotated `access.log.1` is the same log as the `access.log` it was), its format
sniffed, and only the whole lines after the part already counted handed to DuckDB.

Gzip files are inflated here into a temporary file from the mark on (a rotated log may have been
half counted before it was compressed); a plain log is given to DuckDB as it is when it is new and
ends with a whole line, else its new whole lines are copied out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

HEAD_LIMIT = 64 * 1024
_CHUNK = 1 << 20
_S3 = re.compile(rb"^\S+ \S+ \[\d\d/\w{3}/\d{4}:[^\]]+\] \S+ ")
_COMBINED = re.compile(rb'^\S+ \S+ \S+ \[[^\]]+\] "')


@dataclass(frozen=True, slots=True)
class LogFile:
    path: Path
    head: str  # sha256 of the first request line: the log's identity across renames and gzip
    fmt: str  # "combined", "caddy", "s3", "cloudfront", or "" when not a log we read
    columns: tuple[str, ...]  # CloudFront's #Fields


def find_files(paths: list[Path]) -> list[Path]:
    """The files named, and the files inside the folders named (hidden ones skipped), in name order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(s.startswith(".") for s in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else path.open("rb")  # type: ignore[return-value]


def is_gzip(path: Path) -> bool:
    with path.open("rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def identify(path: Path) -> LogFile | None:
    """The log's identity and format from its first lines; None while it has no whole request line yet."""
    columns: tuple[str, ...] = ()
    with _open(path) as stream:
        for raw in _lines_of(stream):
            if raw.startswith(b"#Fields:"):
                columns = tuple(raw[len(b"#Fields:") :].decode("utf-8", "replace").split())
            if raw.startswith(b"#") or not raw.strip():
                continue
            return LogFile(path, hashlib.sha256(raw).hexdigest(), sniff(raw, columns), columns)
    return None


def _lines_of(stream: BinaryIO) -> Iterator[bytes]:
    """Whole lines of the file's first HEAD_LIMIT bytes."""
    data = stream.read(HEAD_LIMIT)
    for line in data.split(b"\n")[:-1]:
        yield line.rstrip(b"\r")


def sniff(line: bytes, columns: tuple[str, ...]) -> str:
    if columns:
        return "cloudfront"
    if line.startswith(b"{"):
        try:
            return "caddy" if isinstance(json.loads(line), dict) else ""
        except ValueError:
            return ""
    if _S3.match(line) and not _COMBINED.match(line):
        return "s3"
    return "combined" if _COMBINED.match(line) else ""


@dataclass(frozen=True, slots=True)
class Slice:
    """What DuckDB reads: a file of whole lines, and where the mark moves once it is counted."""

    path: Path
    end: int  # bytes of the (inflated) log counted once this slice is


def new_lines(log: LogFile, start: int, scratch: Path) -> Slice | None:
    """The whole lines after byte `start`; None when there are none."""
    if is_gzip(log.path):
        return _copy_from(log.path, start, scratch)
    size = log.path.stat().st_size
    end = _last_newline(log.path, size)
    if end <= start:
        return None
    if start == 0 and end == size:
        return Slice(log.path, end)
    target = scratch / "slice.log"
    with log.path.open("rb") as source, target.open("wb") as out:
        source.seek(start)
        _copy_n(source, out, end - start)
    return Slice(target, end)


def tail_lines(path: Path, offset: int) -> Slice | None:
    """A file holding a log's bytes from `offset` on (a Range fetch, ours to change): cut to its whole
    lines, which end at `offset` + its length; None when it holds no whole line."""
    end = _last_newline(path, path.stat().st_size)
    if end == 0:
        return None
    with path.open("r+b") as out:
        out.truncate(end)
    return Slice(path, offset + end)


def _last_newline(path: Path, size: int) -> int:
    """The offset just after the file's last newline (0 if none)."""
    with path.open("rb") as stream:
        pos = size
        while pos > 0:
            step = min(_CHUNK, pos)
            stream.seek(pos - step)
            block = stream.read(step)
            at = block.rfind(b"\n")
            if at >= 0:
                return pos - step + at + 1
            pos -= step
    return 0


def _copy_n(source: BinaryIO, out: BinaryIO, count: int) -> None:
    while count > 0:
        block = source.read(min(_CHUNK, count))
        if not block:
            break
        out.write(block)
        count -= len(block)


def _copy_from(path: Path, start: int, scratch: Path) -> Slice | None:
    """Inflate a gzip log from byte `start` to its last whole line."""
    target = scratch / "slice.log"
    position = 0
    with gzip.open(path, "rb") as source, target.open("wb") as out:
        while True:
            block = source.read(_CHUNK)
            if not block:
                break
            skip = max(0, min(len(block), start - position))
            out.write(block[skip:])
            position += len(block)
    written = _last_newline(target, target.stat().st_size)
    if position <= start or written == 0:
        return None
    with target.open("r+b") as out:
        out.truncate(written)
    return Slice(target, start + written)
