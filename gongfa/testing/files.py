"""Small real files for upload tests: they must parse (gongfa.core.uploads), so no fake headers."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter

# EXIF tags: GPSInfo (IFD pointer), Make; GPS sub-tags: latitude ref/value, longitude ref/value.
GPS_IFD = 0x8825
MAKE = 0x010F


def one_page_pdf() -> bytes:
    """A valid one-page (blank A4) PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def small_png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(size: tuple[int, int] = (16, 12)) -> bytes:
    """A JPEG whose EXIF carries a GPS position (Beijing) and the camera maker."""
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


PDF = one_page_pdf()
PNG = small_png()
