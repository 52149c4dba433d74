"""Writing a workbook with openpyxl: the cells, styles, totals and print setup of the sheets that
:mod:`regiodesk.reports.sheets` declares (imported only when a workbook is written)."""

from __future__ import annotations

import io
import re
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
    _CONVERTED,
    _FORMATS,
    BOLD_WIDTH,
    CHARS_PER_WIDTH,
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
    _lines_height,
    _quoted,
    _sheet_title,
    _text,
    _width,
    cell_value,
    line_count,
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


#: A line that starts like a formula, somewhere in a row's texts joined by line breaks.
_FORMULA_LINE = re.compile(f"^[{re.escape(''.join(FORMULA_START))}]", re.MULTILINE)


class _Rows:
    """The data rows of one sheet, converted and made into cells cheaply: most of an export's
    time goes into its cells, so the work per cell is decided once per column and checked once
    per row.

    A value Excel needs nothing more for (plain text, a number in a text column) is handed to
    openpyxl as it is. A cell with a number format, a wrapped text or a text that looks like a
    formula gets the style of one template cell per column: setting ``number_format`` on every
    cell would look the format up in the workbook again each time. With ``top`` (a row taller
    than one line, for its wrapped text) every cell of the row is aligned to the top, so the row
    reads on one line; in a row of one line the alignment shows nothing, and its cells stay plain.
    """

    def __init__(self, sheet, columns: Sequence[SheetColumn]):
        self.sheet = sheet
        self.width = len(columns)
        #: (index, kind) of the columns whose stored value Excel holds differently (cents, bp, bool)
        self.converted = [(n, c.kind) for n, c in enumerate(columns) if c.kind in _CONVERTED]
        templates: dict[tuple[Kind, bool, bool], Any] = {}

        def style(kind: Kind, wrap: bool, top: bool):
            if (kind, wrap, top) not in templates:
                template = _cell(sheet, 0 if _format(kind) else "", kind, wrap=wrap, top=top)
                templates[kind, wrap, top] = template._style
            return templates[kind, wrap, top]

        #: per column: its style in a row of one line, and in a taller row
        self.flat = [style(c.kind, c.wraps, False) for c in columns]
        self.top = [style(c.kind, c.wraps, True) for c in columns]
        #: per column, whether a one-line row styles it when it holds a text (one that wraps)
        #: and when it holds anything else (a number or date with a format; a whole number
        #: needs none)
        self.rule = [(c.wraps, c.kind in _FORMATS and c.kind is not Kind.INT) for c in columns]
        #: (index, style, text rule, other rule) of the columns a one-line row may style
        self.flat_styled = [
            (n, self.flat[n], text, other) for n, (text, other) in enumerate(self.rule) if text or other
        ]

    def values(self, given: Sequence[Any]) -> list[Any]:
        """A row's values as Excel should hold them (see :func:`cell_value`), as a new list."""
        if len(given) != self.width:
            raise ValueError(f"row of {len(given)} values for {self.width} columns")
        row = [None if v == "" else v for v in given]
        for n, kind in self.converted:
            if row[n] is not None:
                row[n] = cell_value(kind, row[n])
        return row

    def cells(self, row: list[Any], top: bool) -> list[Any]:
        """The cells of a converted row (the list is changed in place and returned)."""
        texts = [v for v in row if isinstance(v, str)]
        if texts:
            joined = "\n".join(texts)
            # one look at the whole row: are all texts clean and none like a formula (the rule)?
            if _text(joined) is not joined or _FORMULA_LINE.search(joined):
                return self._careful(row, top)
        if top:
            return [
                None if v is None else self._styled(v, style) for v, style in zip(row, self.top, strict=True)
            ]
        for n, style, text, other in self.flat_styled:
            v = row[n]
            if v is not None and (text if isinstance(v, str) else other):
                row[n] = self._styled(v, style)
        return row

    def _careful(self, row: list[Any], top: bool) -> list[Any]:
        """:meth:`cells` value by value: texts cleaned, a text like a formula kept as text."""
        for n, v in enumerate(row):
            if v is None:
                continue
            style = self.top[n] if top else self.flat[n]
            if isinstance(v, str):
                v = _text(v)
                if v.startswith(FORMULA_START):
                    cell = row[n] = self._styled(v, style)
                    cell.data_type = "s"  # text, never a formula
                    continue
                row[n] = v
            text, other = self.rule[n]
            if top or (text if isinstance(v, str) else other):
                row[n] = self._styled(v, style)
        return row

    def _styled(self, value: Any, style) -> _DataCell:
        cell = _DataCell(self.sheet, row=1, column=1, style_array=style)
        cell.value = value  # a date's format is set already, so openpyxl does not set its own
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
        make = _Rows(ws, spec.columns)
        sample = [make.values(row) for row in rows[:500]]
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
        wrapped = [(n, widths[n]) for n, column in enumerate(spec.columns) if column.wraps]
        heights = _Heights()
        for row_idx, given in enumerate(rows, start=2):
            row = make.values(given)
            height = heights.of([(row[n], width) for n, width in wrapped]) if wrapped else None
            _append(ws, row_idx, make.cells(row, height is not None), height)
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


class _Heights:
    """Row heights (see :func:`regiodesk.reports.sheets._height`), each text's line count worked
    out once per width: a list repeats its Handlungsfelder, Entwicklungsziele and Träger in row
    after row, and wrapping a text is the dearest part of a row's height."""

    def __init__(self) -> None:
        self.lines: dict[tuple[str, float], int] = {}

    def of(self, cells: Sequence[tuple[Any, float]]) -> float | None:
        """The height of a row whose wrapped cells hold these (value, column width)."""
        most = 1
        for value, width in cells:
            if value.__class__ is not str or (
                len(value) <= width * CHARS_PER_WIDTH and "\n" not in value and "\t" not in value
            ):
                continue  # one line: line_count's own shortcut, without calling it
            lines = self.lines.get((value, width))
            if lines is None:
                lines = self.lines[value, width] = line_count(value, width)
            most = max(most, lines)
        return _lines_height(most)


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
