"""The demo region's logo, drawn in code and written as a PNG with the standard library.

A PNG of a few colours is a signature, three chunks and a zlib stream: some twenty lines that
need no imaging library (reportlab draws PDFs; writing PNGs needs its optional renderPM backend,
and Qt stays out of the core).
"""

from __future__ import annotations

import math
import struct
import zlib


def png(width: int, height: int, pixels: bytes) -> bytes:
    """An 8-bit RGB PNG of ``pixels`` (``width * height * 3`` bytes, rows top to bottom)."""
    if width <= 0 or height <= 0 or len(pixels) != width * height * 3:
        raise ValueError("pixels must hold width * height RGB triples")
    stride = width * 3
    # Each row is preceded by its filter type; 0 means "none".
    raw = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def logo_png() -> bytes:
    """A small logo: hills of the Jura over the Mühlbach."""
    width, height = 120, 60
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            far = 30 - 13 * math.sin(math.pi * x / width)
            near = 44 - 9 * math.sin(math.pi * (x + 50) / 80)
            river = 53 + 2.5 * math.sin(x / 9)
            if abs(y - river) < 1.8:
                pixel = (30, 136, 229)
            elif y > near:
                pixel = (46, 125, 50)
            elif y > far:
                pixel = (124, 179, 66)
            else:
                pixel = (200 + y, 228 + y // 3, 250)
            pixels.extend(pixel)
    return png(width, height, bytes(pixels))
