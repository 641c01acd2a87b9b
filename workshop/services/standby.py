"""Standby units (备机): lent to a customer while their unit is repaired, with the customer's
signature; delivering one restores service (the SLA "restore" clock stops on the event).
A unit on loan cannot be lent again: the unit row is locked and a partial unique constraint
allows one open loan per unit."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from parts.services.tickets import ticket_event
from tickets.models import Ticket
from workshop.events import STANDBY_OVERDUE, WorkshopEvent
from workshop.models import StandbyLoan, StandbyUnit, WorkshopRules
from workshop.services.carry_in import MAX_SIGNATURE, require_workshop_role


def _may_use(by: User, unit: StandbyUnit) -> None:
    if by.is_superuser or by.organisation.is_internal:
        return
    if unit.organisation_id != by.organisation_id:
        raise PermissionDeniedError(_("You may lend only your own organisation's units."))


@transaction.atomic
def standby_lend(
    *,
    by: User,
    unit: StandbyUnit,
    ticket: Ticket,
    signed_by_name: str,
    signature: str = "",
    due_back: date | None = None,
    at: datetime | None = None,
) -> StandbyLoan:
    require_workshop_role(by)
    unit = StandbyUnit.objects.select_for_update().get(pk=unit.pk)
    _may_use(by, unit)
    if unit.status != StandbyUnit.Status.AVAILABLE:
        raise ConflictError(
            _("Standby unit %(serial)s is %(status)s.")
            % {"serial": unit.serial, "status": unit.get_status_display()},
            code="standby_unavailable",
        )
    if not ticket.is_open:
        raise ConflictError(_("The ticket is closed."), code="ticket_closed")
    if not signed_by_name.strip():
        raise DomainError(_("Who received the unit?"), field="signed_by_name")
    if len(signature) > MAX_SIGNATURE or (signature and not signature.startswith("data:image/")):
        raise DomainError(_("The signature is not a drawn image."), field="signature")
    now = at or timezone.now()
    today = timezone.localdate(now)
    due = due_back or today + timedelta(days=WorkshopRules.current().standby_loan_days)
    if due < today:
        raise DomainError(_("The return date cannot be in the past."), field="due_back")
    try:
        with transaction.atomic():
            loan = StandbyLoan.objects.create(
                unit=unit,
                ticket=ticket,
                lent_at=now,
                due_back=due,
                signed_by_name=signed_by_name.strip()[:100],
                signature=signature,
                lent_by=by,
            )
    except IntegrityError:
        raise ConflictError(
            _("Standby unit %(serial)s is on loan.") % {"serial": unit.serial},
            code="standby_unavailable",
        ) from None
    unit.status = StandbyUnit.Status.ON_LOAN
    unit.save(update_fields=["status"])
    ticket_event(
        ticket,
        WorkshopEvent.STANDBY_LENT,
        by,
        now,
        standby_unit=unit.serial,
        due_back=due.isoformat(),
        signed_by_name=loan.signed_by_name,
        signed=bool(signature),
    )
    return loan


@transaction.atomic
def standby_return(
    *, by: User, loan: StandbyLoan, note: str = "", at: datetime | None = None
) -> StandbyLoan:
    require_workshop_role(by)
    loan = StandbyLoan.objects.select_for_update().select_related("unit", "ticket").get(pk=loan.pk)
    _may_use(by, loan.unit)
    if loan.returned_at is not None:
        raise ConflictError(_("This standby unit is back already."), code="returned")
    now = at or timezone.now()
    loan.returned_at = now
    loan.returned_by = by
    loan.return_note = note.strip()[:300]
    loan.save(update_fields=["returned_at", "returned_by", "return_note"])
    StandbyUnit.objects.filter(pk=loan.unit_id).update(status=StandbyUnit.Status.AVAILABLE)
    ticket_event(
        loan.ticket,
        WorkshopEvent.STANDBY_RETURNED,
        by,
        now,
        standby_unit=loan.unit.serial,
        late=loan.due_back < timezone.localdate(now),
        note=loan.return_note,
    )
    return loan


def overdue_loans(today: date | None = None) -> QuerySet[StandbyLoan]:
    return StandbyLoan.objects.filter(
        returned_at__isnull=True, due_back__lt=today or timezone.localdate()
    ).select_related("unit", "ticket", "ticket__supervisor")


def standby_overdue_notify(*, today: date | None = None) -> int:
    """Tell each overdue loan's supervisor (or the supervisors) once a day; safe to run twice
    the same day (one notification per loan and day)."""
    from notifications.models import Notification
    from notifications.services import notify

    day = today or timezone.localdate()
    sent = 0
    for loan in overdue_loans(day):
        already = Notification.objects.filter(
            code=STANDBY_OVERDUE,
            ticket=loan.ticket,
            payload__loan=loan.pk,
            payload__day=day.isoformat(),
        ).exists()
        if already:
            continue
        recipients = (
            [loan.ticket.supervisor]
            if loan.ticket.supervisor
            else list(User.objects.filter(is_active=True, groups__name="supervisor"))
        )
        notify(
            recipients,
            STANDBY_OVERDUE,
            ticket=loan.ticket,
            payload={
                "number": loan.ticket.number,
                "loan": loan.pk,
                "day": day.isoformat(),
                "serial": loan.unit.serial,
                "due_back": loan.due_back.isoformat(),
            },
        )
        sent += 1
    return sent
