"""Import files that are broken, odd or hostile (issue #16): each is refused with a message that says
what is wrong and how to fix it, through the service and through the real CLI, and the catalogue
is left as it was. Odd-but-honest files (UTF-16 "Unicode text", old Mac line endings, multi-line
cells) import. The 1 GiB cases run for real in a child process whose address space is capped."""

from __future__ import annotations

import codecs
import io
import os
import resource
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

import pytest
from openpyxl import Workbook

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.render import sheet_bounds
from ocopdesk.render.sheets import read_tables
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.importer import import_file

GiB = 1 << 30
HEADER = "Mã SP,Tên sản phẩm,Giá bán,Đơn vị tính,Mô tả"
GOOD_ROW = "MO-1,Mật ong rừng,250.000,chai,Mật ong hoa rừng Như Xuân"
SEED = "SEED-1,Nước mắm Nghi Sơn,95.000,chai,Đậm đà\n"


@dataclass
class CliResult:
    code: int
    out: str
    err: str
    max_rss_mb: float


def run_cli(db: Path, file: Path, memory_limit: int | None = None) -> CliResult:
    """`ocopdesk --db DB import FILE` in a real child process. With `memory_limit` its address space is
    capped (so a reader that loads a 1 GiB file dies of MemoryError instead of eating the machine),
    and its peak resident memory is measured with wait4."""

    def cap() -> None:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    out, err, peak = db.parent / "cli.out", db.parent / "cli.err", db.parent / "cli.peak"
    # Linux counts the memory of the process a child was forked from in the child's peak (it survives
    # exec), and this test process is large: a small Python in between forks the CLI and reports its peak.
    middle = (
        "import os, sys\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])\n"
        "_pid, status, usage = os.wait4(pid, 0)\n"
        "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
        "sys.exit(os.waitstatus_to_exitcode(status))\n"
    )
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.run(
            [sys.executable, "-c", middle, str(peak), "-m", "ocopdesk", "--db", str(db), "import", str(file)],
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, "OCOPDESK_LANG": "en"},
            preexec_fn=cap,
            check=False,
        )
    return CliResult(proc.returncode, out.read_text(), err.read_text(), int(peak.read_text()) / 1024)


