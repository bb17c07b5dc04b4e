"""Stamp checks from web server logs (#27): load logs into the catalogue's aggregates, list the checked
stamps with their signals, export them, forget them. The CLI (`ocopdesk scans …`) and the "Quét tem"
page call these."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from ocopdesk.domain.dates import format_date
from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.scans import COPY_WINDOW, NETWORK_DAYS_KEPT, StampScans, judge
from ocopdesk.i18n import _
from ocopdesk.render.files import write_atomic
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.scan_fetch import LOG_LIMITS, FetchedLog, Mark, fetch_logs
from ocopdesk.services.scan_files import LogFile, find_files, identify, new_lines, tail_lines
from ocopdesk.services.web_fetch import FetchLimits
from ocopdesk.storage.scan_logs import LogCounts, LogReadError, counted


@dataclass(frozen=True, slots=True)
class FileReport:
    path: Path
    fmt: str = ""
    lines: int = 0
    checks: int = 0
    malformed: int = 0
    samples: tuple[str, ...] = ()
    skipped: str = ""  # why nothing was read, in the clerk's language
    origin: str = ""  # the web address it was fetched from, when it was

    @property
    def where(self) -> str:
        return self.origin or str(self.path)


@dataclass(slots=True)
class LoadReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def checks(self) -> int:
        return sum(f.checks for f in self.files)

    @property
    def lines(self) -> int:
        return sum(f.lines for f in self.files)

    @property
    def malformed(self) -> int:
        return sum(f.malformed for f in self.files)


def load(
    service: CatalogService,
    paths: list[Path],
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    fetched: dict[Path, FetchedLog] | None = None,
) -> LoadReport:
    """Count the stamp checks in these log files and folders. Each file is one transaction (its counts
    and its mark together), so a load stopped at any point leaves every file counted whole or not at
    all, and loading the same file again counts only lines it has not counted."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise OcopDeskError(_("Not found: {path}").format(path=missing[0]))
    files = find_files(paths)
    report = LoadReport()
    for n, path in enumerate(files):
        if cancel is not None and cancel.cancelled:
            break
        progress(n, len(files), str(path))
        got = (fetched or {}).get(path)
        origin = _shown(got.url) if got else ""
        report.files.append(replace(_load_file(service, path, origin, got), origin=origin))
    progress(len(files), len(files), "")
    return report


