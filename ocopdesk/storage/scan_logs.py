"""Web server access logs read and counted by DuckDB: each line parsed in SQL, stamp checks kept,
aggregated per stamp, per hashed network, per day, device family and country. Nothing here is
hand-written log crunching; Python only picks the format and receives the aggregates.

Formats (their public documentation, which the tests' sample lines come from):
- `combined`: nginx/Apache combined or common log format — nginx.org/r/log_format,
  httpd.apache.org/docs/current/logs.html#combined. OCOPDesk's nginx rules write stamp checks to a
  dedicated log in this format (services/site_hosting.py).
- `caddy`: Caddy's JSON access log — caddyserver.com/docs/caddyfile/directives/log.
- `s3`: Amazon S3 server access logs — docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html.
- `cloudfront`: CloudFront standard logs (tab-separated W3C, fields named by a `#Fields:` line) —
  docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html.

A network is the client's IPv4 /24 or IPv6 /48, hashed here with HMAC-SHA-256 under the catalogue's
scan key (RFC 2104 written out in SQL), so no address leaves DuckDB's memory.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

FORMATS = ("combined", "caddy", "s3", "cloudfront")
MEMORY_LIMIT = "350MB"
SAMPLES = 3

_COMBINED = (
    r'^(\S+) \S+ \S+ \[([^\]]+)\] "(\S+) (\S+)[^"]*" (\d{3}|-) \S+'
    r'(?: "(?:[^"\\]|\\.)*" "((?:[^"\\]|\\.)*)")?'
)
_S3 = (
    r'^\S+ \S+ \[([^\]]+)\] (\S+) \S+ \S+ \S+ \S+ "(\S+) (\S+)[^"]*" (\S+) \S+ \S+ \S+ \S+ \S+ '
    r'"[^"]*" "((?:[^"\\]|\\.)*)"'
)
_BOTS = r"(?i)(bot\b|bot/|crawler|spider|slurp|facebookexternalhit|python-requests|curl/|wget/|go-http-client)"
_GS1 = r"/01/([0-9]{14})/10/([^/?]+)/21/([^/?]+)/?$"
_SHORT = r"(?:^|/)s/([^/?.]+)/?$"


@dataclass(slots=True)
class LogCounts:
    """One file's aggregates, ready for the catalogue (networks already hashed)."""

    lines: int = 0
    malformed: int = 0
    samples: list[str] = field(default_factory=list)
    checks: int = 0
    stamps: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)  # serial gtin lot first last n
    networks: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # serial net first last n
    days: list[tuple[str, str, int]] = field(default_factory=list)
    devices: list[tuple[str, str, int]] = field(default_factory=list)
    countries: list[tuple[str, str, int]] = field(default_factory=list)


def _lines(path: Path) -> str:
    """A relation of the file's lines, one VARCHAR each (gzip by the file's name), nothing split."""
    quoted = str(path).replace("'", "''")
    return (
        f"read_csv('{quoted}', columns={{'line': 'VARCHAR'}}, delim='\\0', quote='', escape='', header=false, "
        "auto_detect=false, strict_mode=false, compression='auto')"
    )


