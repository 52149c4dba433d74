"""A printed document's content once, as a small neutral structure that both writers render.

The meeting documents (Einladung, Niederschrift, Beschlussauszug) are built here as headings,
paragraphs, tables and a signature block; :func:`render_pdf` lays them out with reportlab (the
shared page frame of :mod:`regiodesk.reports.pdf`), :mod:`regiodesk.reports.docx_writer` writes
the same blocks as an editable Word document. Neither writer decides what a document says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from regiodesk import collector
from regiodesk.reports.pdf import (
    CONTENT_WIDTH,
    Letterhead,
    Paragraph,
    build_pdf,
    escape,
    signature_block,
    styles,
)
from regiodesk.reports.pdf import table as pdf_table


@dataclass(frozen=True)
class Run:
    """A piece of text within a paragraph or cell; ``\\n`` breaks the line."""

    text: str
    bold: bool = False
    #: a smaller, grey second line in a table cell ("Projekt: …")
    small: bool = False


#: a paragraph's or cell's text: plain, or runs
Text = str | tuple[Run, ...]


def runs(text: Text) -> tuple[Run, ...]:
    return (Run(text),) if isinstance(text, str) else text


def plain(text: Text) -> str:
    return "".join(r.text for r in runs(text))


@dataclass(frozen=True)
class Heading:
    text: str
    #: 1 the document's title, 2 a section, 3 a sub-section
    level: int = 2
    #: a heading before a long table: a new page only when little room is left (not kept with the table)
    section: bool = False


@dataclass(frozen=True)
class Para:
    text: Text
    #: body, subtitle, small, note (italic), warning (bold red)
    style: str = "body"


@dataclass(frozen=True)
class Facts:
    """Label-value lines without a header (Termin, Ort, Sitzungsleitung)."""

    rows: tuple[tuple[str, Text], ...]
    label_width_mm: float = 35


@dataclass(frozen=True)
class Grid:
    """A data table: the header repeats on every page; columns sized from their content."""

    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    align_right: tuple[int, ...] = ()


@dataclass(frozen=True)
class Space:
    height_mm: float


@dataclass(frozen=True)
class Signatures:
    """Signature lines side by side, each with place and date; kept with the paragraph before."""

    labels: tuple[str, ...]
    place_date: str = ""


@dataclass(frozen=True)
class Together:
    """Blocks kept on one page (a heading never stands alone at the foot of a page)."""

    blocks: tuple[Block, ...]


Block = Heading | Para | Facts | Grid | Space | Signatures | Together


@dataclass
class Document:
    title: str
    #: the file's title (PDF metadata, Word properties) and the footer's text
    meta_title: str
    subject: str
    blocks: list[Block] = field(default_factory=list)
    #: "ENTWURF" on every page: minutes not yet approved
    draft: bool = False
    footer: str = ""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self) -> str:
        """The document's words in reading order (for tests and the comparison of both writers)."""
        return "\n".join(_texts(self.blocks))


def _texts(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append(b.text)
        elif isinstance(b, Para):
            out.append(plain(b.text))
        elif isinstance(b, Facts):
            out += [f"{label} {plain(value)}" for label, value in b.rows]
        elif isinstance(b, Grid):
            out.append(" ".join(b.header))
            out += [" ".join(plain(c) for c in row) for row in b.rows]
        elif isinstance(b, Signatures):
            out += [b.place_date, *b.labels]
        elif isinstance(b, Together):
            out += _texts(b.blocks)
    return out


# --------------------------------------------------------------------------- PDF
def _markup(text: Text) -> str:
    parts = []
    for r in runs(text):
        piece = escape(r.text)
        if r.bold:
            piece = f"<b>{piece}</b>"
        if r.small:
            piece = f"<font size=8.5 color='#555555'>{piece}</font>"
        parts.append(piece)
    return "".join(parts)


def _flowables(blocks: Sequence[Block]) -> list[Flowable]:
    from regiodesk.reports.pdf import section_heading

    st = styles()
    flow: list[Flowable] = []
    for b in blocks:
        if isinstance(b, Heading):
            if b.section:
                flow += section_heading(b.text)
            else:
                flow.append(Paragraph(escape(b.text), st[{1: "title", 2: "h2"}.get(b.level, "h3")]))
        elif isinstance(b, Para):
            flow.append(Paragraph(_markup(b.text), st[b.style]))
        elif isinstance(b, Facts):
            label = b.label_width_mm * mm
            facts = [[lab, Paragraph(_markup(value), st["cell"])] for lab, value in b.rows]
            flow.append(pdf_table(facts, [label, CONTENT_WIDTH - label], header=False))
        elif isinstance(b, Grid):
            rows: list[list[object]] = [list(b.header)]
            rows += [
                [c if isinstance(c, str) else Paragraph(_markup(c), st["cell"]) for c in row]
                for row in b.rows
            ]
            flow.append(pdf_table(rows, align_right=b.align_right))
        elif isinstance(b, Space):
            flow.append(Spacer(1, b.height_mm * mm))
        elif isinstance(b, Signatures):
            # build_pdf keeps them with the last paragraphs before them
            flow.append(signature_block(list(b.labels), b.place_date))
        elif isinstance(b, Together):
            flow.append(KeepTogether(_flowables(b.blocks)))
    return flow


def render_pdf(document: Document, letterhead: Letterhead) -> bytes:
    with collector.seldom():  # the flowables live until the PDF is written (see build_pdf)
        return build_pdf(
            _flowables(document.blocks),
            letterhead,
            document.meta_title,
            footer=document.footer,
            subject=document.subject,
            draft=document.draft,
        )
