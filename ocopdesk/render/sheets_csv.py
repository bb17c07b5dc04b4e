"""The CSV half of `sheets`: encoding and separator detection, and a reader that reports a stray
quotation mark or an overlong cell at the line a text editor shows.

The limits live in `sheets` and are read from there (as `limits`) at call time, so one place sets them.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ocopdesk.i18n import _, format_count
from ocopdesk.render import sheet_bounds as limits
from ocopdesk.render.sheet_bounds import MB, CellBudget, Sheet, SheetError, cell_too_long, trim

_BOMS = (  # UTF-32 LE first: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"[^"]*(?:""[^"]*)*"?')  # a quoted span, "" inside; to the end if never closed
_SNIFF_LINES = 50
_SNIFF_CHARS = 8192  # per line: enough to count separators, small enough for csv's own field limit


def read_csv(path: Path) -> Sheet:
    size = path.stat().st_size
    if size > limits.MAX_CSV_BYTES:  # checked before a byte is read: a 1 GiB file costs nothing to refuse
        raise SheetError(
            _(
                "{name} is {size} MB; OCOPDesk imports .csv files up to {limit} MB. Split the list into "
                "several files and import them one after another."
            ).format(
                name=path.name,
                size=format_count(math.ceil(size / MB)),
                limit=format_count(limits.MAX_CSV_BYTES // MB),
            )
        )
    encoding, label = detect_encoding(path)
    try:
        delimiter, width = _sniff(path, encoding)
        with _open_text(path, encoding) as stream:
            return _CsvReader(path.name, delimiter, width, nfc_cells=encoding == "cp1258").read(stream)
    except UnicodeDecodeError as exc:
        raise SheetError(
            _(
                "{name} looks like {encoding} text but cannot be read as such (it may be damaged). Save it "
                "again from Excel as “CSV UTF-8” and import again."
            ).format(name=path.name, encoding=label)
        ) from exc


def detect_encoding(path: Path) -> tuple[str, str]:
    """(Python codec, name for messages). A BOM decides (Excel's "Unicode text" is UTF-16 with one);
    then UTF-16 without BOM, seen by its zero bytes; then UTF-8 if the whole file decodes, checked
    in chunks; else Windows-1258, which old Vietnamese Excel CSVs use."""
    with path.open("rb") as f:
        head = f.read(4096)
        for bom, codec, label in _BOMS:
            if head.startswith(bom):
                return codec, label
        bare = _utf16_without_bom(head)
        if bare:
            return bare, "UTF-16"
        f.seek(0)
        return ("utf-8", "UTF-8") if _is_utf8(f) else ("cp1258", "Windows-1258")


def _utf16_without_bom(head: bytes) -> str | None:
    """Latin letters, digits and separators are most of a product list; in UTF-16 each has a zero
    byte, always on the same side. Vietnamese letters (U+1EA0…) have no zero byte, which is fine."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0 : 2 * pairs : 2].count(0), head[1 : 2 * pairs : 2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def _is_utf8(f: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := f.read(MB):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _open_text(path: Path, encoding: str) -> IO[str]:
    """newline="" hands csv the line endings as written, so \\r\\n, \\n and old Mac \\r all end a row."""
    return path.open(encoding=encoding, errors="replace" if encoding == "cp1258" else "strict", newline="")


def _sniff(path: Path, encoding: str) -> tuple[str, int]:
    """Separator and usual row width, from the first lines (each cut to a few KB)."""
    with _open_text(path, encoding) as stream:
        lines = []
        for _n in range(_SNIFF_LINES):
            line = stream.readline(_SNIFF_CHARS)
            if not line:
                break
            lines.append(line)
    return guess_dialect(lines)


def guess_dialect(lines: list[str]) -> tuple[str, int]:
    """The separator that splits the most lines into the same number (>1) of fields, and that number.

    csv.Sniffer guesses wrong on files with title lines above the table, which is how
    cooperatives' exports usually start, so we count consistent field counts instead. Each line
    is split on its own, so one stray quotation mark cannot hide the table's shape.
    """
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        widths = (len(_split_line(line, delimiter)) for line in lines)
        counts = Counter(w for w in widths if w > 1)
        if counts:
            width, lines_with_width = counts.most_common(1)[0]
            if (lines_with_width, width) > best_score:
                best, best_score = delimiter, (lines_with_width, width)
    return best, best_score[1]


def _split_line(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a field over csv's own limit: not a line to learn the shape from
        return []


class _LineTap:
    """Feeds csv.reader one physical line at a time and keeps the current record's raw lines, so a
    problem can be reported at the line a text editor shows, and checked against the text as written.

    It also refuses a line with more columns than a spreadsheet has before csv splits it: csv
    builds the whole row first, and one 50 MB line of two-letter cells is 16 million objects."""

    def __init__(self, stream: IO[str], name: str, delimiter: str) -> None:
        self._stream, self._name, self._delimiter = stream, name, delimiter
        self.count = 0  # lines handed out so far
        self.first_line = 1  # where the current record starts
        self.record: list[str] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._stream)
        self.count += 1
        if (
            line.count(self._delimiter) > limits.MAX_COLUMNS
            and _QUOTED.sub("", line).count(self._delimiter) > limits.MAX_COLUMNS
        ):
            raise SheetError(
                _(
                    "{name}, line {line} has more than {limit} columns, more than a spreadsheet can hold. Check "
                    "that the file is the product list, save it again from Excel and import again."
                ).format(name=self._name, line=self.count, limit=format_count(limits.MAX_COLUMNS))
            )
        self.record.append(line)
        return line

    def start_record(self) -> None:
        self.record.clear()
        self.first_line = self.count + 1


class _CsvReader:
    def __init__(self, name: str, delimiter: str, width: int, nfc_cells: bool) -> None:
        self.name, self.delimiter, self.width, self.nfc_cells = name, delimiter, width, nfc_cells

    def read(self, stream: IO[str]) -> Sheet:
        tap = _LineTap(stream, self.name, self.delimiter)
        reader = csv.reader(tap, delimiter=self.delimiter)
        rows: Sheet = []
        budget = CellBudget(self.name)
        while True:
            tap.start_record()
            try:
                row = next(reader)
            except StopIteration:
                return rows
            except csv.Error as exc:  # a field over csv's limit (128 KB): find it in the raw text
                raise self._overlong(tap, len(rows) + 1) from exc
            if any("\n" in cell or "\r" in cell for cell in row):
                self._check_quotes(tap, row)
            for column, cell in enumerate(row):
                if len(cell) > limits.MAX_CELL_CHARS:
                    raise cell_too_long(self.name, None, len(rows) + 1, column)
            row = trim(row)
            budget.add(row)
            rows.append([_nfc(c) for c in row] if self.nfc_cells else row)

    def _check_quotes(self, tap: _LineTap, row: list[str]) -> None:
        """A quoted cell may hold line breaks (Excel writes multi-line descriptions so); a stray quote
        instead swallows the rows after it. Tell them apart: the record read strictly must be well
        formed (no end of file inside the quote, no text after the closing quote), and no cell may
        be mostly whole rows of the table (see _swallows_rows)."""
        multi_line = [i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell]
        swallowing = [i for i in multi_line if self._swallows_rows(row[i], tap.record)]
        try:
            for _record in csv.reader(tap.record, delimiter=self.delimiter, strict=True):
                pass
        except csv.Error:
            swallowing = swallowing or multi_line[:1]
        if swallowing:  # the quote opens on the record's first line plus the line breaks before it
            before = sum(len(_LINE_BREAK.findall(cell)) for cell in row[: swallowing[0]])
            raise self._stray_quote(tap.first_line + before)

    def _swallows_rows(self, text: str, record: list[str]) -> bool:
        """The lines wholly inside a cell (not its first and last piece) are mostly, and at least two,
        lines that split into a full row of the table. Excel's own multi-line cells are let through
        first: Excel ends rows with \r\n but breaks lines inside a cell with a bare \n."""
        if self.width < 3:  # with one separator per row, ordinary prose looks like a row
            return False
        if "\r" not in text and record[-1].endswith("\r\n"):  # the row end, after the cell
            return False
        inner = _LINE_BREAK.split(text)[1:-1]
        rows = sum(1 for line in inner if len(_split_line(line, self.delimiter)) == self.width)
        return rows >= 2 and 2 * rows > len(inner)

    def _overlong(self, tap: _LineTap, row_number: int) -> SheetError:
        """csv stopped at a field over its limit. Either a stray quote ran on through the file, or one
        cell really is that long: look at the record as written to say which, and where."""
        raw = "".join(tap.record)
        found = _long_field(raw, self.delimiter)
        if found is None:
            return SheetError(
                _(
                    "{name} cannot be read as a table near line {line}. Save it again from Excel and import again."
                ).format(name=self.name, line=tap.count)
            )
        column, start, end = found
        if raw.startswith('"', start) and self._swallows_rows(raw[start + 1 : end], tap.record):
            return self._stray_quote(tap.first_line + len(_LINE_BREAK.findall(raw, 0, start)))
        return cell_too_long(self.name, None, row_number, column)

    def _stray_quote(self, line: int) -> SheetError:
        return SheetError(
            _(
                '{name}, line {line}: a cell starts with a quotation mark (") that is not closed where the cell '
                "ends, so the rows after it run together into one cell. Open the file in a text editor such as "
                "Notepad, go to line {line}, remove the stray quotation mark or add the missing closing one, "
                "and import again."
            ).format(name=self.name, line=line)
        )


def _long_field(raw: str, delimiter: str) -> tuple[int, int, int] | None:
    """(column, start, end) in `raw` of the first field longer than a cell may be, scanning fields as
    csv does: a quoted field runs to its closing quote, doubled quotes inside; others to a separator."""
    d = re.escape(delimiter)
    field = re.compile(rf'"[^"]*(?:""[^"]*)*"?[^{d}\r\n]*|[^{d}\r\n]*')
    pos, column = 0, 0
    while True:
        match = field.match(raw, pos)
        end = match.end() if match else pos
        if end - pos > limits.MAX_CELL_CHARS:
            return column, pos, end
        if not raw.startswith(delimiter, end):
            return None
        pos, column = end + 1, column + 1


def _nfc(cell: str) -> str:
    """cp1258 writes tones as combining marks; NFC makes them the letters everyone else stores."""
    return unicodedata.normalize("NFC", cell)