def seeded_catalogue(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A catalogue with one product, so "unchanged" means more than "still empty"."""
    db = tmp_path / "seeded.sqlite"
    seed = tmp_path / "seed.csv"
    seed.write_text(HEADER + "\n" + SEED, encoding="utf-8")
    service = CatalogService.open(db)
    try:
        import_file(service, seed)
        return db, catalogue_rows(service)
    finally:
        service.close()


def catalogue_rows(service: CatalogService) -> list[tuple[str, str]]:
    return [(s.sku, s.name) for s in service.summaries(service.search(ProductFilter()))]


def assert_refused(tmp_path: Path, file: Path, *expected: str, memory_limit: int | None = None) -> CliResult:
    """Refused through the service and through the CLI, with the message, and nothing written."""
    db, before = seeded_catalogue(tmp_path)
    result = run_cli(db, file, memory_limit)  # first, under the memory cap: a reader that loads it all dies here
    assert result.code == 1, result.err
    assert "Unexpected error" not in result.err and "Traceback" not in result.err
    for text in expected:
        assert text in result.err
    service = CatalogService.open(db)
    try:
        assert catalogue_rows(service) == before
        with pytest.raises(OcopDeskError) as caught:
            import_file(service, file)
        for text in expected:
            assert text in caught.value.message
        assert catalogue_rows(service) == before
    finally:
        service.close()
    return result


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- Quotes ------------------------------------------------------------------------------------------

SWALLOWED = "MO-3,Nước mắm,95.000,chai,Đậm đà\nMO-4,Trà shan tuyết,30.000,gói,Thơm\n"


@pytest.mark.parametrize(
    "ending",
    [
        pytest.param('MO-5,Bánh gai,10.000,cái,"Gói lá"\n', id="closed-by-a-later-quoted-cell"),
        pytest.param("MO-5,Bánh gai,10.000,cái,Gói lá\n", id="never-closed"),
        pytest.param('MO-5,Ống tre 10",10.000,cái,Dài\n', id="closed-by-an-inch-mark-before-a-comma"),
    ],
)
@pytest.mark.parametrize("row_end", ["\n", "\r\n"])
def test_a_stray_quote_that_swallows_rows_is_refused_at_the_line_it_opens(
    tmp_path: Path, ending: str, row_end: str
) -> None:
    # Line 3 opens a quote that is not closed at its cell's end; the old reader made rows 3–6 one name.
    text = f'{HEADER}\n{GOOD_ROW}\nMO-2,"Mật ong bạc hà,120.000,hũ,Ngọt\n{SWALLOWED}{ending}'.replace("\n", row_end)
    assert_refused(tmp_path, write(tmp_path / "quote.csv", text), "quote.csv, line 3", 'quotation mark (")')


def test_a_stray_quote_in_a_long_file_is_reported_as_a_quote_not_as_a_long_cell(tmp_path: Path) -> None:
    # With no other quote below it, the cell runs past csv's own 128 KB field limit.
    rows = "".join(f"SP-{n},Sản phẩm số {n},{n}.000,hộp,Mô tả {n}\n" for n in range(4000))
    text = f'{HEADER}\n{GOOD_ROW}\n"MO-2,Mật ong bạc hà,120.000,hũ,Ngọt\n{rows}'
    assert len(text) > 131_072
    assert_refused(tmp_path, write(tmp_path / "quote.csv", text), "quote.csv, line 3", "Notepad")


@pytest.mark.parametrize(
    ("description", "row_end"),
    [
        # Excel: rows end \r\n, breaks inside a cell are a bare \n; these inner lines even split into 5 fields.
        pytest.param(
            'Giới thiệu\nThành phần: mật ong, phấn hoa, sáp, keo, nước\nDùng: pha, uống, sáng, tối, ấm\n"Loại 1"',
            "\r\n",
            id="excel-crlf",
        ),
        # \n everywhere (LibreOffice on Linux, scripts): comma-heavy lines among prose are still prose.
        pytest.param(
            "Giới thiệu\nThành phần: mật ong, phấn hoa, sáp, keo, nước\nCông dụng: bồi bổ\n"
            "Dùng: pha, uống, sáng, tối, ấm\nBảo quản: nơi khô\nHết",
            "\n",
            id="lf-only",
        ),
    ],
)
def test_quoted_multi_line_cells_still_import(
    service: CatalogService, tmp_path: Path, description: str, row_end: str
) -> None:
    quoted = '"' + description.replace('"', '""') + '"'
    rows = [HEADER, GOOD_ROW, f"MO-2,Mật ong bạc hà,120.000,hũ,{quoted}", "MO-3,Trà,30.000,gói,Thơm"]
    report = import_file(service, write(tmp_path / "multi.csv", row_end.join(rows) + row_end))
    assert (report.created, report.rows) == (3, 3)
    assert service.product_by_sku("MO-2").product.description == description
    assert service.product_by_sku("MO-3").product.name == "Trà"


# --- Control characters --------------------------------------------------------------------------------


def test_nul_and_other_control_characters_are_never_stored(service: CatalogService, tmp_path: Path) -> None:
    text = f"{HEADER}\nMO-\x001,Mật\x00 ong\x01 rừng\x1b,250.000,chai\x7f,Dòng một\x0bDòng hai\x00\tcuối\x85hết\n"
    import_file(service, write(tmp_path / "nul.csv", text))
    product = service.product_by_sku("MO-1").product
    assert (product.name, product.unit) == ("Mật ong rừng", "chai")
    assert product.description == "Dòng một\nDòng hai\tcuối\nhết"  # VT and NEL are line breaks; tab stays
    for field in fields(product):
        value = getattr(product, field.name)
        assert not isinstance(value, str) or not any(ord(c) < 32 and c not in "\t\n" for c in value), field
    listed = run_cli(tmp_path / "cli.sqlite", write(tmp_path / "nul2.csv", text))
    assert listed.code == 0, listed.err
    cli_service = CatalogService.open(tmp_path / "cli.sqlite")
    try:
        assert cli_service.product_by_sku("MO-1").product.name == "Mật ong rừng"
    finally:
        cli_service.close()


# --- Encodings, separators, line endings ------------------------------------------------------------

EXCEL_UNICODE_TEXT = (
    "DANH MỤC SẢN PHẨM OCOP - HTX NHƯ XUÂN\r\n"
    "\r\n"
    "Mã SP\tTên sản phẩm\tGiá bán\tĐơn vị tính\tMô tả\r\n"
    'MO-1\tMật ong rừng Như Xuân\t250.000\tchai\t"Mật ong nguyên chất\r\nKhông đường, không phẩm màu"\r\n'
    "NM-2\tNước mắm Nghi Sơn 40 độ đạm\t95.000\tchai\tĐậm đà\r\n"
    "KD-3\tKhoai deo Đồng Hới\t60.000\tgói\tDẻo, thơm\r\n"
)


@pytest.mark.parametrize(
    ("encode", "suffix"),
    [
        pytest.param(lambda t: t.encode("utf-16"), ".txt", id="utf-16-le-bom-as-excel-saves"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), ".txt", id="utf-16-be-bom"),
        pytest.param(lambda t: t.encode("utf-16-le"), ".csv", id="utf-16-le-no-bom"),
        pytest.param(lambda t: t.encode("utf-16-be"), ".csv", id="utf-16-be-no-bom"),
        pytest.param(lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), ".csv", id="utf-32-le-bom"),
        pytest.param(lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"), ".csv", id="utf-32-be-bom"),
        pytest.param(lambda t: t.encode("utf-8-sig"), ".tsv", id="utf-8-bom"),
        pytest.param(lambda t: t.replace("\t", ";").replace("\r\n", "\r").encode(), ".csv", id="semicolon-cr-only"),
    ],
)
def test_unicode_text_files_import_with_vietnamese_intact(
    service: CatalogService, tmp_path: Path, encode: object, suffix: str
) -> None:
    path = tmp_path / f"danh-muc{suffix}"
    path.write_bytes(encode(EXCEL_UNICODE_TEXT))  # type: ignore[operator]
    report = import_file(service, path)
    assert (report.created, report.rows) == (3, 3)
    assert service.product_by_sku("MO-1").product.name == "Mật ong rừng Như Xuân"
    assert service.product_by_sku("NM-2").product.name == "Nước mắm Nghi Sơn 40 độ đạm"
    assert service.product_by_sku("KD-3").product.description == "Dẻo, thơm"
    description = service.product_by_sku("MO-1").product.description
    assert description.splitlines() == ["Mật ong nguyên chất", "Không đường, không phẩm màu"]


def test_excel_unicode_text_imports_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(EXCEL_UNICODE_TEXT.encode("utf-16"))
    result = run_cli(tmp_path / "cli.sqlite", path)
    assert (result.code, result.out.strip()) == (0, "Imported 3 of 3 rows: 3 new, 0 updated."), result.err
    service = CatalogService.open(tmp_path / "cli.sqlite")
    try:
        assert service.product_by_sku("KD-3").product.name == "Khoai deo Đồng Hới"
    finally:
        service.close()


def test_old_mac_line_endings_give_one_row_per_line(service: CatalogService, tmp_path: Path) -> None:
    text = f'{HEADER}\r{GOOD_ROW}\rMO-2,Trà,30.000,gói,"Hai\rdòng"\rMO-3,Bánh gai,10.000,cái,Gói lá\r'
    report = import_file(service, write(tmp_path / "mac.csv", text))
    assert (report.created, report.rows) == (3, 3)
    assert service.product_by_sku("MO-2").product.description.splitlines() == ["Hai", "dòng"]


def test_a_file_that_says_utf_16_but_is_damaged_is_refused(tmp_path: Path) -> None:
    data = EXCEL_UNICODE_TEXT.encode("utf-16") + b"\x00\xd8"  # ends in half a surrogate pair
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    assert_refused(tmp_path, path, "damaged.txt looks like UTF-16 text", "CSV UTF-8")


# --- Size of one cell --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "length",
    [
        pytest.param(40_000, id="over-excel-limit"),
        pytest.param(200_000, id="over-csv-module-limit"),
    ],
)
@pytest.mark.parametrize("quoted", [False, True])
def test_a_cell_longer_than_excel_allows_is_refused_naming_row_and_column(
    tmp_path: Path, length: int, quoted: bool
) -> None:
    cell = "Mật ong " * (length // 8)
    if quoted:
        cell = f'"{cell}, thật dài"'
    text = f"{HEADER}\n{GOOD_ROW}\nMO-2,Trà,30.000,gói,{cell}\n"
    assert_refused(tmp_path, write(tmp_path / "long.csv", text), "row 3, column E", "32,767 characters")


def test_the_cell_limit_is_excels_32767_characters(tmp_path: Path) -> None:
    fits = write(tmp_path / "fits.csv", f"{HEADER}\nMO-1,Trà,1,gói,{'x' * 32_767}\n")
    assert len(read_tables(fits)[0][1][1][4]) == 32_767
    over = write(tmp_path / "over.csv", f"{HEADER}\nMO-1,Trà,1,gói,{'x' * 32_768}\n")
    with pytest.raises(OcopDeskError, match="row 2, column E"):
        read_tables(over)


# --- Size of the file --------------------------------------------------------------------------------


def test_a_1_gib_csv_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # one 1 GiB cell: written sparse, so the test costs no disk
        f.write(f'{HEADER}\nMO-1,"'.encode())
        f.seek(GiB, io.SEEK_CUR)
        f.write(b'",1,chai,x\n')
    assert path.stat().st_size > GiB
    result = assert_refused(tmp_path, path, "huge.csv is 1,025 MB", "up to 50 MB", "Split", memory_limit=GiB)
    assert result.max_rss_mb < 200


def test_the_csv_size_cap_is_checked_on_the_file_size(
    service: CatalogService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "sp.csv", f"{HEADER}\n{GOOD_ROW}\n")
    monkeypatch.setattr(sheet_bounds, "MAX_CSV_BYTES", path.stat().st_size - 1)
    with pytest.raises(OcopDeskError, match=r"sp\.csv is 1 MB; OCOPDesk imports \.csv files up to 0 MB"):
        import_file(service, path)
    monkeypatch.setattr(sheet_bounds, "MAX_CSV_BYTES", path.stat().st_size)
    assert import_file(service, path).created == 1


def xlsx_with_sheet(path: Path, sheet_xml_parts: list[bytes], repeat: tuple[bytes, int] | None = None) -> Path:
    """A real workbook (openpyxl's own parts) whose sheet1.xml is streamed in: `parts`, with
    `repeat` = (chunk, times) written between the first part and the rest, so a 1 GiB cell is
    built a chunk at a time, compressed, never held in memory."""
    wb = Workbook()
    wb.active.title = "Sản phẩm"
    template = io.BytesIO()
    wb.save(template)
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, src.read(info.filename))
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(sheet_xml_parts[0])
            if repeat:
                for _n in range(repeat[1]):
                    sheet.write(repeat[0])
            for part in sheet_xml_parts[1:]:
                sheet.write(part)
    return path


SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def inline_row(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(ord("A") + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def test_a_workbook_with_a_1_gib_cell_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = xlsx_with_sheet(
        tmp_path / "huge.xlsx",
        [
            SHEET_OPEN
            + b"<sheetData>"
            + inline_row(1, HEADER.split(","))
            + b'<row r="2"><c r="B2" t="inlineStr"><is><t>',
            b"</t></is></c></row></sheetData></worksheet>",
        ],
        repeat=(b"a" * (1 << 20), 1024),
    )
    assert path.stat().st_size < 10 * (1 << 20)  # a zip bomb: small on disk
    result = assert_refused(tmp_path, path, "huge.xlsx unpacks to more than 100 MB", "Split", memory_limit=GiB)
    assert result.max_rss_mb < 200


def test_a_workbook_that_understates_its_unpacked_size_is_refused_as_damaged(tmp_path: Path) -> None:
    """The cap reads the sizes the zip declares; zipfile stops a part at its declared size and then
    fails the checksum, so lying about the size cannot get more than the cap read."""
    path = xlsx_with_sheet(
        tmp_path / "liar.xlsx",
        [
            SHEET_OPEN + b"<sheetData>" + inline_row(1, HEADER.split(",")) + inline_row(2, ["MO-1", "Trà", "x" * 5000]),
            b"</sheetData></worksheet>",
        ],
    )
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name))  # its central-directory record
    struct.pack_into("<L", data, entry + 24, 300)  # "uncompressed size: 300 bytes"
    path.write_bytes(bytes(data))
    assert_refused(tmp_path, path, "liar.xlsx is not a valid .xlsx workbook")


def test_a_workbook_claiming_the_whole_grid_reads_only_its_real_cells(tmp_path: Path) -> None:
    """Formatted-but-empty rows under the table are common, and some tools declare the used range
    as the whole grid, <dimension ref="A1:XFD1048576"/>. The old reader padded every row to 16,384
    columns (10,000 rows: 1.3 GB of empty cells); rows are now read as they are, in bounded memory."""
    formatted = b"".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>'.encode() for n in range(3, 10_003))
    path = xlsx_with_sheet(
        tmp_path / "grid.xlsx",
        [
            SHEET_OPEN
            + b'<dimension ref="A1:XFD1048576"/><sheetData>'
            + inline_row(1, HEADER.split(","))
            + inline_row(2, GOOD_ROW.split(","))
            + formatted
            + b"</sheetData></worksheet>"
        ],
    )
    result = run_cli(tmp_path / "grid.sqlite", path, memory_limit=GiB)
    assert (result.code, result.out.strip()) == (0, "Imported 1 of 1 rows: 1 new, 0 updated."), result.err
    assert result.max_rss_mb < 200


def test_a_file_of_too_many_cells_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_bounds, "MAX_CELLS", 1000)
    blank_lines = write(tmp_path / "blank.csv", f"{HEADER}\n{GOOD_ROW}\n" + "\n" * 2000)
    with pytest.raises(OcopDeskError, match=r"blank\.csv has more than 1,000 cells"):
        read_tables(blank_lines)
    padded = write(tmp_path / "padded.csv", f"{HEADER}\n" + f"{GOOD_ROW}{',' * 5000}\n" * 100)
    assert len(read_tables(padded)[0][1]) == 101  # empty cells at row ends cost nothing


def test_a_long_cell_in_a_workbook_is_refused_naming_sheet_row_and_column(tmp_path: Path) -> None:
    # openpyxl cuts what it writes to 32,767 characters, as Excel does; another tool may not.
    row = [*GOOD_ROW.split(",")[:4], "x" * 40_000]
    sheet = SHEET_OPEN + b"<sheetData>" + inline_row(1, HEADER.split(",")) + inline_row(2, row)
    path = xlsx_with_sheet(tmp_path / "long.xlsx", [sheet + b"</sheetData></worksheet>"])
    assert_refused(tmp_path, path, "sheet “Sản phẩm”: the cell in row 2, column E", "32,767 characters")


def test_a_line_with_more_columns_than_a_spreadsheet_is_refused_before_csv_splits_it(tmp_path: Path) -> None:
    """48 MB on one line, 16 million two-letter cells: under the size cap, but csv would build them all
    (1.3 GB) before any row could be counted. The line is refused as it is read."""
    path = tmp_path / "wide.csv"
    with path.open("wb") as f:
        f.write(f"{HEADER}\n".encode())
        for _n in range(16):
            f.write(b"ab," * 1_000_000)
        f.write(b"\n")
    assert path.stat().st_size < 50 * 2**20  # under the CSV size cap
    expected = "wide.csv, line 2 has more than 16,384 columns"
    result = assert_refused(tmp_path, path, expected, memory_limit=GiB)
    assert result.max_rss_mb < 300


def test_separators_inside_quoted_cells_are_not_columns(tmp_path: Path) -> None:
    commas = "," * 20_000
    path = write(tmp_path / "commas.csv", f'{HEADER}\nMO-1,Trà,1,gói,"{commas}"\n')
    assert read_tables(path)[0][1][1] == ["MO-1", "Trà", "1", "gói", commas]
