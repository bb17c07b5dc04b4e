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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ocopdesk.domain import site_paths
from ocopdesk.storage import scan_store

FORMATS = ("combined", "caddy", "s3", "cloudfront")
DEVICE_FAMILIES = ("iOS", "Android", "Windows", "macOS", "Linux", "other")
SAMPLES = 3

_BOTS = r"(?i)(bot\b|bot/|crawler|spider|slurp|facebookexternalhit|python-requests|curl/|wget/|go-http-client)"
# The stamp-URL rule's parts (domain/site_paths.py, the one source); the lot is read as the server logged it,
# still percent-encoded, so it holds no "/" here.
_GS1 = rf"/01/({site_paths.GTIN_PART})/10/([^/?]+)/21/({site_paths.SERIAL_PART})/?$"
_SHORT = rf"(?:^|/)s/({site_paths.SERIAL_PART})/?$"


class LogReadError(Exception):
    """DuckDB could not read the file (e.g. a damaged gzip): the file is skipped, nothing counted."""


BATCH = 50_000  # rows handed to the catalogue at a time: a 10M-line log's aggregates never sit in Python whole
_ISO = "strftime(%s, '%%Y-%%m-%%dT%%H:%%M:%%S')"
_QUERIES = {
    "stamps": (
        "WITH peak AS (SELECT serial, strftime(arg_max(day, n), '%Y-%m-%d') AS day, max(n) AS n "
        "FROM d GROUP BY serial) "
        f"SELECT k.serial, coalesce(any_value(gtin), ''), coalesce(any_value(lot), ''), {_ISO % 'min(ts)'}, "
        f"{_ISO % 'max(ts)'}, count(*), any_value(peak.day), any_value(peak.n), "
        + ", ".join(f"count(*) FILTER (family = '{f}')" for f in DEVICE_FAMILIES)
        + " FROM k JOIN peak USING (serial) GROUP BY k.serial ORDER BY k.serial"
    ),
    # in key order: SQLite then appends to its B-trees instead of splitting pages all over them
    "networks": f"SELECT serial, net, {_ISO % 'first'}, {_ISO % 'last'}, n FROM n ORDER BY serial, net",
    "days": (
        "SELECT coalesce(gtin, ''), coalesce(lot, ''), strftime(day, '%Y-%m-%d'), n FROM "
        "(SELECT gtin, lot, ts::DATE AS day, count(*) AS n FROM k GROUP BY ALL)"
    ),
    "countries": "SELECT serial, country, count(*) FROM k WHERE country IS NOT NULL GROUP BY ALL",
    "stamp_days": "SELECT serial, strftime(day, '%Y-%m-%d'), n FROM d ORDER BY serial, day",
}


@dataclass(slots=True)
class LogCounts:
    """One file's aggregates inside DuckDB (networks already hashed), read out in batches while the
    connection is open. Rows: `stamps` — serial, GTIN, lot, first, last, checks, busiest day, its
    checks, then one count per DEVICE_FAMILIES; `networks` — serial, network, first, last, checks;
    `days` — GTIN, lot (both '' for the short form), day, checks; `countries` — serial, country, checks;
    `stamp_days` — serial, day, checks."""

    con: duckdb.DuckDBPyConnection
    lines: int = 0
    malformed: int = 0
    checks: int = 0
    latest: str = ""  # the last check in the file (ISO), for the networks' retention
    samples: list[str] = field(default_factory=list)

    def batches(self, table: str) -> Iterator[list[tuple[Any, ...]]]:
        cursor = self.con.execute(_QUERIES[table])
        while rows := cursor.fetchmany(BATCH):
            yield rows

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        return [row for batch in self.batches(table) for row in batch]


def _lines(path: Path) -> str:
    """A relation of the file's lines, one VARCHAR each (gzip by the file's name), nothing split. A line
    that is not UTF-8 (a scanner's stray bytes; nginx and Apache escape such bytes, other hosts may not)
    is set aside in DuckDB's `reject_errors` and counted as malformed, not a failed load."""
    return (
        f"read_csv({_quoted(path)}, columns={{'line': 'VARCHAR'}}, delim='\\0', quote='', escape='', "
        "header=false, auto_detect=false, strict_mode=false, compression='auto', ignore_errors=true, "
        "store_rejects=true)"
    )


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


# Combined and S3 lines put the request, referer and user agent between double quotes, and nginx and
# Apache escape any quote inside them. So DuckDB's CSV reader, told that '"' is the delimiter and that
# nothing is quoted, cuts each line into its parts in its columnar scanner: the text before the request,
# the request, the status part, the referer, a space, the agent, and what follows (S3's further fields).
# A line with fewer parts gets NULLs, one with more keeps its first seven (strict_mode=false), which is
# what cutting the line at its quotes gave, one row per line. Quoting is off on purpose: with it, one
# unbalanced quote from a scanner would join the lines after it into one field.
_PARTS = ("pre", "request", "mid", "referer", "gap", "ua", "rest")
QUOTED = ("combined", "s3")  # the formats read this way


