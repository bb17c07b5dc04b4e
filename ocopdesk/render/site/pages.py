"""HTML pages and assets of the traceability website.

Jinja2 with autoescaping on for every template: catalogue text is data typed by people, and one
forgotten `escape()` in hand-written string formatting would let a product name run script on a
shopper's phone. JSON-LD goes through `jsonld`, which also escapes `<`, `>` and `&` so no text can
close its <script> element.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ocopdesk import __version__
from ocopdesk.bundled import resource
from ocopdesk.domain import site_paths
from ocopdesk.render.site.texts import SITE_LANGUAGES, Labels, messages

ASSETS = ("site.css", "site.js", "stamp.js")


def safe_json(value: Any) -> str:
    """JSON that can sit inside a <script> element whatever the strings hold."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(resource("site", "templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are part of the program: checking each one's mtime on every page (and on every
        # `{% from %}` inside it) was 25,000 stat calls for 11,000 pages (#28).
        auto_reload=False,
    )
    env.filters["jsonld"] = lambda value: Markup(safe_json(value))
    env.globals["t"] = Labels()
    env.globals["app_version"] = __version__
    return env


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


@cache
def assets() -> dict[str, bytes]:
    """The site's CSS and scripts, with the stamp messages in both languages built in."""
    out = {}
    for name in ASSETS:
        text = resource("site", "assets", name).read_text(encoding="utf-8")
        if name == "stamp.js":
            table = {lang: messages(lang) for lang in SITE_LANGUAGES}
            text = text.replace("{{ messages | safe }}", safe_json(table))
            text = text.replace("{{ stamp_rule | safe }}", safe_json(site_paths.stamp_rule()))
        out[name] = text.encode()
    return out


@cache
def asset_version() -> str:
    """Changes whenever an asset does, so phones never keep an old script with new pages."""
    digest = hashlib.sha256()
    for name, data in sorted(assets().items()):
        digest.update(name.encode() + data)
    return digest.hexdigest()[:10]