def _fields_sql(fmt: str, columns: list[str]) -> str:
    """SELECT ip, ts (UTC TIMESTAMP), method, path, ua, country, ok FROM the lines, per format."""
    when = "timezone('UTC', try_strptime(%s, '%%d/%%b/%%Y:%%H:%%M:%%S %%z'))"
    if fmt == "combined":
        m = f"regexp_extract(line, '{_COMBINED}', ['ip', 't', 'method', 'path', 'status', 'ua'])"
        return (
            f"SELECT m.ip AS ip, {when % 'm.t'} AS ts, m.method AS method, m.path AS path, m.ua AS ua, "
            f"NULL::VARCHAR AS country, line FROM (SELECT line, {m} AS m FROM lines)"
        )
    if fmt == "s3":
        m = f"regexp_extract(line, '{_S3}', ['t', 'ip', 'method', 'path', 'status', 'ua'])"
        return (
            f"SELECT m.ip AS ip, {when % 'm.t'} AS ts, m.method AS method, m.path AS path, m.ua AS ua, "
            f"NULL::VARCHAR AS country, line FROM (SELECT line, {m} AS m FROM lines)"
        )
    if fmt == "caddy":
        ok = "json_valid(line)"
        return (
            f"SELECT CASE WHEN {ok} THEN coalesce(nullif(json_extract_string(line, '$.request.client_ip'), ''), "
            "json_extract_string(line, '$.request.remote_ip')) END AS ip, "
            f"CASE WHEN {ok} THEN to_timestamp(TRY_CAST(json_extract(line, '$.ts') AS DOUBLE))::TIMESTAMP END AS ts, "
            f"CASE WHEN {ok} THEN json_extract_string(line, '$.request.method') END AS method, "
            f"CASE WHEN {ok} THEN json_extract_string(line, '$.request.uri') END AS path, "
            f"CASE WHEN {ok} THEN json_extract_string(line, '$.request.headers.\"User-Agent\"[0]') END AS ua, "
            f"CASE WHEN {ok} THEN json_extract_string(line, '$.request.headers.\"Cf-Ipcountry\"[0]') END "
            "AS country, line FROM lines"
        )
    return _cloudfront_sql(columns)


def _cloudfront_sql(columns: list[str]) -> str:
    def col(name: str) -> str:
        if name not in columns:
            return "NULL::VARCHAR"
        return f"nullif(split_part(line, chr(9), {columns.index(name) + 1}), '-')"

    query = col("cs-uri-query")
    return (
        f"SELECT {col('c-ip')} AS ip, CASE WHEN len(string_split(line, chr(9))) >= {len(columns)} THEN "
        f"TRY_CAST({col('date')} || ' ' || {col('time')} AS TIMESTAMP) END AS ts, "
        f"{col('cs-method')} AS method, "
        f"{col('cs-uri-stem')} || CASE WHEN {query} IS NULL THEN '' ELSE '?' || {query} END AS path, "
        f"url_decode({col('cs(User-Agent)')}) AS ua, {col('c-country')} AS country, line "
        "FROM lines WHERE NOT starts_with(line, '#')"
    )


_NETWORK = """
CASE WHEN ip LIKE '%:%' AND ip NOT LIKE '%.%' THEN
    array_to_string(list_transform(
        (string_split(split_part(lower(ip), '::', 1), ':') || ['0', '0', '0'])[1:3],
        lambda g: CASE WHEN ltrim(g, '0') = '' THEN '0' ELSE ltrim(g, '0') END), ':') || '::/48'
ELSE regexp_extract(ip, '(\\d+\\.\\d+\\.\\d+)\\.\\d+$', 1) || '.0/24' END
"""

_FAMILY = """
CASE WHEN regexp_matches(ua, 'iPhone|iPad|iPod') THEN 'iOS'
     WHEN regexp_matches(ua, 'Android') THEN 'Android'
     WHEN regexp_matches(ua, 'Windows') THEN 'Windows'
     WHEN regexp_matches(ua, 'Macintosh|Mac OS X') THEN 'macOS'
     WHEN regexp_matches(ua, 'Linux|CrOS') THEN 'Linux'
     ELSE 'other' END
"""


_BAD = "ts IS NULL OR coalesce(ip, '') = '' OR coalesce(path, '') = ''"


