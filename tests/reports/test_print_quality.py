"""What makes a PDF one an office sends out unchanged: words break at syllables with a hyphen, a
number stays with its unit, signatures never stand alone, drafts say so, the place line names the
town, and the file carries its language and metadata (issue 19)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from document_helpers import pdf_pages, pdf_text
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from regiodesk import __version__
from regiodesk.db.models import RegionSettings
from regiodesk.i18n import NBSP, keep_units_together
from regiodesk.reports.meeting_docs import invitation_pdf, meeting_town, minutes_pdf
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    FONT,
    Letterhead,
    build_pdf,
    fit_widths,
    signature_block,
    styles,
    table,
)
from regiodesk.services.meetings import MeetingService

LETTERHEAD = Letterhead("LEADER-Region Testtal", "", "Marktplatz 1\n96450 Coburg", None)


def page_lines(pdf: bytes, page: int = 0) -> list[str]:
    """The lines of one page as pdftotext lays them out (the third-party reader a clerk's tools use)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page + 1), "-l", str(page + 1), "-", "-"],
            input=pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
    else:
        out = PdfReader(io.BytesIO(pdf)).pages[page].extract_text()
    return [line.strip() for line in out.splitlines() if line.strip()]


def one_column_pdf(text: str, width_mm: float) -> bytes:
    return build_pdf([table([["Stand"], [text]], [width_mm * mm])], LETTERHEAD, "Test")


def cell_lines(pdf: bytes, first: str, last: str) -> list[str]:
    lines = page_lines(pdf)
    start = next(n for n, line in enumerate(lines) if line.startswith(first))
    end = next(n for n, line in enumerate(lines) if last in line)
    return lines[start : end + 1]


def test_a_word_wider_than_its_column_breaks_at_a_german_syllable_with_a_hyphen():
    lines = cell_lines(one_column_pdf("Verwendungsnachweis eingereicht", 25), "Ver", "eingereicht")
    assert lines[0] == "Verwen-"  # not "Verwendungsnachwei" + "s"
    assert all(line.endswith("-") for line in lines[:-2])
    assert "".join(line.rstrip("-") for line in lines[:-1]) == "Verwendungsnachweis"
    assert lines[-1] == "eingereicht"  # a word that fits its column stays whole


def test_words_that_fit_are_never_hyphenated():
    text = "Die Sitzung danach wird vertreten durch die Stellvertretung"
    lines = cell_lines(one_column_pdf(text, 40), "Die", "Stellvertretung")
    assert not any(line.endswith("-") for line in lines)
    assert " ".join(lines) == text


def test_an_amount_stays_with_its_euro_sign_and_a_share_with_its_percent():
    assert keep_units_together("1.140.798 € und 45 % in 7 Tagen") == (
        f"1.140.798{NBSP}€ und 45{NBSP}% in 7{NBSP}Tagen"
    )
    assert keep_units_together("TOP 3 Haus 4 Eulen") == "TOP 3 Haus 4 Eulen"
    lines = cell_lines(one_column_pdf("Zuschuss 1.140.798 € bewilligt", 24), "Zuschuss", "bewilligt")
    assert any(re.fullmatch(r"1\.140\.798\s€", line) for line in lines), lines


def test_columns_are_sized_so_that_no_word_is_wider_than_its_column():
    st = styles()
    rows = [
        ["TOP", "Gegenstand", "Art"],
        ["1", Paragraph("Interessengruppe " * 12, st["cell"]), "Information"],
        ["12", "Verwendungsnachweis zurückgezogen", "Beschluss"],
    ]
    widths = fit_widths(rows, CONTENT_WIDTH)
    assert sum(widths) == pytest.approx(CONTENT_WIDTH)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for word, column in (("TOP", 0), ("Information", 2), ("Verwendungsnachweis", 1)):
        assert stringWidth(word, FONT, 9) + 12 < widths[column]
    assert widths[1] > widths[0] + widths[2]  # the long text gets the room


def test_the_signatures_take_the_last_paragraph_to_the_next_page():
    st = styles()
    story = []
    n = 0
    while True:  # fill the first page until the signature block alone would not fit any more
        story.append(Paragraph(f"Absatz {n}: " + "Text des Protokolls. " * 8, st["body"]))
        n += 1
        if (
            pdf_pages(build_pdf([*story, signature_block(["Sitzungsleitung", "Protokoll"])], LETTERHEAD, "T"))
            > 1
        ):
            break
    pdf = build_pdf([*story, signature_block(["Sitzungsleitung", "Protokoll"])], LETTERHEAD, "T")
    last = PdfReader(io.BytesIO(pdf)).pages[-1].extract_text()
    assert "Sitzungsleitung" in last
    assert f"Absatz {n - 1}:" in last  # the signature does not stand alone on the last page


@pytest.fixture
def minutes_db(lag):
    with lag["db"].transaction() as session:
        session.add(
            RegionSettings(
                name="LEADER-Region Testtal", office_address="Geschäftsstelle\nMarktplatz 1\n96450 Coburg"
            )
        )
    return lag


def test_minutes_are_a_draft_until_they_are_approved(minutes_db):
    db, meeting = minutes_db["db"], minutes_db["meeting"]
    invited = pdf_text(minutes_pdf(db, meeting))
    assert "ENTWURF" in invited and "Entwurf: Die Sitzung hat noch nicht stattgefunden." in invited
    meetings = MeetingService(db)
    meetings.update(meeting, {"state": "durchgefuehrt"})
    held = pdf_text(minutes_pdf(db, meeting))
    assert "Entwurf: Die Niederschrift ist noch nicht genehmigt." in held
    meetings.update(meeting, {"state": "protokoll_genehmigt"})
    approved = pdf_text(minutes_pdf(db, meeting))
    assert "ENTWURF" not in approved and "Entwurf" not in approved


def test_the_place_line_names_the_town_not_the_building(minutes_db):
    assert meeting_town("Rathaus, Marktplatz 1, 96450 Coburg") == "Coburg"
    assert meeting_town("Dorfgemeinschaftshaus Steinbühl", "Marktplatz 3\n96253 Steinbühl") == "Steinbühl"
    assert meeting_town("Dorfgemeinschaftshaus X", "") == "Ort"
    db, meeting = minutes_db["db"], minutes_db["meeting"]
    MeetingService(db).update(meeting, {"location": "Dorfgemeinschaftshaus Weißenbrunn"})
    text = pdf_text(minutes_pdf(db, meeting))
    assert "Coburg, den" in text and "Weißenbrunn, den" not in text


def test_every_pdf_says_its_language_title_author_subject_and_creator(minutes_db):
    db, meeting = minutes_db["db"], minutes_db["meeting"]
    reader = PdfReader(io.BytesIO(invitation_pdf(db, meeting)))
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    meta = reader.metadata
    assert meta.title == "Einladung LAG Obermain 09.03.2026"
    assert meta.author == "LEADER-Region Testtal"
    assert meta.subject.startswith("Einladung zur Sitzung am 09.03.2026")
    assert meta.creator == f"regiodesk {__version__}"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-"], input=invitation_pdf(db, meeting), capture_output=True).stdout
        assert b"Title:           Einladung LAG Obermain 09.03.2026" in info
    assert date.today()  # the footer's date is today's; nothing else depends on the clock


def test_a_signing_row_grows_with_its_text_instead_of_running_into_the_next():
    """Attendance and participant lists give each person 9 mm to sign; a long institution name
    that wraps to three lines gets the room it needs (it used to overprint the next line)."""

    from regiodesk.reports.pdf import table

    rows = [
        ("Nr.", "Name", "Institution", "Unterschrift"),
        ("1", "Gerda Brunner", "", ""),
        ("2", "Dr. Michael Götz", "Amt für Ländliche Entwicklung Oberfranken, Dienststelle Bamberg", ""),
    ]
    result = table(rows, [10 * mm, 40 * mm, 30 * mm, 60 * mm], row_heights=9 * mm)
    result.wrap(140 * mm, 250 * mm)
    _header, short, long = result._rowHeights
    assert short == 9 * mm
    assert long > 9 * mm  # three or more lines of text


@pytest.mark.parametrize("width_mm", range(50, 100, 5))
def test_a_hyphenated_name_keeps_its_hyphen_at_every_column_width(width_mm):
    """„LAG Frankenjura-Ost“ in a table cell with a second, smaller line (the annual report's press
    list) printed as „FrankenjuraOst“ at some widths."""
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from regiodesk.reports.pdf import styles, table

    markup = (
        "Eröffnet: Kooperationsprojekt „Jurasteig-Tage“ mit der LAG Frankenjura-Ost"
        "<br/><font size=7.5>Presseartikel</font>"
    )
    cell = Paragraph(markup, styles()["cell"])
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([table([("Titel",), (cell,)], [width_mm * mm])])
    text = " ".join(PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text().split())
    assert "FrankenjuraOst" not in text
    assert "Frankenjura-Ost" in text or "Frankenjura- Ost" in text


@pytest.mark.parametrize(
    "text",
    [
        "Ärger über Öl, Straße – „Zitat“ … 1.250,00 € § 34 → ≤ ± ² × · •",
        "Łukasz Wąsowski, Dvořák, Šťastný, Gülşen Yılmaz, Sørensen, Ægir, Nguyễn Thị Ánh",
        "Παπαδόπουλος, Олександр Шевченко, Ґрунт, Արամ, שרה לוי, ნინო",
    ],
)
def test_the_pdf_fonts_have_every_letter_offices_write(text):
    """The subset fonts (reports.pdf.FONT_RANGES) print German, the neighbours' and migrants' names."""
    from reportlab.pdfbase import pdfmetrics

    from regiodesk.reports.pdf import FONT, FONT_BOLD, FONT_ITALIC, Paragraph, styles

    Paragraph(text, styles()["note"])  # the italic face is read with the first italic paragraph
    for name in (FONT, FONT_BOLD, FONT_ITALIC):
        covered = pdfmetrics.getFont(name).face.charToGlyph
        assert [c for c in text if c != " " and ord(c) not in covered] == [], name
