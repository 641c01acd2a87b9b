"""What the reports read from the apps below them, imported in one place: the SLA engine's
clock rows and calculus, the workflow's event codes, the warranty's repair rules."""

from __future__ import annotations

from dealers.models import DealerRules
from sla.calculus import business_seconds, subtract_business_seconds
from sla.calendars import calendar_spec
from sla.models import ClockState, Metric, SlaClock, SlaTarget
from sla.selectors import format_duration, ticket_badge
from tickets.actions import event_code
from warranty.decisions import REPAIR_KINDS, REPAIRED_STATUSES

CHECK_IN = event_code("check_in")
REOPEN = event_code("reopen")
RETURN_VISIT = event_code("return_visit")
ARRANGE = event_code("arrange")
FORWARD = event_code("forward")

__all__ = [
    "ARRANGE",
    "CHECK_IN",
    "FORWARD",
    "REOPEN",
    "RETURN_VISIT",
    "REPAIRED_STATUSES",
    "REPAIR_KINDS",
    "ClockState",
    "Metric",
    "SlaClock",
    "SlaTarget",
    "business_seconds",
    "calendar_spec",
    "event_code",
    "format_duration",
    "repeat_window_days",
    "subtract_business_seconds",
    "ticket_badge",
]


def repeat_window_days() -> int:
    """A repair is a repeat when the same unit and component was repaired this many days
    before (the dealers' rule, so the league table and the dashboard agree)."""
    return int(DealerRules.current().repeat_repair_days)
