"""The one page layout of every PDF regiodesk prints.

Letterhead and logo from the region settings, the shipped DejaVu font (full German and
European coverage, embedded, so a PDF looks the same everywhere), "Seite N von M" in the
footer, and tables that repeat their header row across pages.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

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
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Paragraph as _Paragraph
from sqlalchemy import select

from regiodesk import __version__, collector
from regiodesk.db.database import Database
from regiodesk.db.models import RegionSettings
from regiodesk.i18n import format_date, keep_units_together
from regiodesk.reports import hyphenation

if TYPE_CHECKING:
    from PIL import Image

FONT, FONT_BOLD, FONT_ITALIC = "RegioSans", "RegioSans-Bold", "RegioSans-Italic"
MARGIN = 20 * mm
GREY = colors.HexColor("#555555")
LINE = colors.HexColor("#999999")
HEADER_FILL = colors.HexColor("#E4E9EF")


#: The scripts the PDFs' font keeps (DejaVu Sans, subset): every Latin (German, the neighbours',
#: Turkish, Vietnamese), Greek, Cyrillic, Armenian, Hebrew and Georgian letter, the punctuation,
#: currency, arrows, mathematical and other symbols up to the dingbats. Made with fontTools:
#: ``pyftsubset DejaVuSans.ttf --unicodes=<these> --layout-features='*' --glyph-names
#: --notdef-outline --name-IDs='*' --name-legacy --name-languages='*'`` (the license stays in the
#: font and beside it). Dropped: Arabic, Braille, Lao and other scripts reportlab cannot set without
#: shaping or that no office here writes; reading the three whole fonts was 26 of a printed
#: document's ms, most of them for glyphs never printed.
FONT_RANGES = (
    "U+0000-036F,U+0370-03FF,U+0400-052F,U+0530-058F,U+0590-05FF,U+10A0-10FF,U+1E00-1EFF,"
    "U+2000-27BF,U+2C60-2C7F,U+A720-A7FF,U+FB00-FB4F,U+FFFD"
)


def _logo_picture(logo: bytes) -> Image.Image:
    """The logo as Pillow reads it, through the reader of its own format: a logo is PNG or JPEG
    (``services.region.check_logo``), and Pillow's generic ``Image.open`` of bytes first loads five
    format readers (BMP, GIF, JPEG, PPM, PNG), 15 ms of every printed document. Anything else is
    left to ``Image.open``, which refuses what it cannot read."""
    from PIL import Image

    data = io.BytesIO(logo)
    if logo.startswith(b"\x89PNG\r\n\x1a\n"):
        from PIL.PngImagePlugin import PngImageFile

        return PngImageFile(data)
    if logo.startswith(b"\xff\xd8"):
        from PIL.JpegImagePlugin import JpegImageFile

        return JpegImageFile(data)
    return Image.open(data)


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """The upright faces every PDF sets; the italic one when a paragraph first needs it
    (:class:`Paragraph`): reading a face is 5 ms, and most documents have no italic line."""
    for name, filename in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        _register(name, filename)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


@lru_cache(maxsize=1)
def _register_italic() -> None:
    _register(FONT_ITALIC, "DejaVuSans-Oblique.ttf")


def _register(name: str, filename: str) -> None:
    face = (files("regiodesk.resources") / "fonts" / filename).read_bytes()
    pdfmetrics.registerFont(TTFont(name, io.BytesIO(face)))


class Paragraph(_Paragraph):
    """reportlab's paragraph, broken into lines once per width: every PDF's paragraphs are these.

    Platypus asks a paragraph for its height up to four times at the same width before it draws it
    (a KeepTogether measuring its content, a heading kept with the next block, the frame placing
    it, a table's row heights), and reportlab broke the whole text into lines each time: two of
    every three line breaks of a meeting's minutes. The lines depend on the width alone (text and
    style stay as they are), so those of the last width are kept; a split makes new paragraphs.

    A paragraph set in italics (the "note" style, or ``<i>`` in its markup) reads the italic face
    first (see :func:`register_fonts`).
    """

    def __init__(self, text: str | None, style: ParagraphStyle | None = None, *args: Any, **kwargs: Any):
        # a split hands on its lines' fragments without text: the whole one registered the face
        if (style is not None and style.fontName == FONT_ITALIC) or (text is not None and "<i>" in text):
            _register_italic()
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept = self.__dict__.get("_lines_for")
        if kept is not None and kept[0] == availWidth:
            _, self.width, self._wrapWidths, self.blPara, self.height = kept
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if self.__dict__.get("width") == availWidth:  # broken into lines (not refused as too narrow)
            self._lines_for = (availWidth, self.width, self._wrapWidths, self.blPara, self.height)
        return size


#: What the letterhead shows of the region settings (:meth:`Letterhead.of`).
_LETTERHEAD_COLUMNS = (
    "name",
    "letterhead_text",
    "office_address",
    "logo",
    "lag_name",
    "office_phone",
    "office_email",
    "office_website",
    "signatory_name",
    "signatory_role",
)


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
        region = RegionSettings.__table__.c
        with db.session() as session:
            settings = session.execute(
                select(*(region[name] for name in _LETTERHEAD_COLUMNS))
                .where(region.deleted_at.is_(None))
                .limit(1)
            ).first()
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

    @cached_property
    def logo_image(self) -> ImageReader | None:
        """The logo, decoded once for every page of every document with this letterhead (a serial
        letter has one page per contact); None: no logo, or one that cannot be read (a broken logo
        never stops a document from printing)."""
        if not self.logo:
            return None
        try:
            return ImageReader(_logo_picture(self.logo))
        except Exception:
            return None

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


#: reportlab breaks a word at its soft hyphens when it overflows the line, and nowhere else.
#: Not at the hyphens a word already has (embeddedHyphenation): reportlab 4/5 then drops the hyphen
#: of a paragraph with markup when the word ends up whole on the next line („FrankenjuraOst“).
HYPHENATION = {"embeddedHyphenation": 0, "uriWasteReduce": 0.0}
SOFT_HYPHEN = "\u00ad"


def soft_hyphens(word: str) -> str:
    """``word`` with a soft hyphen at each German syllable break: "Ver\xadwen\xaddungs\xadnach\xadweis"."""
    return hyphenation.german().inserted(word, hyphen=SOFT_HYPHEN)


def hyphenate_wide_words(markup: str, room: float, font: str, size: float) -> str:
    """Paragraph markup with soft hyphens in the words wider than ``room`` (and only in those): such a
    word breaks at a German syllable with a hyphen ("Verwendungs-nachweis"), never in the middle of a
    syllable, and every other word stays whole."""

    def word(match: re.Match[str]) -> str:
        if match.group(1):  # a tag
            return match.group(1)
        text = match.group(2)
        if pdfmetrics.stringWidth(text, font, size) <= room:
            return text
        return soft_hyphens(text)

    return re.sub(r"(<[^>]+>)|([^\W\d_]{5,})", word, markup)


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
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, **HYPHENATION),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=base, fontName=FONT_BOLD, fontSize=9, leading=11.5, **HYPHENATION
        ),
        "note": ParagraphStyle("note", parent=base, fontName=FONT_ITALIC, fontSize=9.5, leading=12.5),
        "warning": ParagraphStyle(
            "warning", parent=base, fontName=FONT_BOLD, textColor=colors.HexColor("#A40000")
        ),
    }


def escape(text: str | None) -> str:
    """Text for a Paragraph: markup characters escaped, line breaks kept, a number kept with its unit."""
    if not text:
        return ""
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return keep_units_together(safe).replace("\n", "<br/>")


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
        self.drawRightString(width - MARGIN, 10 * mm, number)
        room = width - 2 * MARGIN - self.stringWidth(number, FONT, 8) - 6 * mm
        left = self._footer_left
        while left and self.stringWidth(left, FONT, 8) > room:  # never into the page number
            left = left[:-2] + "…"
        self.drawString(MARGIN, 10 * mm, left)
        self.restoreState()


def _draw_letterhead(canvas: Canvas, letterhead: Letterhead, first_page: bool) -> None:
    width, height = A4
    canvas.saveState()
    top = height - 12 * mm
    logo_width = 0.0
    image = letterhead.logo_image
    if image is not None:
        try:
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


LANGUAGE = "de-DE"


def _draw_draft_mark(canvas: Canvas) -> None:
    """ "Entwurf" across the page and in the head: minutes not yet held or approved are no record."""
    width, height = A4
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#E2E2E2"))
    canvas.setFont(FONT_BOLD, 96)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(50)
    canvas.drawCentredString(0, -30, "ENTWURF")
    canvas.restoreState()


def build_pdf(
    story: Sequence[Flowable],
    letterhead: Letterhead,
    title: str,
    footer: str = "",
    subject: str = "",
    draft: bool = False,
) -> bytes:
    """Lay out ``story`` on A4 pages with letterhead and page numbers; return the PDF bytes.

    The file says its language (de-DE, for screen readers and search) and carries title, author (the
    region), subject and creator; ``draft`` marks every page "ENTWURF".

    Laid out with the cycle collector run seldom (:func:`regiodesk.collector.seldom`): a page's
    paragraphs, lines and fragments live until the file is written, and walking them every 700
    new objects took a fifth of a meeting's minutes."""
    with collector.seldom():
        return _build_pdf(story, letterhead, title, footer, subject, draft)