def _parts(path: Path) -> str:
    """A relation of the file's lines cut at their double quotes (columns _PARTS)."""
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in _PARTS)
    return (
        f"read_csv({_quoted(path)}, columns={{{columns}}}, delim='\"', quote='', escape='', header=false, "
        "auto_detect=false, strict_mode=false, null_padding=true, compression='auto', ignore_errors=true, "
        "store_rejects=true, parallel=true)"
    )


_LINE = f"concat_ws('\"', {', '.join(_PARTS)})"  # the line again, for a malformed one's sample


def _relation(path: Path, fmt: str, columnar: bool) -> str:
    """The view `lines` reads: the columnar cut for combined and S3 logs, else whole lines."""
    if columnar and fmt in QUOTED:
        return f"SELECT * FROM {_parts(path)} WHERE coalesce(pre, '') <> '' OR request IS NOT NULL"
    return f"SELECT line FROM {_lines(path)} WHERE line IS NOT NULL AND line <> ''"


def _columnar_sql(fmt: str) -> str:
    """_fields_sql's columns from the columnar cut (_PARTS) of a combined or S3 log. Only a request that
    could ask for a stamp URL is cut further; every line's time is parsed (a line without one is
    malformed). Other requests get the path "-"."""
    if fmt == "combined":  # ip - user [time] "request" status bytes "referer" "agent"
        ip = "regexp_extract(pre, '^(\\S+) ', 1)"
    else:  # owner bucket [time] ip requester id operation key "request" … "referer" "agent" …
        ip = "split_part(substr(pre, strpos(pre, ']') + 2), ' ', 1)"
    candidate = "(contains(request, '/21/') OR contains(request, '/s/'))"
    when = "timezone('UTC', try_strptime(substr(pre, strpos(pre, '[') + 1, 26), '%d/%b/%Y:%H:%M:%S %z'))"
    return (
        f"SELECT {ip} AS ip, {when} AS ts, CASE WHEN {candidate} THEN split_part(request, ' ', 1) END AS method, "
        f"CASE WHEN {candidate} THEN split_part(request, ' ', 2) ELSE '-' END AS path, ua, "
        f"NULL::VARCHAR AS country, {', '.join(p for p in _PARTS if p != 'ua')} FROM lines"
    )


# The reference reader for combined and S3 logs (columnar=False): each whole line cut with string
# functions (RE2 with captures over whole lines ran at 14 s per million lines; these cuts take about
# 1 s). The columnar cut above gives the same rows (tests/storage/test_scan_readers.py) in a little less
# CPU: 4.1–4.5 s against 4.5–4.6 s for counting 2M bench lines (most of either is the time parse).
_WHEN = "timezone('UTC', try_strptime(substr(line, strpos(line, '[') + 1, 26), '%d/%b/%Y:%H:%M:%S %z'))"
_REQUEST = "split_part(line, '\"', 2)"
_CANDIDATE = "(contains(line, '/21/') OR contains(line, '/s/'))"
_QUOTED_TAIL = (
    f"{_WHEN} AS ts, CASE WHEN {_CANDIDATE} THEN split_part({_REQUEST}, ' ', 1) END AS method, "
    f"CASE WHEN {_CANDIDATE} THEN split_part({_REQUEST}, ' ', 2) ELSE '-' END AS path, "
    f"CASE WHEN {_CANDIDATE} THEN split_part(line, '\"', 6) END AS ua, NULL::VARCHAR AS country, line FROM lines"
)


def _fields_sql(fmt: str, columns: list[str]) -> str:
    """SELECT ip, ts (UTC TIMESTAMP), method, path, ua, country, line FROM the lines, per format;
    a NULL ts or an empty ip or path marks the line malformed."""
    if fmt == "combined":  # ip - user [time] "request" status bytes "referer" "agent"
        return f"SELECT regexp_extract(line, '^(\\S+) ', 1) AS ip, {_QUOTED_TAIL}"
    if fmt == "s3":  # owner bucket [time] ip requester id operation key "request" … "referer" "agent" …
        return f"SELECT split_part(substr(line, strpos(line, ']') + 2), ' ', 1) AS ip, {_QUOTED_TAIL}"
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


