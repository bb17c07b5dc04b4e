"""Photos and documents attached to a product, stored once by content hash."""

from __future__ import annotations

from dataclasses import dataclass

from ocopdesk.i18n import N_

KINDS = {"photo": N_("Photo"), "document": N_("Document")}
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}
DOCUMENT_TYPES = {**PHOTO_TYPES, "application/pdf": ".pdf"}
MAX_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class MediaFile:
    kind: str
    sha256: str
    ext: str
    original_name: str = ""
    title: str = ""
    position: int = 0
    id: int | None = None
    public: bool = False  # a document shown on the traceability website; photos are always shown
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert

    @property
    def file_name(self) -> str:
        """The managed file's name: its content hash and extension."""
        return f"{self.sha256}{self.ext}"


def sniff_type(head: bytes) -> str | None:
    """Content type from magic bytes: file extensions and HTTP headers can lie."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None