def _build_pdf(
    story: Sequence[Flowable], letterhead: Letterhead, title: str, footer: str, subject: str, draft: bool
) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = A4
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author=letterhead.region or letterhead.lag_name or "regiodesk",
        subject=subject or title,
        creator=f"regiodesk {__version__}",
        lang=LANGUAGE,
        displayDocTitle=True,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=38 * mm,
        bottomMargin=20 * mm,
    )

    def page(canvas: Canvas, first_page: bool) -> None:
        if draft:
            _draw_draft_mark(canvas)
        _draw_letterhead(canvas, letterhead, first_page)

    first = Frame(MARGIN, 20 * mm, width - 2 * MARGIN, height - 58 * mm, id="first")
    later = Frame(MARGIN, 20 * mm, width - 2 * MARGIN, height - 46 * mm, id="later")
    doc.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=lambda c, d: page(c, True), autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=lambda c, d: page(c, False)),
        ]
    )
    footer_left = footer or f"{title} · erstellt am {format_date(date.today())}"
    if draft:
        footer_left = f"ENTWURF · {footer_left}"
    doc.build(
        keep_signatures_with_text(story),
        canvasmaker=lambda *a, **k: _NumberedCanvas(*a, footer_left=footer_left, **k),
    )
    return buffer.getvalue()


