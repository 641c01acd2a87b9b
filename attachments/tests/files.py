"""Files for the tests, made here: real images, real PDFs, and the hostile files of the
security review (each named as what it pretends to be)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png_bytes(size: tuple[int, int] = (64, 48), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size: tuple[int, int] = (80, 60), *, with_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, "orange")
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Model X"  # Model
        exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
        gps = {1: "N", 2: (31.0, 13.0, 48.0), 3: "E", 4: (121.0, 28.0, 12.0)}
        exif[0x8825] = gps
        image.save(out, "JPEG", exif=exif.tobytes(), comment=b"shot at home")
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def webp_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (30, 30), (10, 200, 10, 128)).save(out, "WEBP")
    return out.getvalue()


def pdf_bytes(extra_catalog: str = "", extra_objects: str = "") -> bytes:
    """A one-page PDF, written by hand so the tests control every object."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        None,  # the content stream
    ]
    content = b"BT /F1 12 Tf 20 100 Td (Invoice) Tj ET"
    body = io.BytesIO()
    body.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(body.tell())
        if obj is None:
            body.write(
                f"{number} 0 obj\n<< /Length {len(content)} >>\nstream\n".encode()
                + content
                + b"\nendstream\nendobj\n"
            )
        else:
            body.write(f"{number} 0 obj\n{obj}\nendobj\n".encode())
    count = len(objects)
    for text in filter(None, extra_objects.split("\n")):
        count += 1
        offsets.append(body.tell())
        body.write(f"{count} 0 obj\n{text}\nendobj\n".encode())
    xref = body.tell()
    body.write(f"xref\n0 {count + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        body.write(f"{offset:010d} 00000 n \n".encode())
    body.write(f"trailer\n<< /Size {count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return body.getvalue()


# --- hostile files, as the review stored them --------------------------------------------

HTML_AS_JPG = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_AS_PNG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
    b"<rect width='10' height='10'/></svg>"
)
EXE_AS_JPG = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
)
ELF_AS_PNG = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64


def polyglot_jpeg() -> bytes:
    """A JPEG that decodes as an image and also carries a web page in a comment and after
    its end."""
    out = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(
        out, "JPEG", comment=b"<html><script>alert(1)</script></html>"
    )
    return out.getvalue() + b"<html><body><script>alert(2)</script></body></html>"


def polyglot_jpeg_trailer() -> bytes:
    """A photo-sized JPEG with a web page appended after its end, past the first kilobyte."""
    out = io.BytesIO()
    Image.effect_noise((120, 120), 80).convert("RGB").save(out, "JPEG")
    assert out.tell() > 2048
    return out.getvalue() + b"<html><body><script>alert(2)</script></body></html>"


def polyglot_png() -> bytes:
    """A PNG with HTML in a text chunk."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>fetch('/api/v1/tickets/')</script>")
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_open_action_js() -> bytes:
    return pdf_bytes(
        extra_catalog="/OpenAction 5 0 R ",
        extra_objects="<< /Type /Action /S /JavaScript /JS (app.alert('x')) >>",
    )


def pdf_launch() -> bytes:
    return pdf_bytes(
        extra_catalog="/OpenAction 5 0 R ",
        extra_objects="<< /Type /Action /S /Launch /F (cmd.exe) >>",
    )


def pdf_embedded_file() -> bytes:
    return pdf_bytes(
        extra_catalog="/Names << /EmbeddedFiles 5 0 R >> ",
        extra_objects="<< /Names [(a.exe) 6 0 R] >>\n<< /Type /Filespec /F (a.exe) >>",
    )


def pdf_obfuscated_js() -> bytes:
    """``/J#61vaScript``: a name written with a hex escape, as malware does."""
    return pdf_bytes(
        extra_catalog="/O#70enAction 5 0 R ",
        extra_objects="<< /S /J#61vaScript /JS (app.alert(1)) >>",
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, data, content_type=content_type)
