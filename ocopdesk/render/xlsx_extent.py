"""How big a grid an .xlsx sheet's cells span, found from the sheet's XML before any reader builds the grid.

calamine (the fast reader, `sheets_calamine`) holds a sheet as one dense grid from its first to its last cell
with a value: two real cells at A1 and XFD1048576 ask for 17 billion cells, and the allocation failure ends the
process (Rust aborts; no exception reaches Python). The `<dimension>` a file declares is not what calamine
uses, and a file can lie in it, so the cell references themselves are read: a regular expression over the
sheet's bytes (already capped by `sheet_bounds.MAX_XLSX_UNPACKED_BYTES`), counting every cell that is not
written empty (`<c r="A1" s="3"/>`, a formatted blank, is skipped by calamine and here). A cell without its
reference (legal, rare) makes the extent unknown: the caller then reads with openpyxl, which streams.
It also tells whether a cell holds an error value (#N/A, #DIV/0!, a picture in a cell): calamine gives those as
empty cells, and an empty price is no price, where "#N/A" is a problem the clerk must be shown.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_ANY_CELL_TAG = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
# A cell with its reference, and whether the tag closes itself (a blank cell). Attributes never hold '>' or
# '/' in the XML spreadsheet programs write; a cell whose attributes do is not matched, and the count of cell
# tags tells: then the extent is unknown.
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>/]*(/?)>')  # as Excel, LibreOffice, openpyxl write
_ANY_CELL_REF = re.compile(rb"<" + _PREFIX + rb'c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>/]*(/?)>')
_PREFIXED = (b":c ", b":c>", b":c/>")
_ERROR_CELL = re.compile(rb"""\st\s*=\s*["']e["']""")  # a cell's type attribute: an error value
_WORKSHEET = "/worksheet"  # the end of the relationship type, transitional and strict OOXML alike


@dataclass(frozen=True, slots=True)
class Extent:
    """The grid a sheet's valued cells span from A1: rows × columns (what a dense reader allocates), and
    whether a cell holds an error value."""

    rows: int
    columns: int
    errors: bool = False

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def sheet_extent(xml: bytes, limit: int) -> Extent | None:
    """The extent of one sheet's valued cells from A1, or None when a cell has no reference to read. Blank
    cells are counted too unless that passes `limit` (most sheets have few; the count is then cheaper)."""
    if any(mark in xml for mark in _PREFIXED):  # namespace prefixes, or a cell's reference not first
        refs, tags = _ANY_CELL_REF.findall(xml), len(_ANY_CELL_TAG.findall(xml))
    else:
        refs, tags = _CELL_REF.findall(xml), xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    if len(refs) != tags:
        refs = _ANY_CELL_REF.findall(xml)
        if len(refs) != len(_ANY_CELL_TAG.findall(xml)):
            return None
    errors = _ERROR_CELL.search(xml) is not None
    extent = _span(refs, errors)
    return extent if extent.cells <= limit else _span([ref for ref in refs if not ref[2]], errors)


def _span(refs: list[tuple[bytes, bytes, bytes]], errors: bool) -> Extent:
    if not refs:
        return Extent(0, 0, errors)
    rows = max((ref[1] for ref in refs), key=lambda n: (len(n.lstrip(b"0")), n.lstrip(b"0")))
    columns = max({ref[0] for ref in refs}, key=lambda c: (len(c), c))
    return Extent(int(rows), _column_number(columns), errors)


def workbook_extents(archive: zipfile.ZipFile, limit: int) -> list[Extent | None] | None:
    """The extent of every worksheet the workbook names, or None when its parts cannot be found the way a
    reader finds them (then nothing fast is attempted)."""
    parts = worksheet_parts(archive)
    if parts is None:
        return None
    try:
        return [sheet_extent(archive.read(part), limit) for part in parts]
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return None


def worksheet_parts(archive: zipfile.ZipFile) -> list[str] | None:
    """The zip paths of the workbook's worksheets, followed as readers follow them: the package's
    relationships name the workbook part, the workbook's relationships name its sheets."""
    try:
        workbook = _targets(archive, "_rels/.rels", "", "/officeDocument")
        if len(workbook) != 1:
            return None
        folder, name = posixpath.split(workbook[0])
        return _targets(archive, posixpath.join(folder, "_rels", name + ".rels"), folder, _WORKSHEET)
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return None


def _targets(archive: zipfile.ZipFile, rels: str, folder: str, kind: str) -> list[str]:
    root = ElementTree.fromstring(archive.read(rels))
    found = []
    for rel in root:
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(path))
    return found


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number
