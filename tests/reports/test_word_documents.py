"""The meeting documents as editable Word files: the same content as the PDF, from one structure,
written by the CLI (`print … --out X.docx`) and the window's save dialog, and opened without repair."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from document_helpers import pdf_text, unhyphenated
from docx import Document as read_docx

from regiodesk.cli import main
from regiodesk.db.models import RegionSettings
from regiodesk.reports.meeting_docs import (
    decision_document,
    decision_docx,
    decision_dossier,
    invitation_document,
    invitation_docx,
    load_dossier,
    minutes_document,
    minutes_docx,
    minutes_pdf,
)
from regiodesk.services.agenda import AgendaService
from regiodesk.services.conduct import MeetingConduct

#: a 1x1 PNG, the region's logo
LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f6b4a50000000049454e44ae426082"
)


@pytest.fixture
def held(lag):
    db = lag["db"]
    with db.transaction() as session:
        session.add(
            RegionSettings(name="LEADER-Region Obermain-Jura", office_address="96215 Lichtenfels", logo=LOGO)
        )
    conduct = MeetingConduct(db)
    for key in ("m0", "m1", "m4", "m5", "m6", "m7", "m8", "m9"):
        conduct.set_attendance(lag["meeting"], lag[key], "anwesend")
    AgendaService(db).update(lag["items"]["select"], decision_text="Die LAG wählt den Dorfladen aus.")
    conduct.record_vote(lag["items"]["select"], 6, 1, 1)
    return lag


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """Every paragraph of the body (table cells included), in order, whitespace folded."""
    doc = read_docx(io.BytesIO(data))
    parts = []
    for paragraph in doc.element.body.iter(f"{W}p"):
        for node in paragraph.iter(f"{W}t", f"{W}br"):
            parts.append(node.text or "" if node.tag == f"{W}t" else " ")
        parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts))


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("kind", ["invitation", "minutes", "decision"])
def test_the_word_document_says_what_the_pdf_says(held, kind):
    db = held["db"]
    if kind == "decision":
        item = held["items"]["select"]
        document, data = decision_document(decision_dossier(db, item), item), decision_docx(db, item)
        from regiodesk.reports.meeting_docs import decision_pdf

        pdf = decision_pdf(db, item)
    else:
        d = load_dossier(db, held["meeting"])
        build = {"invitation": invitation_document, "minutes": minutes_document}[kind]
        write = {"invitation": invitation_docx, "minutes": minutes_docx}[kind]
        document, data = build(d), write(db, held["meeting"])
        from regiodesk.reports.meeting_docs import invitation_pdf

        pdf = {"invitation": invitation_pdf, "minutes": minutes_pdf}[kind](db, held["meeting"])
    word = docx_text(data)
    printed = unhyphenated(pdf_text(pdf))
    lines = [fold(line) for line in document.text().splitlines() if len(fold(line)) > 12]
    assert len(lines) > 5
    for line in lines:  # the main content, block by block, in both
        assert line in word, line
        assert line.replace("- ", "-") in printed.replace("- ", "-") or line in unhyphenated(printed), line
    doc = read_docx(io.BytesIO(data))
    props = doc.core_properties
    assert props.title == document.meta_title and props.language == "de-DE"
    assert props.author == "LEADER-Region Obermain-Jura"
    header = doc.sections[0].header
    assert "LEADER-Region Obermain-Jura" in " ".join(c.text for t in header.tables for c in t._cells)
    assert header.part.related_parts and any(  # the logo is in the letterhead
        p.partname.endswith(".png") for p in header.part.related_parts.values()
    )
    assert [s.name for s in doc.styles if s.name.startswith("Heading")]  # real headings


def test_minutes_in_word_are_a_draft_until_approved_and_keep_the_signatures(held):
    data = minutes_docx(held["db"], held["meeting"])
    doc = read_docx(io.BytesIO(data))
    assert "ENTWURF" in " ".join(p.text for p in doc.sections[0].header.paragraphs)
    text = docx_text(data)
    assert "Sitzungsleitung" in text and "Lichtenfels, den" in text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_opens_the_word_document(held, tmp_path):
    path = tmp_path / "protokoll.docx"
    path.write_bytes(minutes_docx(held["db"], held["meeting"]))
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=240,
    )
    converted = tmp_path / "protokoll.pdf"
    if not converted.exists() and b"could not be loaded" in result.stderr + result.stdout:
        pytest.skip("LibreOffice without Writer")
    text = pdf_text(converted)
    assert "Niederschrift: LAG Obermain" in text and "Die LAG wählt den Dorfladen aus." in text


@pytest.mark.file_only(reason="gives the file's path to the command line")
def test_print_writes_word_documents_by_the_ending_of_out(held, tmp_path, capsys):
    path = str(held["db"].path)
    for document, record in (
        ("invitation", held["meeting"][:8]),
        ("minutes", held["meeting"][:8]),
        ("decision", held["items"]["select"]),
    ):
        out = tmp_path / f"{document}.docx"
        assert main(["--db", path, "print", document, record, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"PK")  # a zip: the Word format
        assert "LAG Obermain" in docx_text(out.read_bytes())
    capsys.readouterr()
    out = tmp_path / "mitglieder.docx"
    assert main(["--db", path, "print", "members", held["body"][:8], "--out", str(out)]) == 2
    assert "als Word-Dokument (.docx) gibt es nur decision, invitation, minutes" in capsys.readouterr().err
    assert not out.exists()
