"""Publish a folder (the website with its marketplace images) to the cooperative's web host by
WebDAV / HTTP PUT: only files changed since the last upload to that address, folders created as
needed (MKCOL), a few retries, timeouts, an overall time budget, and a report.

What was uploaded is remembered per address in `.ocopdesk-published.json` inside the folder, written
after every file, so an upload that stopped (cancelled, out of time, the host gone) continues where
it stopped on the next run.

Rules that keep a clerk's upload honest and bounded:
- The host's answer decides: a redirect is never followed (the files would land at an address the
  clerk did not enter and the report would name the wrong one); the clerk is told where the host
  points instead. A reply body is read only up to REPLY_CAP and then the connection is dropped.
- A host that answers nothing costs at most (retries + 1) × the timeout per file, and after
  MAX_SILENT files in a row without an answer, or when the time budget is spent, the upload stops
  and reports what was sent and what is left.
- A file whose upload and answer have not finished in FILE_DEADLINE seconds is given up, even while a
  read waits on a host that trickles bytes (`deadline_http` cuts the socket); MAX_SLOW such files end
  the run, and the message names the host (issue #20).
- Credentials never leave memory: a user name and password written in the address are taken out of
  it (and used if none were given); the address shown, logged and saved is the one without them.
- Dot-files (the site's manifest, this record, half-written files) are never uploaded.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import requests

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.render.files import write_atomic
from ocopdesk.services.deadline_http import Clock, DeadlineAdapter
from ocopdesk.services.network_words import failure_reason
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress
from ocopdesk.services.site_hosting import is_hidden

STATE = ".ocopdesk-published.json"
TIMEOUT = (10.0, 20.0)  # seconds: to connect, and to wait for each part of the answer
TIME_BUDGET = 60 * 60.0  # seconds for a whole publish; the next run goes on with what is left
MAX_SILENT = 3  # files in a row that got no answer at all: the host is down, stop
FILE_DEADLINE = 60.0  # seconds for one file's upload and answer, whatever the host sends
MAX_SLOW = 3  # files given up at their deadline: the host is too slow, stop
REPLY_CAP = 64 * 1024  # bytes of an answer read at most; a WebDAV reply says what it has to in far less
_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_OK = frozenset({200, 201, 204})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class PublishReport:
    url: str  # the address without credentials
    uploaded: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # file → why, in words
    left: list[str] = field(default_factory=list)  # not tried because the upload stopped early
    stopped: str = ""  # why it stopped early; empty when every file was tried

    def summary(self) -> str:
        """One paragraph for the CLI and the app alike."""
        text = _("Published to {url}: {uploaded} files uploaded, {unchanged} unchanged, {failed} failed.").format(
            url=self.url, uploaded=len(self.uploaded), unchanged=self.unchanged, failed=len(self.failed)
        )
        if self.stopped:
            text += (
                " "
                + self.stopped
                + " "
                + _("{left} files are not sent yet: publish again to send them.").format(
                    left=len(self.left) + len(self.failed)
                )
            )
        return text


def split_credentials(url: str) -> tuple[str, str, str]:
    """(address without user:password@, user, password) — the parts decoded (`p%40ss` is `p@ss`)."""
    parts = urlsplit(url.strip())
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at:
        return url.strip(), "", ""
    user, _colon, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), unquote(user), unquote(password)


class _Budget:
    """The time a publish may still take; every wait is cut to fit in it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def timeout(self, wanted: tuple[float, float]) -> tuple[float, float]:
        left = max(self.left(), 0.1)
        return min(wanted[0], left), min(wanted[1], left)


class _OutOfTime(Exception):
    pass


class _TooSlow(Exception):
    """The file's deadline passed before its upload and answer finished."""


