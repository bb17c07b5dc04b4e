"""Issue #20: publishing to a host that trickles its answer (one byte every half second, status line, headers
or body) gives each file up at its deadline, inside the read, and ends the run after three such files with a
message naming the host. A real socket server on 127.0.0.1; the deadlines are shortened so this takes seconds."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ocopdesk.services.publish import MAX_SLOW, publish
from tests.listings.test_publish import make_bigger_site

DEADLINE = 2.0  # seconds per file here; 60 s in the app
DRIP = 0.5  # seconds between two bytes: far inside every per-read socket timeout

ANSWER = b"HTTP/1.1 201 Created\r\nContent-Length: 400\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 400


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def _serve(conn: socket.socket, trickle_from: int, stop: threading.Event) -> None:
    """Answer every request on the connection, the bytes from `trickle_from` on one by one, slowly."""
    with conn:
        try:
            while not stop.is_set():
                _read_request(conn)
                conn.sendall(ANSWER[:trickle_from])
                for byte in ANSWER[trickle_from:]:
                    if stop.wait(DRIP):
                        return
                    conn.sendall(bytes([byte]))
        except OSError:
            return


@contextmanager
def trickling_host(trickle_from: int) -> Iterator[tuple[str, list[float]]]:
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    accepted: list[float] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            accepted.append(time.monotonic())
            threading.Thread(target=_serve, args=(conn, trickle_from, stop), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/dav/", accepted
    finally:
        stop.set()
        server.close()


@pytest.mark.parametrize("where", ["status line", "headers", "body"])
def test_a_trickling_host_is_given_up_per_file_and_three_end_the_run(tmp_path: Path, where: str) -> None:
    trickle_from = {"status line": 0, "headers": 20, "body": ANSWER.index(b"\r\n\r\n") + 4}[where]
    files = make_bigger_site(tmp_path / "site")
    with trickling_host(trickle_from) as (url, _accepted):
        start = time.monotonic()
        report = publish(tmp_path / "site", url, file_deadline=DEADLINE, timeout=(5.0, 5.0))
        took = time.monotonic() - start
    host = url.split("/")[2]
    assert len(report.failed) == MAX_SLOW and report.uploaded == []
    assert all(host in why and "given up" in why for why in report.failed.values())
    assert host in report.stopped and report.left and len(report.left) == len(files) - MAX_SLOW
    assert took < MAX_SLOW * DEADLINE + 4, took  # each file ends at its deadline, inside the read
