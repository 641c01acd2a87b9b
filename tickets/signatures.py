"""What a drawn signature must be: a PNG with ink on it.

The signature pad posts a PNG data URL. An untouched pad (or a forged request) posts a blank
image or nothing; the sign-off refuses both on the server, for pages and the API alike: the
image must decode and carry at least :data:`MIN_INK_PIXELS` dark pixels.
"""

from __future__ import annotations

import base64
import binascii
import io
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageDraw, UnidentifiedImageError

PNG_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 300_000
#: Dark pixels a stroke leaves: a short line of the pad's 3 px pen is well over this.
MIN_INK_PIXELS = 40
_DARK = 128
_MAX_SIDE = 4000


def signature_problem(value: str) -> str | None:
    """Why ``value`` is not a drawn signature (None when it is)."""
    if not value.startswith(PNG_PREFIX):
        return str(_("The signature must be a PNG image."))
    try:
        raw = base64.b64decode(value[len(PNG_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return str(_("The signature image is damaged."))
    if len(raw) > MAX_SIGNATURE_BYTES:
        return str(_("The signature image is too large."))
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or max(image.size) > _MAX_SIDE:
                return str(_("The signature image is damaged."))
            image.load()
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return str(_("The signature image is damaged."))
    # Transparent parts count as paper: flatten on white, then count the dark pixels.
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, rgba).convert("L")
    histogram = grey.histogram()
    if sum(histogram[:_DARK]) < MIN_INK_PIXELS:
        return str(_("The signature pad is empty: the customer signs on it."))
    return None


@lru_cache(maxsize=1)
def sample_signature() -> str:
    """A drawn signature (a stroke on the pad's white), for demo data and tests."""
    image = Image.new("RGB", (300, 100), "white")
    ImageDraw.Draw(image).line([(20, 70), (80, 20), (140, 75), (200, 25), (280, 60)], "black", 3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return PNG_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")