def _checks_sql(fmt: str, columns: list[str]) -> str:
    """Every line classified: 'bad' (not the format), 'other' (not a stamp check) or a check with
    its serial, lot, network (hashed) and device family."""
    path = "split_part(path, '?', 1)"
    return f"""
    WITH f AS ({_fields_sql(fmt, columns)}),
    k AS (
        SELECT *, regexp_extract({path}, '{_GS1}', ['gtin', 'lot', 'serial']) AS g,
               regexp_extract({path}, '{_SHORT}', 1) AS short
        FROM f
    )
    SELECT CASE WHEN {_BAD} THEN 'bad'
                WHEN method <> 'GET' OR regexp_matches(coalesce(ua, ''), '{_BOTS}') THEN 'other'
                WHEN g.serial <> '' OR short <> '' THEN 'check' ELSE 'other' END AS kind,
           upper(url_decode(CASE WHEN g.serial <> '' THEN g.serial ELSE short END)) AS serial,
           g.gtin AS gtin, url_decode(g.lot) AS lot, ts,
           {_NETWORK} AS net, {_FAMILY} AS family, upper(nullif(country, '')) AS country,
           CASE WHEN {_BAD} THEN left(line, 300) END AS bad_line
    FROM k
    """


def _hmac_sql(key: bytes) -> tuple[str, list[bytes]]:
    """HMAC-SHA-256 (RFC 2104) of `net` under `key`, cut to 64 bits, as SQL and its parameters."""
    block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in block)
    opad = bytes(b ^ 0x5C for b in block)
    return "left(sha256($opad || unhex(sha256($ipad || net::BLOB))), 16)", [ipad, opad]


def count_checks(path: Path, fmt: str, key: bytes, columns: list[str] | None = None) -> LogCounts:
    """Parse and aggregate one plain or gzip file of whole lines in DuckDB (≤ MEMORY_LIMIT, all cores)."""
    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False})
    try:
        con.execute(f"CREATE TEMP VIEW lines AS SELECT line FROM {_lines(path)} WHERE line IS NOT NULL AND line <> ''")
        con.execute(f"CREATE TEMP TABLE c AS {_checks_sql(fmt, columns or [])}")
        return _aggregates(con, key)
    finally:
        con.close()


def _aggregates(con: duckdb.DuckDBPyConnection, key: bytes) -> LogCounts:
    result = LogCounts()
    total, bad = con.execute("SELECT count(*), count(*) FILTER (kind = 'bad') FROM c").fetchone() or (0, 0)
    result.lines, result.malformed = int(total), int(bad)
    if bad:
        result.samples = [
            r[0] for r in con.execute("SELECT bad_line FROM c WHERE kind = 'bad' LIMIT ?", [SAMPLES]).fetchall()
        ]
    hmac_expr, (ipad, opad) = _hmac_sql(key)
    con.execute(
        f"CREATE TEMP TABLE n AS SELECT serial, {hmac_expr} AS net, min(ts) AS first, max(ts) AS last, "
        "count(*) AS n FROM (SELECT * FROM c WHERE kind = 'check' AND net IS NOT NULL AND net <> '') "
        "GROUP BY serial, net",
        {"ipad": ipad, "opad": opad},
    )
    iso = "strftime(%s, '%%Y-%%m-%%dT%%H:%%M:%%S')"
    result.stamps = con.execute(
        f"SELECT serial, any_value(gtin), any_value(lot), {iso % 'min(ts)'}, {iso % 'max(ts)'}, count(*) "
        "FROM c WHERE kind = 'check' GROUP BY serial"
    ).fetchall()
    result.checks = sum(int(row[5]) for row in result.stamps)
    result.networks = con.execute(f"SELECT serial, net, {iso % 'first'}, {iso % 'last'}, n FROM n").fetchall()
    result.days = con.execute(
        "SELECT serial, strftime(ts, '%Y-%m-%d'), count(*) FROM c WHERE kind = 'check' GROUP BY ALL"
    ).fetchall()
    result.devices = con.execute("SELECT serial, family, count(*) FROM c WHERE kind = 'check' GROUP BY ALL").fetchall()
    result.countries = con.execute(
        "SELECT serial, country, count(*) FROM c WHERE kind = 'check' AND country IS NOT NULL GROUP BY ALL"
    ).fetchall()
    return result
