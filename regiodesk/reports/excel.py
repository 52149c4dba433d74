"""The one way regiodesk writes Excel files: a real table a clerk can work with and print as is.

Bold frozen header, autofilter, sensible widths, real numbers and dates with German-looking
formats (€, %, TT.MM.JJJJ), totals that follow the filter (our own ``SUBTOTAL`` formulas), rows
tall enough for their wrapped text, and a print setup on every sheet (A4, landscape where wide,
fitted to the page width, header row on every page, region, title and Stand in the page head,
"Seite x von y" at the foot). No value from user data ever becomes a formula (a text starting
with =, +, - or @ is written as text); the only formulas are the totals built here from cell
references and our own labels.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
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

from regiodesk.domain.text import clean_text
from regiodesk.fields import Kind
from regiodesk.i18n import format_date, tr

MONEY_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.0 %"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMULA_START = ("=", "+", "-", "@")
# named: a font without a name is drawn in the reader's default font (a serif in LibreOffice)
HEADER_FONT = Font(name="Calibri", size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E4E9EF")
TOTAL_FONT = Font(name="Calibri", size=11, bold=True)

#: Height of one line of 11 pt text (Excel's default row height), and Excel's largest row height.
LINE_HEIGHT_PT = 15.0
MAX_ROW_HEIGHT_PT = 409.0
#: Characters of running text per unit of column width. A width unit is one digit of Calibri and
#: its letters are narrower on average, but LibreOffice without Calibri draws in a wider font:
#: a row a little too tall beats one that cuts text.
_CHARS_PER_WIDTH = 1.0
#: Bold letters are wider: a bold text gets this share of a column's width per line.
BOLD_WIDTH = 0.9
#: Printable width of A4 with our 1.5 cm side margins, in millimetres.
_PRINT_WIDTH_MM = {"portrait": 210 - 30, "landscape": 297 - 30}
#: Below this scale a printed table is too small to read (11 pt becomes ~6.5 pt): such a sheet is
#: printed on several pages across, its first column repeated on each, instead of on one.
MIN_PRINT_SCALE = 0.6
FOOTER_TEXT = "Seite &P von &N"
HEAD_FONT_SIZE = 9


@dataclass(frozen=True)
class SheetColumn:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None
    total: bool = False
    #: Wrap long text in the column's width (a multi-line text always wraps); its rows grow to fit.
    wrap: bool = False

    @property
    def wraps(self) -> bool:
        return self.wrap or self.kind is Kind.MULTILINE


@dataclass(frozen=True)
class Total:
    """One sum line under a table: the ``total`` columns summed over the rows the filter shows.

    Without ``column``, every shown row (``SUBTOTAL(109, …)``); with it, only the shown rows whose
    text in that column (0-based) is one of ``values``, e.g. the statuses that bind budget. The
    label says which rows it sums, and starts with "Summe": regiodesk's own import then knows
    the line for what it is when the list is read in again. It is plain text, not a formula with
    a count in it: the import reads a formula's text, not its value.
    """

    label: str
    column: int | None = None
    values: tuple[str, ...] = ()


@dataclass
class Sheet:
    title: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Any]]
    #: The sum lines (the label in the first column); empty: one line over all shown rows if any
    #: column has ``total``.
    totals: Sequence[Total] = ()
    note: str = ""


@dataclass(frozen=True)
class WorkbookInfo:
    """What the head of every printed page and the file's properties say."""

    #: "Projektliste", "Jahresbericht 2026": the file's title and the middle of the page head.
    title: str
    #: The region's name: left in the page head, and the file's "Firma".
    region: str = ""
    #: "Stand 06.12.2026" or "Stichtag 30.06.2026": right in the page head.
    stand: str = ""


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
    would look the format up in the workbook again each time. With ``top`` (a sheet whose rows
    grow for wrapped text) every cell is aligned to the top, so a row reads on one line.
    """

    def __init__(self, sheet, top: bool = False):
        self.sheet = sheet
        self.top = top
        self.styles: dict[tuple[Kind, bool], Any] = {}

    def _style(self, kind: Kind, wrap: bool):
        style = self.styles.get((kind, wrap))
        if style is None:
            template = _cell(self.sheet, 0 if _format(kind) else "", kind, wrap=wrap, top=self.top)
            style = self.styles[kind, wrap] = template._style
        return style

    def __call__(self, value: Any, kind: Kind, wrap: bool = False) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            value = _text(value)
            formula = value.startswith(FORMULA_START)
            if not (formula or wrap or self.top or kind is Kind.MULTILINE):
                return value
            cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind, wrap))
            cell.value = value
            if formula:
                cell.data_type = "s"  # text, never a formula
            return cell
        if not self.top and (kind not in _FORMATS or kind is Kind.INT):  # a whole number needs no format
            return value
        cell = _DataCell(self.sheet, row=1, column=1, style_array=self._style(kind, wrap))
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


def write_workbook(
    sheets: Sequence[Sheet], target: Path | None = None, info: WorkbookInfo | None = None
) -> bytes:
    """Write the sheets (write-only mode: memory stays flat for big lists); return the bytes.

    ``info`` names the file and heads every printed page; without it the head shows each sheet's
    title and today's date.
    """
    info = info or WorkbookInfo("", stand=f"Stand {format_date(date.today())}")
    workbook = Workbook(write_only=True)
    workbook.properties.title = _text(info.title) or None
    workbook.properties.creator = workbook.properties.lastModifiedBy = "regiodesk"
    for spec in sheets:
        ws = workbook.create_sheet(title=_sheet_title(spec.title))
        rows = [[cell_value(c.kind, v) for c, v in zip(spec.columns, row, strict=True)] for row in spec.rows]
        widths = [_width(column, [r[n] for r in rows[:500]]) for n, column in enumerate(spec.columns)]
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
        make = _Cells(ws, top=bool(wrapped))
        for row_idx, row in enumerate(rows, start=2):
            height = _height([row[n] for n in wrapped], [widths[n] for n in wrapped]) if wrapped else None
            cells = [make(value, kind, wrap) for kind, wrap, value in zip(kinds, wraps, row, strict=True)]
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
    data = buffer.getvalue()
    if target is not None:
        target.write_bytes(data)
    return data


def _heading(title: str, sheet_title: str, sheets: int) -> str:
    """The middle of the page head: the file's title, and the sheet's where there are several."""
    if not title:
        return sheet_title
    return title if sheets == 1 else f"{title} – {sheet_title}"


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


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` (Excel width units) needs for ``text``: its line breaks,
    and its words wrapped at the characters that fit in a line."""
    per_line = max(1, int(width * _CHARS_PER_WIDTH))
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def _height(values: Sequence[Any], widths: Sequence[float]) -> float | None:
    """The height (points) a row of wrapped cells needs, or None when one line is enough."""
    lines = max(
        (line_count(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)), default=1
    )
    if lines <= 1:
        return None
    return min(lines * LINE_HEIGHT_PT + 2, MAX_ROW_HEIGHT_PT)


