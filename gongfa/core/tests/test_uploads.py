"""Uploads checked by parsing (gongfa.core.uploads): a PDF must open, an image must decode and is
stored re-encoded without its metadata; the first bytes alone prove nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongfa.core.errors import DomainError
from gongfa.core.uploads import check_upload
from gongfa.testing.files import GPS_IFD, MAKE, PDF, PNG, jpeg_with_gps, one_page_pdf

LIMIT = 10 * 1024 * 1024


def _upload(content, name="材料.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refused(content, code, **kwargs):
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(content, **kwargs), max_bytes=LIMIT)
    assert exc.value.code == code and exc.value.field == "file" and exc.value.message
    return exc.value


def test_a_valid_pdf_is_kept_as_sent():
    checked = check_upload(_upload(PDF), max_bytes=LIMIT)
    assert checked.content_type == "application/pdf" and checked.content == PDF and checked.extension == "pdf"


def test_an_html_page_dressed_as_a_pdf_is_refused():
    html = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"
    _refused(html, "invalid_pdf")


def test_a_truncated_pdf_is_refused():
    pdf = one_page_pdf()
    _refused(pdf[: len(pdf) // 2], "invalid_pdf")


def test_a_pdf_with_an_end_marker_but_no_pages_is_refused():
    _refused(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "invalid_pdf")


def test_a_jpeg_is_stored_without_its_gps_position():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture has one
    checked = check_upload(_upload(original, "照片.jpg", "image/jpeg"), max_bytes=LIMIT)
    assert checked.content_type == "image/jpeg" and checked.extension == "jpg"
    stored = Image.open(io.BytesIO(checked.content))
    exif = stored.getexif()
    assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and "exif" not in stored.info
    assert stored.size == (16, 12)


def test_a_png_is_accepted_and_re_encoded():
    checked = check_upload(_upload(PNG, "照片.png", "image/png"), max_bytes=LIMIT)
    assert checked.content_type == "image/png"
    assert Image.open(io.BytesIO(checked.content)).size == (8, 8)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "invalid_image"),  # JPEG header, no image
        (jpeg_with_gps((64, 64))[:200], "invalid_image"),  # cut short
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "invalid_image"),
        (b"GIF89a" + b"\x00" * 64, "invalid_file_type"),
        (b"MZ\x90\x00 an exe", "invalid_file_type"),
        ("只是文字".encode(), "invalid_file_type"),
    ],
    ids=["jpeg-header-only", "truncated-jpeg", "png-header-only", "gif", "exe", "text"],
)
def test_files_that_do_not_decode_are_refused(content, code):
    _refused(content, code, name="照片.jpg", content_type="image/jpeg")


def test_a_gif_that_decodes_is_still_not_accepted():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    _refused(out.getvalue(), "invalid_file_type", name="a.gif", content_type="image/gif")


def test_empty_and_oversized_files():
    _refused(b"", "empty_file")
    with pytest.raises(DomainError) as exc:
        check_upload(_upload(PDF), max_bytes=100)
    assert exc.value.code == "file_too_large"
