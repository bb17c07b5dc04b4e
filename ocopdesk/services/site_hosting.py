"""Hosting the website: the nginx rules written beside the built folder, and the caching policy
and the never-served rule that those rules and the preview server share.

Caching: a shopper's phone must never show an old stamp answer, so HTML pages and the stamp data
are sent with `Cache-Control: no-cache` (the browser asks again each time; an unchanged file costs
a 304). Only content-addressed files are kept long: photos and documents (`img/`, `doc/`, named by
their SHA-256) and the scripts and style sheet (`assets/`, always linked with `?v={content hash}`).

Never served: any path with a part starting with a dot — the build's manifest, the publisher's
record, half-written `.partial` files, `.nojekyll`.

Stamp log (#27): every request for a stamp URL is also written to a dedicated log, in nginx's
predefined `combined` format (`$remote_addr - $remote_user [$time_local] "$request" $status
$body_bytes_sent "$http_referer" "$http_user_agent"`), only those requests, for `ocopdesk scans load`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ocopdesk.domain.site_paths import GS1_STAMP_BODY, LINKSET_PAGE_BODY, SHORT_FORM_PATH, SHORT_STAMP_BODY
from ocopdesk.render.files import write_atomic
from ocopdesk.render.site.linkset import FILE_NAME as LINKSET_FILE
from ocopdesk.render.site.linkset import LINK_HEADER
from ocopdesk.render.site.linkset import MEDIA_TYPE as LINKSET_TYPE

REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_ADDRESSED = ("assets/", "img/", "doc/")  # folders of the site whose URLs change with their content


def cache_control(rel: str) -> str:
    """The Cache-Control header for a path relative to the site root."""
    return IMMUTABLE if rel.lstrip("/").startswith(CONTENT_ADDRESSED) else REVALIDATE


def is_hidden(rel: str) -> bool:
    """A path never served or uploaded: one of its parts starts with a dot."""
    return any(part.startswith(".") for part in rel.split("/") if part)


def stamp_log_lines(prefix: str, stamp_log: Path) -> list[str]:
    """The dedicated stamp log. `set`/`if` come before the rewrites, whose `last` ends the server's
    rewrite directives; they test the URL as requested, before any rewrite."""
    return [
        "# Stamp checks, for `ocopdesk scans load` (combined format, stamp URLs only). An access_log here",
        "# replaces the ones the server inherits from http {}: repeat your main access_log line in the",
        "# server block to keep it. Delete the lines from `set` to `access_log` to keep no stamp log.",
        "set $ocopdesk_stamp 0;",
        f'if ($request_uri ~ "^{prefix}/({GS1_STAMP_BODY}|{SHORT_STAMP_BODY})/?(\\?|$)") {{',
        "    set $ocopdesk_stamp 1;",
        "}",
        f"access_log {stamp_log} combined if=$ocopdesk_stamp;",
    ]


def linkset_rewrites(prefix: str) -> list[str]:
    """Server-level rules answering a GS1 resolver's request for all links (before the stamp rewrites)."""
    return [
        "# GS1 resolver behaviour: ?linkType=all, or Accept: application/linkset+json, on a GTIN, its lots or its",
        "# stamps is answered with the GTIN's linkset (RFC 9264) instead of the page.",
        'set $ocop_linkset "";',
        'if ($arg_linkType = "all") { set $ocop_linkset "L"; }',
        'if ($http_accept ~* "application/linkset\\+json") { set $ocop_linkset "L"; }',
        f'if ($uri ~ "^{prefix}/01/([0-9]{{14}})(/.*)?$") {{ set $ocop_linkset "${{ocop_linkset}}$1"; }}',
        f'if ($ocop_linkset ~ "^L([0-9]{{14}})$") {{ set $ocop_gtin $1; '
        f"rewrite ^ {prefix}/01/$ocop_gtin/{LINKSET_FILE} last; }}",
        "# ... and a product or lot page without a GTIN with the linkset beside it.",
        f'if ($ocop_linkset = "L") {{ rewrite "^{prefix}/(sp/.*?)/?$" {prefix}/$1/{LINKSET_FILE} last; }}',
    ]


