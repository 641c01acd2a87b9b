"""Celery tasks of the notifications app: take no arguments or ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from notifications.services import channel_deliveries_send, deliveries_send


@shared_task(name="notifications.tasks.deliver_pending", ignore_result=True)
def deliver_pending() -> dict[str, int]:
    """Send every e-mail that is due; failures are rescheduled with back-off."""
    return deliveries_send()


@shared_task(name="notifications.tasks.deliver_channels", ignore_result=True)
def deliver_channels() -> dict[str, int]:
    """Post every chat-robot message that is due; failures are rescheduled with back-off."""
    return channel_deliveries_send()
