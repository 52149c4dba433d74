"""Reading back the documents the program writes, as a test checks them."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from pypdf import PdfReader

#: The day the demo region of the report tests is built for (``tests/reports/conftest.py``).
DEMO_DAY = date(2026, 6, 15)


def pdf_text(pdf: bytes | Path) -> str:
    """The PDF's text with line breaks folded to spaces (reportlab wraps lines anywhere)."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def unhyphenated(text: str) -> str:
    """``pdf_text`` with the hyphens of words broken at a line end joined again ("Verwen- dungsnachweis")."""
    return re.sub(r"(\w)- (\w)", r"\1\2", text)


def pdf_pages(pdf: bytes | Path) -> int:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    return len(PdfReader(io.BytesIO(data)).pages)
