"""Date and time inputs that the browser's pickers accept in every language.

``<input type="date">`` takes only ``YYYY-MM-DD`` and ``<input type="datetime-local">`` only
``YYYY-MM-DDTHH:MM``; Django's default widgets write the active language's first input format
(``2026/12/03`` in Chinese), which the browser drops, so a prefilled date comes up blank.
These widgets always write ISO; the fields still read the localised formats as well.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME)
