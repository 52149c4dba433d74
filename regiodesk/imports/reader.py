"""Reading the lists offices keep: Excel workbooks (.xlsx) and CSV files, as they come.

What arrives is rarely a clean table: a title and a date above the header, merged cells, empty
rows and columns, a "Summe" line at the end, CSV from Excel in Windows-1252 with ';'. This
module turns a file into one :class:`Table` (header and data rows with their row numbers in
the file) and knows nothing about what the columns mean.

No cell is ever evaluated: a formula cell is read as the text of its formula ("=1+1").
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiodesk.domain.errors import DomainError

#: How many rows at the top may hold titles before the header.
HEADER_SEARCH_ROWS = 30
_TOTALS = re.compile(r"^\s*(summe|summen|gesamt|gesamtsumme|insgesamt|total|anzahl|ergebnis)\b", re.I)


class ImportFileError(DomainError):
    """The file cannot be read as a table; the message says why, in German."""


@dataclass(frozen=True)
class SourceRow:
    """A data row: its number in the file (as Excel or an editor shows it) and its cells."""

    number: int
    cells: tuple[Any, ...]

    def get(self, column: int) -> Any:
        return self.cells[column] if column < len(self.cells) else None


@dataclass
class Table:
    """A sheet read as a table: header texts, data rows, what was left out and why."""

    sheet: str
    header_row: int
    headers: list[str]
    rows: list[SourceRow]
    #: Row numbers left out as titles, empty rows or a totals line (for the preview to say so).
    skipped: dict[int, str] = field(default_factory=dict)
    #: Every sheet of the file (one for CSV), for a sheet picker.
    sheets: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- file kinds
def _kind(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise ImportFileError(f"„{path.name}“ ist ein Ordner, keine Datei.") from None
    except FileNotFoundError:
        raise ImportFileError(f"Die Datei „{path}“ gibt es nicht.") from None
    except OSError as error:
        raise ImportFileError(f"Die Datei „{path.name}“ lässt sich nicht lesen ({error.strerror}).") from None
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"„{path.name}“ ist eine alte Excel-Datei (.xls). Bitte in Excel mit „Speichern unter“ als "
            "Excel-Arbeitsmappe (.xlsx) oder als CSV speichern und diese Datei einlesen."
        )
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            f"„{path.name}“ ist ein PDF-Dokument, keine Tabelle. Bitte .xlsx oder .csv wählen."
        )
    return "text"


def _not_a_table(path: Path) -> ImportFileError:
    return ImportFileError(
        f"„{path.name}“ ist keine Tabelle, die regiodesk lesen kann. "
        "Bitte eine Excel-Arbeitsmappe (.xlsx) oder eine CSV-Datei wählen."
    )


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook (a CSV file has one sheet, named after the file)."""
    path = Path(path)
    if _kind(path) == "text":
        _decode(path)  # refuses what is not text
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(
    path: Path, sheet: str | None = None, header_hints: Iterable[str] = (), header_row: int | None = None
) -> Table:
    """Read ``path`` (xlsx or CSV) as a table.

    ``sheet``: a sheet name (default: the first sheet that holds a table). ``header_hints``:
    normalised header names the caller knows (see :func:`header_key`); a row with many of them
    is taken for the header even below several title rows. ``header_row``: the row the user
    says holds the column names (as Excel numbers it), instead of finding it.
    """
    path = Path(path)
    hints = set(header_hints)
    if _kind(path) == "text":
        grid = _read_csv(path)
        table = _to_table(path.stem, grid, hints, path, header_row)
        table.sheets = [path.stem]
        return table
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                f"Das Blatt „{sheet}“ gibt es in „{path.name}“ nicht. Vorhanden: {', '.join(names)}."
            )
        candidates = [sheet] if sheet is not None else names
        first_error: ImportFileError | None = None
        for name in candidates:
            grid = _read_sheet(workbook, name)
            try:
                table = _to_table(name, grid, hints, path, header_row)
                table.sheets = names
                return table
            except ImportFileError as error:
                first_error = first_error or error
        assert first_error is not None
        raise first_error
    finally:
        workbook.close()