def linkset_locations(prefix: str) -> list[str]:
    """The pages that name their linkset in a Link header (RFC 9264 §6), and the linksets' own media type."""
    page_body = "(?<ocop_page>" + LINKSET_PAGE_BODY.removeprefix("(")  # named: $1 is not kept until the headers
    optional = f"(?:{re.escape(prefix)})?" if prefix else ""  # the site's path, present or already taken off
    return [
        "# Product and lot pages (stamps too, answered with their lot's page) name their linkset (RFC 9264 §6).",
        "# The page is served here, not through `index` (whose internal redirect would leave this block).",
        f'location ~ "^{optional}/{page_body}$" {{',
        f'    add_header Cache-Control "{REVALIDATE}" always;',
        '    add_header Vary "Accept" always;',
        f"    add_header Link '{LINK_HEADER.format(href=prefix + '/${ocop_page}' + LINKSET_FILE)}' always;",
        "    try_files /${ocop_page}index.html =404;",
        "}",
        "# The linksets: their own media type; a cache keeps the page and the linkset apart (Vary: Accept). Found",
        "# without the site's path, which a negotiated request still carries (its rewrite ended the rewrites).",
        f'location ~ "^{optional}/(?<ocop_linkset_file>(?:.*/)?{LINKSET_FILE.replace(".", "[.]")})$" {{',
        "    types { }",
        f"    default_type {LINKSET_TYPE};",
        f'    add_header Cache-Control "{REVALIDATE}" always;',
        '    add_header Vary "Accept" always;',
        "    try_files /$ocop_linkset_file =404;",
        "}",
    ]


def nginx_rules(root_dir: Path, root: str, stamp_log: Path | None = None) -> str:
    """An nginx snippet for a `server { … }` block: where the files are, the one rule static
    files cannot express — a stamp URL (lot path + /21/{serial}) is answered by its lot's page —
    the caching policy above, a 404 for every dot-file, and the stamp log when one is named."""
    prefix = root.rstrip("/")
    lines = [
        "# Written by OCOPDesk. Include inside a server block, e.g.:",
        "#   server { listen 80; server_name truyxuat.example.vn; include /path/to/this/file; }",
        f"root {root_dir};",
        "index index.html;",
        "charset utf-8;",
        "autoindex off;",
        "error_page 404 " + f"{prefix}/404.html;",
        *(stamp_log_lines(prefix, stamp_log) if stamp_log else []),
        *linkset_rewrites(prefix),
        f'rewrite "^{prefix}/{GS1_STAMP_BODY}/?$" {prefix}/$1/ last;',
        f'rewrite "^{prefix}/{SHORT_STAMP_BODY}/?$" {prefix}/{SHORT_FORM_PATH} last;',
    ]
    if prefix:
        lines.append(f"rewrite ^{prefix}(/.*)$ $1 break;")
    lines += [
        "# Internal files (the build's manifest, the upload record, half-written files) are never served.",
        "location ~ /\\. {",
        "    return 404;",
        "}",
        "# Pages and stamp data: the browser asks again every time, so a voided stamp reads voided.",
        "location / {",
        f'    add_header Cache-Control "{REVALIDATE}" always;',
        "    try_files $uri $uri/ =404;",
        "}",
        *linkset_locations(prefix),
        "# Content-addressed files (the address changes with the content): kept for a year.",
    ]
    for folder in CONTENT_ADDRESSED:
        lines += [
            f"location /{folder} {{",
            f'    add_header Cache-Control "{IMMUTABLE}";',
            "    try_files $uri =404;",
            "}",
        ]
    lines.append("")
    return "\n".join(lines)


def nginx_conf_path(out: Path) -> Path:
    return out.with_name(f"{out.name}.nginx.conf")


def stamp_log_path(out: Path) -> Path:
    """Where the generated rules have nginx write stamp checks: beside the site folder."""
    return out.with_name(f"{out.name}.stamps.log")


def write_nginx_conf(out: Path, root: str) -> Path:
    path = nginx_conf_path(out)
    write_atomic(path, nginx_rules(out, root, stamp_log_path(out)).encode())
    return path
