"""Writing a workbook with openpyxl: the cells, styles, totals and print setup of the sheets that
:mod:`regiodesk.reports.sheets` declares (imported only when a workbook is written)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_APP
from openpyxl.xml.functions import SubElement, tostring

from regiodesk.fields import Kind
from regiodesk.reports.sheets import (
    _FORMATS,
    BOLD_WIDTH,
    FOOTER_TEXT,
    FORMULA_START,
    HEAD_FONT_SIZE,
    Sheet,
    SheetColumn,
    Total,
    WorkbookInfo,
    _format,
    _header_text,
    _heading,
    _height,
    _quoted,
    _sheet_title,
    _text,
    _width,
    cell_value,
    print_layout,
)

# named: a font without a name is drawn in the reader's default font (a serif in LibreOffice)
HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E4E9EF")
TOTAL_FONT = Font(name="Calibri", size=11, bold=True)


def _cell(
    sheet, value: Any, kind: Kind, font: Font | None = None, wrap: bool = False, top: bool = False
) -> WriteOnlyCell:
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
    if wrap or kind is Kind.MULTILINE:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    elif top:
        cell.alignment = Alignment(vertical="top")
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
    would look the format up in the workbook again each time. With ``top`` (a row taller than one
    line, for its wrapped text) every cell of the row is aligned to the top, so the row reads on
    one line; in a row of one line the alignment shows nothing, and its cells stay plain.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.styles: dict[tuple[Kind, bool, bool], Any] = {}

    def _style(self, kind: Kind, wrap: bool, top: bool):
        style = self.styles.get((kind, wrap, top))
        if style is None:
            template = _cell(self.sheet, 0 if _format(kind) else "", kind, wrap=wrap, top=top)
            style = self.styles[kind, wrap, top] = template._style
        return style

    def __call__(self, value: Any, kind: Kind, wrap: bool = False, top: bool = False) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = _text(value)
            formula = value.startswith(FORMULA_START)
            if not (formula or wrap or top or kind is Kind.MULTILINE):
                return value
            cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind, wrap, top))
            cell.value = value
            if formula:
                cell.data_type = "s"  # text, never a formula
            return cell
        if not top and (kind not in _FORMATS or kind is Kind.INT):  # a whole number needs no format
            return value
        cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind, wrap, top))
        cell.value = value  # the date format is set already, so openpyxl does not set its own
        return cell


def write_sheets(sheets: Sequence[Sheet], info: WorkbookInfo) -> bytes:
    """The workbook of ``sheets`` (see :func:`regiodesk.reports.excel.write_workbook`)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = _text(info.title) or None
    workbook.properties.creator = workbook.properties.lastModifiedBy = "regiodesk"
    for spec in sheets:
        ws = workbook.create_sheet(title=_sheet_title(spec.title))
        # the rows as given (a large list is not copied): each converted as it is written
        rows = spec.rows if isinstance(spec.rows, Sequence) else list(spec.rows)
        sample = [_values(spec.columns, row) for row in rows[:500]]
        widths = [_width(column, [r[n] for r in sample]) for n, column in enumerate(spec.columns)]
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
        last_col = get_column_letter(len(spec.columns))
        ws.auto_filter.ref = f"A1:{last_col}{max(len(rows) + 1, 2)}"
        pages_across = _print_setup(ws, widths, info, _heading(info.title, spec.title, len(sheets)))
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=_text(column.header))
            cell.data_type = "s"  # a header is a name, never a formula
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        _append(ws, 1, header, _height([c.header for c in spec.columns], [w * BOLD_WIDTH for w in widths]))
        kinds = [column.kind for column in spec.columns]
        wraps = [column.wraps for column in spec.columns]
        wrapped = [n for n, wrap in enumerate(wraps) if wrap]
        make = _Cells(ws)
        for row_idx, given in enumerate(rows, start=2):
            row = _values(spec.columns, given)
            height = _height([row[n] for n in wrapped], [widths[n] for n in wrapped]) if wrapped else None
            top = height is not None
            cells = [
                make(value, kind, wrap, top) for kind, wrap, value in zip(kinds, wraps, row, strict=True)
            ]
            _append(ws, row_idx, cells, height)
        next_row = len(rows) + 2
        totals = list(spec.totals)
        if not totals and any(c.total for c in spec.columns):
            totals = [Total("Summe der angezeigten Zeilen")]
        if totals and rows:
            ws.append([])
            # printed on several pages across, only the first column is on each: the label wraps
            # in it rather than run into the next column, which the next page does not show
            wrap_label = pages_across > 1
            for n, total in enumerate(totals, start=next_row + 1):
                height = _height([total.label], [widths[0] * BOLD_WIDTH]) if wrap_label else None
                _append(ws, n, _total_line(ws, spec.columns, total, 2, len(rows) + 1, wrap_label), height)
            next_row += 1 + len(totals)
        if spec.note:
            # across the table's width and wrapped: a long note neither hides under the next
            # page nor widens what is printed (and so shrinks it)
            ws.append([])
            row_idx = next_row + 1
            if len(spec.columns) > 1:
                ws.merged_cells.add(f"A{row_idx}:{last_col}{row_idx}")
            note = _cell(ws, spec.note, Kind.TEXT, wrap=True)
            _append(ws, row_idx, [note], _height([note.value], [sum(widths)]))
    buffer = io.BytesIO()
    _save(workbook, buffer, company=_text(info.region))
    return buffer.getvalue()


