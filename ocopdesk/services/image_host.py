"""The image host: the web address marketplace sheets link product photos from, and whether those
addresses really answer with a picture.

A sheet that takes photo URLs (Shopee, TikTok Shop, Lazada) is only as good as its URLs: the
marketplace downloads each one during the upload. So readiness asks the host, not a setting.
The host is usually the traceability website (photos under `{address}/m/…`), or any address the
cooperative publishes a folder at. These checks go to the address the clerk set, private ones
included (a shop's own server on the LAN, 127.0.0.1 in tests) — unlike imports, which never fetch
from private addresses, because here the clerk chose the address and only reads pictures back.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit
from weakref import WeakKeyDictionary

import requests

from ocopdesk.domain import codes
from ocopdesk.domain.text import slug
from ocopdesk.i18n import _
from ocopdesk.services.network_words import failure_reason
from ocopdesk.services.progress import CancelToken

TIMEOUT = (4, 8)  # connect, read seconds: a host that answers at all answers faster than this
WORKERS = 8
# The readiness screen is checked again after every edit; asking a remote host about hundreds of
# photos each time would freeze it. So an answer is remembered a little while, per open catalogue:
# a picture that answered for two minutes, a host that did not answer at all for half a minute. A
# 404 is never remembered (publishing fixes it at once), and the export's last check never uses
# what is remembered.
KEEP_ANSWER_S, KEEP_SILENCE_S = 120.0, 30.0
_remembered: WeakKeyDictionary[object, dict[str, tuple[float, str]]] = WeakKeyDictionary()


def photo_name(name: str, sku: str, number: int) -> str:
    """An ASCII file name marketplaces and web hosts all accept, readable by people and search
    engines ("Khoai lang dẻo Đồng Hới" → khoai-lang-deo-dong-hoi--khoai-deo-dh-01.jpg). Different
    SKUs give different names: `codes.file_stem` tells MO.1, MO-1 and MO/1 apart, and the "--"
    (never inside a slug) keeps a name ending like a SKU from meeting a SKU starting like a name."""
    return f"{slug(name, 50) or 'sp'}--{codes.file_stem(sku)}-{number:02d}.jpg"


def photo_url(host: str, name: str, sku: str, number: int) -> str:
    return f"{host.rstrip('/')}/m/{quote(photo_name(name, sku, number))}"


def probe(urls: Iterable[str], cancel: CancelToken | None = None, memory: object | None = None) -> dict[str, str]:
    """URL → "" when it answers 200 with an image, else why not, in plain words. One host that
    does not answer at all is asked once, not once per photo. With `memory` (the open catalogue),
    recent answers are reused, see KEEP_ANSWER_S."""
    urls = list(dict.fromkeys(urls))
    kept = _remembered.setdefault(memory, {}) if memory is not None else {}
    now = time.monotonic()
    result = {url: kept[url][1] for url in urls if url in kept and kept[url][0] > now}
    for url, (failure, reached) in _ask_all([u for u in urls if u not in result], cancel).items():
        result[url] = failure
        if not failure:
            kept[url] = (now + KEEP_ANSWER_S, "")
        elif not reached:
            kept[url] = (now + KEEP_SILENCE_S, failure)
    return result


def _ask_all(urls: list[str], cancel: CancelToken | None) -> dict[str, tuple[str, bool]]:
    """URL → (failure or "", whether its host answered at all)."""
    result: dict[str, tuple[str, bool]] = {}
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(urlsplit(url).netloc, []).append(url)
    with requests.Session() as session, ThreadPoolExecutor(WORKERS) as pool:
        for group in by_host.values():
            if cancel:
                cancel.check()
            first, reached = result[group[0]] = _ask(session, group[0])
            if not reached:
                result.update({url: (first.replace(group[0], url), False) for url in group[1:]})
                continue
            result.update(zip(group[1:], pool.map(lambda u: _ask(session, u), group[1:]), strict=True))
    return result


def _ask(session: requests.Session, url: str) -> tuple[str, bool]:
    """(failure or "", whether the host answered at all)."""
    try:
        answer = session.get(url, timeout=TIMEOUT, stream=True)
        answer.close()
    except requests.RequestException as exc:
        return _("{url}: no answer ({reason})").format(url=url, reason=failure_reason(exc)), False
    kind = answer.headers.get("Content-Type", "")
    if answer.status_code != 200 or not kind.startswith("image/"):
        return (
            _("{url}: answered {status} {kind} instead of a picture").format(
                url=url, status=answer.status_code, kind=kind
            ),
            True,
        )
    return "", True
