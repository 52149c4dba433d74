"""Workbooks as offices hand them over, built without a spreadsheet program."""

from __future__ import annotations

import re
import zipfile

from openpyxl import Workbook


def xlsx(path, rows, sheet="Liste"):
    """A workbook with one sheet of ``rows``; a text starting with '=' is written as a formula."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _rewrite_sheet(path, change) -> None:
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/worksheets/sheet1.xml"] = change(members["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)


def save_results(path, values: dict[str, str]) -> None:
    """Give formula cells the result Excel saves beside a formula (``{"F3": "5000"}``).

    openpyxl writes a formula without a result (``<v/>``, or ``<v></v>`` when lxml is installed, as
    python-docx brings it); Excel and LibreOffice write one.
    """

    def change(sheet: bytes) -> bytes:
        for cell, value in values.items():
            pattern = re.compile(
                rb'(<c r="' + cell.encode() + rb'"[^>]*>\s*<f>.*?</f>)\s*(?:<v\s*/>|<v>\s*</v>)', re.S
            )
            sheet, count = pattern.subn(rb"\1<v>" + value.encode() + rb"</v>", sheet)
            assert count == 1, cell
        return sheet

    _rewrite_sheet(path, change)


#: Markers for the control characters openpyxl refuses to write, as Excel stores them in the XML
#: (Word's line break pasted into a cell arrives as "_x000B_").
CONTROL = {"<VT>": "_x000B_", "<NUL>": "_x0000_", "<BEL>": "_x0007_", "<RLO>": "\u202e"}


def with_control_characters(path) -> None:
    """Replace the :data:`CONTROL` markers of the saved sheet by the characters they stand for."""

    def change(sheet: bytes) -> bytes:
        for marker, stored in CONTROL.items():
            sheet = sheet.replace(marker.replace("<", "&lt;").replace(">", "&gt;").encode(), stored.encode())
        return sheet

    _rewrite_sheet(path, change)


def add_cell(path, reference: str, text: str = "x") -> None:
    """Put one text cell far outside the list (as a stray keystroke in XFD1048576 does)."""
    row = re.sub(r"[A-Z]", "", reference)

    def change(sheet: bytes) -> bytes:
        cell = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c></row>'
        return sheet.replace(b"</sheetData>", cell.encode() + b"</sheetData>")

    _rewrite_sheet(path, change)


def _write_zip(path, entries) -> None:
    """Write a zip by hand: ``entries`` are (name, content, raw deflate data or None, declared size,
    declared CRC), so a test can give a member the data a forger would."""
    import struct
    import zlib

    with open(path, "wb") as out:
        directory = b""
        for name, content, raw, size, crc in entries:
            offset = out.tell()
            if raw is None:
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                raw = packer.compress(content) + packer.flush()
            encoded = name.encode()
            sizes = (crc, len(raw), size)
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, *sizes, len(encoded), 0))
            out.write(encoded + raw)
            directory += struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                *sizes,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            directory += encoded
        start = out.tell()
        out.write(directory)
        out.write(
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0)
        )


def _blank_stream(prefix: bytes, megabytes: int, suffix: bytes) -> bytes:
    """Deflate data of ``prefix``, ``megabytes`` MB of blanks and ``suffix``, built in a moment: the
    stream of one blank megabyte ended by a full flush stands alone, so it is repeated."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(b" " * 2**20) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + block * megabytes + packer.compress(suffix) + packer.flush(zlib.Z_FINISH)


def _members_but_sheet(path) -> list:
    import zlib

    book = Workbook()
    book.active.append(["Name"])
    book.active.append(["Anna Bauer"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist()}
    sheet = members.pop("xl/worksheets/sheet1.xml")
    return [(n, d, None, len(d), zlib.crc32(d)) for n, d in members.items()], sheet


def zip_bomb(path, unpacked_mb: int = 1024) -> None:
    """An xlsx whose sheet unpacks to ``unpacked_mb`` MB of blanks from about a megabyte; its
    directory says so truthfully."""
    import zlib

    entries, _sheet = _members_but_sheet(path)
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    crc = zlib.crc32(head)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(b" " * 2**20, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + 2**20 * unpacked_mb + len(tail)
    entries.append(("xl/worksheets/sheet1.xml", b"", _blank_stream(head, unpacked_mb, tail), size, crc))
    _write_zip(path, entries)


def forged_size(path, hidden_mb: int = 1024) -> None:
    """An xlsx whose sheet is an ordinary one followed by ``hidden_mb`` MB of blanks, its
    directory giving the size and checksum of the ordinary part only."""
    import zlib

    entries, sheet = _members_but_sheet(path)
    data = _blank_stream(sheet, hidden_mb, b"")
    entries.append(("xl/worksheets/sheet1.xml", b"", data, len(sheet), zlib.crc32(sheet)))
    _write_zip(path, entries)
