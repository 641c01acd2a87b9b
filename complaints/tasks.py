"""Beat jobs of the satisfaction loop; each safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="complaints.sweep_reminders")
def sweep_reminders() -> int:
    from complaints.clocks import reminders_sweep

    return reminders_sweep()


@shared_task(name="complaints.generate_visit_tasks")
def generate_visit_tasks() -> int:
    from complaints.services.care import visit_tasks_escalate, visit_tasks_generate

    return visit_tasks_generate() + visit_tasks_escalate()


@shared_task(name="complaints.open_dealer_duties")
def open_dealer_duties() -> int:
    from complaints.services.care import dealer_duties_open

    return dealer_duties_open()