class _NoAnswer(Exception):
    """The host did not answer (refused, reset or silent) after every try."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Failed(Exception):
    """The host answered, with a status that fails this file."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Uploader:
    session: requests.Session
    base: str
    retries: int
    timeout: tuple[float, float]
    budget: _Budget
    adapter: DeadlineAdapter
    file_deadline: float = FILE_DEADLINE
    clock: Clock | None = None
    made: set[str] = field(default_factory=set)
    broken: dict[str, str] = field(default_factory=dict)  # folder → why it could not be made

    @contextmanager
    def one_file(self) -> Iterator[None]:
        """Everything one file takes (folders, upload, answer) ends by its deadline or the overall budget's."""
        with self.adapter.deadline(max(0.1, min(self.file_deadline, self.budget.left()))) as clock:
            self.clock = clock
            try:
                yield
            finally:
                self.clock = None

    def _check_clock(self) -> None:
        if self.budget.left() <= 0:
            raise _OutOfTime()
        if self.clock is not None and (self.clock.expired or self.clock.left() <= 0):
            raise _TooSlow()

    def request(self, method: str, rel: str, data: bytes | None = None) -> int:
        """Send with bounded retries (network errors and 5xx); return the final status."""
        target = self.base + quote(rel)
        last = ""
        for attempt in range(self.retries + 1):
            self._check_clock()
            try:
                status = self._once(method, target, rel, data)
            except requests.RequestException as exc:
                self._check_clock()  # a socket cut at the deadline is not a network error to retry
                last = failure_reason(exc)
            else:
                if status not in _RETRY_STATUSES or attempt == self.retries:
                    return status
            if attempt < self.retries:
                time.sleep(min(0.5 * 2**attempt, max(self.budget.left(), 0)))
        if self.budget.left() <= 0:
            raise _OutOfTime()
        raise _NoAnswer(last)

    def _once(self, method: str, target: str, rel: str, data: bytes | None) -> int:
        left = max(self.clock.left(), 0.1) if self.clock is not None else float("inf")
        wanted = (min(self.timeout[0], left), min(self.timeout[1], left))
        with self.session.request(
            method, target, data=data, timeout=self.budget.timeout(wanted), allow_redirects=False, stream=True
        ) as answer:
            self._read_capped(answer)
            self._check_clock()  # the answer must have come whole in time, not only its status line
            if answer.status_code in _REDIRECTS:
                self._redirected(method, target, rel, answer.headers.get("Location", ""))
            if answer.status_code in (401, 403):
                _refused(answer.status_code)
            return answer.status_code

    def _read_capped(self, answer: requests.Response) -> None:
        """Read a small answer whole (the connection can be reused) and at most REPLY_CAP of a big
        one: leaving the rest unread makes closing the answer drop the connection."""
        read = 0
        try:
            for chunk in answer.iter_content(16 * 1024):
                read += len(chunk)
                if read >= REPLY_CAP or self.budget.left() <= 0 or (self.clock and self.clock.left() <= 0):
                    break
        except requests.RequestException:
            pass  # the status line came: a body cut short or stalled does not change the answer

    def _redirected(self, method: str, target: str, rel: str, location: str) -> None:
        """A redirect is never followed; a folder that exists may answer MKCOL with a 301 to the
        same place on the same host (some servers do), which is fine."""
        where = urljoin(target, location)
        here, there = urlsplit(target), urlsplit(where)
        same_origin = here.scheme == there.scheme and here.netloc == there.netloc.rpartition("@")[2]
        if method == "MKCOL" and same_origin and there.path.rstrip("/") == here.path.rstrip("/"):
            return
        shown = split_credentials(where)[0]
        suffix = quote(rel).rstrip("/")
        stripped = shown.split("?")[0].rstrip("/")
        if suffix and stripped.endswith("/" + suffix):
            shown = stripped[: -len(suffix)]  # the address of the folder to publish to, as entered
        raise OcopDeskError(
            _(
                "The host redirected the upload to {target}; enter that address instead (files are sent only "
                "to the address you enter)."
            ).format(target=shown or location)
        )

    def make_folders(self, rel: str) -> None:
        """MKCOL each parent folder once; 405 means it exists already (some hosts create them on PUT)."""
        parts = rel.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if folder in self.broken:
                raise _Failed(self.broken[folder])
            if folder in self.made:
                continue
            status = self.request("MKCOL", folder + "/")
            if status not in (200, 201, 204, 301, 405):
                self.broken[folder] = _("the host answered {status} when asked to make the folder {folder}").format(
                    status=status, folder=folder
                )
                raise _Failed(self.broken[folder])
            self.made.add(folder)


def publish(
    folder: Path,
    url: str,
    *,
    user: str = "",
    password: str = "",
    retries: int = 3,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    time_budget: float = TIME_BUDGET,
    timeout: tuple[float, float] = TIMEOUT,
    file_deadline: float = FILE_DEADLINE,
) -> PublishReport:
    cancel = cancel or CancelToken()
    folder = Path(folder)
    if not folder.is_dir():
        raise OcopDeskError(_("There is no folder {path} to publish.").format(path=folder))
    url, url_user, url_password = split_credentials(url)
    user, password = user or url_user, password or url_password
    url = url.rstrip("/") + "/"
    if not url.startswith(("http://", "https://")):
        raise OcopDeskError(_("Enter a web address starting with https://"))
    state_path = folder / STATE
    state = _read_state(state_path)
    sent: dict[str, str] = state.setdefault(url, {})
    report = PublishReport(url)
    files = _files(folder)
    with requests.Session() as session:
        if user:
            session.auth = (user, password)
        adapter = DeadlineAdapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        uploader = _Uploader(session, url, retries, timeout, _Budget(time_budget), adapter, file_deadline)
        _upload_all(uploader, folder, files, sent, report, progress, cancel, lambda: _save(state_path, state))
    return report


