"""A workbook a clerk prints as is: print setup, totals that follow the filter, rows tall enough."""

from __future__ import annotations

import io
from datetime import date

import pytest
from contact_helpers import person
from excel_helpers import app_property, assert_printable, libreoffice_rows
from openpyxl import load_workbook

from regiodesk.fields import Kind
from regiodesk.reports.contacts_export import contacts_xlsx
from regiodesk.reports.excel import (
    LINE_HEIGHT_PT,
    Sheet,
    SheetColumn,
    Total,
    WorkbookInfo,
    line_count,
    print_layout,
    write_workbook,
)

INFO = WorkbookInfo("Projektliste", "Rhön & Grabfeld", "Stand 06.12.2026")
COLUMNS = (
    SheetColumn("Titel", width=20),
    SheetColumn("Status", width=14),
    SheetColumn("Zuschuss", Kind.MONEY, width=14, total=True),
)
ROWS = [
    ("=1+1", "bewilligt", 1_000_00),
    ("Dorfladen", "abgelehnt", 500_00),
    ("Radweg", "ausgewählt", 250_00),
]
TOTALS = (
    Total("Summe der angezeigten Projekte (alle Status)"),
    Total("Summe davon ausgewählt oder bewilligt", 1, ("ausgewählt", "bewilligt")),
)


def _book(sheets, info=INFO):
    data = write_workbook(sheets, info=info)
    return data, load_workbook(io.BytesIO(data))


def test_every_sheet_prints_on_a4_with_header_row_page_head_and_foot():
    narrow = Sheet("Schmal", COLUMNS, ROWS)
    wide = Sheet("Breit", [SheetColumn(f"Spalte {n}", width=20) for n in range(8)], [["x"] * 8])
    very_wide = Sheet("Sehr breit", [SheetColumn(f"Spalte {n}", width=30) for n in range(25)], [["x"] * 25])
    data, book = _book([narrow, wide, very_wide])
    for ws in book.worksheets:
        assert_printable(ws)
        assert ws.oddHeader.left.text == f"Projektliste – {ws.title}"
        assert ws.oddHeader.right.text == "Rhön && Grabfeld · Stand 06.12.2026"  # "&" starts a code
    narrow_ws, wide_ws, very_wide_ws = book.worksheets
    assert narrow_ws.page_setup.orientation == "portrait" and narrow_ws.page_setup.fitToWidth == 1
    assert wide_ws.page_setup.orientation == "landscape" and wide_ws.page_setup.fitToWidth == 1
    assert wide_ws.print_title_cols is None
    # too wide for one readable page: several across, the first column on each, pages of a row together
    assert very_wide_ws.page_setup.orientation == "landscape" and very_wide_ws.page_setup.fitToWidth > 1
    assert very_wide_ws.print_title_cols == "$A:$A" and very_wide_ws.page_setup.pageOrder == "overThenDown"
    assert book.properties.title == "Projektliste" and book.properties.creator == "regiodesk"
    assert app_property(data, "Company") == "Rhön &amp; Grabfeld"


def test_one_sheet_is_headed_by_the_file_title_and_without_info_by_its_own():
    _data, book = _book(
        [Sheet("Kontakte", COLUMNS, ROWS)], WorkbookInfo("Kontaktliste", "", "Stand 01.02.2026")
    )
    assert book.active.oddHeader.left.text == "Kontaktliste"
    assert book.active.oddHeader.right.text == "Stand 01.02.2026"
    book = load_workbook(io.BytesIO(write_workbook([Sheet("Kontakte", COLUMNS, ROWS)])))
    assert_printable(book.active)
    assert book.active.oddHeader.left.text == "Kontakte"


def test_the_print_layout_at_its_edges():
    assert print_layout([90]) == ("portrait", 1)  # 90 width units: 170 mm, inside 180 mm
    assert print_layout([97]) == ("landscape", 1)  # 181 mm
    assert print_layout([20] * 11) == ("landscape", 1)  # 422 mm on 267 mm: 63 %
    assert print_layout([20] * 12) == ("landscape", 2)  # 460 mm: 58 %, below the readable 60 %
    assert print_layout([40] + [20] * 30) == ("landscape", 4)


def test_totals_are_our_subtotal_formulas_over_exactly_the_data_rows():
    _data, book = _book([Sheet("Projekte", COLUMNS, ROWS, totals=TOTALS)])
    ws = book.active
    assert ws["A5"].value is None  # a blank row, outside the autofilter A1:C4
    assert ws.auto_filter.ref == "A1:C4"
    assert ws["C6"].value == "=SUBTOTAL(109,C2:C4)" and ws["C6"].number_format == '#,##0.00 "€"'
    assert ws["A6"].value == "Summe der angezeigten Projekte (alle Status)" and ws["A6"].data_type == "s"
    assert ws["C7"].value == (
        '=SUMPRODUCT(SUBTOTAL(109,OFFSET(C2,ROW(C2:C4)-2,0))*ISNUMBER(MATCH(B2:B4,{"ausgewählt","bewilligt"},0)))'
    )
    assert ws["A7"].value == "Summe davon ausgewählt oder bewilligt"
    assert ws["A6"].font.bold and ws["C7"].font.bold
    # no other formula: a title "=1+1" stays text
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    formulas = {c.coordinate for r in ws.iter_rows() for c in r if c.data_type == "f"}
    assert formulas == {"C6", "C7"}


