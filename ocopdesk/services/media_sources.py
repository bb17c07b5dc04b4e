"""Bringing photos and documents into the catalogue from a file path or an http(s) URL.

Checked by content, not by name: a size cap, magic-byte sniffing, and for URLs a timeout and the
server's content type, so a web page or a huge download never lands in the catalogue.
"""

from __future__ import annotations

from pathlib import Path

import requests

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import DOCUMENT_TYPES, MAX_BYTES, PHOTO_TYPES, MediaFile, sniff_type
from ocopdesk.i18n import _
from ocopdesk.storage.media import store_bytes

TIMEOUT_S = 15
_CHUNK = 64 * 1024


class MediaError(OcopDeskError):
    """A photo or document could not be read, downloaded or accepted."""


def is_url(ref: str) -> bool:
    return ref.lower().startswith(("http://", "https://"))


def read_source(ref: str, base_dir: Path | None = None) -> tuple[bytes, str]:
    """Bytes and original file name of a local path (relative to `base_dir`) or an http(s) URL."""
    if is_url(ref):
        return _download(ref), ref.rsplit("/", 1)[-1].split("?")[0]
    path = Path(ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise MediaError(_("File not found: {path}").format(path=ref))
    if path.stat().st_size > MAX_BYTES:
        raise MediaError(_("{path} is larger than {mb} MB.").format(path=ref, mb=MAX_BYTES // 2**20))
    return path.read_bytes(), path.name


def _download(url: str) -> bytes:
    try:
        with requests.get(url, timeout=TIMEOUT_S, stream=True) as response:
            if response.status_code != 200:
                raise MediaError(
                    _("Could not download {url}: the server answered {status}.").format(
                        url=url, status=response.status_code
                    )
                )
            ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype not in DOCUMENT_TYPES:
                raise MediaError(
                    _("{url} is not an image or PDF (the server says {type}).").format(url=url, type=ctype or "?")
                )
            data = bytearray()
            for chunk in response.iter_content(_CHUNK):
                data += chunk
                if len(data) > MAX_BYTES:
                    raise MediaError(_("{url} is larger than {mb} MB.").format(url=url, mb=MAX_BYTES // 2**20))
            return bytes(data)
    except requests.RequestException as exc:
        raise MediaError(_("Could not download {url}: {error}").format(url=url, error=type(exc).__name__)) from exc


def accept(data: bytes, name: str, kind: str) -> tuple[str, str]:
    """Content type and extension of `data`, or MediaError when it is not allowed for `kind`."""
    allowed = PHOTO_TYPES if kind == "photo" else DOCUMENT_TYPES
    ctype = sniff_type(data[:16])
    if ctype not in allowed:
        if kind == "photo":
            raise MediaError(_("{name} is not a JPEG, PNG, WebP or GIF picture.").format(name=name))
        raise MediaError(_("{name} is not a picture or a PDF document.").format(name=name))
    return ctype, allowed[ctype]


def import_media(media_dir: Path, ref: str, kind: str, base_dir: Path | None = None) -> MediaFile:
    """Read, check and store one file under its content hash; returns the (unsaved) MediaFile."""
    data, name = read_source(ref, base_dir)
    _ctype, ext = accept(data, name, kind)
    digest = store_bytes(media_dir, data, ext)
    return MediaFile(kind=kind, sha256=digest, ext=ext, original_name=name)
