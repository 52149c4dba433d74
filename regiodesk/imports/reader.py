"""Reading the lists offices keep: workbooks (.xlsx, .ods, .xls) and CSV files, as they come.

What arrives is rarely a clean table: a title and a date above the header, merged cells, empty
rows and columns, a "Summe" line at the end, CSV from Excel in Windows-1252 with ';'. This
module turns a file into one :class:`Table` (header and data rows with their row numbers in
the file) and knows nothing about what the columns mean.

No cell is ever evaluated: a formula cell is read with the value saved beside it, or as the
text of its formula when none was saved (see :mod:`regiodesk.imports.workbook`). Control
characters (Word's line break U+000B, NUL, bidirectional overrides) are removed from every
cell as it is read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiodesk.domain.text import clean_text
from regiodesk.i18n import tr
from regiodesk.imports.workbook import (
    FormulaCell,
    ImportFileError,
    Workbook,
    check_file_size,
    check_range,
    column_letter,
)

#: How many rows at the top may hold titles before the header.
HEADER_SEARCH_ROWS = 30
_TOTALS = re.compile(r"^\s*(summe|summen|gesamt|gesamtsumme|insgesamt|total|anzahl|ergebnis)\b", re.I)


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
    #: (row number, column index in ``headers``) -> the formula of that cell
    formulas: dict[tuple[int, int], FormulaCell] = field(default_factory=dict)
    #: Row number -> why the row cannot be read as a record at all (a CSV line that does not fit)
    row_errors: dict[int, str] = field(default_factory=dict)
    #: The sheet column (0 = A) of each header, for naming a cell as Excel does
    columns: list[int] = field(default_factory=list)

    def cell_name(self, number: int, column: int) -> str:
        """'G6' for row 6 of the header ``column`` whose sheet column is G."""
        sheet_column = self.columns[column] if column < len(self.columns) else column
        return f"{column_letter(sheet_column)}{number}"


# --------------------------------------------------------------------------- file kinds
def _kind(path: Path) -> str:
    """xlsx, ods, xls or text (CSV); anything else is refused with the reason."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        check_file_size(path)
    except IsADirectoryError:
        raise ImportFileError(tr("„{path_name}“ ist ein Ordner, keine Datei.", path_name=path.name)) from None
    except FileNotFoundError:
        raise ImportFileError(tr("Die Datei „{path}“ gibt es nicht.", path=path)) from None
    except OSError as error:
        raise ImportFileError(
            tr(
                "Die Datei „{path_name}“ lässt sich nicht lesen ({error_strerror}).",
                path_name=path.name,
                error_strerror=error.strerror,
            )
        ) from None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype")[:100]:
                    return "ods"
                if "xl/workbook.xml" in names:
                    return "xlsx"
        except (zipfile.BadZipFile, OSError, KeyError):
            raise ImportFileError(
                tr(
                    "„{path_name}“ lässt sich nicht als Excel-Arbeitsmappe lesen (beschädigte Zip-Datei).",
                    path_name=path.name,
                )
            ) from None
        raise _not_a_table(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"%PDF"):
        raise ImportFileError(
            tr(
                "„{path_name}“ ist ein PDF-Dokument, keine Tabelle. Bitte .xlsx, .ods, "
                ".xls oder .csv wählen.",
                path_name=path.name,
            )
        )
    return "text"


