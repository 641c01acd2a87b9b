"""Exchange (包换) when the warranty decision says replacement is due (the same fault repaired
the model's threshold of times in warranty, 004 篇5).

One service does it all or nothing: the replacement unit leaves stock (a ledger row), the
old unit comes back into the carry-in register and is retired (status "replaced"), the new
unit is registered as replacing it, with a warranty of its own: **a full new period from the
exchange date** (its sale date is the exchange date; the old unit's warranty card is carried
over, filed on that date, so the dealer's card deadline does not fire on a unit it never
sold). The selling dealer and finance are notified.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from parts.models import Part, StockMove, Store
from parts.services.common import lock_level, next_number, post_move
from parts.services.tickets import ticket_event
from tickets.models import Ticket
from workshop.events import EXCHANGE_NOTICE, WorkshopEvent
from workshop.models import CarryIn, CarryInMovement, ExchangeOrder, ReturnOrder

EXCHANGE_ROLES = frozenset({"supervisor", "manager"})


def exchange_due(ticket: Ticket) -> bool:
    return bool((ticket.entitlement or {}).get("replacement_due")) and ticket.unit_id is not None


@transaction.atomic
def exchange_create(
    *,
    by: User,
    ticket: Ticket,
    replacement: Part,
    store: Store,
    new_serial: str,
    at: datetime | None = None,
) -> ExchangeOrder:
    if not by.is_superuser and not by.has_role(*EXCHANGE_ROLES):
        raise PermissionDeniedError(_("Your role may not do this."))
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("unit__product_model")
        .get(pk=ticket.pk)
    )
    old = _old_unit_to_exchange(ticket)
    _check_replacement(replacement, new_serial)
    now = at or timezone.now()
    today = timezone.localdate(now)
    number = next_number("EX", now)
    move = post_move(
        lock_level(store, replacement),
        kind=StockMove.Kind.EXCHANGE_OUT,
        quantity=-1,
        by=by,
        at=now,
        ticket=ticket,
        reference=number,
    )
    entry = _register_return(by, ticket, old, now)
    new = _register_new_unit(by, old, new_serial.strip(), today)
    order = ExchangeOrder.objects.create(
        number=number,
        ticket=ticket,
        old_unit=old,
        new_unit=new,
        replacement=replacement,
        store=store,
        stock_move=move,
        return_entry=entry,
        created_at=now,
        created_by=by,
    )
    ticket_event(
        ticket,
        WorkshopEvent.EXCHANGED,
        by,
        now,
        exchange=number,
        old_serial=old.serial,
        new_serial=new.serial,
        warranty_from=today.isoformat(),
    )
    _notify(order, ticket)
    return order


def _old_unit_to_exchange(ticket: Ticket):  # type: ignore[no-untyped-def]
    """The ticket's unit, locked, when the decision calls for a replacement not yet made."""
    from warranty.models import Unit

    if not exchange_due(ticket):
        raise ConflictError(
            _("The warranty decision does not call for a replacement."), code="no_replacement"
        )
    if ExchangeOrder.objects.filter(ticket=ticket).exists():
        raise ConflictError(_("This ticket has an exchange order already."), code="exchanged")
    if ReturnOrder.objects.filter(ticket=ticket).exists():
        raise ConflictError(_("This ticket has a return order already."), code="returned")
    old = Unit.objects.select_for_update().get(pk=ticket.unit_id or 0)
    if old.status != Unit.Status.IN_SERVICE:
        raise ConflictError(_("The unit has been replaced already."), code="exchanged")
    return old


def _check_replacement(replacement: Part, new_serial: str) -> None:
    from warranty.models import Unit

    if not replacement.is_unit:
        raise DomainError(_("Choose a complete unit from stock."), field="replacement")
    if not new_serial.strip():
        raise DomainError(_("Enter the new unit's serial number."), field="new_serial")
    if Unit.objects.filter(serial=new_serial.strip()).exists():
        raise DomainError(_("This serial number is registered already."), field="new_serial")


def _register_new_unit(by: User, old, serial: str, today):  # type: ignore[no-untyped-def]
    """The replacement unit, registered for the same customer with a new warranty from today
    (its card copied from the old unit's)."""
    from warranty.models import WarrantyCard
    from warranty.services.units import unit_register

    new = unit_register(
        by=by,
        serial=serial,
        product_model=old.product_model,
        customer=old.customer,
        selling_dealer=old.selling_dealer,
        sale_date=today,
        site_address=old.site_address,
        replaces=old,
    )
    card = WarrantyCard.objects.filter(unit=old).first()
    if card is not None:
        WarrantyCard.objects.create(
            unit=new,
            dealer=card.dealer,
            customer_name=card.customer_name,
            customer_phone=card.customer_phone,
            customer_address=card.customer_address,
            invoice_number=card.invoice_number,
            filed_on=today,
            filed_by=by,
        )
    return new


def register_returned_unit(  # type: ignore[no-untyped-def]
    by: User, ticket: Ticket, old, now: datetime, *, reason: str, condition: str, note: str
) -> CarryIn:
    """The old unit comes back into the register and stays (it is the company's now): the
    ticket's open entries are retired and a retired entry records the unit's return. Shared
    by the exchange and the return for a refund (:mod:`workshop.services.refund`)."""
    ticket.carry_ins.filter(status__in=["received", "at_factory", "back"]).update(
        status=CarryIn.Status.RETIRED
    )
    entry = CarryIn.objects.create(
        number=next_number("WX", now),
        ticket=ticket,
        reason=reason,
        product_model=old.product_model.code,
        serial_number=old.serial,
        condition=condition,
        status=CarryIn.Status.RETIRED,
        received_at=now,
        received_by=by,
    )
    CarryInMovement.objects.create(
        carry_in=entry, kind=CarryInMovement.Kind.RECEIVED, at=now, by=by, note=note
    )
    return entry


def _register_return(by: User, ticket: Ticket, old, now: datetime) -> CarryIn:  # type: ignore[no-untyped-def]
    return register_returned_unit(
        by,
        ticket,
        old,
        now,
        reason=CarryIn.Reason.EXCHANGE,
        condition=str(_("Returned in exchange for a new unit.")),
        note=str(_("Exchanged unit")),
    )


def unit_return_recipients(old_unit, ticket: Ticket) -> list[int]:  # type: ignore[no-untyped-def]
    """Who hears of an exchange or a return: finance and the dealer users of the unit's
    selling dealer and of the ticket's organisation."""
    dealers = [o for o in (old_unit.selling_dealer_id, ticket.assigned_organisation_id) if o]
    return list(
        User.objects.filter(is_active=True, groups__name="finance").values_list("pk", flat=True)
    ) + list(
        User.objects.filter(
            is_active=True, groups__name="dealer", organisation_id__in=dealers
        ).values_list("pk", flat=True)
    )


def _notify(order: ExchangeOrder, ticket: Ticket) -> None:
    from notifications.services import notify

    recipients = unit_return_recipients(order.old_unit, ticket)
    notify(
        recipients,
        EXCHANGE_NOTICE,
        ticket=ticket,
        payload={
            "number": ticket.number,
            "exchange": order.number,
            "old_serial": order.old_unit.serial,
            "new_serial": order.new_unit.serial,
        },
    )
