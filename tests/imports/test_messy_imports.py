"""Importing the address lists offices really keep: titles, merged cells, odd phones, broken dates.

Each test builds the file a user would hand over and checks what the user depends on: how many
contacts there are afterwards, the exact stored values, and the problems listed per row.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from regiodesk.db.custody import list_backups
from regiodesk.db.models import (
    Address,
    ChangeLogEntry,
    Consent,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactTag,
    Tag,
)
from regiodesk.domain.errors import DomainError
from regiodesk.imports import ImportFileError
from regiodesk.reports.contacts_export import contacts_csv, contacts_xlsx
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_import import CREATE, ERROR, SKIP, UPDATE, ContactImportService

HYPERLINK = '=HYPERLINK("http://phish.example/","Hier klicken")'
HEADERS = [
    "Anrede",
    "Vorname",
    "Nachname",
    "Institution",
    "Straße",
    "PLZ Ort",
    None,  # an empty column without a name
    "E-Mail",
    "Telefon",
    "Fax",  # a named column nobody filled in
    "Einwilligung am",
    "Bemerkung",
    "Schlagworte",
]


def _messy_xlsx(path):
    """The kind of list an office keeps: title rows, a merged institution, every odd cell."""
    book = Workbook()
    ws = book.active
    ws.title = "Adressen"
    ws.append(["Adressliste Regionalmanagement Obermain"])
    ws.merge_cells("A1:M1")
    ws.append(["Stand: 01.03.2026 – bitte nicht weitergeben"])
    ws.append([])
    ws.append(HEADERS)
    rows = [
        # 5: Turkish name, two e-mails in one cell, phone with a space, consent as an Excel date
        [
            "Frau",
            "Çağlar",
            "Öztürk",
            "Heimatverein Obermain e.V.",
            "Hauptstraße 5",
            "96450 Coburg",
            None,
            "Caglar.Oeztuerk@Example.de; c.oeztuerk@heimatverein.de",
            "09561 12345",
            None,
            datetime(2025, 3, 1),
            None,
            "Presse; Ehrenamt",
        ],
        # 6: French name, an e-mail with spaces, phone with a slash, consent as text
        [
            "Herr",
            "François",
            "Lefèvre",
            "Gemeinde Ahorn",  # merged down into row 7
            "Kirchweg 2",
            "96482 Ahorn",
            None,
            " francois.lefevre @ ahorn.de ",
            "09561/23456",
            None,
            "01.03.2025",
            None,
            "Presse",
        ],
        # 7: an impossible date: the row is listed, not imported
        [
            "Herr",
            "Jürgen",
            "Müller",
            None,
            "Kirchweg 2",
            "96482 Ahorn",
            None,
            "j.mueller@ahorn.de",
            "(09561) 345 67",
            None,
            "29.02.2021",
            None,
            None,
        ],
        # 8: international phone, a formula-like remark
        [
            "Frau",
            "Zoë",
            "Weiß",
            "Bäckerei Weiß GmbH",
            None,
            None,
            None,
            "zoe@baeckerei-weiss.de",
            "+49 9561 45678",
            None,
            None,
            HYPERLINK,
            None,
        ],
        # 9: phone with 0049 and a hyphen; a mobile number would go the same way
        [
            "Herr",
            "Emre",
            "Yılmaz",
            None,
            None,
            None,
            None,
            None,
            "0049 9561-56789",
            None,
            "2024-12-24",
            None,
            None,
        ],
        # 10: the phone as an Excel number (the leading 0 is gone)
        ["Frau", "Ursula", "Schröder", None, None, None, None, None, 956167890, None, None, None, None],
    ]
    for row in rows:
        ws.append(row)
    # text that looks like a formula (typed with a leading apostrophe): a text cell, not a formula
    ws["L8"].data_type = "s"
    ws.merge_cells("D6:D7")  # "Gemeinde Ahorn" for both people of the municipality
    ws.append(["Summe", None, "=COUNTA(C5:C10)", None, None, None, None, None, None, None, None, None, None])
    book.save(path)
    return path


def _count(db, model, live=True) -> int:
    with db.session() as session:
        stmt = select(func.count()).select_from(model)
        if live and hasattr(model, "deleted_at"):
            stmt = stmt.where(model.deleted_at.is_(None))
        return session.scalar(stmt)


def _state(db) -> dict[str, int]:
    """Row counts a failed import must leave untouched."""
    return {
        m.__name__: _count(db, m, live=False)
        for m in (Contact, ContactEmail, ContactPhone, Address, Consent, ContactTag, Tag, ChangeLogEntry)
    }


def _contact(db, last_name):
    """(contact, e-mails, phones, address, consents, tags) of the live contact with that last name."""
    with db.session() as session:
        contact = session.scalars(
            select(Contact).where(Contact.last_name == last_name, Contact.deleted_at.is_(None))
        ).one()
        cid = contact.id
        emails = list(
            session.scalars(
                select(ContactEmail.address)
                .where(ContactEmail.contact_id == cid, ContactEmail.deleted_at.is_(None))
                .order_by(ContactEmail.created_at)
            )
        )
        phones = [
            tuple(r)
            for r in session.execute(
                select(ContactPhone.kind, ContactPhone.number)
                .where(ContactPhone.contact_id == cid, ContactPhone.deleted_at.is_(None))
                .order_by(ContactPhone.created_at)
            )
        ]
        address = session.execute(
            select(Address.street, Address.postal_code, Address.city).where(
                Address.contact_id == cid, Address.deleted_at.is_(None)
            )
        ).one_or_none()
        address = tuple(address) if address is not None else None
        consents = [
            tuple(r)
            for r in session.execute(
                select(Consent.purpose, Consent.given_on).where(
                    Consent.contact_id == cid, Consent.deleted_at.is_(None)
                )
            )
        ]
        tags = sorted(
            session.scalars(
                select(Tag.name)
                .join(ContactTag, ContactTag.tag_id == Tag.id)
                .where(ContactTag.contact_id == cid, ContactTag.deleted_at.is_(None))
            )
        )
        session.expunge(contact)
    return contact, emails, phones, address, consents, tags


# ------------------------------------------------------------------------------- the messy workbook
def test_messy_workbook_preview_finds_header_skips_titles_and_totals(db, tmp_path):
    preview = ContactImportService(db).preview(_messy_xlsx(tmp_path / "adressen.xlsx"))
    assert preview.sheet == "Adressen"
    assert preview.header_row == 4
    assert preview.skipped == {1: "Überschrift", 2: "Überschrift", 11: "Summenzeile"}
    # the column without a name and without values is gone; the unfilled "Fax" is left out
    assert "Spalte G" not in preview.headers and None not in preview.headers
    assert preview.mapping[preview.headers.index("Fax")] == ""
    assert [r.number for r in preview.rows] == [5, 6, 7, 8, 9, 10]
    assert preview.counts() == {CREATE: 5, UPDATE: 0, SKIP: 0, ERROR: 1}
    # the impossible date: named with its row and column, in German
    assert [r.problem_text() for r in preview.unreadable] == [
        "Zeile 7: Spalte „Einwilligung am“: Den 29.02.2021 gibt es nicht."
    ]
    # the merged cell reaches the second row of the municipality
    assert preview.row(7).values["organisation"] == "Gemeinde Ahorn"


def test_messy_workbook_is_imported_with_exact_values(db, tmp_path):
    service = ContactImportService(db)
    preview = service.preview(_messy_xlsx(tmp_path / "adressen.xlsx"), consent_purpose="Newsletter")
    result = service.run(preview)

    assert (result.created, result.updated, result.skipped) == (5, 0, 0)
    assert result.unreadable == ["Zeile 7: Spalte „Einwilligung am“: Den 29.02.2021 gibt es nicht."]
    assert _count(db, Contact) == 5  # the totals row and the unreadable row are no contacts
    with db.session() as session:
        names = set(session.scalars(select(Contact.last_name)))
    assert names == {"Öztürk", "Lefèvre", "Weiß", "Yılmaz", "Schröder"}

    contact, emails, phones, address, consents, tags = _contact(db, "Öztürk")
    assert (contact.salutation, contact.first_name, contact.organisation) == (
        "Frau",
        "Çağlar",
        "Heimatverein Obermain e.V.",
    )
    assert contact.kind == "person"
    assert emails == ["caglar.oeztuerk@example.de", "c.oeztuerk@heimatverein.de"]
    assert phones == [("dienstlich", "+49 9561 12345")]
    assert address == ("Hauptstraße 5", "96450", "Coburg")
    assert consents == [("Newsletter", date(2025, 3, 1))]  # an Excel date cell
    assert tags == ["Ehrenamt", "Presse"]

    contact, emails, phones, address, consents, tags = _contact(db, "Lefèvre")
    assert (contact.first_name, contact.organisation) == ("François", "Gemeinde Ahorn")
    assert emails == ["francois.lefevre@ahorn.de"]  # spaces inside the address removed
    assert phones == [("dienstlich", "+49 9561 23456")]
    assert consents == [("Newsletter", date(2025, 3, 1))]  # a date typed as text
    assert tags == ["Presse"]

    contact, emails, phones, *_rest = _contact(db, "Weiß")
    assert contact.first_name == "Zoë"
    assert contact.notes == HYPERLINK  # stored as the text it is, never evaluated
    assert phones == [("dienstlich", "+49 9561 45678")]

    _c, emails, phones, address, consents, _t = _contact(db, "Yılmaz")
    assert phones == [("dienstlich", "+49 9561 56789")]
    assert emails == [] and address is None
    assert consents == [("Newsletter", date(2024, 12, 24))]  # ISO date text

    phones = _contact(db, "Schröder")[2]
    assert phones == [("dienstlich", "+49 956167890")]  # the lost leading 0 restored

    # one tag "Presse" for both rows, not two
    with db.session() as session:
        assert sorted(session.scalars(select(Tag.name))) == ["Ehrenamt", "Presse"]


def test_formula_like_text_is_exported_as_text_never_as_a_formula(db, tmp_path):
    service = ContactImportService(db)
    service.run(service.preview(_messy_xlsx(tmp_path / "adressen.xlsx")))
    # make the formula-like text appear in exported columns too
    weiss = _contact(db, "Weiß")[0]
    ContactService(db).update(weiss.id, {"organisation": "=1+1", "city": "@SUM(A1)"})

    book = load_workbook(io.BytesIO(contacts_xlsx(db)))
    ws = book.active
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Name", "Art", "Anrede"]
    assert "E-Mail" in headers and "Telefon" in headers
    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for row in ws.iter_rows() for c in row]
    assert "=1+1" in texts and "@SUM(A1)" in texts

    text = contacts_csv(db).decode("utf-8-sig")
    assert ";'=1+1;" in text and "'@SUM(A1)" in text
    assert ";=1+1;" not in text


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_headers(db, tmp_path):
    service = ContactImportService(db)
    path = _messy_xlsx(tmp_path / "adressen.xlsx")
    preview = service.preview(path)
    mapping = list(preview.mapping)
    bemerkung = preview.headers.index("Bemerkung")
    mapping[bemerkung] = ""  # the user leaves the remarks out
    service.run(service.preview(path, mapping=mapping))
    assert service.suggested_mapping(preview.headers)[bemerkung] == ""
    assert service.suggested_mapping(preview.headers)[preview.headers.index("E-Mail")] == "email"


# ------------------------------------------------------------------------------- CSV
def test_csv_from_german_excel_in_windows_1252_with_semicolons(db, tmp_path):
    path = tmp_path / "verteiler.csv"
    text = (
        "Verteiler Presse;;;\r\n"
        "\r\n"
        "Name;Institution;PLZ/Ort;E-Mail;Mobil\r\n"
        "Müller, Hans;Heimatverein Weißenbrunn e. V.;01067 Dresden;hans.mueller@web.de;0171 1234567\r\n"
        "Frau Dr. Ayşe Öztürk;Gemeinde Ahorn;96482 Ahorn;"
        '"a.oeztuerk@ahorn.de, ayse@web.de";+49 (0) 171-7654321\r\n'
        "Gesamt: 2;;;\r\n"
    )
    # 'ş' does not exist in Windows-1252: Excel writes '?' for it; the rest must survive
    path.write_bytes(text.encode("cp1252", errors="replace"))
    service = ContactImportService(db)
    preview = service.preview(path)
    assert preview.header_row == 3
    assert preview.skipped == {1: "Überschrift", 6: "Summenzeile"}
    assert not preview.unreadable
    result = service.run(preview)
    assert result.created == 2 and _count(db, Contact) == 2

    contact, emails, phones, address, _consents, _tags = _contact(db, "Müller")
    assert (contact.first_name, contact.organisation) == ("Hans", "Heimatverein Weißenbrunn e. V.")
    assert address == ("", "01067", "Dresden")
    assert emails == ["hans.mueller@web.de"]
    assert phones == [("mobil", "+49 171 1234567")]

    contact, emails, phones, *_rest = _contact(db, "Öztürk")
    assert (contact.salutation, contact.title, contact.first_name) == ("Frau", "Dr.", "Ay?e")
    assert emails == ["a.oeztuerk@ahorn.de", "ayse@web.de"]
    assert phones == [("mobil", "+49 171 7654321")]


def test_csv_in_utf8_keeps_turkish_and_french_letters(db, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(
        "Vorname,Nachname,E-Mail\nÇağlar,Öztürk,c@example.de\nFrançois,Lefèvre,f@example.fr\n",
        encoding="utf-8",
    )
    service = ContactImportService(db)
    service.run(service.preview(path))
    assert _contact(db, "Öztürk")[0].first_name == "Çağlar"
    assert _contact(db, "Lefèvre")[0].first_name == "François"


# ------------------------------------------------------------------------------- problems per row
def test_unreadable_cells_are_listed_per_row_and_the_rest_is_imported(db, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Name", "E-Mail", "Telefon", "Einwilligung am"])
    ws.append(["Anna Bauer", "anna.bauer@example", None, None])  # no top-level domain
    ws.append(["Peter Koch", '=HYPERLINK("mailto:p@k.de")', None, None])  # a formula, not an address
    ws.append(["Maria Klein", "maria@klein.de", "bitte anrufen", None])  # no phone: a warning only
    ws.append([None, "niemand@example.de", None, None])  # no name
    ws.append(["Lukas Wolf", "lukas@wolf.de", None, "31.12.2099"])  # consent in the future
    ws.append(["Sabine Richter", "sabine@richter.de", None, "morgen"])  # no date at all
    path = tmp_path / "fehler.xlsx"
    book.save(path)

    service = ContactImportService(db)
    preview = service.preview(path)
    problems = {r.number: r.errors for r in preview.unreadable}
    assert set(problems) == {2, 3, 5, 6, 7}
    assert problems[2] == ["„anna.bauer@example“ ist keine gültige E-Mail-Adresse."]
    assert "Excel-Formel" in problems[3][0]
    assert problems[5] == ["Kein Name und keine Institution: daraus lässt sich kein Kontakt anlegen."]
    assert problems[6] == ["Die Einwilligung ist auf den 31.12.2099 datiert, in der Zukunft."]
    assert problems[7] == [
        "Spalte „Einwilligung am“: „morgen“ ist kein Datum. Bitte als TT.MM.JJJJ eingeben."
    ]
    assert preview.row(4).warnings == [
        "„bitte anrufen“ ist keine Telefonnummer. Sie wird unverändert übernommen."
    ]
    with pytest.raises(DomainError, match="Zeile 2"):
        preview.set_action(2, CREATE)

    result = service.run(preview)
    assert result.created == 1 and len(result.unreadable) == 5
    assert result.summary() == "1 neu angelegt, 0 aktualisiert, 0 übersprungen, 5 nicht lesbar"
    phones = _contact(db, "Klein")[2]
    assert phones == [("dienstlich", "bitte anrufen")]
    assert _count(db, Contact) == 1


# ------------------------------------------------------------------------------- not a spreadsheet
def _docx(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("foto.xlsx", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 9), "keine Tabelle"),
        ("brief.xlsx", _docx, "keine Tabelle"),
        ("rechnung.csv", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "PDF-Dokument"),
        ("alt.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), "alte Excel"),
        ("leer.csv", lambda p: p.write_bytes(b""), "leer"),
        ("kaputt.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), "Excel-Arbeitsmappe"),
        ("notiz.csv", lambda p: p.write_text("Bitte Herrn Müller anrufen\n", encoding="utf-8"), "Kopfzeile"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_and_nothing_changes(db, tmp_path, name, make, message):
    ContactService(db).create({"kind": "person", "last_name": "Vorhanden", "email": "v@example.de"})
    before = _state(db)
    path = tmp_path / name
    make(path)
    service = ContactImportService(db)
    with pytest.raises(ImportFileError, match=message) as caught:
        service.preview(path)
    assert isinstance(caught.value, DomainError)
    assert path.name in str(caught.value) or "Kopfzeile" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert _state(db) == before
    assert list_backups(db.path) == []


def test_a_file_without_a_name_column_is_refused_with_a_reason(db, tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["Datum", "Betrag", "Verwendungszweck"])
    ws.append([datetime(2025, 1, 1), 12.5, "Kaffee"])
    path = tmp_path / "kasse.xlsx"
    book.save(path)
    before = _state(db)
    with pytest.raises(DomainError, match="Keine Spalte ist Name, Nachname, Institution oder E-Mail"):
        ContactImportService(db).preview(path)
    assert _state(db) == before


# ------------------------------------------------------------------------------- duplicates, atomicity
def test_rows_that_repeat_an_existing_contact_or_an_earlier_row(db, tmp_path):
    existing = ContactService(db).create(
        {"kind": "person", "first_name": "Hans", "last_name": "Müller", "email": "hans@example.de"}
    )
    book = Workbook()
    ws = book.active
    ws.append(["Vorname", "Nachname", "Institution", "E-Mail", "Telefon"])
    ws.append(["Hans", "Mueller", None, "HANS@example.de", "09561 1111"])  # same e-mail: update
    ws.append(["Eva", "Lang", "Gemeinde Ahorn", "eva@ahorn.de", None])
    ws.append(["Eva", "Lang", "Gemeinde Ahorn", None, None])  # the same person again in the file
    path = tmp_path / "doppelt.xlsx"
    book.save(path)
    service = ContactImportService(db)
    preview = service.preview(path)
    assert preview.row(2).action == UPDATE and preview.row(2).target_id == existing
    assert preview.row(2).duplicates[0].strong
    assert preview.row(3).action == CREATE
    assert preview.row(4).action == SKIP and preview.row(4).duplicates[0].row == 3
    result = service.run(preview)
    assert (result.created, result.updated, result.skipped) == (1, 1, 1)
    assert _count(db, Contact) == 2
    _mueller, emails, phones, *_rest = _contact(db, "Mueller")  # the row's spelling overwrites
    assert _mueller.first_name == "Hans"
    assert emails == ["hans@example.de"]  # not doubled
    assert phones == [("dienstlich", "+49 9561 1111")]


def test_import_is_all_or_nothing_when_a_row_cannot_be_written(db, tmp_path):
    service = ContactService(db)
    target = service.create({"kind": "person", "last_name": "Alt", "email": "alt@example.de"})
    book = Workbook()
    ws = book.active
    ws.append(["Nachname", "E-Mail"])
    for n in range(20):
        ws.append([f"Neu{n}", f"neu{n}@example.de"])
    ws.append(["Alt", "alt@example.de"])  # an update of the contact deleted below
    path = tmp_path / "liste.xlsx"
    book.save(path)
    importer = ContactImportService(db)
    preview = importer.preview(path)
    assert preview.row(22).action == UPDATE
    service.delete(target)  # someone deletes it between preview and import
    before = _state(db)
    with pytest.raises(DomainError, match="Zeile 22"):
        importer.run(preview)
    assert _state(db) == before


# ------------------------------------------------------------------------------- backup
def test_import_backs_up_the_database_before_writing(db, tmp_path):
    ContactService(db).create({"kind": "person", "last_name": "Vorher"})
    service = ContactImportService(db)
    preview = service.preview(_messy_xlsx(tmp_path / "adressen.xlsx"))
    assert list_backups(db.path) == []  # a preview writes nothing, not even a backup
    service.run(preview)
    backups = list_backups(db.path)
    assert [b.reason for b in backups] == ["vor-import"]
    # the backup holds the state before the import
    from regiodesk.db.database import Database

    copy = Database.open(backups[0].path, device_id="check")
    try:
        with copy.session() as session:
            assert list(session.scalars(select(Contact.last_name))) == ["Vorher"]
    finally:
        copy.close()


def test_an_update_does_not_double_a_phone_number_typed_differently_in_the_form(db, tmp_path):
    ContactService(db).create(
        {"kind": "person", "last_name": "Lang", "email": "eva@ahorn.de", "phone": "09561 1111"}
    )
    book = Workbook()
    ws = book.active
    ws.append(["Nachname", "E-Mail", "Telefon"])
    ws.append(["Lang", "eva@ahorn.de", "0049 9561-1111; 0171 2222222"])
    path = tmp_path / "lang.xlsx"
    book.save(path)
    service = ContactImportService(db)
    result = service.run(service.preview(path))
    assert result.updated == 1
    assert _contact(db, "Lang")[2] == [("dienstlich", "09561 1111"), ("dienstlich", "+49 171 2222222")]


def _excel_saved(path, replace: dict[bytes, bytes]) -> None:
    """Rewrite the first sheet's XML as Excel saves it: formulas with their computed values."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    # openpyxl writes a formula's missing result as <v></v> when lxml is installed (python-docx brings it)
    sheet = members["xl/worksheets/sheet1.xml"].replace(b"<v></v>", b"<v />")
    for old, new in replace.items():
        assert old in sheet
        sheet = sheet.replace(old, new)
    members["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)


def test_a_formula_saved_with_its_value_is_read_as_that_value_and_marked(db, tmp_path):
    """Excel saves a formula's last result beside it: that value is read (offices keep "=E4*F4"
    in their columns), never evaluated, and the preview says which cells came from a formula.

    The second and third phone cells hold one formula copied down (Excel writes it once,
    as a "shared" formula); every copy is a formula cell too.
    """
    book = Workbook()
    ws = book.active
    ws.append(["Name", "Telefon", "Notiz"])
    ws.append(["Anna Bauer", "=1+1", "=A2&A2"])
    ws.append(["Peter Koch", "=C9", None])
    ws.append(["Maria Klein", "=C10", None])
    path = tmp_path / "excel.xlsx"
    book.save(path)
    _excel_saved(
        path,
        {
            b'<c r="B2"><f>1+1</f><v /></c>': b'<c r="B2"><f>1+1</f><v>2</v></c>',
            b'<c r="C2"><f>A2&amp;A2</f><v /></c>': (
                b'<c r="C2" t="str"><f>A2&amp;A2</f><v>Anna BauerAnna Bauer</v></c>'
            ),
            b'<c r="B3"><f>C9</f><v /></c>': b'<c r="B3"><f t="shared" ref="B3:B4" si="0">C9</f><v>7</v></c>',
            b'<c r="B4"><f>C10</f><v /></c>': b'<c r="B4"><f t="shared" si="0"/><v>8</v></c>',
        },
    )
    from regiodesk.imports.reader import read_table

    table = read_table(path)
    assert [row.cells[:3] for row in table.rows] == [
        ("Anna Bauer", 2, "Anna BauerAnna Bauer"),
        ("Peter Koch", 7, None),
        ("Maria Klein", 8, None),
    ]
    assert {k: (f.text, f.cached) for k, f in table.formulas.items()} == {
        (2, 1): ("=1+1", True),
        (2, 2): ("=A2&A2", True),
        (3, 1): ("=C9", True),
        (4, 1): ("=C9", True),
    }
    preview = ContactImportService(db).preview(path)
    assert not preview.unreadable
    assert preview.row(2).notes() == ["Telefon, Notiz: aus Formel übernommen"]
    assert preview.row(3).notes() == ["Telefon: aus Formel übernommen"]
    assert preview.row(2).values["notes"] == "Anna BauerAnna Bauer"


def test_a_formula_on_the_second_sheet_is_found_there(tmp_path):
    from regiodesk.imports.reader import read_table

    book = Workbook()
    book.active.title = "Deckblatt"
    book.active.append(["Adressliste 2026"])
    ws = book.create_sheet("Adressen")
    ws.append(["Name", "Telefon"])
    ws.append(["Anna Bauer", "=0+1"])
    path = tmp_path / "zwei.xlsx"
    book.save(path)
    table = read_table(path, sheet="Adressen")
    # saved without a value (openpyxl computes nothing): the formula text, marked as such
    assert [row.cells[:2] for row in table.rows] == [("Anna Bauer", "=0+1")]
    assert table.formulas[(2, 1)].cached is False
    assert table.sheets == ["Deckblatt", "Adressen"]


def test_rows_are_found_by_their_number_in_the_file_and_an_unknown_number_is_refused(db, tmp_path):
    """The import dialog sets an action for every selected row through row(number)."""
    book = Workbook()
    ws = book.active
    ws.append(["Adressliste"])  # a title row: data starts in row 3
    ws.append(["Name", "E-Mail"])
    for n in range(300):
        ws.append([f"Person {n}", f"p{n}@example.de"])
    path = tmp_path / "lang.xlsx"
    book.save(path)
    preview = ContactImportService(db).preview(path)
    assert [preview.row(r.number) for r in preview.rows] == preview.rows
    assert preview.row(302).values["emails"] == ["p299@example.de"]
    for row in preview.rows:
        preview.set_action(row.number, SKIP)
    assert {r.action for r in preview.rows} == {SKIP}
    with pytest.raises(KeyError):
        preview.row(303)
