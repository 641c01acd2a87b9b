"""The SLA engine's codes: timeline events of its ladder's actions and the notifications it
sends, declared once."""

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