def _not_a_table(path: Path) -> ImportFileError:
    return ImportFileError(
        f"„{path.name}“ ist keine Tabelle, die regiodesk lesen kann. "
        "Bitte eine Excel-Arbeitsmappe (.xlsx, .xls), eine LibreOffice-Tabelle (.ods) oder eine "
        "CSV-Datei wählen."
    )


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook (a CSV file has one sheet, named after the file)."""
    path = Path(path)
    kind = _kind(path)
    if kind == "text":
        _decode(path)  # refuses what is not text
        return [path.stem]
    workbook = _open_workbook(path, kind)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


def read_table(
    path: Path, sheet: str | None = None, header_hints: Iterable[str] = (), header_row: int | None = None
) -> Table:
    """Read ``path`` (xlsx, ods, xls or CSV) as a table.

    ``sheet``: a sheet name (default: the first sheet that holds a table). ``header_hints``:
    normalised header names the caller knows (see :func:`header_key`); a row with many of them
    is taken for the header even below several title rows. ``header_row``: the row the user
    says holds the column names (as Excel numbers it), instead of finding it.
    """
    path = Path(path)
    hints = set(header_hints)
    kind = _kind(path)
    if kind == "text":
        grid, delimiter = _read_csv(path)
        check_range(path.stem, len(grid), max(map(len, grid), default=0))
        table = _to_table(path.stem, grid, hints, path, header_row, delimiter=delimiter)
        table.sheets = [path.stem]
        return table
    workbook = _open_workbook(path, kind)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise ImportFileError(
                tr(
                    "Das Blatt „{sheet}“ gibt es in „{path_name}“ nicht. Vorhanden: {names}.",
                    sheet=sheet,
                    path_name=path.name,
                    names=", ".join(names),
                )
            )
        candidates = [sheet] if sheet is not None else names
        first_error: ImportFileError | None = None
        for name in candidates:
            grid, formulas = workbook.grid(name)
            try:
                table = _to_table(name, grid, hints, path, header_row, formulas=formulas)
                table.sheets = names
                return table
            except ImportFileError as error:
                first_error = first_error or error
        assert first_error is not None
        raise first_error
    finally:
        workbook.close()


def _open_workbook(path: Path, kind: str) -> Workbook:
    """The workbook, read by calamine (Rust): 20,000 rows in 0.2 s, where openpyxl takes 3 s."""
    from python_calamine import PasswordError

    try:
        return Workbook(path, kind)
    except ImportFileError:
        raise
    except PasswordError:
        raise ImportFileError(
            tr(
                "„{path_name}“ ist mit einem Kennwort geschützt. Bitte ohne Kennwort speichern.",
                path_name=path.name,
            )
        ) from None
    except Exception as error:  # a damaged zip or workbook: say so, do not show a traceback
        what = "LibreOffice-Tabelle" if kind == "ods" else "Excel-Arbeitsmappe"
        raise ImportFileError(
            tr(
                "„{path_name}“ lässt sich nicht als {what} lesen ({error_kind}).",
                path_name=path.name,
                what=what,
                error_kind=type(error).__name__,
            )
            if kind != "xls"
            else tr(
                "„{path_name}“ ist eine alte Excel-Datei (.xls), die sich nicht lesen "
                "lässt ({error_kind}). Bitte in Excel als Arbeitsmappe (.xlsx) "
                "speichern.",
                path_name=path.name,
                error_kind=type(error).__name__,
            )
        ) from None


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


def _read_csv(path: Path) -> tuple[list[list[Any]], str]:
    """The rows of a CSV file and its delimiter (detected once, for the whole file)."""
    text = _decode(path)
    if not text.strip():
        raise ImportFileError(tr("„{path_name}“ ist leer.", path_name=path.name))
    # Binary data has many control characters; Word's and Outlook's line breaks (U+000B, U+000C)
    # inside a cell are text and are cleaned later.
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\x0b\x0c")
    if control > 8:
        raise _not_a_table(path)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [list(row) for row in reader], delimiter


_DELIMITER_NAMES = {";": "Semikolon", ",": "Komma", "\t": "Tabulator"}


def _csv_misfit(row: Sequence[Any], width: int, delimiter: str) -> str | None:
    """Why a CSV line does not fit the header: more cells than columns, or the whole line in one
    cell because it was written with another delimiter. None if it fits."""
    cells = list(row)
    while cells and cells[-1] is None:
        cells.pop()
    name = _DELIMITER_NAMES.get(delimiter, delimiter)
    if len(cells) > width:
        return (
            f"Die Zeile hat {len(cells)} Felder, die Kopfzeile {width} Spalten (Trennzeichen: {name}). "
            "Bitte die Zeile prüfen: vermutlich ein Trennzeichen zu viel oder ein anderes Trennzeichen."
        )
    filled = [v for v in cells if v is not None]
    if width >= 3 and len(filled) == 1 and isinstance(filled[0], str):
        for other in _DELIMITER_NAMES:
            if other != delimiter and len(filled[0].split(other)) >= max(2, (width + 1) // 2):
                return (
                    f"Die ganze Zeile steht in einem Feld: sie ist mit {_DELIMITER_NAMES[other]} statt "
                    f"{name} getrennt. Bitte die Datei mit einem einheitlichen Trennzeichen speichern."
                )
    return None


# --------------------------------------------------------------------------- table
def header_key(text: Any) -> str:
    """A header for matching: 'E-Mail-Adresse:' = 'e-mail adresse' = 'EMailAdresse' -> 'emailadresse'."""
    folded = str(text or "").casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^0-9a-z]+", "", folded)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # multi-line kept here (a note's line breaks); a single-line field folds them when converted
        value = clean_text(value, multiline=True).replace("\u00a0", " ").strip()
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
    sheet: str,
    grid: list[list[Any]],
    hints: set[str],
    path: Path,
    header_row: int | None = None,
    *,
    formulas: dict[tuple[int, int], FormulaCell] | None = None,
    delimiter: str | None = None,
) -> Table:
    rows = [[_clean(v) for v in row] for row in grid]
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(v is not None for v in row)]
    if not numbered:
        raise ImportFileError(
            tr("Das Blatt „{sheet}“ in „{path_name}“ ist leer.", sheet=sheet, path_name=path.name)
        )
    best, best_score = None, 0.0
    if header_row is not None:
        if header_row not in {n for n, _row in numbered}:
            raise ImportFileError(
                tr(
                    "Zeile {header_row} im Blatt „{sheet}“ ist leer oder gibt es nicht; "
                    "bitte die Zeile mit den Spaltennamen angeben.",
                    header_row=header_row,
                    sheet=sheet,
                )
            )
        best = header_row
    for n, row in numbered[:HEADER_SEARCH_ROWS] if best is None else ():
        score = _header_score(row, hints)
        if score > best_score:
            best, best_score = n, score
    if best is None:
        raise ImportFileError(
            tr(
                "Im Blatt „{sheet}“ von „{path_name}“ steht keine Kopfzeile mit "
                "Spaltennamen (z. B. Name, Vorname, E-Mail). Bitte die Spalten in der "
                "ersten Zeile benennen.",
                sheet=sheet,
                path_name=path.name,
            )
        )
    skipped = {n: "Überschrift" for n, _row in numbered if n < best}
    header_cells = rows[best - 1]
    data = [(n, row) for n, row in numbered if n > best]
    row_errors: dict[int, str] = {}
    if delimiter is not None:
        width = len(header_cells)
        while width and header_cells[width - 1] is None:
            width -= 1
        for n, row in data:
            misfit = _csv_misfit(row, width, delimiter)
            if misfit:
                row_errors[n] = misfit
    width = max([len(header_cells), *(len(row) for _n, row in data)])
    used = [
        c
        for c in range(width)
        if (c < len(header_cells) and header_cells[c] is not None)
        or any(c < len(row) and row[c] is not None for n, row in data if n not in row_errors)
    ]
    headers: list[str] = []
    seen: dict[str, int] = {}
    for c in used:
        text = str(header_cells[c]) if c < len(header_cells) and header_cells[c] is not None else ""
        text = clean_text(text) or f"Spalte {column_letter(c)}"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    result = [SourceRow(n, tuple(row[c] if c < len(row) else None for c in used)) for n, row in data]
    result = [r for r in result if any(v is not None for v in r.cells)]
    # A totals line at the end ("Summe", "Gesamt: 312") is no record.
    while result and _is_totals(result[-1]):
        skipped[result[-1].number] = "Summenzeile"
        result.pop()
    table = Table(sheet, best, headers, result, skipped, row_errors=row_errors, columns=used)
    if formulas:
        index = {c: i for i, c in enumerate(used)}
        table.formulas = {
            (r, index[c - 1]): f for (r, c), f in formulas.items() if r > best and c - 1 in index
        }
    return table


def _is_totals(row: SourceRow) -> bool:
    values = [v for v in row.cells if v is not None]
    if not values or not isinstance(values[0], str) or not _TOTALS.match(values[0]):
        return False
    return all(not _is_text(v) or v.startswith("=") for v in values[1:]) or len(values) <= 2


def is_note(row: SourceRow) -> bool:
    """A row with one text cell only: a remark below the list ("Stand 01.03.2026 · erstellt mit …")."""
    values = [v for v in row.cells if v is not None]
    return len(values) == 1 and isinstance(values[0], str)


def drop_note_below_totals(table: Table) -> None:
    """A list ending with a totals line and a note below it (as regiodesk's own export does):
    neither is a record."""
    rows = table.rows
    end = len(rows)
    while end and is_note(rows[end - 1]):
        end -= 1
    if end == len(rows) or not end or not _is_totals(rows[end - 1]):
        return
    for r in rows[end:]:
        table.skipped[r.number] = "Anmerkung"
    table.skipped[rows[end - 1].number] = "Summenzeile"
    del rows[end - 1 :]
