"""Uploaded documents checked by parsing (上传文件检查), the one check every upload goes through.

The file's name, the browser's claimed type and its first bytes prove nothing: an HTML page that
starts with ``%PDF-`` is still an HTML page. A PDF must open as a PDF (pypdf finds its pages), an
image must decode in full (Pillow), and an image is re-encoded so that what is stored carries no
metadata (EXIF: GPS position, camera, time), turned upright first as the camera meant it.
Callers store ``CheckedUpload.content`` instead of the upload.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader

from gongfa.core.errors import DomainError
from gongfa.core.i18n import Label

logger = logging.getLogger("gongfa.core.uploads")

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
_IMAGE_FORMATS = {"JPEG": JPEG, "PNG": PNG}
# A scan of an A4 page at 600 dpi is ~35 megapixels; far beyond that is a decompression bomb.
MAX_IMAGE_PIXELS = 80_000_000
# pypdf looks for %%EOF within the last 1 KiB; a file cut short in transfer has none.
_PDF_TAIL = 1024
ACCEPTED_MESSAGE = _("只能上传 PDF、JPG 或 PNG 格式的文件。")


@dataclass(frozen=True)
class CheckedUpload:
    """What to store: the PDF as sent, or the image re-encoded without metadata."""

    content: bytes
    content_type: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _refuse(message: Label, code: str, field: str) -> DomainError:
    return DomainError(message, code=code, field=field)


def check_upload(upload: UploadedFile, *, max_bytes: int, field: str = "file") -> CheckedUpload:
    """Refuse (DomainError naming `field`) an empty or oversized file, or one that is not a
    readable PDF, JPEG or PNG; return what may be stored."""
    if not upload.size:
        raise _refuse(gettext("上传的文件是空的。"), "empty_file", field)
    if upload.size > max_bytes:
        raise _refuse(
            gettext("文件不能超过 {value} MB（这个文件 {value2:.1f} MB）。").format(
                value=max_bytes // (1024 * 1024), value2=upload.size / 1024 / 1024
            ),
            "file_too_large",
            field,
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"%PDF-"):
        return CheckedUpload(_checked_pdf(data, field), PDF)
    return _clean_image(data, field)


def _checked_pdf(data: bytes, field: str) -> bytes:
    broken = _refuse("这个 PDF 文件无法打开（可能已损坏或未传完整），请重新导出或扫描后再上传。", "invalid_pdf", field)
    if b"%%EOF" not in data[-_PDF_TAIL:]:
        raise broken
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise _refuse(gettext("这个 PDF 文件设有密码，请上传未加密的文件。"), "encrypted_pdf", field)
            pages = len(reader.pages)
            if pages:
                reader.pages[0].mediabox  # noqa: B018 - reading the first page proves it parses
    except DomainError:
        raise
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, ValueError, KeyError …)
        logger.info("Refused an upload that does not parse as PDF: %s", type(exc).__name__)
        raise broken from None
    if not pages:
        raise broken
    return data


def _clean_image(data: bytes, field: str) -> CheckedUpload:
    try:
        with warnings.catch_warnings():
            # Past MAX_IMAGE_PIXELS Pillow warns, past twice that it raises: refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, MAX_IMAGE_PIXELS
            try:
                with Image.open(io.BytesIO(data)) as probe:
                    content_type = _IMAGE_FORMATS.get(probe.format or "")
                    if content_type is None:
                        raise _refuse(ACCEPTED_MESSAGE, "invalid_file_type", field)
                    probe.verify()
                with Image.open(io.BytesIO(data)) as image:
                    image.load()  # decodes every pixel: a truncated image fails here
                    upright = ImageOps.exif_transpose(image)
            finally:
                Image.MAX_IMAGE_PIXELS = previous
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(gettext("图片尺寸过大，请缩小后再上传。"), "image_too_large", field) from None
    except Exception as exc:  # UnidentifiedImageError, OSError (truncated), SyntaxError …
        logger.info("Refused an upload that does not decode as an image: %s", type(exc).__name__)
        if content_type_of_head(data) is None:
            raise _refuse(ACCEPTED_MESSAGE, "invalid_file_type", field) from None
        raise _refuse(
            gettext("这张图片无法打开（可能已损坏或未传完整），请重新拍摄或导出后再上传。"), "invalid_image", field
        ) from None
    return CheckedUpload(_reencode(upright, content_type), content_type)


def content_type_of_head(data: bytes) -> str | None:
    """What the first bytes claim (only to word the refusal; never proof of anything)."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _reencode(image: Image.Image, content_type: str) -> bytes:
    """The pixels only: a new file without EXIF, XMP, comments or text chunks."""
    out = io.BytesIO()
    clean = image.copy()
    clean.info = {}
    if content_type == JPEG:
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, "JPEG", quality=90, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()
