"""Publish a folder (the website with its marketplace images) to the cooperative's web host by
WebDAV / HTTP PUT: only files changed since the last upload to that address, folders created as
needed (MKCOL), retries with back-off on network errors and 5xx answers, timeouts, and a report.

What was uploaded is remembered per address in `.ocopdesk-published.json` inside the folder, written
after every file, so an interrupted upload continues where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.i18n import _
from ocopdesk.render.files import write_atomic
from ocopdesk.services.progress import CancelToken, ProgressFn, no_progress

STATE = ".ocopdesk-published.json"
TIMEOUT = (10, 60)  # connect, read
_SKIP = {STATE, ".ocopdesk-site.json"}


@dataclass
class PublishReport:
    url: str
    uploaded: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: dict[str, str] = field(default_factory=dict)


def _session(user: str, password: str, retries: int) -> requests.Session:
    session = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=0.5,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"PUT", "MKCOL", "GET", "HEAD"}),
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    if user:
        session.auth = (user, password)
    return session


def publish(
    folder: Path,
    url: str,
    *,
    user: str = "",
    password: str = "",
    retries: int = 3,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> PublishReport:
    cancel = cancel or CancelToken()
    folder = Path(folder)
    if not folder.is_dir():
        raise OcopDeskError(_("There is no folder {path} to publish.").format(path=folder))
    url = url.rstrip("/") + "/"
    if not url.startswith(("http://", "https://")):
        raise OcopDeskError(_("Enter a web address starting with https://"))
    state_path = folder / STATE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    except (OSError, ValueError):
        state = {}
    sent: dict[str, str] = state.setdefault(url, {})
    report = PublishReport(url)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in _SKIP and ".partial" not in p.name)
    made_dirs: set[str] = set()
    with _session(user, password, retries) as session:
        for n, path in enumerate(files, 1):
            cancel.check()
            rel = path.relative_to(folder).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if sent.get(rel) == digest:
                report.unchanged += 1
                continue
            progress(n, len(files), _("Uploading {name}…").format(name=rel))
            try:
                _make_collections(session, url, rel, made_dirs)
                answer = session.put(url + quote(rel), data=path.read_bytes(), timeout=TIMEOUT)
            except requests.RequestException as exc:
                report.failed[rel] = _("no answer from the host ({reason})").format(reason=type(exc).__name__)
                continue
            if answer.status_code in (200, 201, 204):
                sent[rel] = digest
                report.uploaded.append(rel)
                write_atomic(state_path, json.dumps(state, indent=0).encode())
            elif answer.status_code in (401, 403):
                _refused(answer.status_code)
            else:
                report.failed[rel] = _("the host answered {status}").format(status=answer.status_code)
    return report


def _make_collections(session: requests.Session, url: str, rel: str, made: set[str]) -> None:
    """MKCOL each parent folder once; 405 means it exists already (some hosts create them on PUT)."""
    parts = rel.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if folder in made:
            continue
        answer = session.request("MKCOL", url + quote(folder) + "/", timeout=TIMEOUT)
        if answer.status_code in (401, 403):
            _refused(answer.status_code)
        if answer.status_code not in (200, 201, 204, 301, 405):
            raise requests.RequestException(f"MKCOL {folder}: {answer.status_code}")
        made.add(folder)


def _refused(status: int) -> None:
    """Wrong credentials fail every file the same way: stop at once and say so."""
    raise OcopDeskError(
        _("The host refused the upload ({status}): check the user name and password.").format(status=status)
    )