# --------------------------------------------------------------------------- xlsx
def _open_workbook(path: Path):
    """The workbook, read by calamine (Rust): 20,000 rows in 0.2 s, where openpyxl takes 3 s."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise ImportFileError(
                    f"„{path.name}“ ist eine LibreOffice-Tabelle (.ods). Bitte als Excel-Arbeitsmappe "
                    "(.xlsx) oder als CSV speichern."
                )
            if "xl/workbook.xml" not in names:
                raise _not_a_table(path)
        return _Workbook(CalamineWorkbook.from_path(str(path)), path)
    except ImportFileError:
        raise
    except PasswordError:
        raise ImportFileError(
            f"„{path.name}“ ist mit einem Kennwort geschützt. Bitte in Excel ohne Kennwort speichern."
        ) from None
    except Exception as error:  # a damaged zip or workbook: say so, do not show a traceback
        raise ImportFileError(
            f"„{path.name}“ lässt sich nicht als Excel-Arbeitsmappe lesen ({type(error).__name__})."
        ) from None


class _Workbook:
    """The worksheets of a calamine workbook by name (chart and macro sheets hold no table)."""

    def __init__(self, book, path: Path):
        from python_calamine import SheetTypeEnum

        self._book = book
        self.path = path
        self.sheetnames = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

    def sheet(self, name: str):
        return self._book.get_sheet_by_name(name)

    def formulas(self, name: str) -> dict[tuple[int, int], str]:
        """The formula text of each formula cell of sheet ``name`` by (row, column), counted from 1.

        calamine gives a formula cell's saved value only; the text comes from the sheet's XML.
        """
        try:
            with zipfile.ZipFile(self.path) as archive:
                member = _sheet_member(archive, name)
                if member is None:  # without the XML no formula could be told from a value
                    raise KeyError(name)
                data = archive.read(member)
        except (KeyError, OSError, zipfile.BadZipFile):
            raise ImportFileError(f"Das Blatt „{name}“ lässt sich nicht lesen.") from None
        return _formula_cells(data)

    def close(self) -> None:
        self._book.close()


def _read_sheet(workbook: _Workbook, name: str) -> list[list[Any]]:
    """The cells of sheet ``name`` by their place in the file (row 1 is grid[0]).

    A formula cell reads as its formula text; a cell of a merged range has the value of the
    range's top-left cell.
    """
    try:
        sheet = workbook.sheet(name)
        raw = sheet.to_python(skip_empty_area=False)
        merged = sheet.merged_cell_ranges or []
    except Exception as error:
        kind = type(error).__name__
        raise ImportFileError(f"Das Blatt „{name}“ lässt sich nicht lesen ({kind}).") from None
    grid = [[_value(v) for v in row] for row in raw]
    # A formula is never taken for its value: a stale or missing result would enter the
    # database unseen. The cell reads as its formula text ("=B2*2"), which no column accepts
    # as a number or an e-mail address, and which a text field keeps as the text it is.
    for (r, c), text in workbook.formulas(name).items():
        while len(grid) < r:
            grid.append([])
        row = grid[r - 1]
        if len(row) < c:
            row.extend([None] * (c - len(row)))
        row[c - 1] = text
    # calamine counts from 0; the ranges here count as Excel does (A1 is row 1, column 1)
    _fill_merged(grid, [(r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in merged])
    return grid


_FORMULA = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)', re.S
)
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')


def _formula_cells(data: bytes) -> dict[tuple[int, int], str]:
    """(row, column) -> "=formula" for every cell of a sheet's XML that holds a formula.

    A copied-down ("shared") formula is written out once; its other cells read as that text.
    """
    if b"<f" not in data and b":f" not in data:
        return {}
    cells: dict[tuple[int, int], str] = {}
    shared: dict[bytes, str] = {}
    for match in _FORMULA.finditer(data):
        letters, row, attributes, body = match.groups()
        index = _SHARED_INDEX.search(attributes)
        if body:
            text = "=" + html.unescape(body.decode("utf-8", errors="replace"))
            if index:
                shared[index.group(1)] = text
        else:
            text = shared.get(index.group(1), "=") if index else "="
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        cells[(int(row), column)] = text
    return cells


def _sheet_member(archive: zipfile.ZipFile, name: str) -> str | None:
    """The zip member holding sheet ``name`` (workbook.xml names it, its relations locate it)."""
    from xml.etree import ElementTree

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


def _value(value: Any) -> Any:
    """A cell as openpyxl gave it: None when empty, an int for a whole number (a PLZ, a count)."""
    if value == "":
        return None
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _fill_merged(grid: list[list[Any]], ranges: Sequence[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range carries the value of its top-left cell (as the reader sees it)."""
    for min_row, min_col, max_row, max_col in ranges:
        if min_row > len(grid):
            continue
        top = grid[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else None
        for r in range(min_row, min(max_row, len(grid)) + 1):
            row = grid[r - 1]
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col, max_col + 1):
                row[c - 1] = value


