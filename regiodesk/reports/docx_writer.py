"""Editable Word documents (.docx) of the blocks in :mod:`regiodesk.reports.document`.

The same content, letterhead (with the logo) and structure as the PDF, written with python-docx so
that the office can still edit a letter before sending it; Word and LibreOffice open it as is.
Headings are Word's own heading styles (navigation pane, screen readers); the language is de-DE.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from datetime import date

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from regiodesk import __version__
from regiodesk.i18n import format_date, keep_units_together
from regiodesk.reports.document import (
    Block,
    Document,
    Facts,
    Grid,
    Heading,
    Para,
    Signatures,
    Space,
    Text,
    Together,
    plain,
    runs,
)
from regiodesk.reports.pdf import Letterhead, fit_widths

FONT = "DejaVu Sans"
GREY = RGBColor(0x55, 0x55, 0x55)
RED = RGBColor(0xA4, 0x00, 0x00)
LANGUAGE = "de-DE"
#: width of the text between the margins of an A4 page (20 mm each side)
CONTENT_MM = 170


def render_docx(document: Document, letterhead: Letterhead) -> bytes:
    """``document`` as a Word file: A4, letterhead in the header, "Seite N von M" in the footer."""
    word = new_docx()
    _page_setup(word)
    _styles(word)
    _letterhead(word, letterhead, document.draft)
    _footer(word, document)
    _blocks(word, document.blocks)
    props = word.core_properties
    props.title = document.meta_title
    props.subject = document.subject
    props.author = letterhead.region or letterhead.lag_name or "regiodesk"
    props.last_modified_by = f"regiodesk {__version__}"
    props.comments = f"erstellt mit regiodesk {__version__}"
    props.language = LANGUAGE
    props.keywords = "Entwurf" if document.draft else ""
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- page and styles
def _page_setup(word) -> None:
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(8)
    section.different_first_page_header_footer = False


def _set_language(element) -> None:
    """w:lang on a run-properties element: spelling and hyphenation in German."""
    lang = element.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        element.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _styles(word) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1
    _set_language(normal.element.get_or_add_rPr())
    # the document's defaults too, so that text in tables and headers is German as well
    defaults = word.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault"))
        if rpr is not None and rpr.find(qn("w:rPr")) is not None:
            _set_language(rpr.find(qn("w:rPr")))
    for name, size, before, after in (
        ("Heading 1", 15, 0, 4),
        ("Heading 2", 11.5, 10, 4),
        ("Heading 3", 10, 6, 2),
    ):
        style = word.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        if rfonts is not None:  # the theme's heading font would override the name
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attribute), None)


def _letterhead(word, letterhead: Letterhead, draft: bool) -> None:
    header = word.sections[0].header
    grid = header.add_table(1, 2, Mm(CONTENT_MM))
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    text_cell, logo_cell = grid.rows[0].cells
    for n, width in enumerate((Mm(CONTENT_MM - 40), Mm(40))):
        grid.columns[n].width = width
        grid.rows[0].cells[n].width = width
    first = text_cell.paragraphs[0]
    _run(first, letterhead.region or letterhead.lag_name, bold=True, size=11)
    for line in letterhead.lines():
        p = text_cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=8, color=GREY)
    logo_paragraph = logo_cell.paragraphs[0]
    logo_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if letterhead.logo:
        # a logo python-docx cannot read must never stop the letter from being written
        with contextlib.suppress(Exception):
            logo_paragraph.add_run().add_picture(io.BytesIO(letterhead.logo), height=Mm(16))
    line = header.paragraphs[0]  # python-docx's empty first paragraph, now under the table
    header._element.remove(line._element)
    header._element.append(line._element)
    _border(line, "bottom")
    if draft:
        _run(line, "ENTWURF", bold=True, color=RED)


def _footer(word, document: Document) -> None:
    footer = word.sections[0].footer
    style = word.styles["Footer"]
    style.font.size = Pt(8)
    style.font.color.rgb = GREY
    p = footer.paragraphs[0]
    p.paragraph_format.tab_stops.add_tab_stop(Mm(CONTENT_MM), WD_TAB_ALIGNMENT.RIGHT)
    _border(p, "top")
    text = document.footer or f"{document.meta_title} · erstellt am {format_date(date.today())}"
    if document.draft:
        text = f"ENTWURF · {text}"
    if len(text) > 95:  # one line beside the page number
        text = text[:94] + "…"
    _run(p, text + "\t", size=8, color=GREY)
    _run(p, "Seite ", size=8, color=GREY)
    _field(p, "PAGE")
    _run(p, " von ", size=8, color=GREY)
    _field(p, "NUMPAGES")


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the pages."""
    run = _run(paragraph, "", size=8, color=GREY)
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text is not None and text.strip() == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _border(paragraph, side: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", "999999")):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.append(borders)


# --------------------------------------------------------------------------- content
def _run(paragraph, text: str, bold: bool = False, size: float | None = None, color=None, italic=False):
    run = paragraph.add_run()
    lines = keep_units_together(text).split("\n")
    for n, line in enumerate(lines):
        if n:
            run.add_break()
        if line:
            run.add_text(line)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _text(paragraph, text: Text, style: str = "body", size: float | None = None) -> None:
    for r in runs(text):
        _run(
            paragraph,
            r.text,
            bold=r.bold or style == "warning",
            italic=style == "note",
            size=8.5 if r.small or style == "small" else (11 if style == "subtitle" else size),
            color=GREY
            if r.small or style in ("small", "subtitle")
            else (RED if style == "warning" else None),
        )


def _blocks(word, blocks: Sequence[Block]) -> list:
    """Write ``blocks``; return the paragraphs written (to keep a group on one page)."""
    written: list = []
    for b in blocks:
        if isinstance(b, Heading):
            p = word.add_heading(b.text, level=min(b.level, 3))
            written.append(p)
        elif isinstance(b, Para):
            p = word.add_paragraph()
            _text(p, b.text, b.style)
            written.append(p)
        elif isinstance(b, Space):
            p = word.add_paragraph()
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = Pt(max(b.height_mm * 2.83, 2))
            written.append(p)
        elif isinstance(b, Facts):
            rows = [(label, value) for label, value in b.rows]
            _table(word, None, rows, (b.label_width_mm, CONTENT_MM - b.label_width_mm))
        elif isinstance(b, Grid):
            _table(word, b.header, b.rows, None, b.align_right)
        elif isinstance(b, Signatures):
            _keep_last_with_next(written, 2)
            _signatures(word, b)
        elif isinstance(b, Together):
            inner = _blocks(word, b.blocks)
            for p in inner[:-1]:
                p.paragraph_format.keep_with_next = True
            written += inner
    return written


def _keep_last_with_next(paragraphs: list, count: int) -> None:
    for p in paragraphs[-count:]:
        p.paragraph_format.keep_with_next = True


def _table(
    word,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Text]],
    widths_mm: Sequence[float] | None,
    align_right: Sequence[int] = (),
) -> None:
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    table = word.add_table(rows=0, cols=columns)
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    if header:
        cells = table.add_row().cells
        _repeat_header(table.rows[0])
        for n, title in enumerate(header):
            cells[n].paragraphs[0].paragraph_format.space_after = Pt(0)
            _run(cells[n].paragraphs[0], title, bold=True, size=9)
            _shade(cells[n], "E4E9EF")
    for row in rows:
        cells = table.add_row().cells
        for n, value in enumerate(row):
            p = cells[n].paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            if n in align_right:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _text(p, value, size=9)
    if not widths_mm:  # sized from the content, as in the PDF
        texts = ([list(header)] if header else []) + [[plain(c) for c in row] for row in rows]
        widths_mm = [w / 72 * 25.4 for w in fit_widths(texts, CONTENT_MM / 25.4 * 72, bool(header))]
    table.autofit = False
    for n, width in enumerate(widths_mm):
        table.columns[n].width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    word.add_paragraph().paragraph_format.space_after = Pt(0)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _signatures(word, block: Signatures) -> None:
    """Place and date, room to sign, a line and the signer's function, side by side."""
    spacer = word.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    table = word.add_table(rows=3, cols=len(block.labels))
    for n, label in enumerate(block.labels):
        cells = [table.rows[r].cells[n] for r in range(3)]
        _run(cells[0].paragraphs[0], block.place_date, size=8.5, color=GREY)
        cells[1].paragraphs[0].paragraph_format.space_before = Pt(24)
        _run(cells[1].paragraphs[0], "_" * 34, size=9)
        _run(cells[2].paragraphs[0], label, size=8.5, color=GREY)
    for row in table.rows:
        _cant_split(row)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
