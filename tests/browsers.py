"""Real parts for web tests: Debian's chromium (headless) and nginx, both on 127.0.0.1 only.

Chromium is pointed at a recording proxy, so any request for a host other than 127.0.0.1 (a CDN
font, an analytics script) is caught and the test can assert there were none.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Chromium's own background services (component updates, network time, account checks) keep
# calling home however it is started; they are the browser's requests, not the page's.
BROWSER_SERVICES = ("update.googleapis.com", "accounts.google.com", "clients2.google.com", ".gvt1.com", "gvt1.com")
INSTALL_HINT = "run `sh scripts/install-linux-deps.sh --test` (Debian: chromium, nginx)"


def need(program: str) -> str:
    found = shutil.which(program) or next(
        (p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}") if Path(p).exists()), None
    )
    if not found:
        pytest.fail(f"{program} is missing: {INSTALL_HINT}")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _host(request_line: str) -> str:
    target = request_line.split(" ", 1)[1]
    return urlsplit(target if "//" in target else f"//{target}").hostname or ""


@contextmanager
def recording_proxy() -> Iterator[tuple[str, list[str]]]:
    """An HTTP proxy that answers 502 to everything and remembers what pages asked for."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _refuse(self) -> None:
            line = f"{self.command} {self.path}"
            host = _host(line)
            if not any(host == s or (s.startswith(".") and host.endswith(s)) for s in BROWSER_SERVICES):
                seen.append(line)
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = do_HEAD = do_CONNECT = _refuse

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


class Chromium:
    def __init__(self, profile: Path, proxy: str) -> None:
        self.binary = need("chromium")
        self.profile = profile
        self.proxy = proxy

    def _args(self) -> list[str]:
        return [
            self.binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-domain-reliability",
            "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying",
            "--disable-extensions",
            "--no-pings",
            f"--user-data-dir={self.profile}",
            f"--proxy-server=http://{self.proxy}",
            "--virtual-time-budget=5000",
        ]

    def dom(self, url: str) -> str:
        """The page's DOM after its scripts ran (and after any redirect they made)."""
        done = subprocess.run(
            [*self._args(), "--dump-dom", url], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    def screenshot(self, url: str, out: Path, size: tuple[int, int] = (390, 844)) -> None:
        subprocess.run(
            [*self._args(), "--hide-scrollbars", f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", url],
            capture_output=True,
            timeout=60,
            check=True,
        )


@contextmanager
def nginx(workdir: Path, server_block: str) -> Iterator[str]:
    """A real nginx (Debian's) in the foreground on a free 127.0.0.1 port; yields its base URL.

    The port comes from the OS, but between asking and nginx binding it another test worker (pytest-xdist)
    or program may take it: then nginx exits with "Address already in use" and we start it on a new port."""
    binary = need("nginx")
    workdir.mkdir(parents=True, exist_ok=True)
    for attempt in range(5):
        port = free_port()
        (workdir / "nginx.pid").unlink(missing_ok=True)
        conf = _nginx_conf(workdir, port, server_block)
        proc = subprocess.Popen(
            [binary, "-p", str(workdir), "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE, text=True
        )
        try:
            if _listening(proc, workdir / "nginx.pid"):
                yield f"http://127.0.0.1:{port}"
                return
            log = workdir / "error.log"
            error = (proc.stderr.read() if proc.stderr else "") + (log.read_text() if log.exists() else "")
            if "in use" not in error or attempt == 4:
                raise RuntimeError(f"nginx did not start: {error}")
        finally:
            if proc.poll() is None:
                proc.terminate()
            proc.wait(timeout=60)


def _listening(proc: subprocess.Popen[str], pid_file: Path) -> bool:
    """True once nginx has bound its port; False if it exited first (a minute's ceiling).

    nginx writes its pid file only after it bound its listening sockets, so the file holding our child's
    pid means the port is ours; a connection test alone could reach whoever else holds the port."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if pid_file.exists() and pid_file.read_text().strip() == str(proc.pid):
            return True
        time.sleep(0.05)
    raise RuntimeError("nginx did not start within a minute")


def _nginx_conf(workdir: Path, port: int, server_block: str) -> Path:
    temp = [f"{name}_temp_path {workdir}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    conf = workdir / "nginx.conf"
    conf.write_text(
        "\n".join(
            [
                "user root root;" if os.geteuid() == 0 else "",
                "worker_processes 1;",
                f"error_log {workdir}/error.log;",
                f"pid {workdir}/nginx.pid;",
                "events { worker_connections 64; }",
                "http {",
                "  include /etc/nginx/mime.types;",
                f"  access_log {workdir}/access.log;",
                *temp,
                "  server {",
                f"    listen 127.0.0.1:{port};",
                server_block,
                "  }",
                "}",
            ]
        )
    )
    return conf
