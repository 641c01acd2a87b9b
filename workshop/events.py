"""Audit codes the workshop writes on a ticket's timeline; declared once, labels registered in
``WorkshopConfig.ready``. Receiving a unit is the ticket workflow's own ``carry_in`` action."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class WorkshopEvent(StrEnum):
    SENT_TO_FACTORY = "workshop.sent_to_factory"
    BACK_FROM_FACTORY = "workshop.back_from_factory"
    RETURNED = "workshop.returned"
    SIGNED_FOR = "workshop.signed_for"
    STANDBY_LENT = "workshop.standby_lent"
    STANDBY_RETURNED = "workshop.standby_returned"
    QUOTE_SENT = "workshop.quote_sent"
    QUOTE_APPROVED = "workshop.quote_approved"
    QUOTE_REJECTED = "workshop.quote_rejected"
    BILL_ISSUED = "workshop.bill_issued"
    EXCHANGED = "workshop.exchanged"
    REFUNDED = "workshop.refunded"


LABELS = {
    WorkshopEvent.SENT_TO_FACTORY: _("Unit sent to the factory for repair"),
    WorkshopEvent.BACK_FROM_FACTORY: _("Unit back from the factory"),
    WorkshopEvent.RETURNED: _("Unit returned to the customer"),
    WorkshopEvent.SIGNED_FOR: _("Customer signed for the unit"),
    WorkshopEvent.STANDBY_LENT: _("Standby unit lent, customer signed"),
    WorkshopEvent.STANDBY_RETURNED: _("Standby unit returned"),
    WorkshopEvent.QUOTE_SENT: _("Quote sent for the customer's approval"),
    WorkshopEvent.QUOTE_APPROVED: _("Quote approved by the customer"),
    WorkshopEvent.QUOTE_REJECTED: _("Quote declined by the customer"),
    WorkshopEvent.BILL_ISSUED: _("Service bill issued"),
    WorkshopEvent.EXCHANGED: _("Unit exchanged (包换): new unit registered"),
    WorkshopEvent.REFUNDED: _("Unit returned for a refund (包退)"),
}

#: Notification codes.
EXCHANGE_NOTICE = "workshop.exchanged"
REFUND_NOTICE = "workshop.refunded"
STANDBY_OVERDUE = "workshop.standby_overdue"

#: SLA metrics measured on these events, with their labels.
METRIC_LABELS = {
    "carry_in": _("Carry-in promised date"),
    "factory_repair": _("Factory repair"),
}