def _values(columns: Sequence[SheetColumn], row: Sequence[Any]) -> list[Any]:
    return [cell_value(c.kind, v) for c, v in zip(columns, row, strict=True)]


def _append(ws, row_idx: int, cells: list[Any], height: float | None) -> None:
    """Append a row; with ``height`` (points) the row is that tall.

    A write-only sheet writes a row's dimensions as it writes the row, so the height is set just
    before and dropped after (memory stays flat).
    """
    if height is None:
        ws.append(cells)
        return
    ws.row_dimensions[row_idx].height = height
    ws.append(cells)
    del ws.row_dimensions[row_idx]


def _total_line(
    ws, columns: Sequence[SheetColumn], total: Total, first: int, last: int, wrap_label: bool = False
) -> list[Any]:
    """The formulas of one sum line over the data rows ``first``..``last``.

    Built only from cell references and our own labels, never from a cell's content: the filter
    decides what is summed (``SUBTOTAL`` ignores rows it hides), the status test is ours.
    """

    def visible_sum(letter: str) -> str:
        if total.column is None:
            return f"SUBTOTAL(109,{letter}{first}:{letter}{last})"
        key = get_column_letter(total.column + 1)
        values = ",".join(_quoted(_text(v)) for v in total.values) or '""'
        # SUBTOTAL over OFFSET gives each row's value as the filter shows it (0 if hidden); MATCH
        # picks the rows of the statuses asked for
        return (
            f"SUMPRODUCT(SUBTOTAL(109,OFFSET({letter}{first},ROW({letter}{first}:{letter}{last})-{first},0))"
            f"*ISNUMBER(MATCH({key}{first}:{key}{last},{{{values}}},0)))"
        )

    line: list[Any] = [_cell(ws, total.label, Kind.TEXT, TOTAL_FONT, wrap=wrap_label)]
    for n, column in enumerate(columns[1:], start=2):
        letter = get_column_letter(n)
        cell = WriteOnlyCell(ws, value=f"={visible_sum(letter)}" if column.total else None)
        cell.font = TOTAL_FONT  # a text starting with "=" is a formula: ours only
        number_format = _format(column.kind)
        if column.total and number_format:
            cell.number_format = number_format
        line.append(cell)
    return line


def _print_setup(ws, widths: Sequence[float], info: WorkbookInfo, heading: str) -> int:
    """A4, fitted to the page width, header row on every page, page head and foot; returns the
    pages across."""
    orientation, pages = print_layout(widths)
    setup = ws.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = orientation
    setup.fitToWidth = pages
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    if pages > 1:
        ws.print_title_cols = "A:A"  # which row is which on the pages to the right
        setup.pageOrder = "overThenDown"  # the pages of the same rows follow each other
    ws.print_options.gridLines = True  # a long printed row is easy to follow
    margins = ws.page_margins
    margins.left = margins.right = 0.6  # inches: 1.5 cm
    margins.top, margins.bottom, margins.header, margins.footer = 0.9, 0.75, 0.35, 0.3
    # two parts, not three: a title in the middle collides with the region on a portrait page
    # (and a line break in a page head is not read alike by Excel and LibreOffice)
    head = ws.oddHeader
    head.left.text = _header_text(heading)
    head.right.text = " · ".join(_header_text(t) for t in (info.region, info.stand) if t.strip())
    head.left.size = head.right.size = ws.oddFooter.center.size = HEAD_FONT_SIZE
    ws.oddFooter.center.text = FOOTER_TEXT
    return pages


class _PropertiesZip(ZipFile):
    """The file's archive, with the region as "Firma" in docProps/app.xml.

    openpyxl writes app.xml itself and neither takes nor writes a ``Company``; this archive adds
    it to openpyxl's own app.xml as that is written.
    """

    def __init__(self, file, company: str):
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self.company = company

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if zinfo_or_arcname == ARC_APP and self.company:
            tree = ExtendedProperties().to_tree()
            SubElement(tree, "Company").text = self.company  # in the default namespace openpyxl declares
            data = tostring(tree)
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)


def _save(workbook: Workbook, buffer: io.BytesIO, company: str) -> None:
    """openpyxl's ``save_workbook``, with our archive."""
    if not workbook.worksheets:
        workbook.create_sheet()
    workbook.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
    ExcelWriter(workbook, _PropertiesZip(buffer, company)).save()
