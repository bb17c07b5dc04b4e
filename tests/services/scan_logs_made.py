"""Combined-format access logs made for the stamp-check tests: realistic mixes of page, asset and stamp
requests from many networks and phones, with the true counts returned beside them."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

PHONES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Zalo iOS/500",
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
]
GTIN = "08931234567897"
START = dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def line(ip: str, at: dt.datetime, path: str, ua: str, method: str = "GET") -> str:
    stamp = at.strftime("%d/%b/%Y:%H:%M:%S %z")
    return f'{ip} - - [{stamp}] "{method} {path} HTTP/1.1" 200 5120 "-" "{ua}"'


def stamp_path(serial: str, lot: str = "L01") -> str:
    return f"/01/{GTIN}/10/{lot}/21/{serial}?k=ABCDEFGHJKMNP"


def mixed_log(path: Path, serials: list[str], lines: int, seed: int = 1, start: dt.datetime = START) -> Counter[str]:
    """`lines` requests, about one in four a stamp check; returns the true checks per serial."""
    rng = random.Random(seed)
    truth: Counter[str] = Counter()
    out = []
    for n in range(lines):
        at = start + dt.timedelta(seconds=n * 7)
        ip = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if rng.random() < 0.25:
            serial = rng.choice(serials)
            truth[serial] += 1
            out.append(line(ip, at, stamp_path(serial), rng.choice(PHONES)))
        else:
            out.append(line(ip, at, rng.choice(["/assets/stamp.js?v=1", "/v/7K.js?v=2", "/htx/", "/"]), PHONES[0]))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return truth