def _quoted(text: str) -> str:
    """Our own text as a string constant inside a formula."""
    return '"' + text.replace('"', '""') + '"'


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


def _header_text(text: str, limit: int = 80) -> str:
    """Text for a page head: "&" starts a code there, so it is doubled; kept short (Excel allows
    255 characters for the whole head)."""
    text = _text(text).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _column_mm(width: float) -> float:
    """A column's printed width at 100 %: Excel draws a width unit as 7 pixels plus 5 of padding."""
    return (7 * width + 5) * 25.4 / 96


def print_layout(widths: Sequence[float]) -> tuple[str, int]:
    """Orientation and pages across for a table with these column widths.

    Portrait if the table fits the portrait width, else landscape; one page across unless that
    shrinks the print below :data:`MIN_PRINT_SCALE`, then as few pages across as keep it readable
    (the first column is repeated on each).
    """
    total = sum(_column_mm(w) for w in widths)
    orientation = "portrait" if total <= _PRINT_WIDTH_MM["portrait"] else "landscape"
    readable = _PRINT_WIDTH_MM[orientation] / MIN_PRINT_SCALE
    pages = 1
    first = _column_mm(widths[0]) if widths else 0
    while (total + (pages - 1) * first) / pages > readable and pages < len(widths):
        pages += 1
    return orientation, pages


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


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join("-" if c in "[]:*?/\\" else c for c in clean_text(title))
    return cleaned[:31] or "Tabelle"


def ranking_table(
    ranked: Sequence[Any], not_ranked: Sequence[Any], what: str
) -> tuple[tuple[SheetColumn, ...], list[list[Any]]]:
    """The columns and rows of a ranking sheet (a call's, the Regionalbudget's): the ranked ones
    with place, points, grant, the running sum and whether they are within the budget, then those
    not ranked with the reason; ``what`` heads the title column („Projekt“, „Kleinprojekt“)."""
    columns = (
        SheetColumn(tr("Platz"), Kind.INT, width=6),
        SheetColumn(what, width=42, wrap=True),
        SheetColumn(tr("Punkte"), Kind.INT, width=8),
        SheetColumn(tr("Zuschuss"), Kind.MONEY, width=15),
        SheetColumn(tr("kumuliert"), Kind.MONEY, width=15),
        SheetColumn(tr("Förderung"), width=17),
        SheetColumn(tr("Begründung"), Kind.MULTILINE, width=64),
    )
    rows: list[list[Any]] = [
        [
            r.position,
            r.title,
            r.total,
            r.grant,
            r.cumulative,
            tr("im Budget") if r.within_budget else tr("Nachrückerliste"),
            r.reason,
        ]
        for r in ranked
    ]
    rows += [
        [
            None,
            n.title,
            n.total or None,
            None,
            None,
            tr("unvollständig") if getattr(n, "incomplete", False) else tr("nicht gereiht"),
            n.reason,
        ]
        for n in not_ranked
    ]
    return columns, rows
