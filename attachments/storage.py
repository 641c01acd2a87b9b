"""Where attachment files live: a private folder outside ``MEDIA_ROOT`` with no URL.

Nothing serves this folder; every file goes out through the authorised views in
``attachments.views``, which check the owning record's scope first.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """``ATTACHMENTS_ROOT``, read when used (tests point it at a temporary folder)."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.ATTACHMENTS_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Attachments have no public URL; use attachments.views.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()