# --------------------------------------------------------------------------- csv
def _decode(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")  # "Unicode-Text" from Excel
        raise _not_a_table(path)
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (Trennzeichen-getrennt)"


def _delimiter(text: str) -> str:
    """';', ',' or a tab: the one that splits the first lines most evenly (quotes respected)."""
    sample = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", -1.0
    for candidate in (";", ",", "\t"):
        counts = [len(row) for row in csv.reader(sample, delimiter=candidate)]
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        # most rows as wide as the widest one (title rows are narrower), then the width itself
        score = sum(1 for c in counts if c == widest) + widest / 100
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(path: Path) -> list[list[Any]]:
    text = _decode(path)
    if not text.strip():
        raise ImportFileError(f"„{path.name}“ ist leer.")
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if control > 8:
        raise _not_a_table(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    return [list(row) for row in reader]


# --------------------------------------------------------------------------- table
def header_key(text: Any) -> str:
    """A header for matching: 'E-Mail-Adresse:' = 'e-mail adresse' = 'EMailAdresse' -> 'emailadresse'."""
    folded = str(text or "").casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^0-9a-z]+", "", folded)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").strip()
        return value or None
    return value


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and not re.fullmatch(r"[\d\s.,:/+-]*", value)


def _header_score(row: Sequence[Any], hints: set[str]) -> float:
    values = [v for v in row if v is not None]
    distinct = {str(v) for v in values}
    if len(distinct) < 2:  # a title (possibly merged across the row) or a lone value
        return -1
    texts = [v for v in values if _is_text(v)]
    if len(texts) < len(values) * 0.7:  # headers are words, data rows have numbers and dates
        return -1
    known = sum(1 for v in texts if header_key(v) in hints)
    return known * 10 + len(distinct)


def _to_table(
    sheet: str, grid: list[list[Any]], hints: set[str], path: Path, header_row: int | None = None
) -> Table:
    rows = [[_clean(v) for v in row] for row in grid]
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(v is not None for v in row)]
    if not numbered:
        raise ImportFileError(f"Das Blatt „{sheet}“ in „{path.name}“ ist leer.")
    best, best_score = None, 0.0
    if header_row is not None:
        if header_row not in {n for n, _row in numbered}:
            raise ImportFileError(
                f"Zeile {header_row} im Blatt „{sheet}“ ist leer oder gibt es nicht; bitte die Zeile "
                "mit den Spaltennamen angeben."
            )
        best = header_row
    for n, row in numbered[:HEADER_SEARCH_ROWS] if best is None else ():
        score = _header_score(row, hints)
        if score > best_score:
            best, best_score = n, score
    if best is None:
        raise ImportFileError(
            f"Im Blatt „{sheet}“ von „{path.name}“ steht keine Kopfzeile mit Spaltennamen "
            "(z. B. Name, Vorname, E-Mail). Bitte die Spalten in der ersten Zeile benennen."
        )
    skipped = {n: "Überschrift" for n, _row in numbered if n < best}
    header_cells = rows[best - 1]
    data = [(n, row) for n, row in numbered if n > best]
    width = max([len(header_cells), *(len(row) for _n, row in data)])
    used = [
        c
        for c in range(width)
        if (c < len(header_cells) and header_cells[c] is not None)
        or any(c < len(row) and row[c] is not None for _n, row in data)
    ]
    headers: list[str] = []
    seen: dict[str, int] = {}
    for c in used:
        text = str(header_cells[c]) if c < len(header_cells) and header_cells[c] is not None else ""
        text = text or f"Spalte {_column_letter(c)}"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    result = [SourceRow(n, tuple(row[c] if c < len(row) else None for c in used)) for n, row in data]
    result = [r for r in result if any(v is not None for v in r.cells)]
    # A totals line at the end ("Summe", "Gesamt: 312") is no record.
    while result and _is_totals(result[-1]):
        skipped[result[-1].number] = "Summenzeile"
        result.pop()
    return Table(sheet, best, headers, result, skipped)


def _is_totals(row: SourceRow) -> bool:
    values = [v for v in row.cells if v is not None]
    if not values or not isinstance(values[0], str) or not _TOTALS.match(values[0]):
        return False
    return all(not _is_text(v) or v.startswith("=") for v in values[1:]) or len(values) <= 2


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
