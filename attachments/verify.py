"""Content checks: what a file *is*, never what its name says.

Images are decoded with Pillow (only the JPEG, PNG and WebP decoders are ever offered the
bytes) and re-encoded from their pixels, so metadata (EXIF, GPS, comments, XMP) and anything
hidden around the pixels is dropped. A file whose header, metadata or trailing bytes carry
web-page or script markup (an HTML/JPEG polyglot, an SVG named ``.png``), a program or an
archive is refused outright. PDFs must parse, and are refused when they carry active content
(JavaScript, OpenAction, Launch, embedded files, forms that submit, rich media).
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

#: Pillow format → (our format code, MIME type, file extension).
IMAGE_FORMATS = {
    "JPEG": ("jpeg", "image/jpeg", "jpg"),
    "PNG": ("png", "image/png", "png"),
    "WEBP": ("webp", "image/webp", "webp"),
}
PDF = ("pdf", "application/pdf", "pdf")

#: Heads of programs and archives (PE, ELF, Mach-O, scripts, zip/jar/apk/office, rar, 7z).
PROGRAM_HEADS = (
    b"MZ",
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"#!",
    b"PK\x03\x04",
    b"Rar!",
    b"7z\xbc\xaf",
)
MARKUP = re.compile(
    rb"<(script|html|body|iframe|object|embed|!doctype|\?php|\?xml)|<svg[\s>/]"
    rb"|javascript:|on(load|error|click|mouseover)\s*=",
    re.IGNORECASE,
)
#: PDF dictionary keys and values that make a document act instead of being read.
PDF_ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
    }
)
PDF_ACTIVE_VALUES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/FileAttachment",
        "/RichMedia",
        "/Movie",
        "/Sound",
        "/Screen",
    }
)
PDF_ACTIVE_TEXT = re.compile(
    rb"/(JavaScript|JS|OpenAction|AA|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData)"
    rb"(?![A-Za-z0-9])"
)
PDF_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_MAX_OBJECTS = 100_000


class Refused(Exception):  # noqa: N818 - a refusal, not a programming error
    """The file is not one we store; ``message`` says why, in the reader's language."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Checked:
    """What is stored: the re-encoded (images) or checked (PDF) bytes and their facts."""

    content: bytes
    format: str
    mime_type: str
    extension: str
    width: int | None
    height: int | None
    thumbnail: bytes | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_file(
    data: bytes, *, formats: frozenset[str], max_pixels: int, thumbnail_pixels: int
) -> Checked:
    """The stored form of ``data``, or :class:`Refused`."""
    if not data:
        raise Refused(_("The file is empty."))
    head = data[:1024]
    if head.startswith(PROGRAM_HEADS):
        raise Refused(_("Programs and archives cannot be attached."))
    if MARKUP.search(head):
        raise Refused(_("Web pages, SVG and script files cannot be attached."))
    if data.startswith(b"%PDF-"):
        if "pdf" not in formats:
            raise Refused(_("PDF files are not accepted here."))
        return _check_pdf(data)
    return _check_image(
        data, formats=formats, max_pixels=max_pixels, thumbnail_pixels=thumbnail_pixels
    )


# --- images ---------------------------------------------------------------------------


def _unknown_kind() -> Refused:
    return Refused(_("Only JPEG, PNG and WebP images and PDF documents can be attached."))


def _check_image(
    data: bytes, *, formats: frozenset[str], max_pixels: int, thumbnail_pixels: int
) -> Checked:
    allowed = [name for name, spec in IMAGE_FORMATS.items() if spec[0] in formats]
    if not allowed:
        raise _unknown_kind()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=allowed) as probe:
                name = probe.format or ""
                width, height = probe.size
                if width * height > max_pixels:
                    raise Refused(_("The image is too large (too many pixels)."))
            for region in _non_pixel_regions(data, name):
                if MARKUP.search(region):
                    raise Refused(_("The image hides web-page or script content."))
            with Image.open(io.BytesIO(data), formats=[name]) as image:
                image.load()
                content, thumb = _reencode(image, name, thumbnail_pixels)
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refused(_("The image is too large (too many pixels).")) from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure means "not an image"
        raise _unknown_kind() from exc
    code, mime, ext = IMAGE_FORMATS[name]
    return Checked(content, code, mime, ext, width, height, thumb)


