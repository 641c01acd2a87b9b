"""Celery task of the inbound mailbox: safe to run twice (messages are stored once by key)."""

from __future__ import annotations

from celery import shared_task

from inbound.services import mailbox_read


@shared_task(name="inbound.fetch_mail", ignore_result=True)
def fetch_mail() -> dict[str, int]:
    """Read the service mailbox (``INBOUND_EMAIL_URL``) into tickets and ticket messages."""
    return mailbox_read()
