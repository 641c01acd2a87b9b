"""Audit codes of the SLA engine's calendars, declared once (stored on ``CalendarEvent``)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class CalendarEventCode(StrEnum):
    EXCEPTION_SET = "calendar.exception_set"
    EXCEPTION_DELETED = "calendar.exception_deleted"
    #: A year's official schedule (holidays and adjusted working days) entered or imported.
    SCHEDULE_ENTERED = "calendar.schedule_entered"


LABELS = {
    CalendarEventCode.EXCEPTION_SET: _("Calendar exception set"),
    CalendarEventCode.EXCEPTION_DELETED: _("Calendar exception deleted"),
    CalendarEventCode.SCHEDULE_ENTERED: _("Official schedule of a year entered"),
}
