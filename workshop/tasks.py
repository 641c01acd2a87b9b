"""Beat jobs of the workshop; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from workshop.services.standby import standby_overdue_notify


@shared_task(name="workshop.standby_overdue")
def standby_overdue() -> int:
    """Tell supervisors about standby units overdue for return (once per loan and day)."""
    return standby_overdue_notify()
