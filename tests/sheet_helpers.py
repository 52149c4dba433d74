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

    openpyxl writes a formula without a result (``<v/>``); Excel and LibreOffice write one.
    """

    def change(sheet: bytes) -> bytes:
        for cell, value in values.items():
            pattern = re.compile(rb'(<c r="' + cell.encode() + rb'"[^>]*>\s*<f>.*?</f>)\s*<v\s*/>', re.S)
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


def zip_bomb(path, unpacked_mb: int = 1024) -> None:
    """An xlsx whose sheet unpacks to ``unpacked_mb`` MB of blanks from about a megabyte.

    The deflate stream of one blank megabyte, ended by a full flush, is independent of what
    came before, so it is repeated instead of compressing a gigabyte.
    """
    import struct
    import zlib

    book = Workbook()
    book.active.append(["Name"])
    book.save(path)
    with zipfile.ZipFile(path) as source:
        members = {n: source.read(n) for n in source.namelist() if n != "xl/worksheets/sheet1.xml"}
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    blank = b" " * 2**20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(blank) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    data = first + block * unpacked_mb + last
    crc = zlib.crc32(head)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(blank, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(blank) * unpacked_mb + len(tail)
    name = b"xl/worksheets/sheet1.xml"
    with open(path, "wb") as out:
        directory = b""
        for member, content in members.items():
            offset = out.tell()
            packed = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = packed.compress(content) + packed.flush()
            entry = (zlib.crc32(content), len(body), len(content), member.encode())
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, *entry[:3], len(entry[3]), 0))
            out.write(entry[3] + body)
            directory += (
                struct.pack(
                    "<IHHHHHHIIIHHHHHII",
                    0x02014B50,
                    20,
                    20,
                    0,
                    8,
                    0,
                    0,
                    *entry[:3],
                    len(entry[3]),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + entry[3]
            )
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(name), 0))
        out.write(name + data)
        directory += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
        start = out.tell()
        out.write(directory)
        count = len(members) + 1
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(directory), start, 0))
