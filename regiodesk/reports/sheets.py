"""What a workbook regiodesk writes consists of: sheets, their columns and sum lines, the page head,
and the layout rules (widths, row heights, print setup). Standard library only: the modules that
declare sheets also make PDFs, and a PDF must not pay for openpyxl. :mod:`regiodesk.reports.excel`
writes the workbook (through :mod:`regiodesk.reports.excel_writer`)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regiodesk.domain.text import clean_text
from regiodesk.fields import Kind
from regiodesk.i18n import tr

MONEY_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.0 %"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
FORMULA_START = ("=", "+", "-", "@")

#: Height of one line of 11 pt text (Excel's default row height), and Excel's largest row height.
LINE_HEIGHT_PT = 15.0
MAX_ROW_HEIGHT_PT = 409.0
#: Characters of running text per unit of column width. A width unit is one digit of Calibri and
#: its letters are narrower on average, but LibreOffice without Calibri draws in a wider font:
#: a row a little too tall beats one that cuts text.
CHARS_PER_WIDTH = 1.0
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


#: The kinds whose stored value :func:`cell_value` changes.
_CONVERTED = frozenset({Kind.MONEY, Kind.PERCENT, Kind.BOOL})


def _format(kind: Kind) -> str | None:
    return _FORMATS.get(kind)


def _text(value: str) -> str:
    """Text as a cell may hold it: no control characters (openpyxl refuses them, Excel too).

    The entry points clean what they store; this is for what a file held before they did.
    Line breaks stay (Excel shows them in a wrapped cell).
    """
    return clean_text(value, multiline=True)


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


def _heading(title: str, sheet_title: str, sheets: int) -> str:
    """The middle of the page head: the file's title, and the sheet's where there are several."""
    if not title:
        return sheet_title
    return title if sheets == 1 else f"{title} – {sheet_title}"


def line_count(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` (Excel width units) needs for ``text``: its line breaks,
    and its words wrapped at the characters that fit in a line."""
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text and "\t" not in text:
        return 1  # what textwrap would say, without its work (most cells of a list)
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def _height(values: Sequence[Any], widths: Sequence[float]) -> float | None:
    """The height (points) a row of wrapped cells needs, or None when one line is enough."""
    lines = max(
        (line_count(v, w) for v, w in zip(values, widths, strict=True) if isinstance(v, str)), default=1
    )
    return _lines_height(lines)


def _lines_height(lines: int) -> float | None:
    """The height (points) of a row of ``lines`` lines, or None for one line."""
    if lines <= 1:
        return None
    return min(lines * LINE_HEIGHT_PT + 2, MAX_ROW_HEIGHT_PT)


def _quoted(text: str) -> str:
    """Our own text as a string constant inside a formula."""
    return '"' + text.replace('"', '""') + '"'


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