def _checks_sql(fmt: str, columns: list[str], columnar: bool = True) -> str:
    """Every line classified: 'bad' (not the format), 'other' (not a stamp check) or a check with
    its serial, lot, network (not yet hashed) and device family. The cheap tests run first and the
    rest only on the lines still in question (DuckDB evaluates CASE branches on their rows only)."""
    path = "split_part(path, '?', 1)"
    only = "CASE WHEN kind = 'check' THEN {} END"
    return f"""
    WITH f AS ({_columnar_sql(fmt) if columnar and fmt in QUOTED else _fields_sql(fmt, columns)}),
    k AS (
        SELECT *, CASE WHEN {_BAD} THEN 'bad'
                       WHEN NOT (contains(path, '/21/') OR contains(path, 's/')) THEN 'other'
                       WHEN method <> 'GET' OR regexp_matches(coalesce(ua, ''), '{_BOTS}') THEN 'other'
                       ELSE 'maybe' END AS kind0
        FROM f
    ),
    m AS (
        SELECT *, CASE WHEN kind0 = 'maybe' THEN regexp_extract({path}, '{_GS1}', ['gtin', 'lot', 'serial']) END AS g,
                  CASE WHEN kind0 = 'maybe' THEN regexp_extract({path}, '{_SHORT}', 1) END AS short
        FROM k
    ),
    x AS (
        SELECT *, CASE WHEN kind0 = 'bad' THEN 'bad'
                       WHEN kind0 = 'maybe' AND (g.serial <> '' OR short <> '') THEN 'check'
                       ELSE 'other' END AS kind
        FROM m
    )
    SELECT kind,
           {only.format("upper(url_decode(CASE WHEN g.serial <> '' THEN g.serial ELSE short END))")} AS serial,
           {only.format("g.gtin")} AS gtin, {only.format("url_decode(g.lot)")} AS lot, {only.format("ts")} AS ts,
           {only.format(_NETWORK)} AS net, {only.format(_FAMILY)} AS family,
           {only.format("upper(nullif(country, ''))")} AS country,
           CASE WHEN kind = 'bad' THEN left({_LINE if columnar and fmt in QUOTED else "line"}, 300) END AS bad_line
    FROM x
    """


def _hmac_sql(key: bytes) -> tuple[str, list[bytes]]:
    """HMAC-SHA-256 (RFC 2104) of `net` under `key`, cut to 64 bits, as SQL and its parameters."""
    block = (hashlib.sha256(key).digest() if len(key) > 64 else key).ljust(64, b"\0")
    ipad = bytes(b ^ 0x36 for b in block)
    opad = bytes(b ^ 0x5C for b in block)
    return "left(sha256($opad || unhex(sha256($ipad || net::BLOB))), 16)", [ipad, opad]


@contextmanager
def counted(
    path: Path, fmt: str, key: bytes, columns: list[str] | None = None, columnar: bool = True
) -> Iterator[LogCounts]:
    """Parse and aggregate one plain or gzip file of whole lines in an in-memory DuckDB
    (≤ scan_store.MEMORY_LIMIT, all cores); the aggregates are readable inside the `with`, and
    scan_store.keep appends the network and day rows to the store from the same connection.
    `columnar=False` reads combined and S3 logs with the reference line reader instead."""
    con = scan_store.connect(None)
    try:
        try:
            con.execute(f"CREATE TEMP VIEW lines AS {_relation(path, fmt, columnar)}")
            con.execute(f"CREATE TEMP TABLE c AS {_checks_sql(fmt, columns or [], columnar)}")
            counts = _aggregate(con, key)
        except duckdb.Error as exc:
            raise LogReadError(str(exc).splitlines()[0]) from exc
        yield counts
    finally:
        con.close()


def _aggregate(con: duckdb.DuckDBPyConnection, key: bytes) -> LogCounts:
    total, bad, checks = con.execute(
        "SELECT count(*), count(*) FILTER (kind = 'bad'), count(*) FILTER (kind = 'check') FROM c"
    ).fetchone() or (0, 0, 0)
    # one row per error, and the columnar cut can find an error in each part of a line
    rejected = (con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchone() or (0,))[0]
    result = LogCounts(con, int(total) + int(rejected), int(bad) + int(rejected), int(checks))
    if bad or rejected:
        rows = con.execute(
            "(SELECT bad_line FROM c WHERE kind = 'bad' LIMIT $n) UNION ALL "
            "(SELECT left(any_value(csv_line), 300) FROM reject_errors GROUP BY line ORDER BY line LIMIT $n)",
            {"n": SAMPLES},
        ).fetchall()
        result.samples = [r[0] for r in rows][:SAMPLES]
    # The checks alone (a quarter of a site's lines or fewer) are what the aggregates below read, each
    # once; the table of every line goes before they run, so it is neither scanned again nor kept.
    con.execute("CREATE TEMP TABLE k AS SELECT serial, gtin, lot, ts, net, family, country FROM c WHERE kind = 'check'")
    con.execute("DROP TABLE c")
    con.execute("CREATE TEMP TABLE d AS SELECT serial, ts::DATE AS day, count(*) AS n FROM k GROUP BY ALL")
    hmac_expr, (ipad, opad) = _hmac_sql(key)
    con.execute(
        f"CREATE TEMP TABLE n AS SELECT serial, {hmac_expr} AS net, min(ts) AS first, max(ts) AS last, "
        "count(*) AS n FROM (SELECT * FROM k WHERE net IS NOT NULL AND net <> '') "
        "GROUP BY serial, net",
        {"ipad": ipad, "opad": opad},
    )
    latest = con.execute(f"SELECT {_ISO % 'max(last)'} FROM n").fetchone()
    result.latest = (latest[0] if latest else None) or ""
    return result
