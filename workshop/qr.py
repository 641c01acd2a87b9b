"""QR codes as inline SVG (segno, pure Python): printed on receipts and repair cards, they open
the ticket page. No image files, nothing fetched from elsewhere."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str, *, scale: int = 3) -> SafeString:
    code = segno.make(url, error="m")
    # segno escapes nothing it did not generate; the URL is ours (built with reverse()).
    return mark_safe(code.svg_inline(scale=scale, dark="#000", light="#fff"))  # noqa: S308
