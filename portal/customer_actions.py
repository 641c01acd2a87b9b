"""The actions a customer takes on their own request, registered with the ticket workflow
(their rules are rows seeded by migration 0001): add information, confirm the repair. Reopening
is the workflow's own ``reopen``; the customer's words are always public (they wrote them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from tickets.actions.registry import register
from tickets.events import TicketEventCode
from tickets.models import Ticket

ADD_INFO = "add_info"
CONFIRM_REPAIR = "confirm_repair"
#: What a customer may do from the portal (``reopen`` is the workflow's own action).
PORTAL_ACTIONS = (ADD_INFO, CONFIRM_REPAIR, "reopen")


class CustomerWordsForm(forms.Form):
    """The customer's own words: always visible to both sides."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["public"] = True
        return data


class AddInfoForm(CustomerWordsForm):
    note = forms.CharField(
        label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmRepairForm(CustomerWordsForm):
    note = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def repair_confirmed(ticket: Ticket) -> bool:
    """Whether the customer confirmed the repair since the ticket last entered its status (the
    page then offers it no more; a second confirmation would only repeat the first)."""
    entered = (
        ticket.events.filter(to_status=ticket.status).order_by("-at", "-id").values("id").first()
    )
    confirmed = ticket.events.filter(code=TicketEventCode.CONFIRM_REPAIR)
    if entered is not None:
        confirmed = confirmed.filter(id__gt=entered["id"])
    return confirmed.exists()


@register(ADD_INFO, form=AddInfoForm)
def add_info(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"note": values["note"]}


@register(CONFIRM_REPAIR, form=ConfirmRepairForm)
def confirm_repair(
    ticket: Ticket, by: User, values: dict[str, Any], now: datetime
) -> dict[str, Any]:
    return {"note": values["note"]} if values.get("note") else {}
