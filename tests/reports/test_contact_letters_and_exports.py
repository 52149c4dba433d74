"""Paper and files made from contact lists: address labels on Avery sheets, serial letters, and
the vCard, CSV and Excel exports with their tag and consent filters."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, timedelta

import pytest
from contact_helpers import person
from document_helpers import pdf_pages, pdf_text
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from regiodesk.db.models import RegionSettings
from regiodesk.domain.errors import DomainError
from regiodesk.reports import contacts_export
from regiodesk.reports.contact_letters import LAYOUTS, labels_pdf, serial_letter_pdf
from regiodesk.reports.pdf import FONT, FONT_BOLD, register_fonts
from regiodesk.services.contact_details import set_contact_tags
from regiodesk.services.contacts import ContactService
from regiodesk.services.contacts_lists import ALL, ConsentService, ContactFilter, ContactListService

TODAY = date.today()


def institution(db, name, **values) -> str:
    return ContactService(db).create({"kind": "institution", "organisation": name, **values})


def many(db, n: int) -> list[str]:
    return [
        person(
            db, f"Vorname{k:02d}", f"Nachname{k:02d}", street=f"Weg {k}", postal_code="96247", city="Mühlbach"
        )
        for k in range(n)
    ]


@pytest.fixture
def office(db):
    with db.transaction() as session:
        session.add(
            RegionSettings(
                name="LEADER-Region Jurahöhen-Mühlbachtal",
                office_address="LAG Jurahöhen-Mühlbachtal e. V.\nGeschäftsstelle\n"
                "Marktplatz 3\n96253 Steinbühl",
            )
        )
    return db


# ------------------------------------------------------------------------------------ labels
@pytest.mark.parametrize(("layout", "per_page"), [("L7163", 14), ("3474", 24)])
@pytest.mark.parametrize("n", [1, 14, 15, 24, 25, 49])
def test_labels_fill_pages_of_the_sheet(db, layout, per_page, n):
    many(db, n)
    pdf = labels_pdf(db, layout=layout)
    assert pdf_pages(pdf) == math.ceil(n / per_page)
    text = pdf_text(pdf)
    for k in range(n):
        assert text.count(f"Weg {k} ") == 1, k  # each address exactly once


def test_a_partly_used_sheet_continues_after_the_skipped_labels(db):
    many(db, 2)
    assert pdf_pages(labels_pdf(db, layout="L7163", skip=13)) == 2
    with pytest.raises(DomainError, match="0 bis 13"):
        labels_pdf(db, layout="L7163", skip=14)
    with pytest.raises(DomainError, match="Unbekanntes Etikettenformat"):
        labels_pdf(db, layout="A4")


def _runs(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page: (text, x, baseline, size) of every line drawn."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        runs: list[tuple[str, float, float, float]] = []

        def visit(text, cm, tm, _font, size, runs=runs):
            if text.strip():
                runs.append((text.strip(), tm[4] + cm[4], tm[5] + cm[5], size))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


@pytest.mark.parametrize("layout", ["L7163", "3474"])
def test_every_line_sits_inside_its_label_of_the_avery_grid(office, layout):
    register_fonts()
    spec = LAYOUTS[layout]
    expected = {
        "L7163": (2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
        "3474": (3, 8, 70, 37, 0, 0.5, 70, 37),
    }[layout]
    assert (spec.columns, spec.rows) == expected[:2]
    assert [
        round(v / mm, 2) for v in (spec.width, spec.height, spec.left, spec.top, spec.pitch_x, spec.pitch_y)
    ] == [*expected[2:]]
    for k in range(spec.columns * spec.rows):
        person(
            office,
            "Maximiliane-Josephine",
            f"Freifrau von und zu Wolkenstein-Rodenegg {k}",
            salutation="Frau",
            title="Prof. Dr.",
            organisation="Arbeitsgemeinschaft der Kommunalen Wasserversorger im Landkreis Mühlbach",
            street="Oberer Kirchenweg zwischen den Brunnenhäusern 112a",
            postal_code="96247",
            city="Mühlbach-Weißenbrunn",
        )
    (page,) = _runs(labels_pdf(office, layout=layout))
    height = 297 * mm
    assert len({round(x) for _t, x, _y, _s in page}) == spec.columns
    for text, x, y, size in page:
        column = round((x - spec.left) // spec.pitch_x)
        row = int((height - spec.top - y) // spec.pitch_y)
        left = spec.left + column * spec.pitch_x
        top = height - spec.top - row * spec.pitch_y
        assert 0 <= column < spec.columns and 0 <= row < spec.rows, text
        assert x >= left + 3 * mm, text
        font = FONT_BOLD if text[:5].isdigit() else FONT  # the town line is bold
        assert x + stringWidth(text, font, size) <= left + spec.width - 3 * mm, text
        assert y + size <= top - 2 * mm and y - 0.3 * size >= top - spec.height + 2 * mm, text
        assert size >= 5, text
    # the return address keeps street and town, whatever else must give way
    senders = [t for t, *_ in page if "Marktplatz 3" in t]
    assert len(senders) == spec.columns * spec.rows
    assert all(t.endswith("Marktplatz 3, 96253 Steinbühl") and t.startswith("LAG Jurah") for t in senders)


def test_labels_keep_umlauts_turkish_and_french_letters(db):
    person(
        db,
        "Ayşe",
        "Öztürk",
        salutation="Frau",
        street="Bağlar Sokağı 5",
        postal_code="96247",
        city="Mühlbach",
    )
    person(
        db,
        "İbrahim",
        "Doğan",
        salutation="Herr",
        street="Straße der Einheit 1",
        postal_code="96253",
        city="Gößweinstein",
    )
    person(db, "Françoise", "Lefèvre", street="Rue de la Paix 3", postal_code="75002", city="Paris")
    text = pdf_text(labels_pdf(db, layout="3474"))
    for expected in (
        "Ayşe Öztürk",
        "Bağlar Sokağı 5",
        "İbrahim Doğan",
        "Gößweinstein",
        "Françoise Lefèvre",
        "Straße",
    ):
        assert expected in text, expected


def test_contacts_without_a_postal_address_get_no_label(db):
    person(db, "Anna", "Anschrift", street="Hauptstraße 1", postal_code="96247", city="Mühlbach")
    person(db, "Otto", "Ohneadresse", email="otto@example.org")
    text = pdf_text(labels_pdf(db, layout="L7163"))
    assert "Anschrift" in text and "Ohneadresse" not in text
    only_without = ContactFilter(text="Ohneadresse")
    assert "Keine Kontakte mit Postanschrift" in pdf_text(labels_pdf(db, only_without, layout="L7163"))


# ------------------------------------------------------------------------------------ serial letters
LETTER = "{Anrede}\n\nwir laden Sie zum Regionalforum nach {Ort} ein.\n\nMit freundlichen Grüßen"


def test_serial_letter_one_letter_per_contact_with_its_own_salutation(office):
    person(
        office,
        "Ayşe",
        "Öztürk",
        salutation="Frau",
        title="Dr.",
        street="Am Anger 4",
        postal_code="96253",
        city="Steinbühl",
    )
    person(office, "Jean", "Français", salutation="Herr", street="Rue 1", postal_code="75002", city="Paris")
    institution(
        office, "Gemeinde Weißenbrunn", street="Rathausplatz 1", postal_code="96247", city="Weißenbrunn"
    )
    pdf = serial_letter_pdf(office, ALL, "Einladung nach {Ort}", LETTER, signature="Maria Muster")
    assert pdf_pages(pdf) == 3
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    français, weissenbrunn, oeztuerk = pages  # sorted by name: Français, Gemeinde …, Öztürk
    assert "Sehr geehrter Herr Français," in français and "Regionalforum nach Paris ein" in français
    assert "Einladung nach Paris" in français
    assert "Sehr geehrte Damen und Herren," in weissenbrunn and "nach Weißenbrunn ein" in weissenbrunn
    assert "Sehr geehrte Frau Dr. Öztürk," in oeztuerk and "Steinbühl" in oeztuerk
    for page in pages:
        assert "Maria Muster" in page
        assert "{" not in page
        # one return line in the window, with street and town
        assert "LAG Jurahöhen-Mühlbachtal e. V., Marktplatz 3, 96253 Steinbühl" in page
    assert "Seite" not in "".join(pages)  # one-page letters need no page numbers


def test_the_salutation_is_added_when_the_text_does_not_begin_with_it(db):
    person(db, "Ida", "Ihle", salutation="Frau")
    text = pdf_text(serial_letter_pdf(db, ALL, "Termin", "am Montag ist Sitzung."))
    assert "Sehr geehrte Frau Ihle, am Montag ist Sitzung." in text


def test_a_comma_after_the_salutation_placeholder_is_not_doubled(db):
    person(db, "Ida", "Ihle", salutation="Frau")
    text = pdf_text(serial_letter_pdf(db, ALL, "Termin", "{Anrede},\nam Montag ist Sitzung."))
    assert "Sehr geehrte Frau Ihle, am Montag" in text
    assert ",," not in text


def test_a_long_letter_numbers_its_own_pages(db):
    person(db, "Lang", "Brief", salutation="Herr")
    person(db, "Kurz", "Auch", salutation="Frau")
    body = "{Anrede}\n\n" + "\n\n".join(
        "Absatz mit vielen Worten über das Regionalbudget. " * 8 for _ in range(12)
    )
    pdf = serial_letter_pdf(db, ALL, "Bericht", body)
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    per_letter = len(pages) // 2
    assert per_letter >= 2 and len(pages) == 2 * per_letter
    for letter in (pages[:per_letter], pages[per_letter:]):
        assert [f"Seite {k} von {per_letter}" in page for k, page in enumerate(letter, 1)] == [
            True
        ] * per_letter


def test_an_unknown_placeholder_is_named_before_anything_is_printed(db):
    person(db, "Ida", "Ihle")
    with pytest.raises(DomainError) as error:
        serial_letter_pdf(db, ALL, "Termin am {Datum}", "{Anrede}\n\nbis {Frist} bitte antworten.")
    message = str(error.value)
    assert message.startswith("Unbekannte Platzhalter: {Datum}, {Frist}.")
    assert "{Anrede}" in message and "{Institution}" in message
    with pytest.raises(DomainError, match="keine Kontakte"):
        serial_letter_pdf(db, ContactFilter(tag="gibt es nicht"), "Termin", "Text")


# ------------------------------------------------------------------------------------ vCard
def unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def split_unescaped(value: str, sep: str) -> list[str]:
    parts, current, escaped = [], "", False
    for ch in value:
        if escaped:
            current += {"n": "\n", "N": "\n"}.get(ch, ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == sep:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def parse_vcards(data: bytes) -> list[dict[str, list[tuple[str, str]]]]:
    """A small vCard 3.0 reader: per card, property -> [(parameters, raw value)]."""
    cards, card = [], None
    for line in unfold(data):
        name_params, value = line.split(":", 1)
        name, _, params = name_params.partition(";")
        if name == "BEGIN":
            card = {}
        elif name == "END":
            cards.append(card)
            card = None
        else:
            card.setdefault(name, []).append((params, value))
    assert card is None
    return cards


@pytest.mark.file_only(reason="writes a line break into the file with SQLite's SQL, behind the program")
def test_vcard_round_trip_with_escaping_folding_and_umlauts(db):
    ayse = person(
        db,
        "Ayşe",
        "Öztürk-Çelik",
        salutation="Frau",
        title="Dr.",
        organisation="Müller, Schmidt; Partner \\ Söhne",
        email="ayse@example.org",
        phone="0171 1234567",
        street="Hinterhaus Bäckergasse 6",
        postal_code="96292",
        city="Gößmannsberg",
    )
    # A one-line field of the form gets no line break; a file written before (or sync) may hold one.
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE address SET street = 'Hinterhaus' || char(10) || 'Bäckergasse 6' WHERE contact_id = ?",
            (ayse,),
        )
    set_contact_tags(db, ayse, ["Presse", "LAG-Mitglied"])
    long_name = "Zweckverband zur Förderung der ländlichen Entwicklung im Oberen Mühlbachtal und Umgebung"
    amt = institution(db, long_name, email="poststelle@zweckverband.example")
    data = contacts_export.contacts_vcf(db)
    for raw in data.split(b"\r\n"):
        assert len(raw) <= 75, raw  # folded at 75 octets
        if raw.startswith(b" "):
            raw.decode("utf-8")  # never folded inside a multi-byte letter
    cards = {c["UID"][0][1]: c for c in parse_vcards(data)}
    assert set(cards) == {f"urn:uuid:{ayse}", f"urn:uuid:{amt}"}

    a = cards[f"urn:uuid:{ayse}"]
    assert a["VERSION"] == [("", "3.0")]
    assert split_unescaped(a["N"][0][1], ";") == ["Öztürk-Çelik", "Ayşe", "", "Frau Dr.", ""]
    assert split_unescaped(a["FN"][0][1], "\0") == ["Dr. Ayşe Öztürk-Çelik"]
    assert split_unescaped(a["ORG"][0][1], ";") == ["Müller, Schmidt; Partner \\ Söhne"]
    assert split_unescaped(a["ADR"][0][1], ";") == [
        "",
        "",
        "Hinterhaus\nBäckergasse 6",
        "Gößmannsberg",
        "",
        "96292",
        "Deutschland",
    ]
    assert a["EMAIL"] == [("TYPE=INTERNET,WORK,PREF", "ayse@example.org")]
    assert a["TEL"] == [("TYPE=WORK,VOICE", "+49 171 1234567")]  # stored international (RFC 6350 likes it)
    assert split_unescaped(a["CATEGORIES"][0][1], ",") == ["LAG-Mitglied", "Presse"]
    assert "CHARSET=UTF-8" in a["FN"][0][0]

    b = cards[f"urn:uuid:{amt}"]
    assert b["FN"] == [("CHARSET=UTF-8", long_name)] and b["ORG"] == [("CHARSET=UTF-8", long_name)]
    assert b["EMAIL"] == [("TYPE=INTERNET,WORK,PREF", "poststelle@zweckverband.example")]
    assert "ADR" not in b and "TEL" not in b


# ------------------------------------------------------------------------------------ consent and tag filters
@pytest.fixture
def newsletter(db):
    ids = {
        "valid": person(db, "Gül", "Gültig", email="g@example.org"),
        "withdrawn": person(db, "Wim", "Widerrufen", email="w@example.org"),
        "other": person(db, "Anna", "Anderer-Zweck", email="a@example.org"),
        "none": person(db, "Nina", "Ohne", email="n@example.org"),
        "future": person(db, "Fritz", "Zukunft", email="f@example.org"),
        "renewed": person(db, "Rita", "Erneuert", email="r@example.org"),
    }
    consents = ConsentService(db)
    consents.give(ids["valid"], "Newsletter", TODAY - timedelta(days=30))
    gone = consents.give(ids["withdrawn"], "Newsletter", TODAY - timedelta(days=30))
    consents.withdraw(gone, TODAY)
    consents.give(ids["other"], "Fotos", TODAY - timedelta(days=30))
    consents.give(ids["future"], "Newsletter", TODAY + timedelta(days=5))
    old = consents.give(ids["renewed"], "Newsletter", TODAY - timedelta(days=300))
    consents.withdraw(old, TODAY - timedelta(days=200))
    consents.give(ids["renewed"], "Newsletter", TODAY - timedelta(days=10))
    set_contact_tags(db, ids["valid"], ["Presse"])
    set_contact_tags(db, ids["none"], ["Presse"])
    return ids


def test_an_export_for_a_purpose_holds_only_valid_consents(db, newsletter):
    criteria = ContactFilter(consent="Newsletter")
    assert set(ContactListService(db).ids(criteria)) == {newsletter["valid"], newsletter["renewed"]}
    vcf = contacts_export.contacts_vcf(db, criteria).decode("utf-8")
    assert "Gültig" in vcf and "Erneuert" in vcf
    for name in ("Widerrufen", "Anderer-Zweck", "Ohne", "Zukunft"):
        assert name not in vcf, name
    rows = list(
        csv.reader(io.StringIO(contacts_export.contacts_csv(db, criteria).decode("utf-8-sig")), delimiter=";")
    )
    assert sorted(r[0] for r in rows[1:]) == ["Erneuert, Rita", "Gültig, Gül"]
    sheet = load_workbook(io.BytesIO(contacts_export.contacts_xlsx(db, criteria))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] and "," in row[0]]
    assert sorted(names) == ["Erneuert, Rita", "Gültig, Gül"]
    # on the day the consent was still valid, the withdrawn one was in
    earlier = ContactListService(db).ids(criteria, TODAY - timedelta(days=1))
    assert newsletter["withdrawn"] in earlier and newsletter["future"] not in earlier


def test_tag_and_consent_filters_combine(db, newsletter):
    criteria = ContactFilter(tag="Presse", consent="Newsletter")
    assert ContactListService(db).ids(criteria) == [newsletter["valid"]]
    assert ContactListService(db).ids(ContactFilter(tag="Presse")) == [
        newsletter["valid"],
        newsletter["none"],
    ]


# ------------------------------------------------------------------------------------ CSV and Excel
def test_csv_opens_in_german_excel(db):
    person(
        db,
        "Jörg",
        "=1+1",
        organisation='Müller "Bau"; GmbH',
        phone="+49 9571 4711",
        street="@SUM(A1)",
        city="-2+3",
        notes="intern",
    )
    data = contacts_export.contacts_csv(db)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and "\r\n" in text
    header, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert header[:3] == ["Name", "Art", "Anrede"]
    values = dict(zip(header, row, strict=True))
    assert values["Nachname"] == "'=1+1" and values["Name"] == "'=1+1, Jörg"
    assert values["Straße"] == "'@SUM(A1)"
    assert values["Institution"] == 'Müller "Bau"; GmbH'  # quoted in the file, whole in the cell
    assert '"Müller ""Bau""; GmbH"' in text
    # OWASP's rule whole: a spreadsheet reads "-2+3" as a formula, and "+49 …" it would try too
    assert values["Telefon"] == "09571 4711"  # as German offices write it (and so no formula guard needed)
    assert values["Ort"] == "'-2+3"
    assert "intern" not in text  # internal notes are not exported


def test_excel_export_keeps_formula_like_text_as_text(db):
    person(db, "Jörg", "=1+1", email="joerg@example.org")
    sheet = load_workbook(io.BytesIO(contacts_export.contacts_xlsx(db))).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["Nachname"].value == "=1+1" and row["Nachname"].data_type == "s"
    assert row["E-Mail"].value == "joerg@example.org"


# ------------------------------------------------------------------------ vCard types, read by vobject
def test_vcard_types_follow_the_labels_of_address_email_and_phone(db):
    import vobject

    from regiodesk.services.contact_details import AddressService, ContactEmailService, ContactPhoneService

    home = person(db, "Jürgen", "Weiß")
    AddressService(db, home).create(
        {"kind": "privat", "street": "Lindenweg 3", "postal_code": "96247", "city": "Michelau"}
    )
    ContactEmailService(db, home).create({"kind": "privat", "address": "juergen@familie.example"})
    ContactEmailService(db, home).create({"kind": "dienstlich", "address": "weiss@gemeinde.example"})
    ContactPhoneService(db, home).create({"kind": "privat", "number": "09571 1234"})
    ContactPhoneService(db, home).create({"kind": "mobil", "number": "0171 555"})
    ContactPhoneService(db, home).create({"kind": "Fax Büro", "number": "09571 9999"})
    office = person(db, "Anna", "Amt")
    AddressService(db, office).create({"kind": "dienstlich", "street": "Marktplatz 1", "city": "Lichtenfels"})

    cards = {c.uid.value: c for c in vobject.readComponents(contacts_export.contacts_vcf(db).decode("utf-8"))}

    def types(prop) -> set[str]:
        return {t.upper() for value in prop.params.get("TYPE", []) for t in value.split(",")}

    j = cards[f"urn:uuid:{home}"]
    assert j.fn.value == "Jürgen Weiß"
    assert types(j.adr) == {"HOME"} and j.adr.value.street == "Lindenweg 3" and j.adr.value.city == "Michelau"
    emails = {e.value: types(e) for e in j.contents["email"]}
    assert emails == {
        "juergen@familie.example": {"INTERNET", "HOME", "PREF"},
        "weiss@gemeinde.example": {"INTERNET", "WORK"},
    }
    phones = {t.value: types(t) for t in j.contents["tel"]}
    # numbers are stored in the international form (a vCard's TEL is read anywhere in the world)
    assert phones == {
        "+49 9571 1234": {"HOME", "VOICE"},
        "+49 171555": {"CELL"},
        "+49 9571 9999": {"WORK", "FAX"},
    }
    assert types(cards[f"urn:uuid:{office}"].adr) == {"WORK"}


def test_list_drafts_split_at_the_one_bcc_limit_and_keep_every_name(db):
    import email
    from email import policy

    from regiodesk.reports.mail import BCC_LIMIT

    first, last = (
        ("Hans", "Jürgen", "Änne", "Özlem", "Max", "Lena"),
        ("Müller", "Schröder", "Weiß", "Meier", "Groß"),
    )
    expected = []
    for k in range(60):
        name = (f"{last[k % 5]}, Dr. {first[k % 6]}", f"Dr. {first[k % 6]} {last[k % 5]}", f"Meier, Max {k}")[
            k % 3
        ]
        address = f"p{k}.{'x' * (k % 20 + 1)}@gemeinde-{k % 7}.example"  # never a dot before the @
        cid = person(db, "", name, email=address)
        expected.append((ContactService(db).display_name(cid), address))
    drafts = contacts_export.email_drafts(db, ALL, "Regionalforum", "Hallo", sender="buero@region.example")
    assert contacts_export.BCC_LIMIT is BCC_LIMIT and len(drafts) == 2
    found = []
    for raw in drafts:
        message = email.message_from_bytes(raw, policy=policy.default)
        assert message["To"] == "buero@region.example"
        found += [(a.display_name, a.addr_spec) for a in message["Bcc"].addresses]
    assert sorted(found) == sorted(expected)