def load_url(
    service: CatalogService,
    url: str,
    auth: tuple[str, str] | None = None,
    limits: FetchLimits = LOG_LIMITS,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> LoadReport:
    """Fetch a log (or a folder listing's logs) from the publishing host into a temporary folder and
    count them as `load` does: a log is known by its first line, not its name, so fetching the same log
    again counts only the lines it has grown by."""
    with tempfile.TemporaryDirectory(prefix="ocopdesk-logs-") as folder:
        files = fetch_logs(url, Path(folder), limits, auth, lambda link: _mark(service, link))
        return load(service, list(files), progress, cancel, files)


def _mark(service: CatalogService, url: str) -> Mark | None:
    """What was counted of the log last fetched from `url` (its mark names the address shown)."""
    found = service.scan_rows.source_at(_shown(url))
    return Mark(*found) if found else None


def _shown(url: str) -> str:
    """The address without a user name or password written into it."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _load_file(service: CatalogService, path: Path, origin: str = "", got: FetchedLog | None = None) -> FileReport:
    """One file counted; `origin`, the address it was fetched from, is what its mark and report name;
    `got.log`, when set, is the log the file continues from byte `got.offset` (a Range fetch)."""
    try:
        log = got.log if got and got.log else identify(path)
    except (OSError, EOFError) as exc:
        return FileReport(path, skipped=_("cannot be read ({reason})").format(reason=exc))
    if log is None:
        return FileReport(path, skipped=_("no whole request line yet"))
    if not log.fmt:
        return FileReport(path, skipped=_("not an access log OCOPDesk reads (nginx/Apache, Caddy, S3, CloudFront)"))
    with tempfile.TemporaryDirectory(prefix="ocopdesk-scans-") as scratch:
        known = service.scan_rows.source(log.head)
        try:
            if got and got.log:
                if not known or known[0] != got.offset:  # counted meanwhile, or forgotten: this tail is not next
                    return FileReport(path, log.fmt, skipped=_("changed while it was fetched; fetch it again"))
                piece = tail_lines(path, got.offset)
            else:
                piece = new_lines(log, known[0] if known else 0, Path(scratch))
            if piece is None:
                return FileReport(path, log.fmt, skipped=_("already counted"))
            with counted(piece.path, log.fmt, _key(service), list(log.columns)) as counts:
                _merge(service, log, piece.end, counts, origin or str(log.path))
        except (OSError, EOFError, LogReadError) as exc:  # a damaged or truncated gzip: nothing was counted
            return FileReport(path, log.fmt, skipped=_("cannot be read ({reason})").format(reason=exc))
    return FileReport(path, log.fmt, counts.lines, counts.checks, counts.malformed, tuple(counts.samples))


def _key(service: CatalogService) -> bytes:
    with service.write():
        return service.scan_rows.network_key()


def _merge(service: CatalogService, log: LogFile, end: int, counts: LogCounts, where: str) -> None:
    """The store's rows, then the catalogue's counts and mark, under one catalogue write lock (so no
    other load takes the same generation); a kill between the two commits leaves store rows of a
    generation the catalogue never recorded, which no reader counts and the next load deletes."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    with service.write():
        committed = service.scan_rows.generation()
        service.scan_rows.keep(counts, committed, committed + 1)
        service.scan_rows.merge(log.head, where, log.fmt, end, counts, now, committed + 1)
    if counts.latest:
        cutoff = dt.datetime.fromisoformat(counts.latest) - dt.timedelta(days=NETWORK_DAYS_KEPT)
        service.scan_rows.prune_networks(cutoff)


def stamps(service: CatalogService, lot: str | None = None, suspicious: bool = False) -> list[StampScans]:
    """Every checked stamp (of one lot), each with its signals; only flagged ones when `suspicious`."""
    networks = service.scan_rows.network_summary(COPY_WINDOW)
    busiest = service.scan_rows.busiest_days()
    found = []
    for scans in service.scan_rows.all_scans(lot):
        count, densest = networks.get(scans.serial, (0, 0))  # judge reads no network count
        flagged = replace(scans, networks=count, flags=judge(scans, densest, busiest.get(scans.serial)))
        if flagged.flags or not suspicious:
            found.append(flagged)
    return found


def forget(service: CatalogService) -> int:
    """Erase every stamp check, every log mark and the network key. Returns how many stamps had checks.
    The store goes after the catalogue's commit: until then the catalogue still counts its rows."""
    with service.write():
        count = service.scan_rows.forget()
    service.scan_rows.erase_store()
    return count


def checks_per_day(service: CatalogService, lot: str | None = None) -> list[tuple[dt.date, int]]:
    return [(dt.date.fromisoformat(d), n) for d, n in service.scan_rows.checks_per_day(lot)]


def stamp_days(service: CatalogService, serial: str) -> list[tuple[dt.date, int]]:
    """One stamp's checks per UTC day, for its chart when the clerk selects it."""
    return [(dt.date.fromisoformat(d), n) for d, n in service.scan_rows.stamp_days(serial)]


def csv_text(found: list[StampScans]) -> str:
    """The list as CSV (UTF-8 with BOM for Excel), dates dd/mm/yyyy, reasons in the clerk's language."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Serial"),
            _("Lot"),
            _("First check"),
            _("Last check"),
            _("Checks"),
            _("Networks"),
            _("Devices"),
            _("Countries"),
            _("Signals"),
        ]
    )
    for s in found:
        writer.writerow(
            [
                s.serial,
                s.lot,
                format_date(s.first_day),
                format_date(dt.date.fromisoformat(s.last_at[:10])),
                s.checks,
                s.networks,
                _pairs(s.devices),
                _pairs(s.countries),
                " ".join(f.explain() for f in s.flags),
            ]
        )
    return "\ufeff" + buffer.getvalue()


def _pairs(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items(), key=lambda kv: -kv[1]))


def export_csv(found: list[StampScans], target: Path) -> Path:
    write_atomic(target, csv_text(found).encode("utf-8"))
    return target


def shopper_notes(service: CatalogService) -> dict[str, list[object]]:
    """What the next site build publishes per checked serial: [first check dd/mm/yyyy, checks, 1 when a
    copy or burst signal stands] — a date and counts, nothing about who checked or from where."""
    return {
        s.serial: [format_date(s.first_day), s.checks, int(any(f.kind in ("copied", "burst") for f in s.flags))]
        for s in stamps(service)
    }


@dataclass(frozen=True, slots=True)
class ScansView:
    """What the "Quét tem" screen shows, read in one go: the stamps (of one lot, only the flagged ones
    when asked), every lot with checks for the filter, and checks per day for the chart."""

    rows: list[StampScans]
    lots: list[str]
    days: list[tuple[dt.date, int]]


def view(service: CatalogService, lot: str | None = None, suspicious: bool = False) -> ScansView:
    return ScansView(stamps(service, lot, suspicious), service.scan_rows.lots(), checks_per_day(service, lot))


def view_job(
    service: CatalogService, progress: ProgressFn, cancel: CancelToken, lot: str | None, suspicious: bool
) -> ScansView:
    """`view` for the window's background runner: reading and judging hundreds of thousands of checked
    stamps takes seconds, which the window must not freeze for (gui/tasks.py)."""
    return view(service, lot, suspicious)


def load_job(service: CatalogService, progress: ProgressFn, cancel: CancelToken, paths: list[Path]) -> LoadReport:
    """`load` in the shape the window's background runner takes (gui/tasks.py)."""
    return load(service, paths, progress, cancel)


def load_url_job(
    service: CatalogService,
    progress: ProgressFn,
    cancel: CancelToken,
    url: str,
    auth: tuple[str, str] | None,
    limits: FetchLimits,
) -> LoadReport:
    """`load_url` in the shape the window's background runner takes (gui/tasks.py)."""
    return load_url(service, url, auth, limits, progress, cancel)
