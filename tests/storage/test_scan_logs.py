"""The log readers on lines as each provider documents them (tests/storage/scan_samples.py): a documented
line is read as a well-formed request, never as malformed; the same line asking for a stamp URL is a check
with the right serial, time (UTC), network hash and device; a broken line is counted and shown."""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from pathlib import Path

import pytest

from ocopdesk.storage.scan_logs import LogCounts, counted
from tests.storage import scan_samples as samples

KEY = bytes(range(32))
STAMP = "/01/08931234567897/10/L%C3%B401/21/7K3M9QXR2D?k=ABCDEFGHJKMNP"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Zalo iOS/500"


class Counts:
    """A file's counts read out whole (the loader reads them in batches)."""

    def __init__(self, counts: LogCounts) -> None:
        self.lines, self.malformed, self.checks, self.samples = (
            counts.lines,
            counts.malformed,
            counts.checks,
            counts.samples,
        )
        self.stamps, self.networks = counts.rows("stamps"), counts.rows("networks")
        self.days, self.countries = counts.rows("days"), counts.rows("countries")


def count_checks(path: Path, fmt: str, key: bytes, columns: list[str] | None = None) -> Counts:
    with counted(path, fmt, key, columns) as counts:
        return Counts(counts)


def network(text: str) -> str:
    return hmac.new(KEY, text.encode(), hashlib.sha256).hexdigest()[:16]


def write(tmp_path: Path, lines: list[str], name: str = "access.log") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "lines"),
    [
        ("combined", [samples.APACHE, samples.NGINX]),
        ("caddy", [samples.CADDY]),
        ("s3", samples.S3),
        ("cloudfront", samples.CLOUDFRONT_HEADER + samples.CLOUDFRONT),
    ],
)
def test_documented_lines_are_requests_not_stamp_checks(tmp_path: Path, fmt: str, lines: list[str]) -> None:
    columns = samples.CLOUDFRONT_HEADER[1].split()[1:] if fmt == "cloudfront" else None
    counts = count_checks(write(tmp_path, lines), fmt, KEY, columns)
    requests = [line for line in lines if not line.startswith("#")]
    assert (counts.lines, counts.malformed, counts.checks) == (len(requests), 0, 0)


def test_combined_stamp_check_keeps_serial_lot_utc_time_and_hashed_network(tmp_path: Path) -> None:
    line = samples.NGINX.replace("/log ", STAMP + " ").replace(samples.NGINX.split('"')[-2], IPHONE)
    counts = count_checks(write(tmp_path, [line, "not a log line at all"]), "combined", KEY)
    when = "2024-03-26T01:09:09"
    # serial, GTIN, lot, first, last, checks, busiest day and its checks, then iOS Android Windows macOS Linux other
    assert counts.stamps == [("7K3M9QXR2D", "08931234567897", "Lô01", when, when, 1, "2024-03-26", 1, 1, 0, 0, 0, 0, 0)]
    assert counts.networks == [
        ("7K3M9QXR2D", network("192.168.1.0/24"), "2024-03-26T01:09:09", "2024-03-26T01:09:09", 1)
    ]
    assert (counts.malformed, counts.samples) == (1, ["not a log line at all"])
    assert "192.168.1" not in repr(counts)  # no address, not even the prefix, leaves DuckDB


def test_caddy_check_uses_client_ip_ipv6_48_and_the_cloudflare_country(tmp_path: Path) -> None:
    record = json.loads(samples.CADDY)
    record["request"].update(uri="/s/7K3M9QXR2D?k=X", client_ip="2001:db8:85a3::8a2e:370:7334")
    record["request"]["headers"].update({"User-Agent": [IPHONE], "Cf-Ipcountry": ["vn"]})
    bot = json.loads(json.dumps(record))
    bot["request"]["headers"]["User-Agent"] = ["Mozilla/5.0 (compatible; Googlebot/2.1)"]
    counts = count_checks(write(tmp_path, [json.dumps(record), json.dumps(bot), "{broken"]), "caddy", KEY)
    assert counts.checks == 1  # the crawler is not a shopper
    assert counts.networks[0][1] == network("2001:db8:85a3::/48")
    assert counts.countries == [("7K3M9QXR2D", "VN", 1)]
    assert counts.stamps[0][3] == "2024-03-07T18:19:17"
    assert counts.malformed == 1


def test_s3_and_cloudfront_checks_from_gzip_files(tmp_path: Path) -> None:
    s3 = samples.S3[0].replace("/amzn-s3-demo-bucket1?versioning", STAMP).replace('"S3Console/0.4"', f'"{IPHONE}"')
    s3_file = tmp_path / "s3.gz"
    s3_file.write_bytes(gzip.compress((s3 + "\n").encode()))
    counts = count_checks(s3_file, "s3", KEY)
    assert counts.stamps[0][:3] == ("7K3M9QXR2D", "08931234567897", "Lô01")
    assert counts.networks[0][1] == network("192.0.2.0/24")

    fields = samples.CLOUDFRONT[0].split("\t")
    fields[5], fields[7], fields[10], fields[11] = "GET", STAMP.split("?")[0], IPHONE.replace(" ", "%20"), "k=ABC"
    cf_file = tmp_path / "cf.gz"
    cf_file.write_bytes(gzip.compress(("\n".join([*samples.CLOUDFRONT_HEADER, "\t".join(fields)]) + "\n").encode()))
    counts = count_checks(cf_file, "cloudfront", KEY, samples.CLOUDFRONT_HEADER[1].split()[1:])
    assert counts.stamps[0][3] == "2020-12-10T02:42:28"
    assert counts.stamps[0][8:] == (1, 0, 0, 0, 0, 0)  # an iPhone
    assert counts.networks[0][1] == network("3.92.144.0/24")
