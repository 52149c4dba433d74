"""The data rows of a workbook: each cell as the rules say, however the writer reaches it (a row's
texts are checked together; a text's line count is remembered per column width)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from regiodesk.fields import Kind
from regiodesk.reports.excel import (
    DATE_FORMAT,
    LINE_HEIGHT_PT,
    MONEY_FORMAT,
    Sheet,
    SheetColumn,
    line_count,
    write_workbook,
)

LONG = "Dorfgemeinschaftshaus mit Mehrgenerationentreff und Bürgerbüro im alten Schulhaus"  # 82 characters


def _sheet(columns, rows):
    return load_workbook(io.BytesIO(write_workbook([Sheet("Liste", columns, rows)]))).active


def test_the_same_text_in_a_narrow_and_a_wide_column_wraps_to_each_width():
    text = f"{LONG}, {LONG}"  # 166 characters
    columns = (SheetColumn("Kurz", width=20, wrap=True), SheetColumn("Lang", width=90, wrap=True))
    ws = _sheet(columns, [(text, text), ("", text), (text, ""), ("", text)])
    narrow = line_count(text, 20) * LINE_HEIGHT_PT + 2
    wide = 2 * LINE_HEIGHT_PT + 2
    assert line_count(text, 20) == 9
    assert [ws.row_dimensions[n].height for n in (2, 3, 4, 5)] == [narrow, wide, narrow, wide]


def test_one_odd_cell_in_a_row_of_plain_text_is_still_caught():
    """A formula start or a control character in one cell of an otherwise plain row: that cell is
    written as text and cleaned, its neighbours as they are."""
    columns = (
        SheetColumn("Name"),
        SheetColumn("Ort"),
        SheetColumn("Notiz"),
        SheetColumn("Betrag", Kind.MONEY),
        SheetColumn("Datum", Kind.DATE),
        SheetColumn("Text", Kind.MULTILINE, width=30),
    )
    rows = [
        ("Anna Zeller", "Mühlbach", '=HYPERLINK("http://evil")', 1250, date(2026, 3, 9), ""),
        ("Bert\x07 Adler", "Ebersgrün", "ruhig", None, None, "eins\n=zwei"),
        ("Carla Berg", "Steinbühl", "-5 Grad", 1, None, "erste Zeile"),
        ("Dora Ernst", "\u202eTal", "", None, None, ""),
    ]
    ws = _sheet(columns, rows)
    assert ws["C2"].value == '=HYPERLINK("http://evil")' and ws["C2"].data_type == "s"
    assert ws["C4"].value == "-5 Grad" and ws["C4"].data_type == "s"
    assert ws["A3"].value == "Bert Adler" and ws["B5"].value == "Tal"
    assert ws["F3"].value == "eins\n=zwei" and ws["F3"].data_type == "s" and ws["F3"].alignment.wrap_text
    assert {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"} == set()
    # the neighbours of an odd cell keep their formats and alignment
    assert ws["D2"].value == 12.5 and ws["D2"].number_format == MONEY_FORMAT
    assert ws["E2"].number_format == DATE_FORMAT and ws["A2"].value == "Anna Zeller"
    assert ws["D4"].number_format == MONEY_FORMAT
    assert ws["A3"].alignment.vertical == "top"  # a row of two lines reads on its first
    assert ws["A2"].alignment.vertical is None and ws["F4"].alignment.wrap_text


def test_a_row_length_that_does_not_match_the_columns_is_refused():
    columns = (SheetColumn("Name"), SheetColumn("Ort"))
    with pytest.raises(ValueError, match="3 values for 2 columns"):
        write_workbook([Sheet("Liste", columns, [("Anna", "Mühlbach", "zu viel")])])


class _Label(str):
    """A text of a str subclass, as an enum's value or a library's string type may be."""


def test_a_text_of_a_str_subclass_is_checked_like_any_text():
    ws = _sheet(
        (SheetColumn("Name"), SheetColumn("Status")), [("Anna", _Label("=1+1")), ("Bert", _Label("ok"))]
    )
    assert ws["B2"].value == "=1+1" and ws["B2"].data_type == "s"
    assert ws["B3"].value == "ok"
