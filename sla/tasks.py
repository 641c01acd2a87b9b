"""Celery tasks of the SLA engine: safe to run twice (each rung fires once, by its unique row)."""

from __future__ import annotations

from celery import shared_task

from sla.measuring import calendar_remeasure as remeasure
from sla.sweep import sla_sweep as run_sweep
from sla.wakeups import schedule_next


@shared_task(name="sla.sweep", ignore_result=True)
def sla_sweep() -> dict[str, int]:
    """Fire the due SLA escalations (beat runs it every ``SLA_SWEEP_SECONDS``; a wake-up runs
    it at the instant a rung is due), then queue the wake-up for the next rung due before the
    next periodic sweep."""
    report = run_sweep()
    schedule_next()
    return {
        "batches": report.batches,
        "clocks": report.clocks,
        "fired": report.fired,
        "skipped": report.skipped,
        "notifications": report.notifications,
    }


@shared_task(name="sla.calendar_remeasure", ignore_result=True)
def calendar_remeasure(calendar_id: int) -> int:
    """A calendar changed: re-measure the open tickets with a live clock on it."""
    return remeasure(calendar_id)
