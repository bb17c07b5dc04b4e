"""Bringing photos and documents into the catalogue from a file path or an http(s) URL.

Checked by content, not by name: a size cap and magic-byte sniffing, so a web page or a huge download
never lands in the catalogue. What a sheet may name is limited by a `SourcePolicy`: files only under the
sheet's own folder (and folders the clerk allowed), web addresses only on the public internet
(services/web_fetch.py), and nothing downloaded while only checking a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.media import DOCUMENT_TYPES, MAX_BYTES, PHOTO_TYPES, MediaFile, sniff_type
from ocopdesk.i18n import _
from ocopdesk.render import photos
from ocopdesk.services.web_fetch import FetchError, FetchLimits, download
from ocopdesk.storage.media import store_bytes


class MediaError(OcopDeskError):
    """A photo or document could not be read, downloaded or accepted."""


class OutsideFolder(MediaError):
    """A sheet names a file outside the folders it may read; `folder` is the one the clerk could allow."""

    def __init__(self, message: str, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


@dataclass(frozen=True, slots=True)
class SourcePolicy:
    """Where references in a sheet may lead.

    `base_dir` None means the clerk chose the file in a dialog: any local file is fine. Otherwise a
    local file must lie, after following links, under `base_dir` or one of `allowed_dirs`.
    """

    base_dir: Path | None = None
    allowed_dirs: tuple[Path, ...] = ()
    limits: FetchLimits = field(default_factory=FetchLimits)


def is_url(ref: str) -> bool:
    return ref.lower().startswith(("http://", "https://"))


def read_source(ref: str, policy: SourcePolicy | None = None) -> tuple[bytes, str]:
    """Bytes and original file name of a local path (relative to the policy's folder) or an http(s) URL."""
    policy = policy or SourcePolicy()
    if is_url(ref):
        try:
            data, _type = download(ref, policy.limits)
        except FetchError as exc:
            raise MediaError(exc.message) from exc
        return data, ref.rsplit("/", 1)[-1].split("?")[0]
    path = local_path(ref, policy)
    if path.stat().st_size > MAX_BYTES:
        raise MediaError(_("{path} is larger than {mb} MB.").format(path=ref, mb=MAX_BYTES // 2**20))
    return path.read_bytes(), path.name


def local_path(ref: str, policy: SourcePolicy) -> Path:
    """The real file `ref` names, refused when it lies outside the folders the policy allows."""
    path = Path(ref).expanduser()
    if not path.is_absolute() and policy.base_dir is not None:
        path = policy.base_dir / path
    if policy.base_dir is None:
        if not path.is_file():
            raise MediaError(_("File not found: {path}").format(path=ref))
        return path
    real = path.resolve()  # the folder is checked before the file: a sheet must not learn what exists elsewhere
    roots = [Path(d).resolve() for d in (policy.base_dir, *policy.allowed_dirs)]
    if not any(real.is_relative_to(root) for root in roots):
        raise OutsideFolder(
            _(
                "{path} is outside the sheet's folder ({folder}). Photos and documents are read only from "
                "the sheet's folder: move the file there, or allow its folder when you import."
            ).format(path=ref, folder=policy.base_dir),
            real.parent,
        )
    if not real.is_file():
        raise MediaError(_("File not found: {path}").format(path=ref))
    return real


def accept(data: bytes, name: str, kind: str) -> tuple[str, str]:
    """Content type and extension of `data`, or MediaError when it is not allowed for `kind`."""
    allowed = PHOTO_TYPES if kind == "photo" else DOCUMENT_TYPES
    ctype = sniff_type(data[:16])
    if ctype not in allowed:
        if kind == "photo":
            raise MediaError(_("{name} is not a JPEG, PNG, WebP or GIF picture.").format(name=name))
        raise MediaError(_("{name} is not a picture or a PDF document.").format(name=name))
    return ctype, allowed[ctype]


def import_media(media_dir: Path, ref: str, kind: str, policy: SourcePolicy | None = None) -> MediaFile:
    """Read, check and store one file under its content hash; returns the (unsaved) MediaFile."""
    data, name = read_source(ref, policy)
    _ctype, ext = accept(data, name, kind)
    if kind == "photo":
        try:  # a decompression bomb or a damaged picture is refused here, not discovered by every export
            photos.check(data)
        except photos.PhotoError as exc:
            raise MediaError(f"{name}: {exc}") from exc
    digest = store_bytes(media_dir, data, ext)
    return MediaFile(kind=kind, sha256=digest, ext=ext, original_name=name)
