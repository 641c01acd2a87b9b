"""What a file is decides whether it is stored, never its name (security review, item 8)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from attachments.tests import files
from attachments.verify import Refused, check_file

ALL = frozenset({"jpeg", "png", "webp", "pdf"})


def check(data: bytes, formats: frozenset[str] = ALL, max_pixels: int = 40_000_000):  # type: ignore[no-untyped-def]
    return check_file(data, formats=formats, max_pixels=max_pixels, thumbnail_pixels=64)


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (files.png_bytes(), "image/png"),
        (files.jpeg_bytes(), "image/jpeg"),
        (files.webp_bytes(), "image/webp"),
    ],
)
def test_real_images_are_stored_re_encoded_with_a_thumbnail(data, mime):
    checked = check(data)

    assert checked.mime_type == mime
    assert Image.open(io.BytesIO(checked.content)).size == Image.open(io.BytesIO(data)).size
    thumb = Image.open(io.BytesIO(checked.thumbnail))
    assert thumb.format == "JPEG"
    assert max(thumb.size) <= 64


def test_a_phone_photo_loses_its_location_and_camera_data_and_stands_upright():
    original = files.jpeg_bytes((80, 60), with_gps=True)
    assert Image.open(io.BytesIO(original)).getexif()  # the phone wrote GPS, make, rotation

    checked = check(original)

    stored = Image.open(io.BytesIO(checked.content))
    assert not stored.getexif()
    assert b"shot at home" not in checked.content
    assert b"PhoneMaker" not in checked.content
    assert stored.size == (60, 80)  # the orientation tag was applied before it was dropped
    assert (checked.width, checked.height) == (80, 60)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (files.HTML_AS_JPG, "Web pages"),
        (files.SVG_AS_PNG, "SVG"),
        (files.EXE_AS_JPG, "Programs"),
        (files.ELF_AS_PNG, "Programs"),
        (b"PK\x03\x04" + b"\x00" * 40, "archives"),
        (files.polyglot_jpeg(), "Web pages"),
        (files.polyglot_jpeg_trailer(), "hides web-page"),
        (files.polyglot_png(), "Web pages"),
        (files.pdf_open_action_js(), "active content"),
        (files.pdf_launch(), "active content"),
        (files.pdf_embedded_file(), "active content"),
        (files.pdf_obfuscated_js(), "active content"),
        (b"GIF89a" + b"\x00" * 40, "Only JPEG, PNG and WebP"),
        (files.png_bytes()[:60], "Only JPEG, PNG and WebP"),  # truncated
        (b"%PDF-1.7\n1 0 obj << >> endobj\n", "incomplete"),
        (b"", "empty"),
    ],
    ids=[
        "html-as-jpg",
        "svg-onload-as-png",
        "windows-exe-as-jpg",
        "elf-as-png",
        "zip",
        "jpeg-html-polyglot",
        "jpeg-html-after-the-end",
        "png-script-in-text-chunk",
        "pdf-openaction-javascript",
        "pdf-launch",
        "pdf-embedded-file",
        "pdf-hex-escaped-javascript",
        "gif",
        "truncated-png",
        "truncated-pdf",
        "empty",
    ],
)
def test_hostile_or_foreign_files_are_refused(data, reason):
    with pytest.raises(Refused) as refusal:
        check(data)

    assert reason in str(refusal.value)


def test_a_plain_pdf_is_accepted_as_is():
    data = files.pdf_bytes()

    checked = check(data)

    assert (checked.mime_type, checked.content, checked.thumbnail) == (
        "application/pdf",
        data,
        None,
    )


def test_a_pdf_with_active_content_inside_a_compressed_object_stream_is_refused():
    """Names hidden in a compressed object stream are invisible to a text scan; the object
    walk finds them."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)

    with pytest.raises(Refused):
        check(out.getvalue())


def test_formats_not_allowed_by_the_rules_are_refused():
    with pytest.raises(Refused):
        check(files.pdf_bytes(), formats=frozenset({"jpeg", "png"}))
    with pytest.raises(Refused):
        check(files.webp_bytes(), formats=frozenset({"jpeg"}))


def test_an_image_with_more_pixels_than_the_rules_allow_is_refused_before_decoding():
    with pytest.raises(Refused, match="too many pixels"):
        check(files.png_bytes((200, 200)), max_pixels=10_000)
