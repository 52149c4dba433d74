"""The one way regiodesk writes Excel files: a real table a clerk can work with.

Bold frozen header, autofilter, sensible widths, real numbers and dates with German-looking
formats (€, %, TT.MM.JJJJ), an optional totals row; and no value from user data ever becomes
a formula (a text starting with =, +, - or @ is written as text).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from regiodesk.domain.text import clean_text
from regiodesk.services.fields import Kind

MONEY_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.0 %"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMULA_START = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E4E9EF")
TOTAL_FONT = Font(bold=True)


@dataclass(frozen=True)
class SheetColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None
    total: bool = False


@dataclass
class Sheet:
    title: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Any]]
    totals_label: str = "Summe"
    note: str = ""
    _totals: dict[int, Decimal] = field(default_factory=dict)


def cell_value(kind: Kind, value: Any) -> Any:
    """Our stored value as Excel should hold it: euros from cents, fractions from basis points."""
    if value is None or value == "":
        return None
    if kind is Kind.MONEY:
        return Decimal(value) / 100
    if kind is Kind.PERCENT:
        return Decimal(value) / 10000
    if kind is Kind.BOOL:
        return "ja" if value else "nein"
    return value


_FORMATS = {
    Kind.MONEY: MONEY_FORMAT,
    Kind.PERCENT: PERCENT_FORMAT,
    Kind.DATE: DATE_FORMAT,
    Kind.DATETIME: DATETIME_FORMAT,
    Kind.INT: "0",
}


def _format(kind: Kind) -> str | None:
    return _FORMATS.get(kind)


def _text(value: str) -> str:
    """Text as a cell may hold it: no control characters (openpyxl refuses them, Excel too).

    The entry points clean what they store; this is for what a file held before they did.
    Line breaks stay (Excel shows them in a wrapped cell).
    """
    return clean_text(value, multiline=True)


def _cell(sheet, value: Any, kind: Kind, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        value = _text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"  # text, never a formula
    number_format = _format(kind)
    if number_format and value is not None and not isinstance(value, str):
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if kind in (Kind.MULTILINE,):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


class _DataCell(Cell):
    """A styled data cell. openpyxl's write-only ``append`` first tries each value as a plain one
    and names it in the error it then catches; a short name saves a tenth of the export's time."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<Zelle>"


class _Cells:
    """The data cells of one sheet, made cheaply: most of an export's time goes into its cells.

    A value Excel needs nothing more for (plain text, a number in a text column) is handed to
    openpyxl as it is. A cell with a number format, a wrapped text or a text that looks like a
    formula gets the style of one template cell per kind: setting ``number_format`` on every cell
    would look the format up in the workbook again each time.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.styles: dict[Kind, Any] = {}

    def _style(self, kind: Kind):
        style = self.styles.get(kind)
        if style is None:
            template = _cell(self.sheet, 0 if _format(kind) else "", kind)
            style = self.styles[kind] = template._style
        return style

    def __call__(self, value: Any, kind: Kind) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = _text(value)
            formula = value.startswith(FORMULA_START)
            if not formula and kind is not Kind.MULTILINE:
                return value
            cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind))
            cell.value = value
            if formula:
                cell.data_type = "s"  # text, never a formula
            return cell
        if kind not in _FORMATS or kind is Kind.INT:  # a whole number shows as such without a format
            return value
        cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind))
        cell.value = value  # the date format is set already, so openpyxl does not set its own
        return cell


def _width(column: SheetColumn, samples: list[Any]) -> float:
    if column.width:
        return column.width
    lengths = [len(column.header)]
    for value in samples:
        if isinstance(value, (date, datetime)):
            lengths.append(10 if isinstance(value, date) and not isinstance(value, datetime) else 16)
        elif isinstance(value, Decimal):
            lengths.append(len(f"{value:,.2f}") + 2)
        elif value is not None:
            lengths.append(min(len(str(value)), 60))
    return min(max(lengths) + 2, 62)


def write_workbook(sheets: Sequence[Sheet], target: Path | None = None) -> bytes:
    """Write the sheets (write-only mode: memory stays flat for big lists); return the bytes."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        ws = workbook.create_sheet(title=_sheet_title(spec.title))
        rows = [[cell_value(c.kind, v) for c, v in zip(spec.columns, row, strict=True)] for row in spec.rows]
        for n, column in enumerate(spec.columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = _width(column, [r[n - 1] for r in rows[:500]])
        ws.freeze_panes = "A2"
        last_col = get_column_letter(len(spec.columns))
        ws.auto_filter.ref = f"A1:{last_col}{max(len(rows) + 1, 2)}"
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=_text(column.header))
            cell.data_type = "s"  # a header is a name, never a formula
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        ws.append(header)
        totals = {n: Decimal(0) for n, c in enumerate(spec.columns) if c.total}
        make = _Cells(ws)
        kinds = [column.kind for column in spec.columns]
        for row in rows:
            ws.append([make(value, kind) for kind, value in zip(kinds, row, strict=True)])
            for n in totals:
                if row[n] is not None:
                    totals[n] += Decimal(row[n])
        if totals:
            ws.append([])
            line: list[Any] = []
            for n, column in enumerate(spec.columns):
                if n in totals:
                    value: Any = totals[n]
                elif n == 0:
                    value = f"{spec.totals_label} ({len(rows)} Zeilen)"
                else:
                    value = None
                line.append(_cell(ws, value, column.kind, TOTAL_FONT))
            ws.append(line)
        if spec.note:
            ws.append([])
            ws.append([_cell(ws, spec.note, Kind.TEXT)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    if target is not None:
        target.write_bytes(data)
    return data


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in clean_text(title))
    return cleaned[:31] or "Tabelle"
