"""A PDF's paragraphs are broken into lines once per width (``reports.pdf.Paragraph``), and the
letterhead's logo is decoded once per document: the pages come out exactly as before, only sooner
(issue 23)."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from document_helpers import DEMO_DAY
from pypdf import PdfReader
from reportlab import rl_config
from reportlab.platypus import Paragraph as ReportlabParagraph
from reportlab.platypus import paragraph as platypus_paragraph
from sqlalchemy import func, select

from regiodesk.db.models import AgendaItem
from regiodesk.reports import pdf
from regiodesk.reports.annual_report import annual_report_pdf
from regiodesk.reports.meeting_docs import minutes_pdf

TODAY = DEMO_DAY
TEXT = (
    "Die Lokale Aktionsgruppe beschließt die Auswahl des Projekts „Dorfladen Weißenbrunn“ nach den "
    "Projektauswahlkriterien der Lokalen Entwicklungsstrategie und beauftragt die Geschäftsstelle, "
    "den Förderantrag bei der Bewilligungsstelle einzureichen. "
) * 3


@pytest.fixture
def reproducible(monkeypatch):
    """reportlab's invariant mode: no creation time or random id in the file, so two files of the
    same pages are the same bytes."""
    monkeypatch.setattr(rl_config, "invariant", 1)


def _busiest_meeting(db) -> str:
    with db.session() as session:
        return session.execute(
            select(AgendaItem.meeting_id)
            .where(AgendaItem.deleted_at.is_(None))
            .group_by(AgendaItem.meeting_id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()


def _line_texts(paragraph) -> list[str]:
    """The words of each line (reportlab keeps a plain paragraph's lines as (space, words) pairs)."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _space, words in lines]
    return [" ".join(getattr(word, "text", "") for word in line.words) for line in lines]


@pytest.mark.parametrize("widths", [(400, 400, 400), (400, 180, 400), (180, 400, 180, 180)])
def test_a_paragraph_has_the_lines_reportlab_gives_at_every_width_it_is_asked_for(widths):
    style = pdf.styles()["body"]
    ours = pdf.Paragraph(TEXT, style)
    for width in widths:
        theirs = ReportlabParagraph(TEXT, style)
        assert ours.wrap(width, 1000) == theirs.wrap(width, 1000)
        assert _line_texts(ours) == _line_texts(theirs)


def test_a_paragraph_asked_again_at_the_same_width_is_not_broken_again(monkeypatch):
    broken = []
    original = platypus_paragraph.Paragraph.breakLines
    monkeypatch.setattr(
        platypus_paragraph.Paragraph, "breakLines", lambda self, w: broken.append(w) or original(self, w)
    )
    paragraph = pdf.Paragraph(TEXT, pdf.styles()["body"])
    first = paragraph.wrap(400, 800)
    assert paragraph.wrap(400, 300) == first and len(broken) == 1  # the room below does not matter
    assert paragraph.wrap(200, 800) != first and len(broken) == 2
    assert paragraph.wrap(400, 800) == first and len(broken) == 3  # the last width is the one kept


def _without_kept_lines(monkeypatch) -> None:
    monkeypatch.setattr(pdf.Paragraph, "wrap", ReportlabParagraph.wrap)


def test_the_minutes_are_the_same_file_as_with_reportlabs_own_line_breaking(demo, reproducible, monkeypatch):
    meeting = _busiest_meeting(demo)
    kept = minutes_pdf(demo, meeting)
    assert len(PdfReader(io.BytesIO(kept)).pages) >= 2  # page breaks, tables and kept-together blocks
    with monkeypatch.context() as m:
        _without_kept_lines(m)
        assert minutes_pdf(demo, meeting) == kept


def test_the_annual_report_is_the_same_file_as_with_reportlabs_own_line_breaking(
    demo, reproducible, monkeypatch
):
    kept = annual_report_pdf(demo, 2025, as_of=TODAY)
    assert len(PdfReader(io.BytesIO(kept)).pages) >= 3  # tables repeating their header row on each page
    with monkeypatch.context() as m:
        _without_kept_lines(m)
        assert annual_report_pdf(demo, 2025, as_of=TODAY) == kept


def _png(width: int = 120, height: int = 60, kind: str = "PNG", mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), (20, 90, 160, 128)[: len(mode)]).save(out, format=kind)
    return out.getvalue()