def _reencode(image: Image.Image, name: str, thumbnail_pixels: int) -> tuple[bytes, bytes]:
    """The pixels only, upright, in the same format; and a JPEG thumbnail."""
    upright = ImageOps.exif_transpose(image)  # apply the camera's rotation, then drop EXIF
    if name == "JPEG":
        pixels = upright.convert("L" if upright.mode in ("L", "1") else "RGB")
    elif upright.mode in ("RGB", "RGBA", "L", "LA", "P"):
        pixels = upright.copy()
    else:
        pixels = upright.convert("RGBA")
    pixels.info.clear()
    out = io.BytesIO()
    if name == "JPEG":
        pixels.save(out, "JPEG", quality=90, optimize=True)
    elif name == "PNG":
        pixels.save(out, "PNG")
    else:
        pixels.save(out, "WEBP", quality=90)
    thumb = pixels.convert("RGBA") if pixels.mode in ("P", "LA") else pixels
    if thumb.mode == "RGBA":
        flat = Image.new("RGB", thumb.size, "white")
        flat.paste(thumb, mask=thumb.getchannel("A"))
        thumb = flat
    thumb = thumb.convert("RGB")
    thumb.thumbnail((thumbnail_pixels, thumbnail_pixels))
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=80)
    return out.getvalue(), small.getvalue()


def _non_pixel_regions(data: bytes, name: str) -> list[bytes]:
    """Metadata segments and bytes after the image's end: where a polyglot hides markup."""
    if name == "JPEG":
        return _jpeg_regions(data)
    if name == "PNG":
        return _png_regions(data)
    return _webp_regions(data)


def _jpeg_regions(data: bytes) -> list[bytes]:
    out, i = [], 2
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if marker == 0xDA:  # start of scan: pixels follow
            break
        if marker == 0xFE or 0xE0 <= marker <= 0xEF:  # comments, APPn (EXIF, XMP, …)
            out.append(data[i + 4 : i + 2 + length])
        i += 2 + length
    end = data.rfind(b"\xff\xd9")
    if end != -1:
        out.append(data[end + 2 :])
    return out


PNG_PIXEL_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"fdAT"})


def _png_regions(data: bytes) -> list[bytes]:
    out, i = [], 8
    while i + 8 <= len(data):
        length = int.from_bytes(data[i : i + 4], "big")
        kind = data[i + 4 : i + 8]
        if kind not in PNG_PIXEL_CHUNKS:
            out.append(data[i + 8 : i + 8 + length])
        i += 12 + length
        if kind == b"IEND":
            out.append(data[i:])
            break
    return out


WEBP_PIXEL_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"})


def _webp_regions(data: bytes) -> list[bytes]:
    out, i = [], 12
    end = 8 + int.from_bytes(data[4:8], "little")
    while i + 8 <= min(end, len(data)):
        kind = data[i : i + 4]
        length = int.from_bytes(data[i + 4 : i + 8], "little")
        if kind not in WEBP_PIXEL_CHUNKS:
            out.append(data[i + 8 : i + 8 + length])
        i += 8 + length + (length & 1)
    out.append(data[end:])
    return out


# --- PDF ------------------------------------------------------------------------------


def _check_pdf(data: bytes) -> Checked:
    if b"%%EOF" not in data[-2048:]:
        raise Refused(_("The PDF is incomplete."))
    outside_streams = PDF_STREAM_BODY.sub(b"", data)
    names = PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside_streams)
    if PDF_ACTIVE_TEXT.search(names):
        raise Refused(_("The PDF carries active content (scripts, actions or embedded files)."))
    if MARKUP.search(outside_streams):
        raise Refused(_("The PDF hides web-page or script content."))
    _walk_pdf(data)
    return Checked(data, *PDF, None, None, None)


def _walk_pdf(data: bytes) -> None:
    """Every object reachable from the trailer, compressed object streams included."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise Refused(_("Encrypted PDFs cannot be checked, so they cannot be attached."))
        if len(reader.pages) < 1:
            raise Refused(_("The PDF has no pages."))
        stack: list[object] = [reader.trailer]
        seen: set[tuple[int, int]] = set()
        count = 0
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in seen:
                    continue
                seen.add(key)
                item = item.get_object()
            count += 1
            if count > PDF_MAX_OBJECTS:
                raise Refused(_("The PDF is too complex to check."))
            if isinstance(item, DictionaryObject):
                for name, value in item.items():
                    if name in PDF_ACTIVE_KEYS or (
                        name in ("/S", "/Subtype") and str(value) in PDF_ACTIVE_VALUES
                    ):
                        raise Refused(
                            _(
                                "The PDF carries active content "
                                "(scripts, actions or embedded files)."
                            )
                        )
                    stack.append(value)
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 - a PDF the parser cannot read is refused
        raise Refused(_("The PDF cannot be read.")) from exc