#: reportlab's default cell padding, left plus right
CELL_PADDING = 12.0 + 1.5  # and a little air: a word exactly as wide as its cell wraps


def _cell_text(cell: object, header: bool, plain_size: float = 9) -> tuple[str, str, float]:
    """The plain text of a table cell with the font and size it is set in."""
    if isinstance(cell, Paragraph):
        style = cell.style
        font = FONT_BOLD if "<b>" in getattr(cell, "text", "") else style.fontName
        return _markup_text(getattr(cell, "text", "")), font, style.fontSize
    if isinstance(cell, Flowable):
        return "", FONT, 9
    return str(cell if cell is not None else ""), FONT_BOLD if header else FONT, plain_size


def _markup_text(markup: str) -> str:
    """A Paragraph's text without tags, its <br/> as line breaks (reportlab's own plain text joins
    the lines into one long word)."""
    import html

    text = re.sub(r"<br\s*/?>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _hyphenatable(word: str) -> bool:
    return word.isalpha() and len(word) > 5


def fit_widths(
    rows: Sequence[Sequence[object]],
    total: float = A4[0] - 2 * MARGIN,
    header: bool = True,
    padding: float = CELL_PADDING,
    plain_size: float = 9,
) -> list[float]:
    """Column widths from the content: each column at least as wide as its longest word where the
    width allows, the rest shared by how much text each column has.

    Where even the longest words do not fit side by side, the columns whose longest word can be
    hyphenated (German syllables) give way; numbers and amounts keep their width."""
    register_fonts()
    count = max((len(row) for row in rows), default=0)
    least = [padding] * count  # the longest word
    most = [padding] * count  # the longest line
    rigid = [False] * count  # a longest word that no hyphen can split (a number, an amount)
    for n, row in enumerate(rows):
        for c, cell in enumerate(row):
            text, font, size = _cell_text(cell, header and n == 0, plain_size)
            for line in text.splitlines() or [""]:
                most[c] = max(most[c], pdfmetrics.stringWidth(line, font, size) + padding)
                for word in line.replace("\xad", " ").split(" "):  # nbsp binds, soft hyphen splits
                    width = pdfmetrics.stringWidth(word, font, size) + padding
                    if width > least[c]:
                        least[c] = width
                        rigid[c] = not _hyphenatable(word.strip(".,;:()–-"))
    if count == 0:
        return []
    if sum(most) <= total:  # everything on one line: the spare room in proportion
        return [w + (total - sum(most)) * w / sum(most) for w in most]
    if sum(least) <= total:  # no word broken: the room beyond the longest words goes where text is
        spare = total - sum(least)
        wish = [m - w for m, w in zip(most, least, strict=True)]
        return [w + spare * x / sum(wish) for w, x in zip(least, wish, strict=True)]
    fixed = sum(w for w, r in zip(least, rigid, strict=True) if r)
    soft = sum(w for w, r in zip(least, rigid, strict=True) if not r)
    if soft and fixed < total:  # the hyphenatable columns shrink; the amounts stay whole
        scale = (total - fixed) / soft
        return [w if r else w * scale for w, r in zip(least, rigid, strict=True)]
    return [w * total / sum(least) for w in least]


def table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    header: bool = True,
    align_right: Sequence[int] = (),
    row_heights: float | None = None,
) -> Table:
    """A table whose header row repeats on every page; cells may be text or Paragraphs.

    Without ``widths`` the columns are sized from their content (:func:`fit_widths`)."""
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
    if widths is None:
        widths = fit_widths(body, CONTENT_WIDTH, header)
    body = hyphenate_cells(body, widths)
    heights = None
    if row_heights is not None:
        # Data rows get room (to sign in) but at least what their text needs: a fixed height let a
        # long institution name run into the next person's line. The header keeps its own height.
        first = 1 if header else 0
        heights = [None] * first + [max(row_heights, _needed_height(row, widths)) for row in body[first:]]
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


