"""Audit codes the parts store writes on a ticket's timeline; declared once, labels registered
in ``PartsConfig.ready``."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class PartsEvent(StrEnum):
    RESERVED = "parts.reserved"
    REQUESTED = "parts.requested"
    #: A request for an in-warranty replacement: starts the 3-day shipment clock.
    WARRANTY_REQUESTED = "parts.warranty_requested"
    SHIPPED = "parts.transfer_shipped"
    RECEIVED = "parts.transfer_received"
    TRANSFER_CANCELLED = "parts.transfer_cancelled"
    CONSUMED = "parts.consumed"
    RELEASED = "parts.released"


LABELS = {
    PartsEvent.RESERVED: _("Part reserved from stock"),
    PartsEvent.REQUESTED: _("Part requested from the warehouse"),
    PartsEvent.WARRANTY_REQUESTED: _("In-warranty part requested from the warehouse"),
    PartsEvent.SHIPPED: _("Parts shipped by the warehouse"),
    PartsEvent.RECEIVED: _("Parts received at the store"),
    PartsEvent.TRANSFER_CANCELLED: _("Parts transfer cancelled"),
    PartsEvent.CONSUMED: _("Part taken from stock and used"),
    PartsEvent.RELEASED: _("Part reservation released"),
}

#: Notification codes.
LOW_STOCK = "parts.low_stock"
