"""The columnar reader of combined and S3 logs (DuckDB's CSV scanner cutting each line at its quotes)
against the reference line reader it replaced: the same files, documented lines of each provider
(tests/storage/scan_samples.py), realistic made logs, plain and gzip, with malformed, non-UTF-8,
IPv6, common-format and extra-field lines, give the same counts, samples and rows, row for row. Every
flag is judged from these rows, so equal rows give equal flags."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from ocopdesk.storage.scan_logs import counted
from tests.services.scan_logs_made import PHONES, START, line, mixed_log, stamp_path
from tests.storage import scan_samples as samples

KEY = bytes(range(32))
TABLES = ("stamps", "networks", "days", "countries", "stamp_days")
SERIALS = [f"7K3M9QXR{n:02d}" for n in range(40)]


def read(path: Path, fmt: str, columnar: bool) -> tuple[object, ...]:
    with counted(path, fmt, KEY, None, columnar) as c:
        rows = tuple(sorted(c.rows(table)) for table in TABLES)
        return (c.lines, c.malformed, c.checks, c.latest, sorted(c.samples), *rows)


def odd_lines() -> list[str]:
    """Lines real servers write that a cut at the quotes must still read as the line cutter did."""
    check = stamp_path(SERIALS[0])
    return [
        samples.APACHE,
        samples.NGINX,
        samples.NGINX.replace("/log ", check + " "),
        line("2001:db8:85a3::8a2e:370:7334", START, check, PHONES[0]),  # IPv6 client
        line("203.0.113.9", START, check, PHONES[1]) + ' "198.51.100.7"',  # $http_x_forwarded_for after the agent
        line("203.0.113.9", START, check, PHONES[1]).rsplit(' "-"', 1)[0],  # common format: no referer, no agent
        line("203.0.113.9", START, "/htx/", PHONES[0]).replace('"-"', f'"https://a.vn{check}"'),  # stamp referer
        '203.0.113.7 - - [01/Nov/2026:08:00:00 +0700] "-" 400 0 "-" "-"',  # a probe with no request
        line("203.0.113.8", START, check, "Mozilla/5.0 (compatible; Googlebot/2.1)"),  # a crawler
        line("203.0.113.8", START, check, PHONES[2], method="HEAD"),
        line("203.0.113.8", START, "/s/" + SERIALS[1], PHONES[2]),  # the short form
        'x - - [99/Foo/2026:00:00:00 +0700] "GET / HTTP/1.1" 200 1',  # no time
        "\x00\x01 garbage",
        '203.0.113.6 - - [01/Nov/2026:08:00:00 +0700] "GET /a"b HTTP/1.1" 200 1 "-" "ua',  # unbalanced quotes
        line("203.0.113.5", START, check, PHONES[0]),  # read on after the unbalanced line
    ]


def made_log(path: Path, gz: bool, newline: bytes = b"\n") -> Path:
    """A mixed log (one check in four), the odd lines spread through it, one line not UTF-8; lines end
    with `newline` (a log copied through a Windows tool ends them with CR LF)."""
    mixed_log(path, SERIALS, 3000, seed=7)
    lines = path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(3)
    for odd in odd_lines():
        lines.insert(rng.randrange(len(lines)), odd)
    data = ("\n".join(lines) + "\n").encode() + b'\xff\xfe\x80 "GET /\xc3 not UTF-8\n' + lines[0].encode() + b"\n"
    data = data.replace(b"\n", newline)
    if gz:
        path = path.with_suffix(".log.gz")
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(("gz", "newline"), [(False, b"\n"), (True, b"\n"), (False, b"\r\n")])
def test_combined_logs_read_the_same_by_both_readers(tmp_path: Path, gz: bool, newline: bytes) -> None:
    path = made_log(tmp_path / "access.log", gz, newline)
    new, old = read(path, "combined", True), read(path, "combined", False)
    assert new == old
    lines, malformed, checks = new[:3]
    assert (lines, malformed) == (3000 + len(odd_lines()) + 2, 3)  # no time, garbage, not UTF-8
    assert checks > 700


def test_s3_logs_read_the_same_by_both_readers(tmp_path: Path) -> None:
    check = samples.S3[0].replace("/amzn-s3-demo-bucket1?versioning", stamp_path(SERIALS[2]))
    path = tmp_path / "s3.log"
    path.write_text("\n".join([*samples.S3, check, check.replace("192.0.2.3", "198.51.100.4"), "junk"]) + "\n")
    new, old = read(path, "s3", True), read(path, "s3", False)
    assert new == old
    assert new[:3] == (5, 1, 2)
