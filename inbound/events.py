"""Audit codes the inbound mailbox writes on tickets (stable, never translated)."""

from __future__ import annotations

from enum import StrEnum


class InboundEvent(StrEnum):
    EMAIL_RECEIVED = "inbound.email_received"
