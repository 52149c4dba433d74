"""Spreadsheet files (xlsx, ods, xls) read safely: guarded before reading, formulas with their saved values.

A workbook is a zip (xlsx, ods) or a binary file (xls) that says nothing reliable about its own
size: one value in cell XFD1048576 makes a reader allocate the whole grid up to it (512 GiB), one
in XFD2 of a 5,000-row list 3.9 GB, and 1.5 MB of zip unpack to gigabytes. So before calamine
reads anything, this module checks the file size, the unpacked size as the zip's directory
declares it, and the used range of each sheet as its cells give it (never the declared
dimension). Whatever is too large is refused with a German message.

A formula cell is read with the value the spreadsheet program saved beside it (offices keep
``=E4*F4`` in their grant column); the cell is marked so the preview can say so. A formula saved
without a value (written by a script, never opened in Excel) keeps its formula text and is
reported: regiodesk never evaluates a formula.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from regiodesk.domain.errors import DomainError
from regiodesk.i18n import tr

#: The largest file read at all (a list of 50,000 contacts is about 5 MB as xlsx).
MAX_FILE_BYTES = 100 * 2**20
#: The sum of a zip's members unpacked, as its directory declares them (checked before extracting).
MAX_UNPACKED_BYTES = 300 * 2**20
#: The used range of a sheet: no office list has a thousand columns or five million cells.
MAX_COLUMNS = 1000
MAX_CELLS = 5_000_000


class ImportFileError(DomainError):
    """The file cannot be read as a table; the message says why, in German."""


@dataclass(frozen=True)
class FormulaCell:
    """A cell holding a formula: its text ("=E4*F4") and whether a value was saved with it."""

    text: str
    cached: bool


@dataclass
class SheetScan:
    """What a sheet's cells say about it before it is read: the used range and its formulas."""

    rows: int = 0
    columns: int = 0
    #: (row, column), both counted from 1 as Excel does -> the formula of that cell
    formulas: dict[tuple[int, int], FormulaCell] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """'A' for 0, 'AA' for 26, 'XFD' for 16383."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f}".replace(".", ",")


# --------------------------------------------------------------------------- guards
def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            tr(
                "„{name}“ ist {size} MB groß; regiodesk liest Listen bis {limit} MB. Bitte nur das "
                "Blatt mit der Liste in eine neue Datei kopieren und diese einlesen.",
                name=path.name,
                size=_megabytes(size),
                limit=_megabytes(MAX_FILE_BYTES),
            )
        )


def check_unpacked_size(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse a zip whose members would unpack to more than :data:`MAX_UNPACKED_BYTES`.

    First from the zip's directory, before anything is extracted; then each member is unpacked
    in small pieces and thrown away, to catch a member holding more than its directory entry
    says (a forged size, which zipfile's own reading would unpack in full and calamine too).
    """
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            tr(
                "„{name}“ würde entpackt {size} MB belegen (regiodesk liest höchstens {limit} MB). "
                "Die Datei ist beschädigt oder keine gewöhnliche Liste.",
                name=path.name,
                size=_megabytes(total),
                limit=_megabytes(MAX_UNPACKED_BYTES),
            )
        )
    with path.open("rb") as raw:
        for info in archive.infolist():
            if info.compress_type == zipfile.ZIP_DEFLATED and _inflated_size(raw, info) > info.file_size:
                raise ImportFileError(
                    tr(
                        "„{name}“ enthält mehr, als ihr Inhaltsverzeichnis angibt ({member}). Die Datei "
                        "ist beschädigt oder manipuliert und wird nicht gelesen.",
                        name=path.name,
                        member=info.filename,
                    )
                )


def _inflated_size(raw, info: zipfile.ZipInfo) -> int:
    """How many bytes a deflated member really unpacks to, counted up to one past its declared size."""
    import struct
    import zlib

    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise ImportFileError(tr("Die Zip-Datei ist beschädigt."))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    inflate = zlib.decompressobj(-15)
    left, size, limit = info.compress_size, 0, info.file_size + 1
    try:
        while left > 0 and size < limit:
            chunk = raw.read(min(left, 2**16))
            if not chunk:
                break
            left -= len(chunk)
            data = chunk
            while data and size < limit:
                size += len(inflate.decompress(data, 2**20))
                data = inflate.unconsumed_tail
    except zlib.error:
        raise ImportFileError(tr("Die Zip-Datei ist beschädigt.")) from None
    return size


def check_range(sheet: str, rows: int, columns: int) -> None:
    """Refuse a sheet whose used range (from A1) is larger than an office list can be."""
    if columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    raise ImportFileError(
        tr(
            "Das Blatt „{sheet}“ reicht bis Zelle {cell} ({rows} Zeilen, {columns} Spalten); "
            "regiodesk liest höchstens {max_columns} Spalten und {max_cells} Zellen. Wahrscheinlich "
            "steht weit außerhalb der Liste ein einzelner Wert: bitte die Zeilen und Spalten nach "
            "der Liste löschen, speichern und erneut einlesen.",
            sheet=sheet,
            cell=f"{column_letter(max(columns, 1) - 1)}{rows}",
            rows=f"{rows:,}".replace(",", "."),
            columns=f"{columns:,}".replace(",", "."),
            max_columns=f"{MAX_COLUMNS:,}".replace(",", "."),
            max_cells=f"{MAX_CELLS:,}".replace(",", "."),
        )
    )


