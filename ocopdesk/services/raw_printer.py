"""Sending a printer's own commands (ZPL, TSPL) untouched to where they print: a file, a network
printer's raw port (tcp://HOST:9100), a CUPS queue as a raw job (`lp -o raw`) or, on Windows, a
printer as a RAW spooler job (win32print). No driver redraws the job; the printer gets our bytes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _

FILE_SUFFIXES = (".zpl", ".tspl", ".prn", ".txt", ".bin")
TIMEOUT_S = 15.0


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # file | tcp | queue
    name: str  # the path, HOST:PORT or the queue's name
    host: str = ""
    port: int = 0


def parse_target(text: str) -> Target:
    """tcp://HOST[:PORT] (port 9100 by default); a path (with a folder or a .zpl/.tspl/.prn suffix);
    otherwise the name of a printer queue."""
    text = text.strip()
    if not text:
        raise OcopDeskError(_("Say where to print: a printer's name, tcp://HOST:9100 or a file."))
    if text.lower().startswith("tcp://"):
        parts = urlsplit(text)
        try:
            port = parts.port or 9100
        except ValueError as exc:
            raise OcopDeskError(
                _("{target} is not a printer address like tcp://192.168.1.50:9100.").format(target=text)
            ) from exc
        if not parts.hostname:
            raise OcopDeskError(
                _("{target} is not a printer address like tcp://192.168.1.50:9100.").format(target=text)
            )
        return Target("tcp", f"{parts.hostname}:{port}", parts.hostname, port)
    if os.sep in text or "/" in text or text.lower().endswith(FILE_SUFFIXES):
        return Target("file", text)
    return Target("queue", text)


def send(data: bytes, target: Target) -> None:
    """All the bytes reach the target, or an OcopDeskError says why (nothing is half-written to a file)."""
    if target.kind == "file":
        _to_file(data, Path(target.name))
    elif target.kind == "tcp":
        _to_socket(data, target)
    elif sys.platform == "win32":
        _to_windows_printer(data, target.name)
    else:
        _to_cups(data, target.name)


def _to_file(data: bytes, path: Path) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise OcopDeskError(_("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from exc


def _to_socket(data: bytes, target: Target) -> None:
    try:
        with socket.create_connection((target.host, target.port), timeout=TIMEOUT_S) as conn:
            conn.sendall(data)
            conn.shutdown(socket.SHUT_WR)
    except OSError as exc:
        raise OcopDeskError(
            _("The printer at {address} did not take the job ({reason}). Is it on, and is the address right?").format(
                address=target.name, reason=exc.strerror or exc
            )
        ) from exc


def _to_cups(data: bytes, queue: str) -> None:
    lp = shutil.which("lp")
    if lp is None:
        raise OcopDeskError(
            _("There is no `lp` command here to reach the printer {queue} (install CUPS).").format(queue=queue)
        )
    done = subprocess.run(
        [lp, "-d", queue, "-o", "raw", "-t", "OCOPDesk"], input=data, capture_output=True, timeout=60, check=False
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or str(done.returncode)
        raise OcopDeskError(_("The printer {queue} did not take the job: {reason}").format(queue=queue, reason=reason))


def _to_windows_printer(data: bytes, name: str) -> None:  # pragma: no cover - Windows only, untested here
    """A RAW spooler job: the driver passes our bytes through (a "Generic / Text Only" queue works)."""
    try:
        import win32print  # type: ignore[import-not-found]  # pywin32, on Windows only
    except ImportError as exc:
        raise OcopDeskError(_("Printing straight to a Windows printer needs pywin32 (win32print).")) from exc
    try:
        handle = win32print.OpenPrinter(name)
    except Exception as exc:  # pywintypes.error: the printer's name is unknown
        raise OcopDeskError(_("There is no printer named {queue} on this computer.").format(queue=name)) from exc
    try:
        win32print.StartDocPrinter(handle, 1, ("OCOPDesk", None, "RAW"))
        try:
            win32print.StartPagePrinter(handle)
            win32print.WritePrinter(handle, data)
            win32print.EndPagePrinter(handle)
        finally:
            win32print.EndDocPrinter(handle)
    finally:
        win32print.ClosePrinter(handle)
