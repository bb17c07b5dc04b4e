"""Hosting the website: the nginx rules written beside the built folder."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.render.files import write_atomic


def nginx_rules(root_dir: Path, root: str) -> str:
    """An nginx snippet for a `server { … }` block: where the files are, and the one rule static
    files cannot express — a stamp URL (lot path + /21/{serial}) is answered by its lot's page."""
    prefix = root.rstrip("/")
    lines = [
        "# Written by OCOPDesk. Include inside a server block, e.g.:",
        "#   server { listen 80; server_name truyxuat.example.vn; include /path/to/this/file; }",
        f"root {root_dir};",
        "index index.html;",
        "charset utf-8;",
        "error_page 404 " + f"{prefix}/404.html;",
        f'rewrite "^{prefix}/(01/[0-9]{{14}}/10/.+)/21/[^/.]+/?$" {prefix}/$1/ last;',
        f'rewrite "^{prefix}/s/[^/.]+/?$" {prefix}/s/ last;',
    ]
    if prefix:
        lines.append(f"rewrite ^{prefix}(/.*)$ $1 break;")
    lines += [
        "location / {",
        "    try_files $uri $uri/ =404;",
        "}",
        "location ~* \\.(jpg|pdf|png)$ {",
        "    expires 30d;",
        "}",
        "",
    ]
    return "\n".join(lines)


def nginx_conf_path(out: Path) -> Path:
    return out.with_name(f"{out.name}.nginx.conf")


def write_nginx_conf(out: Path, root: str) -> Path:
    path = nginx_conf_path(out)
    write_atomic(path, nginx_rules(out, root).encode())
    return path
