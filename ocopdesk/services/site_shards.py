"""The website's stamp data: v/{XY}.js per two leading serial characters, and v/index.js naming its version.

Each shard holds its lots, then serial → [check, lot, number, voided, shopper notes]. Every possible shard is
written, empty ones too, so a shard that fails to load means a network problem, never an unknown serial.
v/index.js names a version of all the stamp data: stamp.js asks for it fresh every time and for the shard under
it, so a shard cached by a browser is never used once a stamp in it was voided (the shard's file name stays,
so a page that read an older index still finds it).

Reading and hashing every stamp is most of a rebuild once the pages are known unchanged (100,000 stamps at
1,000 products × 10 lots, issue #28). The shards depend only on the stamp and scan tables, the stamp key and
where each lot's page is; when the change marks of those tables and the lot paths are what the last build
recorded, the last build's fingerprints stand and no stamp is read, unless a shard must be written again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from ocopdesk.domain import site_paths
from ocopdesk.domain.dates import format_date
from ocopdesk.domain.stamp import CROCKFORD, published_check, verification_code
from ocopdesk.render.site import pages
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.scans import shopper_notes
from ocopdesk.services.site_model import Output

STAMP_INDEX = "v/index.js"  # the stamp data's version; never cached (see stamp.js)
INPUTS_KEY = "shard_inputs"  # where the manifest keeps the fingerprint of the shards' inputs
# Tables the shards do not read, or read only through the lot paths (hashed themselves). A table not named
# here (the stamp and scan tables, the stamp key, any table added later) makes the shards be read again.
NOT_READ = frozenset(
    {
        "products",
        "producers",
        "certificates",
        "product_media",
        "batches",
        "batch_events",
        "settings",
        "listings",
        "categories",
        "category_lists",
        "product_categories",
    }
)


def shard_inputs(service: CatalogService, lot_paths: dict[int, str], version: str) -> str:
    """The fingerprint of what the shards are made of; "" when the catalogue cannot vouch for its tables."""
    marks = service.stats.change_marks()
    if marks is None:
        return ""
    read = {table: mark for table, mark in marks.items() if table not in NOT_READ}
    text = json.dumps([version, read, sorted(lot_paths.items())])
    return hashlib.sha256(text.encode()).hexdigest()


def stamp_shards(
    service: CatalogService, lot_paths: dict[int, str], inputs: str, previous: dict[str, Any]
) -> Iterator[Output]:
    """Every shard and the index, as outputs. With the inputs the last build recorded, the fingerprints are the
    last build's and the stamps are read only if a shard's bytes are asked for (its file went missing)."""
    made = cache(lambda: {rel: (key, make) for rel, key, make in _shards(service, lot_paths)})
    names = [site_paths.shard_path(a + b) for a in CROCKFORD for b in CROCKFORD] + [STAMP_INDEX]
    last = previous.get("files", {})
    if inputs and previous.get(INPUTS_KEY) == inputs and all(last.get(rel) for rel in names):
        for rel in names:
            yield rel, last[rel], _later(made, rel)
        return
    for rel, (key, make) in made().items():
        yield rel, key, make


def _later(made: Callable[[], dict[str, tuple[str, Callable[[], bytes]]]], rel: str) -> Callable[[], bytes]:
    return lambda: made()[rel][1]()


def _shards(service: CatalogService, lot_paths: dict[int, str]) -> Iterator[Output]:
    rows = service.stamp_rows.published_rows()
    seen = shopper_notes(service)  # #27: first check, count, copy warning from the host's log
    key_bytes = service.stamp_rows.secret_readonly() if rows else b""
    shards: dict[str, tuple[dict[str, int], dict[str, list[object]]]] = {
        a + b: ({}, {}) for a in CROCKFORD for b in CROCKFORD
    }
    for batch_id, number, serial, status, voided_at in rows:
        lot = lot_paths.get(batch_id)
        if lot is None:
            continue
        lots, table = shards[serial[: site_paths.STAMP_SHARD_LENGTH]]
        index = lots.setdefault(lot, len(lots))
        voided = format_date(dt.date.fromisoformat(voided_at[:10])) if status == "voided" and voided_at else ""
        table[serial] = [index, number, voided, *seen.get(serial, ())]  # check computed in _shard_bytes
    version = hashlib.sha256()
    for prefix, (lots, table) in shards.items():
        key = hashlib.sha256(f"{list(lots)!r}{table!r}".encode()).hexdigest()
        version.update(key.encode())
        yield site_paths.shard_path(prefix), key, _maker(key_bytes, lots, table)
    index = f'ocopStampVersion("{version.hexdigest()[:16]}");\n'.encode()
    yield STAMP_INDEX, hashlib.sha256(index).hexdigest(), lambda: index


def _maker(key: bytes, lots: dict[str, int], table: dict[str, list[object]]) -> Callable[[], bytes]:
    return lambda: _shard_bytes(key, lots, table)


def _shard_bytes(key: bytes, lots: dict[str, int], table: dict[str, list[object]]) -> bytes:
    rows = {serial: [published_check(serial, verification_code(key, serial)), *rest] for serial, rest in table.items()}
    return f"ocopStamps({pages.safe_json(list(lots))},{pages.safe_json(rows)});\n".encode()
