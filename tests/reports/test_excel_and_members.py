"""Excel files are opened again and checked: types, formats, header, widths, no formulas."""

from __future__ import annotations

import io
import re
from datetime import date

from excel_helpers import assert_printable
from openpyxl import load_workbook
from pypdf import PdfReader

from regiodesk.fields import Kind
from regiodesk.reports.body_docs import members_pdf, members_xlsx
from regiodesk.reports.excel import MONEY_FORMAT, PERCENT_FORMAT, Sheet, SheetColumn, write_workbook
from regiodesk.services.contacts import ContactService


def test_types_formats_header_totals_and_no_formula_from_user_data():
    columns = (
        SheetColumn("Titel"),
        SheetColumn("Zuschuss", Kind.MONEY, total=True),
        SheetColumn("Satz", Kind.PERCENT),
        SheetColumn("Beschluss", Kind.DATE),
    )
    rows = [
        ('=HYPERLINK("http://evil")', 1234550, 5000, date(2026, 3, 9)),
        ("+49 171 000", 50, 6250, None),
        ("@SUM(A1)", None, None, None),
        ("-Minus", 1, 0, None),
    ]
    book = load_workbook(io.BytesIO(write_workbook([Sheet("Projekte: 2026/27", columns, rows)])))
    ws = book.active
    assert ws.title == "Projekte- 2026-27"
    assert [c.value for c in ws[1]] == ["Titel", "Zuschuss", "Satz", "Beschluss"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D5"
    assert ws["A2"].value == '=HYPERLINK("http://evil")' and ws["A2"].data_type == "s"
    assert ws["B2"].value == 12345.5 and ws["B2"].number_format == MONEY_FORMAT
    assert ws["C3"].value == 0.625 and ws["C3"].number_format == PERCENT_FORMAT
    assert ws["D2"].value.date() == date(2026, 3, 9) and ws["D2"].number_format == "DD.MM.YYYY"
    totals = ws[7]
    assert totals[0].value == "Summe der angezeigten Zeilen" and totals[0].font.bold
    assert totals[1].value == "=SUBTOTAL(109,B2:B5)" and totals[1].font.bold
    assert {c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"} == {"B7"}
    assert ws.column_dimensions["A"].width >= len('=HYPERLINK("http://evil")')


def test_member_list_excel_and_pdf(lag):
    ContactService(lag["db"]).update(lag["m0"], {"email": "m0@example.de"})
    book = load_workbook(io.BytesIO(members_xlsx(lag["db"], lag["body"], on=date(2026, 3, 9))))
    ws = book.active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Name", "Institution", "Rolle", "stimmberechtigt"]
    names = [ws.cell(row=r, column=1).value for r in range(2, 13)]
    assert "M0 Mitglied00" in names and "Beraterin" in names
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "M0 Mitglied00")
    assert row[9].value == "m0@example.de"
    assert row[5].value == "öffentlich"
    assert_printable(ws, "Stand 09.03.2026")
    assert ws.oddHeader.left.text.startswith("Mitgliederliste ")
    pdf = members_pdf(lag["db"], lag["body"], on=date(2026, 3, 9))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "Mitgliederliste: LAG Obermain" in text
    assert "10 stimmberechtigte Mitglieder: Öffentlicher Sektor 4" in text
    assert "öffentlicher Sektor 4 (40,0 %)" in text
    assert "beratendes Mitglied (ohne Stimmrecht)" in text