class RowsToPageEnd(Flowable):
    """Numbered empty rows in the columns of the table above them, down to the foot of the page:
    lines for names written by hand (guests who did not register). At least ``minimum`` rows; when
    fewer fit on the page, the rest go on the next page under the repeated header and fill that
    page too, so the list never ends with a few lonely lines or a half-empty page."""

    def __init__(
        self,
        header: Sequence[object],
        widths: Sequence[float],
        first_number: int,
        row_height: float,
        minimum: int,
        with_header: bool = False,
    ) -> None:
        super().__init__()
        self.header, self.widths = list(header), list(widths)
        self.first_number, self.row_height = first_number, row_height
        self.minimum, self.with_header = minimum, with_header
        self._table: Table | None = None
        self.hAlign = "CENTER"  # placed as the frame places the table above (reportlab's default for tables)

    def _header_height(self, avail_width: float) -> float:
        if not self.with_header:
            return 0.0
        return table([self.header], self.widths).wrap(avail_width, 10_000)[1]

    def _fitting(self, avail_width: float, avail_height: float) -> int:
        return max(0, int((avail_height - self._header_height(avail_width) + 0.01) // self.row_height))

    def _build(self, count: int) -> Table:
        numbers = range(self.first_number, self.first_number + count)
        rows: list[list[object]] = [[str(n), *[""] * (len(self.widths) - 1)] for n in numbers]
        if self.with_header:
            rows.insert(0, self.header)
        return table(
            rows, self.widths, header=self.with_header, align_right=(0,), row_heights=self.row_height
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # As many as fit, at least the minimum: more than fit makes the frame ask for a split.
        self._table = self._build(max(self.minimum, self._fitting(availWidth, availHeight)))
        self.width, self.height = self._table.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        fitting = self._fitting(availWidth, availHeight)
        if fitting == 0:  # nothing fits here: the whole block moves to the next page, under a header
            self.with_header = True
            return []
        here = RowsToPageEnd(
            self.header, self.widths, self.first_number, self.row_height, fitting, self.with_header
        )
        rest = RowsToPageEnd(
            self.header,
            self.widths,
            self.first_number + fitting,
            self.row_height,
            self.minimum - fitting,
            True,
        )
        return [here, rest]

    def draw(self) -> None:
        assert self._table is not None
        self._table.drawOn(self.canv, 0, 0)


def _needed_height(row: Sequence[object], widths: Sequence[float], padding: float = 12.0) -> float:
    """The height a table row's cells need at ``widths`` (with the cell padding of :func:`table`)."""
    needed = 0.0
    for cell, width in zip(row, widths, strict=False):
        if isinstance(cell, Flowable):
            needed = max(needed, cell.wrap(width - padding, 10_000)[1])
    return needed + 6  # TOPPADDING and BOTTOMPADDING of 3 each


def hyphenate_cells(
    rows: Sequence[Sequence[object]], widths: Sequence[float], padding: float = 12.0
) -> list[list[object]]:
    """The rows with soft hyphens in each Paragraph's words that are wider than their column."""
    result: list[list[object]] = []
    for row in rows:
        cells: list[object] = []
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell, Paragraph) and getattr(cell, "text", None):
                style = cell.style
                font = FONT_BOLD if "<b>" in cell.text else style.fontName
                markup = hyphenate_wide_words(cell.text, width - padding, font, style.fontSize)
                if markup != cell.text:
                    cell = Paragraph(markup, style)
            cells.append(cell)
        result.append(cells + list(row[len(cells) :]))
    return result


class SignatureBlock(KeepTogether):
    """Signature lines: :func:`build_pdf` keeps them with the last paragraphs before them, so that
    they never stand alone on the last page."""


def _take_tail(flow: list[Flowable], count: int) -> list[Flowable]:
    """Take the last ``count`` paragraphs (with the spaces between) off ``flow``, looking into kept
    groups, so that they move to the next page with what follows them."""
    tail: list[Flowable] = []
    while flow and count > 0:
        last = flow.pop()
        if isinstance(last, KeepTogether) and not isinstance(last, SignatureBlock):
            inner = list(last._content)
            taken = _take_tail(inner, count)
            if inner:
                flow.append(KeepTogether(inner))
            tail[:0] = taken
            count -= sum(1 for f in taken if not isinstance(f, (Spacer, CondPageBreak)))
            continue
        tail.insert(0, last)
        if not isinstance(last, (Spacer, CondPageBreak)):
            count -= 1
    return tail


def keep_signatures_with_text(story: Sequence[Flowable], paragraphs: int = 2) -> list[Flowable]:
    result: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, SignatureBlock):
            tail = _take_tail(result, paragraphs)
            result.append(KeepTogether([*tail, *flowable._content]))
        else:
            result.append(flowable)
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
    return SignatureBlock([Spacer(1, 10 * mm), block])


CONTENT_WIDTH = A4[0] - 2 * MARGIN