# --------------------------------------------------------------------------- xlsx: used range, formulas
_XLSX_TOKEN = re.compile(
    rb"<(?:\w+:)?row\b([^>]*?)/?>"
    rb"|<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)",
    re.S,
)
_ATTR_R = re.compile(rb'\br="([A-Z]*)(\d*)"')
_ATTR_T = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v\s*/>|<(?:\w+:)?v\b[^>]*>(.*?)</(?:\w+:)?v>", re.S)
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# Fast path (every cell names its place first, as Excel, LibreOffice and openpyxl write it, and
# no namespace prefix): a literal start lets the regex engine skip ahead, 20,000 rows in 0.2 s.
_FILLED_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"[^>]*(?<!/)>(?!</c>)')
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"([^>]*)>\s*<f\b([^>]*?)(?:/>|>(.*?)</f>)'
    rb"\s*(<v\s*/>|<v\b[^>]*>(.*?)</v>)?",
    re.S,
)


def scan_xlsx_sheet(data: bytes) -> SheetScan:
    """The used range (cells with a value or a formula) and the formula cells of a sheet's XML.

    A copied-down ("shared") formula is written out once; its other cells get that text.
    """
    if b"<c>" in data or b":c " in data or data.count(b"<c ") != data.count(b'<c r="'):
        return _scan_xlsx_cell_by_cell(data)
    scan = SheetScan()
    cells = _FILLED_CELL.findall(data)
    if cells:
        scan.rows = max(map(int, {row for _letters, row in cells}))
        scan.columns = _column_number(max({letters for letters, _row in cells}, key=lambda c: (len(c), c)))
    if b"<f" not in data:
        return scan
    shared: dict[bytes, str] = {}
    for match in _FORMULA_CELL.finditer(data):
        letters, row, cell_attributes, attributes, text_bytes, value, value_text = match.groups()
        index = _SHARED_INDEX.search(attributes or b"")
        if text_bytes:
            text = "=" + html.unescape(text_bytes.decode("utf-8", errors="replace"))
            if index:
                shared[index.group(1)] = text
        else:
            text = shared.get(index.group(1), "=") if index else "="
        kind = _ATTR_T.search(cell_attributes)
        cached = bool(value_text) or bool(
            value and value.endswith(b"</v>") and kind and kind.group(1) == b"str"
        )
        scan.formulas[(int(row), _column_number(letters))] = FormulaCell(text, cached)
    return scan


def _scan_xlsx_cell_by_cell(data: bytes) -> SheetScan:
    """:func:`scan_xlsx_sheet` for XML whose cells may leave out their place (then each cell
    follows the one before it): slower, token by token."""
    scan = SheetScan()
    shared: dict[bytes, str] = {}
    row, column = 0, 0
    for match in _XLSX_TOKEN.finditer(data):
        row_attributes, cell_attributes, body = match.groups()
        if row_attributes is not None:
            found = _ATTR_R.search(row_attributes)
            row = int(found.group(2)) if found and found.group(2) else row + 1
            column = 0
            continue
        found = _ATTR_R.search(cell_attributes)
        if found and found.group(1):
            column = _column_number(found.group(1))
            if found.group(2):
                row = int(found.group(2))
        else:
            column += 1  # a cell without a reference follows the one before it
        if not body:
            continue
        formula = _FORMULA.search(body)
        value = _VALUE.search(body)
        has_value = bool(value and value.group(1)) or b"<is" in body or b":is" in body
        if formula is not None:
            attributes, text_bytes = formula.groups()
            index = _SHARED_INDEX.search(attributes or b"")
            if text_bytes:
                text = "=" + html.unescape(text_bytes.decode("utf-8", errors="replace"))
                if index:
                    shared[index.group(1)] = text
            else:
                text = shared.get(index.group(1), "=") if index else "="
            kind = _ATTR_T.search(cell_attributes)
            # an empty text result is saved as <v></v> with t="str"; openpyxl writes <v/> for none
            cached = has_value or bool(
                value and value.group(0).endswith(b"</v>") and kind and kind.group(1) == b"str"
            )
            scan.formulas[(row, column)] = FormulaCell(text, cached)
        elif not has_value:
            continue
        scan.rows = max(scan.rows, row)
        scan.columns = max(scan.columns, column)
    return scan


def _xlsx_sheet_member(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip member holding sheet ``name`` (workbook.xml names it, its relations locate it)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet" or sheet.get("name") != name:
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid)
        if not target:
            return None
        return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


# --------------------------------------------------------------------------- ods: used range, formulas
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = "{" + _TABLE + "}"
_O = "{" + _OFFICE + "}"