def test_a_sheet_without_total_columns_or_rows_has_no_sum_line():
    _data, book = _book(
        [Sheet("Leer", COLUMNS, [], totals=TOTALS), Sheet("Ohne", COLUMNS[:2], [r[:2] for r in ROWS])]
    )
    for ws in book.worksheets:
        assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)


def test_a_totals_label_names_what_it_sums_by_default():
    _data, book = _book([Sheet("Budget", COLUMNS, ROWS)])
    assert book.active["A6"].value == "Summe der angezeigten Zeilen"


def test_lines_of_a_wrapped_cell():
    assert line_count("", 20) == 1
    assert line_count("a" * 20, 20) == 1  # one character per width unit
    assert line_count("a" * 21, 20) == 2
    assert line_count("eins\nzwei\n\nvier", 50) == 4
    assert line_count("Wort " * 20, 20) == 5  # 100 characters: 4 words of 5 in a line of 20


def test_rows_grow_for_their_wrapped_text_and_the_header_for_long_names():
    columns = (
        SheetColumn("Titel", width=20, wrap=True),
        SheetColumn("Beschreibung", Kind.MULTILINE, width=30),
        SheetColumn("Eine sehr lange Spaltenüberschrift", width=12),
    )
    rows = [
        ("kurz", "eine Zeile", "x"),
        ("kurz", "eins\nzwei\ndrei", "x"),
        ("Ein Titel, der in zwanzig Breiteneinheiten nicht Platz hat und umbricht", "", "x"),
        ("kurz", "\n".join(["Zeile"] * 40), "x"),
    ]
    _data, book = _book([Sheet("Projekte", columns, rows, note="Ein Hinweis " * 20)])
    ws = book.active
    assert ws.row_dimensions[2].height is None  # one line: the default height
    assert ws.row_dimensions[3].height == 3 * LINE_HEIGHT_PT + 2
    assert ws.row_dimensions[4].height == 5 * LINE_HEIGHT_PT + 2  # 72 characters, broken at words
    assert ws.row_dimensions[5].height == 409  # Excel's largest
    assert ws.row_dimensions[1].height >= 3 * LINE_HEIGHT_PT  # the long header wraps
    assert ws["A3"].alignment.wrap_text and ws["B3"].alignment.wrap_text
    assert ws["C3"].alignment.vertical == "top"  # a tall row reads on its first line
    # the note spans the table and wraps: it neither hides nor widens the print
    assert "A7:C7" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A7"].alignment.wrap_text and ws.row_dimensions[7].height > LINE_HEIGHT_PT


def test_on_pages_across_a_sum_label_wraps_in_the_first_column_printed_on_each():
    columns = [
        SheetColumn("Titel", width=20),
        *(SheetColumn(f"Betrag {n}", Kind.MONEY, 20, True) for n in range(14)),
    ]
    label = "Summe der angezeigten Projekte (alle Status)"  # 44 characters, 18 a bold line
    _data, book = _book([Sheet("Breit", columns, [["x", *range(14)]], totals=[Total(label)])])
    ws = book.active
    assert ws.page_setup.fitToWidth > 1
    assert ws["A4"].value == label and ws["A4"].alignment.wrap_text
    assert (
        ws.row_dimensions[4].height == 4 * LINE_HEIGHT_PT + 2
    )  # Summe der / angezeigten / Projekte (alle / Status)
    _data, book = _book([Sheet("Schmal", COLUMNS, ROWS, totals=[Total(label)])])
    assert not book.active["A6"].alignment.wrap_text  # on one page it runs on into the next columns


def test_libreoffice_sums_what_the_filter_shows(tmp_path):
    data = write_workbook([Sheet("Projekte", COLUMNS, ROWS, totals=TOTALS)], info=INFO)
    rows = libreoffice_rows(data, tmp_path)
    assert rows[5][0] == "Summe der angezeigten Projekte (alle Status)" and float(rows[5][2]) == 1750
    assert rows[6][0] == "Summe davon ausgewählt oder bewilligt" and float(rows[6][2]) == 1250
    # a row the filter hides (a hidden row to SUBTOTAL 109) leaves every sum
    book = load_workbook(io.BytesIO(data))
    book.active.row_dimensions[4].hidden = True  # "Radweg", ausgewählt
    buffer = io.BytesIO()
    book.save(buffer)
    rows = libreoffice_rows(buffer.getvalue(), tmp_path)
    assert float(rows[5][2]) == 1500 and float(rows[6][2]) == 1000


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUMME(A1)"])
def test_no_text_of_a_header_or_note_becomes_a_formula(text):
    _data, book = _book(
        [Sheet(text, (SheetColumn(text),), [(text,)], note=text)], WorkbookInfo(text, text, text)
    )
    ws = book.active
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    assert ws["A1"].value == ws["A2"].value == text


def test_the_contact_list_prints_as_is(db):
    person(db, "Jörg", "Müller", email="joerg@example.org")
    data = contacts_xlsx(db, on=date(2026, 2, 1))
    sheet = load_workbook(io.BytesIO(data)).active
    assert_printable(sheet, "Stand 01.02.2026")
    assert sheet.oddHeader.left.text == "Kontaktliste"
    assert sheet.page_setup.orientation == "landscape"
