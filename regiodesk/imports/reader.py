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
import io
import re
import warnings
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
    from openpyxl import load_workbook

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
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not know; none matter for values.
            warnings.simplefilter("ignore")
            # data_only=False: a formula cell gives its formula text, never a computed value.
            return load_workbook(path, read_only=True, data_only=False)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged zip or workbook: say so, do not show a traceback
        raise ImportFileError(
            f"„{path.name}“ lässt sich nicht als Excel-Arbeitsmappe lesen ({type(error).__name__})."
        ) from None


def _read_sheet(workbook, name: str) -> list[list[Any]]:
    ws = workbook[name]
    if not hasattr(ws, "reset_dimensions"):  # a chart sheet
        return []
    ws.reset_dimensions()  # some programs write wrong dimensions; read what is there
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        grid = [list(row) for row in ws.iter_rows(values_only=True)]
    _fill_merged(grid, _merged_ranges(workbook, ws))
    return grid


def _merged_ranges(workbook, ws) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range; read-only sheets do not keep them.

    The <mergeCells> element follows the cell data; a byte search finds it without parsing
    the sheet a second time.
    """
    from openpyxl.utils.cell import range_boundaries

    path = getattr(ws, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    if path is None or archive is None:
        return []
    data = archive.read(path)
    start = data.find(b"<mergeCells")
    if start < 0:
        start = data.find(b":mergeCells")  # a namespace prefix (x:mergeCells)
    if start < 0:
        return []
    ranges = []
    for ref in re.findall(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+\d+:[A-Z]+\d+)"', data[start:]):
        min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii"))
        ranges.append((min_row, min_col, max_row, max_col))
    return ranges


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