def scan_ods(archive: zipfile.ZipFile) -> dict[str, SheetScan]:
    """Per sheet of an OpenDocument spreadsheet: its used range and formula cells.

    Streamed through content.xml, counting repeated rows and cells as they stand, so a value
    repeated over 16,384 columns is seen for what it is without building it.
    """
    scans: dict[str, SheetScan] = {}
    scan: SheetScan | None = None
    row, column, rows_repeated = 0, 0, 1
    try:
        with archive.open("content.xml") as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = element.tag
                if event == "start":
                    if tag == _T + "table":
                        scan = scans.setdefault(element.get(_T + "name", ""), SheetScan())
                        row = 0
                    elif tag == _T + "table-row":
                        rows_repeated = int(element.get(_T + "number-rows-repeated", "1") or 1)
                        column = 0
                    continue
                if tag in (_T + "table-cell", _T + "covered-table-cell") and scan is not None:
                    repeat = int(element.get(_T + "number-columns-repeated", "1") or 1)
                    formula = element.get(_T + "formula")
                    has_value = element.get(_O + "value-type") is not None
                    if formula is not None or has_value:
                        last_row = row + rows_repeated
                        if formula is not None:
                            text = formula.split(":", 1)[1] if formula.startswith("of:") else formula
                            scan.formulas[(row + 1, column + 1)] = FormulaCell(text, has_value)
                        scan.rows = max(scan.rows, last_row)
                        scan.columns = max(scan.columns, column + repeat)
                    column += repeat
                    element.clear()
                elif tag == _T + "table-row":
                    row += rows_repeated
                    element.clear()
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError) as error:
        raise ImportFileError(
            tr("Die Tabelle lässt sich nicht lesen ({kind}).", kind=type(error).__name__)
        ) from None
    return scans


# --------------------------------------------------------------------------- reading
class Workbook:
    """The worksheets of a workbook by name, each read only after its size was checked."""

    def __init__(self, path: Path, kind: str):
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        self.path, self.kind = path, kind
        self._ods: dict[str, SheetScan] | None = None
        if kind in ("xlsx", "ods"):
            with zipfile.ZipFile(path) as archive:
                check_unpacked_size(archive, path)
                if kind == "ods":
                    self._ods = scan_ods(archive)
        self._book = CalamineWorkbook.from_path(str(path))
        self.sheetnames = [m.name for m in self._book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

    def _scan(self, name: str) -> SheetScan | None:
        if self._ods is not None:
            return self._ods.get(name, SheetScan())
        if self.kind != "xlsx":
            return None  # xls: calamine gives the saved values; its formulas are not told apart
        try:
            with zipfile.ZipFile(self.path) as archive:
                member = _xlsx_sheet_member(archive, name)
                if member is None:  # without the XML the used range is unknown: do not read blind
                    raise KeyError(name)
                data = archive.read(member)
        except (KeyError, OSError, zipfile.BadZipFile):
            raise ImportFileError(tr("Das Blatt „{name}“ lässt sich nicht lesen.", name=name)) from None
        return scan_xlsx_sheet(data)

    def grid(self, name: str) -> tuple[list[list[Any]], dict[tuple[int, int], FormulaCell]]:
        """The cells of sheet ``name`` by their place (row 1 is grid[0]) and its formula cells.

        A formula cell holds its saved value, or its formula text when none was saved. A cell of
        a merged range has the value of the range's top-left cell.
        """
        scan = self._scan(name)
        if scan is not None:
            check_range(name, scan.rows, scan.columns)
        try:
            sheet = self._book.get_sheet_by_name(name)
            if scan is None:  # xls: at most 65,536 x 256 cells; checked before Python lists are built
                first_row, first_column = sheet.start or (0, 0)  # None: an empty sheet
                check_range(name, sheet.height + first_row, sheet.width + first_column)
            raw = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except ImportFileError:
            raise
        except Exception as error:
            kind = type(error).__name__
            raise ImportFileError(
                tr("Das Blatt „{name}“ lässt sich nicht lesen ({kind}).", name=name, kind=kind)
            ) from None
        grid = [[_value(v) for v in row] for row in raw]
        formulas = scan.formulas if scan is not None else {}
        for (r, c), formula in formulas.items():
            if formula.cached:
                continue
            while len(grid) < r:
                grid.append([])
            row = grid[r - 1]
            if len(row) < c:
                row.extend([None] * (c - len(row)))
            row[c - 1] = formula.text  # never evaluated: the text, reported by the pipeline
        # calamine counts from 0; the ranges here count as Excel does (A1 is row 1, column 1)
        _fill_merged(grid, [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in merged])
        return grid, formulas

    def close(self) -> None:
        self._book.close()


def _value(value: Any) -> Any:
    """A cell as a person reads it: None when empty, an int for a whole number (a PLZ, a count)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _fill_merged(grid: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range carries the value of its top-left cell (as the reader sees it)."""
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(grid) or max_col > MAX_COLUMNS:
            continue
        top = grid[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(grid)) + 1):
            row = grid[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value
