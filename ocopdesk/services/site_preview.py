"""`ocopdesk site serve`: the built site on 127.0.0.1, answering stamp URLs as nginx does.

A preview for the clerk (and the tests), not a production server: it listens on the loopback
interface only and serves nothing outside the site folder. Like the nginx rules it answers 404 for
dot-files (the manifest, the upload record) and for folders without index.html (no listing), and
sends the same Cache-Control headers (`site_hosting.cache_control`). It speaks GS1 as the nginx rules do:
`?linkType=all` or an Accept of application/linkset+json is answered with the linkset (`site_paths.
negotiated_linkset`), and a product or lot page (a stamp too) names its linkset in a Link header (RFC 9264 §6).
"""

from __future__ import annotations

import json
import os
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from ocopdesk.domain import site_paths
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.render.site.linkset import FILE_NAME as LINKSET_FILE
from ocopdesk.render.site.linkset import LINK_HEADER
from ocopdesk.render.site.linkset import MEDIA_TYPE as LINKSET_TYPE
from ocopdesk.services.site import MANIFEST
from ocopdesk.services.site_hosting import REVALIDATE, cache_control, is_hidden


def site_root(folder: Path) -> str:
    try:
        return str(json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("root") or "/")
    except (OSError, ValueError) as exc:
        raise OcopDeskError(
            _("{path} is not a website built by OCOPDesk: build the website there first.").format(path=folder),
            cli_hint=_("On the command line: ocopdesk site build"),
        ) from exc


def wants_linkset(query: str, accept: str) -> bool:
    """A GS1 resolver client's request for every link (GS1 Digital Link resolver standard: linkType=all)."""
    return parse_qs(query).get("linkType") == ["all"] or "application/linkset+json" in accept.lower()


class _Handler(SimpleHTTPRequestHandler):
    root = "/"

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.link_header = ""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def _route(self) -> None:
        self.link_header = ""  # one connection may carry several requests
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        if not path.startswith(self.root):
            return
        rel = path[len(self.root) :]
        folder = Path(self.directory)
        if wants_linkset(parts.query, self.headers.get("Accept", "")):
            linkset = site_paths.negotiated_linkset(rel)
            if linkset and (folder / linkset).is_file():
                self.path = quote(self.root + linkset)
                return
        page = site_paths.served_page(rel)
        if page is not None:
            self.path = self.root + page + (f"?{parts.query}" if parts.query else "")
        beside = site_paths.page_linkset(page or rel)
        if beside and (folder / beside).is_file():
            self.link_header = LINK_HEADER.format(href=quote(self.root + beside))

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        if str(path).endswith("/" + LINKSET_FILE):
            return LINKSET_TYPE
        return super().guess_type(path)

    def translate_path(self, path: str) -> str:
        parts = urlsplit(path)
        rel = unquote(parts.path)
        if rel.startswith(self.root):
            rel = "/" + rel[len(self.root) :]
        return super().translate_path(rel)

    def _relative(self) -> str:
        """The request's path relative to the site root, decoded as the file lookup decodes it."""
        rel = unquote(urlsplit(getattr(self, "path", "")).path)  # unset when the request line was malformed
        return rel[len(self.root) :] if rel.startswith(self.root) else rel.lstrip("/")

    def send_head(self):  # type: ignore[no-untyped-def]
        """Refuse what nginx refuses before the standard handler opens anything."""
        rel = self._relative()
        target = Path(self.translate_path(self.path))
        if is_hidden(rel) or not self._inside(target) or (target.is_dir() and not (target / "index.html").is_file()):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def _inside(self, target: Path) -> bool:
        """A link planted in the site folder must not serve what it points to (the catalogue, say): the
        path, links resolved (index.html too, which the standard handler adds), stays in the folder."""
        folder = Path(self.directory).resolve()
        for path in (target, target / "index.html") if target.is_dir() else (target,):
            if path.exists() and not path.resolve().is_relative_to(folder):
                return False
        return True

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """Never list a folder (send_head already refused folders without index.html)."""
        self.send_error(HTTPStatus.NOT_FOUND)

    def send_response(self, code: int, message: str | None = None) -> None:
        super().send_response(code, message)
        # An error answer is never kept, whatever folder it is for.
        self.send_header("Cache-Control", cache_control(self._relative()) if code < 400 else REVALIDATE)
        negotiated = self._relative().endswith("/" + LINKSET_FILE)
        if code < 400 and (self.link_header or negotiated):
            self.send_header("Vary", "Accept")  # the same URL answers a page or a linkset
        if code < 400 and self.link_header:
            self.send_header("Link", self.link_header)

    def do_GET(self) -> None:
        self._route()
        super().do_GET()

    def do_HEAD(self) -> None:
        self._route()
        super().do_HEAD()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.is_file():
            body = page.read_bytes()
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(folder: Path, port: int = 0) -> ThreadingHTTPServer:
    """A server bound to 127.0.0.1 (port 0: any free one); call serve_forever() on it."""
    folder = Path(folder).resolve()
    handler = type("SiteHandler", (_Handler,), {"root": site_root(folder)})
    handler.extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
    }
    return ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(folder)))


def start_in_thread(folder: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    server = make_server(folder, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, bound = server.server_address[:2]
    return server, f"http://{host}:{bound}{site_root(Path(folder).resolve())}"
