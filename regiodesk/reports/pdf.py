"""The one page layout of every PDF regiodesk prints.

Letterhead and logo from the region settings, the shipped DejaVu font (full German and
European coverage, embedded, so a PDF looks the same everywhere), "Seite N von M" in the
footer, and tables that repeat their header row across pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy import select

from regiodesk.db.database import Database
from regiodesk.db.models import RegionSettings
from regiodesk.i18n import format_date

FONT, FONT_BOLD, FONT_ITALIC = "RegioSans", "RegioSans-Bold", "RegioSans-Italic"
MARGIN = 20 * mm
GREY = colors.HexColor("#555555")
LINE = colors.HexColor("#999999")
HEADER_FILL = colors.HexColor("#E4E9EF")


@lru_cache(maxsize=1)
def register_fonts() -> None:
    fonts = files("regiodesk.resources") / "fonts"
    for name, filename in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, io.BytesIO((fonts / filename).read_bytes())))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


@dataclass(frozen=True)
class Letterhead:
    """What the head of every page shows, from the region settings."""

    region: str
    #: The office's own letterhead lines; empty: composed from address and contact data.
    text: str
    office_address: str
    logo: bytes | None
    lag_name: str = ""
    #: "Telefon … · E-Mail · Internetseite"
    contact: str = ""
    #: Who signs the office's letters: name, and the function on a second line.
    signatory: str = ""

    @classmethod
    def of(cls, db: Database) -> Letterhead:
        with db.session() as session:
            settings = session.scalar(
                select(RegionSettings).where(RegionSettings.deleted_at.is_(None)).limit(1)
            )
            if settings is None:
                return cls("", "", "", None)
            phone = settings.office_phone.strip()
            contact = " · ".join(
                part
                for part in (
                    f"Telefon {phone}" if phone else "",
                    settings.office_email.strip(),
                    settings.office_website.strip(),
                )
                if part
            )
            return cls(
                settings.name,
                settings.letterhead_text,
                settings.office_address,
                settings.logo,
                settings.lag_name,
                contact,
                "\n".join(p for p in (settings.signatory_name.strip(), settings.signatory_role.strip()) if p),
            )

    def lines(self) -> list[str]:
        """The grey lines under the region's name: the LAG, then the office's own letterhead text
        or, without one, its address on one line and the contact line."""
        result = []
        lag = self.lag_name.strip()
        if lag and lag != self.region and lag not in self.text:
            result.append(lag)
        if self.text.strip():
            result += [line.strip() for line in self.text.splitlines() if line.strip()]
        else:
            address = " · ".join(line.strip() for line in self.office_address.splitlines() if line.strip())
            result += [line for line in (address, self.contact) if line]
        return result[:4]


def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=GREY),
        "title": ParagraphStyle(
            "title", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=4
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=14, textColor=GREY, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13.5,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=True,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5),
        "note": ParagraphStyle("note", parent=base, fontName=FONT_ITALIC, fontSize=9.5, leading=12.5),
        "warning": ParagraphStyle(
            "warning", parent=base, fontName=FONT_BOLD, textColor=colors.HexColor("#A40000")
        ),
    }


def escape(text: str | None) -> str:
    """Text for a Paragraph: markup characters escaped, line breaks kept."""
    if not text:
        return ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return safe.replace("\n", "<br/>")


class _NumberedCanvas(Canvas):
    """Draws "Seite N von M" once the number of pages is known (two-pass via saved page states)."""

    def __init__(self, *args, footer_left: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer_left = footer_left

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = list(self._pages)
        for state, number in zip(pages, self._page_numbers(pages), strict=True):
            self.__dict__.update(state)
            self._draw_footer(number)
            super().showPage()
        super().save()

    def _page_numbers(self, pages: list[dict]) -> list[str]:
        """The page number text of each page (a subclass may count differently, or leave one out)."""
        total = len(pages)
        return [f"Seite {n} von {total}" for n in range(1, total + 1)]

    def _draw_footer(self, number: str) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        self.setStrokeColor(LINE)
        self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        self.drawString(MARGIN, 10 * mm, self._footer_left)
        self.drawRightString(width - MARGIN, 10 * mm, number)
        self.restoreState()


def _draw_letterhead(canvas: Canvas, letterhead: Letterhead, first_page: bool) -> None:
    width, height = A4
    canvas.saveState()
    top = height - 12 * mm
    logo_width = 0.0
    if letterhead.logo:
        try:
            image = ImageReader(io.BytesIO(letterhead.logo))
            iw, ih = image.getSize()
            h = 16 * mm if first_page else 9 * mm
            w = h * iw / ih
            canvas.drawImage(image, width - MARGIN - w, top - h, w, h, mask="auto")
            logo_width = w + 4 * mm
        except Exception:  # a broken logo must never stop the minutes from printing
            pass
    room = width - 2 * MARGIN - logo_width  # the letterhead text never runs under the logo
    canvas.setFont(FONT_BOLD, 11 if first_page else 8.5)
    canvas.drawString(MARGIN, top - 4 * mm, letterhead.region or letterhead.lag_name)
    if first_page:
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        for n, line in enumerate(letterhead.lines()):
            size = 8.0
            while size > 6 and canvas.stringWidth(line, FONT, size) > room:
                size -= 0.25
            canvas.setFont(FONT, size)
            canvas.drawString(MARGIN, top - 9 * mm - n * 3.6 * mm, line)
    canvas.setStrokeColor(LINE)
    line_y = top - (22 * mm if first_page else 12 * mm)
    canvas.line(MARGIN, line_y, width - MARGIN, line_y)
    canvas.restoreState()


def section_heading(text: str, room: float = 45 * mm) -> list[Flowable]:
    """A heading before a long table: a new page only when less than ``room`` is left.

    The h2 style keeps a heading with what follows; with a table of thirty rows that
    moves the whole table to the next page and leaves the first page nearly empty.
    """
    style = ParagraphStyle("h2_section", parent=styles()["h2"], keepWithNext=False)
    return [CondPageBreak(room), Paragraph(escape(text), style)]


def build_pdf(story: Sequence[Flowable], letterhead: Letterhead, title: str, footer: str = "") -> bytes:
    """Lay out ``story`` on A4 pages with letterhead and page numbers; return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=letterhead.region or "regiodesk",
        creator="regiodesk",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=38 * mm,
        bottomMargin=20 * mm,
    )
    first = Frame(MARGIN, 20 * mm, width - 2 * MARGIN, height - 58 * mm, id="first")
    later = Frame(MARGIN, 20 * mm, width - 2 * MARGIN, height - 46 * mm, id="later")
    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [first],
                onPage=lambda c, d: _draw_letterhead(c, letterhead, True),
                autoNextPageTemplate="later",
            ),
            PageTemplate("later", [later], onPage=lambda c, d: _draw_letterhead(c, letterhead, False)),
        ]
    )
    footer_left = footer or f"{title} · erstellt am {format_date(date.today())}"
    doc.build(list(story), canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer_left=footer_left, **k))
    return buffer.getvalue()


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    header: bool = True,
    align_right: Sequence[int] = (),
    row_heights: float | None = None,
) -> Table:
    """A table whose header row repeats on every page; cells may be text or Paragraphs."""
    st = styles()
    body = [
        [
            cell
            if isinstance(cell, Flowable)
            else Paragraph(escape(str(cell)), st["cell_bold" if header and n == 0 else "cell"])
            for cell in row
        ]
        for n, row in enumerate(rows)
    ]
    heights = None
    if row_heights is not None:  # data rows get room (to sign in); the header keeps its own height
        heights = [None] * (1 if header else 0) + [row_heights] * (len(body) - (1 if header else 0))
    result = Table(body, colWidths=list(widths), repeatRows=1 if header else 0, rowHeights=heights)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY)]
    for column in align_right:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    result.setStyle(TableStyle(commands))
    return result


def signature_block(labels: Sequence[str], place_date: str = "") -> Flowable:
    """Signature lines side by side (e.g. Sitzungsleitung and Protokoll), each with place and date."""
    st = styles()
    gap = 12 * mm
    width = (A4[0] - 2 * MARGIN - gap * (len(labels) - 1)) / len(labels)
    widths: list[float] = []
    for n in range(len(labels)):
        widths += [width] if n == 0 else [gap, width]

    def spread(cells: list[object]) -> list[object]:
        row: list[object] = []
        for n, cell in enumerate(cells):
            row += [cell] if n == 0 else ["", cell]
        return row

    rows = [
        spread([Paragraph(escape(place_date), st["small"]) for _ in labels]),
        spread(["" for _ in labels]),
        spread([Paragraph(escape(label), st["small"]) for label in labels]),
    ]
    block = Table(rows, colWidths=widths, rowHeights=[12, 30, 14])
    block.setStyle(
        TableStyle(
            [("LINEABOVE", (2 * n, 2), (2 * n, 2), 0.6, colors.black) for n in range(len(labels))]
            + [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
        )
    )
    return KeepTogether([Spacer(1, 10 * mm), block])


CONTENT_WIDTH = A4[0] - 2 * MARGIN
