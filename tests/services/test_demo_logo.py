"""The demo's logo is a valid PNG that any image reader opens, pixel for pixel as drawn."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

from regiodesk.services.demo.logo import logo_png, png


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_a_two_by_two_png_holds_its_pixels_row_by_row():
    pixels = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    chunks = _chunks(png(2, 2, pixels))
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", chunks[0][1]) == (2, 2, 8, 2, 0, 0, 0)
    assert zlib.decompress(chunks[1][1]) == b"\x00" + pixels[:6] + b"\x00" + pixels[6:]


def test_png_refuses_pixels_that_do_not_fill_the_image():
    with pytest.raises(ValueError):
        png(2, 2, bytes(11))


def test_an_image_library_reads_the_logo():
    image_module = pytest.importorskip("PIL.Image")
    with image_module.open(io.BytesIO(logo_png())) as image:
        assert image.size == (120, 60) and image.mode == "RGB"
        assert image.getpixel((0, 0)) == (200, 228, 250)  # sky
        assert image.getpixel((60, 59)) == (46, 125, 50)  # the near hill's foot
