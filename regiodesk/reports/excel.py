"""The one way regiodesk writes Excel files: a real table a clerk can work with and print as is.

Bold frozen header, autofilter, sensible widths, real numbers and dates with German-looking
formats (€, %, TT.MM.JJJJ), totals that follow the filter (our own ``SUBTOTAL`` formulas), rows
tall enough for their wrapped text, and a print setup on every sheet (A4, landscape where wide,
fitted to the page width, header row on every page, region, title and Stand in the page head,
"Seite x von y" at the foot). No value from user data ever becomes a formula (a text starting
with =, +, - or @ is written as text); the only formulas are the totals built here from cell
references and our own labels.

What a sheet is lives in :mod:`regiodesk.reports.sheets` (named here too), the cells are written
by :mod:`regiodesk.reports.excel_writer`: openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from regiodesk.i18n import format_date
from regiodesk.reports.sheets import (
    BOLD_WIDTH,
    DATE_FORMAT,
    DATETIME_FORMAT,
    FOOTER_TEXT,
    FORMULA_START,
    HEAD_FONT_SIZE,
    LINE_HEIGHT_PT,
    MAX_ROW_HEIGHT_PT,
    MIN_PRINT_SCALE,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    Sheet,
    SheetColumn,
    Total,
    WorkbookInfo,
    cell_value,
    line_count,
    print_layout,
    ranking_table,
)

__all__ = [
    "BOLD_WIDTH",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FOOTER_TEXT",
    "FORMULA_START",
    "HEAD_FONT_SIZE",
    "LINE_HEIGHT_PT",
    "MAX_ROW_HEIGHT_PT",
    "MIN_PRINT_SCALE",
    "MONEY_FORMAT",
    "PERCENT_FORMAT",
    "Sheet",
    "SheetColumn",
    "Total",
    "WorkbookInfo",
    "cell_value",
    "line_count",
    "print_layout",
    "ranking_table",
    "write_workbook",
]


def write_workbook(
    sheets: Sequence[Sheet], target: Path | None = None, info: WorkbookInfo | None = None
) -> bytes:
    """Write the sheets (write-only mode: memory stays flat for big lists); return the bytes.

    ``info`` names the file and heads every printed page; without it the head shows each sheet's
    title and today's date. openpyxl is imported here, when a workbook is written
    (:mod:`regiodesk.reports.excel_writer`): the modules that declare sheets also make PDFs.
    """
    from regiodesk.reports.excel_writer import write_sheets

    data = write_sheets(sheets, info or WorkbookInfo("", stand=f"Stand {format_date(date.today())}"))
    if target is not None:
        target.write_bytes(data)
    return data
