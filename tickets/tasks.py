"""Celery tasks of the tickets app: ids in, one service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from tickets.sla_sweep import sla_sweep as run_sweep


@shared_task(name="tickets.tasks.sla_sweep", ignore_result=True)
def sla_sweep() -> dict[str, int]:
    """Fire the due SLA escalations (beat runs it every ``SLA_SWEEP_SECONDS``)."""
    report = run_sweep()
    return {
        "batches": report.batches,
        "clocks": report.clocks,
        "fired": report.fired,
        "skipped": report.skipped,
        "notifications": report.notifications,
    }


@shared_task(name="tickets.tasks.sla_recompute", ignore_result=True)
def sla_recompute(ticket_id: int) -> None:
    """Recompute one ticket's clocks (e.g. after a calendar edit)."""
    from tickets.models import Ticket
    from tickets.sla_services import clocks_recompute

    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is not None:
        clocks_recompute(ticket)
