"""A real HTTP server on 127.0.0.1 for tests: serves fixed bodies with the content type we choose."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from ocopdesk.services.web_fetch import FetchLimits


def trusting(base: str, **limits: Any) -> FetchLimits:
    """Fetch limits that let an import reach this test server on 127.0.0.1 (sheets never may)."""
    parts = urlsplit(base)
    return FetchLimits(trusted_hosts=frozenset({f"{parts.hostname}:{parts.port}"}), **limits)


@contextmanager
def serve(routes: dict[str, tuple[int, str, bytes]]) -> Iterator[str]:
    """Serve `path → (status, content type, body)`; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_handler(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with any request handler class (a misbehaving host, a WebDAV double); yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
