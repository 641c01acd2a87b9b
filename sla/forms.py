"""Forms of the SLA pages: a year's official schedule, typed in or uploaded."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sla.schedule_files import ScheduleFileError, read_schedule_file
from sla.schedules import HolidayRange, OfficialDay, OfficialSchedule

_DAY = r"(\d{4}-\d{1,2}-\d{1,2})"
_HOLIDAY_LINE = re.compile(rf"^{_DAY}(?:\s*(?:\.\.|–|~|至|to|-)\s*{_DAY})?\s*(.*)$")
_WORKDAY_LINE = re.compile(rf"^{_DAY}\s*(.*)$")


def _day(text: str) -> date:
    year, month, day = (int(part) for part in text.split("-"))
    return date(year, month, day)


def _lines(text: str) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


class ScheduleForm(forms.Form):
    """One year of an official schedule: holiday ranges and adjusted working days, one per
    line, or a CSV / iCalendar file instead."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label=_("Holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "2027-01-01 2027-01-03 元旦"}),
        help_text=_("One range per line: first day, last day, name (one day: a single date)."),
    )
    workdays = forms.CharField(
        label=_("Adjusted working days (调休)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2027-02-14 春节调休"}),
        help_text=_("One weekend date per line that is worked, with an optional name."),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("CSV (start,end,kind,name) or iCalendar (.ics); replaces the lines above."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean_holidays(self) -> list[HolidayRange]:
        ranges, errors = [], []
        for number, line in _lines(self.cleaned_data["holidays"]):
            match = _HOLIDAY_LINE.match(line)
            try:
                if match is None:
                    raise ValueError(line)
                start = _day(match.group(1))
                end = _day(match.group(2)) if match.group(2) else start
            except ValueError:
                errors.append(
                    _("Line %(line)d: write “2027-01-01 2027-01-03 元旦”.") % {"line": number}
                )
                continue
            ranges.append(HolidayRange(start, end, match.group(3).strip()[:100]))
        if errors:
            raise forms.ValidationError(errors)
        return ranges

    def clean_workdays(self) -> list[OfficialDay]:
        days, errors = [], []
        for number, line in _lines(self.cleaned_data["workdays"]):
            match = _WORKDAY_LINE.match(line)
            try:
                if match is None:
                    raise ValueError(line)
                days.append(OfficialDay(_day(match.group(1)), match.group(2).strip()[:100]))
            except ValueError:
                example = "“2027-02-14 春节调休”"
                errors.append(
                    _("Line %(line)d: write %(example)s.") % {"line": number, "example": example}
                )
        if errors:
            raise forms.ValidationError(errors)
        return days

    def schedule(self) -> OfficialSchedule:
        upload = self.cleaned_data.get("file")
        if upload is not None:
            try:
                return read_schedule_file(upload.name or "", upload.read())
            except ScheduleFileError as exc:
                self.add_error("file", str(exc))
                raise
        return OfficialSchedule(self.cleaned_data["holidays"], self.cleaned_data["workdays"])
