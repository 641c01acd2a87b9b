"""The SLA engine's codes: timeline events of its ladder's actions, the notifications it
sends and the audit of calendar changes, declared once."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class SlaEvent(StrEnum):
    """Written on a ticket's timeline by a ladder rung."""

    REASSIGN = "sla.reassign"
    RAISE_SEVERITY = "sla.raise_severity"


class SlaNotice(StrEnum):
    """Notification codes (also what chat channels filter on)."""

    WARNING = "sla.warning"
    BREACHED = "sla.breached"
    ESCALATED = "sla.escalated"
    REASSIGNED = "sla.reassigned"
    SEVERITY_RAISED = "sla.severity_raised"


LABELS = {
    SlaEvent.REASSIGN: _("Reassigned by the SLA ladder"),
    SlaEvent.RAISE_SEVERITY: _("Severity raised by the SLA ladder"),
}


class CalendarEventCode(StrEnum):
    """Audit codes of changes to a business calendar (stored on ``CalendarEvent``)."""

    EXCEPTION_SET = "calendar.exception_set"
    EXCEPTION_DELETED = "calendar.exception_deleted"
    #: A year's official schedule (holidays and adjusted working days) entered or imported.
    SCHEDULE_ENTERED = "calendar.schedule_entered"


CALENDAR_EVENT_LABELS = {
    CalendarEventCode.EXCEPTION_SET: _("Calendar exception set"),
    CalendarEventCode.EXCEPTION_DELETED: _("Calendar exception deleted"),
    CalendarEventCode.SCHEDULE_ENTERED: _("Official schedule of a year entered"),
}