def _stop(report: PublishReport, reason: str, folder: Path, rest: list[str], sent: dict[str, str]) -> None:
    """The upload gives up: say why, and which files are still to send."""
    report.stopped = reason
    report.left = _still_to_send(folder, rest, sent)


def _upload_all(
    uploader: _Uploader,
    folder: Path,
    files: list[str],
    sent: dict[str, str],
    report: PublishReport,
    progress: ProgressFn,
    cancel: CancelToken,
    save: Callable[[], None],
) -> None:
    silent = slow = 0
    for n, rel in enumerate(files, 1):
        cancel.check()
        data = (folder / rel).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if sent.get(rel) == digest:
            report.unchanged += 1
            continue
        progress(n, len(files), _("Uploading {name}…").format(name=rel))
        try:
            with uploader.one_file():
                uploader.make_folders(rel)
                status = uploader.request("PUT", rel, data)
        except _TooSlow:
            slow += 1
            report.failed[rel] = _too_slow(uploader)
            if slow >= MAX_SLOW:
                reason = _("The upload stopped: {host} took more than {seconds} s for each of {count} files.")
                host, seconds = _host(uploader), round(uploader.file_deadline)
                return _stop(report, reason.format(host=host, seconds=seconds, count=slow), folder, files[n:], sent)
            continue
        except _OutOfTime:
            reason = _("The upload stopped after {minutes} minutes, its time limit.")
            minutes = max(1, round(uploader.budget.seconds / 60))
            return _stop(report, reason.format(minutes=minutes), folder, files[n - 1 :], sent)
        except _NoAnswer as silence:
            report.failed[rel] = _("no answer from the host ({reason})").format(reason=silence.reason)
            silent += 1
            if silent >= MAX_SILENT:
                reason = _("The upload stopped: the host did not answer for {count} files in a row.")
                return _stop(report, reason.format(count=silent), folder, files[n:], sent)
            continue
        except _Failed as failure:
            report.failed[rel] = failure.reason
            silent = 0
            continue
        silent = 0
        if status in _OK:
            sent[rel] = digest
            report.uploaded.append(rel)
            save()
        else:
            report.failed[rel] = _("the host answered {status}").format(status=status)


def _host(uploader: _Uploader) -> str:
    return urlsplit(uploader.base).netloc


def _too_slow(uploader: _Uploader) -> str:
    return _("given up: {host} had not taken it and answered within {seconds} s").format(
        host=_host(uploader), seconds=round(uploader.file_deadline)
    )


def _still_to_send(folder: Path, rest: list[str], sent: dict[str, str]) -> list[str]:
    """The files after the stop that differ from what the host has: the next run's work."""
    return [rel for rel in rest if sent.get(rel) != hashlib.sha256((folder / rel).read_bytes()).hexdigest()]


def _files(folder: Path) -> list[str]:
    """Every file to publish, by relative path: no dot-file anywhere in the path (the site's manifest,
    this record, half-written files), nothing a link leads to outside the folder."""
    root = folder.resolve()
    found = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if is_hidden(rel) or not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            continue
        found.append(rel)
    return sorted(found)


def _read_state(path: Path) -> dict[str, dict[str, str]]:
    """The upload record, keyed by address. Keys an older version saved with credentials in them are
    merged under the address without, and the record is rewritten at once so none stay on disk."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        raw = {}
    if not isinstance(raw, dict):
        raw = {}
    state: dict[str, dict[str, str]] = {}
    for key, sent in raw.items():
        if isinstance(sent, dict):
            state.setdefault(split_credentials(str(key))[0], {}).update(sent)
    if list(state) != list(raw):
        _save(path, state)
    return state


def _save(path: Path, state: dict[str, dict[str, str]]) -> None:
    write_atomic(path, json.dumps(state, indent=0).encode())


def _refused(status: int) -> None:
    """Wrong credentials fail every file the same way: stop at once and say so."""
    raise OcopDeskError(
        _("The host refused the upload ({status}): check the user name and password.").format(status=status)
    )