def _long_story() -> list:
    return [pdf.Paragraph(TEXT, pdf.styles()["body"]) for _ in range(40)]


def test_the_logo_stands_on_every_page_as_one_image_of_the_file():
    letterhead = pdf.Letterhead("LEADER-Region Testtal", "", "Marktplatz 1\n96450 Coburg", _png())
    reader = PdfReader(io.BytesIO(pdf.build_pdf(_long_story(), letterhead, "Test")))
    assert len(reader.pages) >= 3
    shown = [page["/Resources"]["/XObject"] for page in reader.pages]
    assert all(len(xobjects) == 1 for xobjects in shown)
    assert len({xobjects[name].indirect_reference.idnum for xobjects in shown for name in xobjects}) == 1


@pytest.mark.parametrize(
    ("kind", "mode"), [("PNG", "RGB"), ("PNG", "RGBA"), ("JPEG", "RGB"), ("GIF", "P"), ("BMP", "RGB")]
)
def test_a_logo_prints_whatever_picture_format_it_came_in(kind, mode):
    """PNG and JPEG (what the settings accept) and what an older file or a synced copy may hold."""
    letterhead = pdf.Letterhead("LEADER-Region Testtal", "", "Marktplatz 1", _png(90, 45, kind, mode))
    page = PdfReader(io.BytesIO(pdf.build_pdf(_long_story(), letterhead, "Test"))).pages[0]
    [image] = page["/Resources"]["/XObject"].values()
    assert (image.get_object()["/Width"], image.get_object()["/Height"]) == (90, 45)


@pytest.mark.parametrize("logo", [b"kein Bild", b"\x89PNG\r\n\x1a\n kaputt", b"\xff\xd8 kaputt", b""])
def test_a_logo_that_cannot_be_read_leaves_the_letterhead_without_it(logo):
    letterhead = pdf.Letterhead("LEADER-Region Testtal", "", "Marktplatz 1\n96450 Coburg", logo)
    reader = PdfReader(io.BytesIO(pdf.build_pdf(_long_story(), letterhead, "Test")))
    assert len(reader.pages) >= 3
    assert all("/XObject" not in page["/Resources"] for page in reader.pages)
    assert "LEADER-Region Testtal" in reader.pages[1].extract_text()


def _fonts_of(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }


def test_italics_are_set_in_the_italic_face_read_when_first_needed():
    """A document without an italic line never reads the italic face (5 ms); a note, a paragraph
    with <i> markup and a note split across pages are set in it."""
    script = """
from reportlab.pdfbase import pdfmetrics
from regiodesk.reports import pdf
st = pdf.styles()
pdf.build_pdf([pdf.Paragraph("Nur aufrecht", st["body"])], pdf.Letterhead("R", "", "A", None), "T")
print(pdf.FONT_ITALIC in pdfmetrics.getRegisteredFontNames())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]
    st = pdf.styles()
    letterhead = pdf.Letterhead("LEADER-Region Testtal", "", "Marktplatz 1", None)
    for story in (
        [pdf.Paragraph("Hinweis: " + "nahm nicht teil " * 300, st["note"])],  # split across pages
        [pdf.Paragraph("Der Beschluss ist <i>vorläufig</i>.", st["body"])],
    ):
        assert "DejaVuSans-Oblique" in _fonts_of(pdf.build_pdf(story, letterhead, "Test"))
    upright = pdf.build_pdf([pdf.Paragraph("Aufrecht", st["body"])], letterhead, "Test")
    assert _fonts_of(upright) >= {"DejaVuSans"} and "DejaVuSans-Oblique" not in _fonts_of(upright)
