"""Reading back the workbooks the program writes: their print setup, and what LibreOffice computes."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from regiodesk.reports.excel import FOOTER_TEXT


def assert_printable(ws, stand: str = "Stand ") -> None:
    """A sheet a clerk prints as is: A4 fitted to the width, header row on every page, page head and foot."""
    setup = ws.page_setup
    assert setup.paperSize == 9, ws.title  # A4
    assert setup.orientation in ("portrait", "landscape"), ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert setup.fitToWidth >= 1 and setup.fitToHeight == 0, ws.title
    assert ws.print_title_rows == "$1:$1", ws.title
    assert ws.oddFooter.center.text == FOOTER_TEXT, ws.title
    assert ws.oddHeader.left.text, ws.title
    assert stand in (ws.oddHeader.right.text or ""), ws.title
    assert ws.page_margins.left == ws.page_margins.right == 0.6, ws.title


def app_property(data: bytes, name: str) -> str | None:
    """A value of docProps/app.xml (openpyxl reads none of it back)."""
    import re

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = archive.read("docProps/app.xml").decode()
    match = re.search(rf"<{name}>(.*?)</{name}>", app)
    return match.group(1) if match else None


def libreoffice_rows(data: bytes, folder: Path) -> list[list[str]]:
    """The first sheet as LibreOffice computes it (formulas evaluated), as CSV rows; skips without soffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = folder / "book.xlsx"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",  # its own profile: no lock with another
            "--headless",
            "--convert-to",
            # comma, double quote, UTF-8, from line 1, standard formats, language, no "as shown": raw numbers
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (folder / "book.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
