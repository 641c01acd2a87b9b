"""Dealer work on forwarded tickets: arranging with a certified technician and filing the
three-guarantee repair record (三包维修记录)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.locks import lock_one
from aftersales.numbering import next_number
from attachments.models import Attachment
from attachments.services import attachments_add
from dealers import defaults
from dealers.models import MONEY_MAX, ClaimStatus, DealerRules, RepairPart, RepairRecord
from dealers.services.profiles import require_certified
from tickets import hooks
from tickets.actions import perform_action
from tickets.events import TicketEventCode
from tickets.models import Status, Ticket, TicketEvent

RECORD_FILED = "dealer.record_filed"
#: Written before photos moved onto the attachments app (uploads now write
#: ``attachments.events.AttachmentEvent.ADDED``); kept so old timelines read as words.
RECORD_PHOTOS_ADDED = "dealer.record_photos_added"
#: Ticket statuses after the technician has been on site.
VISITED_STATUSES = frozenset(
    {"on_site", "in_workshop", "awaiting_parts", "restored", "resolved", "visited", "closed"}
)
PHOTO_KIND = "fault_photo"


def _dealer_of(ticket: Ticket, by: User) -> Organisation:
    dealer = ticket.assigned_organisation
    if dealer.kind != Organisation.Kind.DEALER:
        raise ConflictError(_("This ticket is not with a dealer."), code="not_dealer_ticket")
    if not by.is_superuser and by.organisation_id != dealer.pk:
        raise PermissionDeniedError(_("You may act only for your own organisation."))
    return dealer


@transaction.atomic
def dealer_arrange(
    *,
    ticket: Ticket,
    by: User,
    technician: User,
    note: str = "",
    appointment_at: datetime | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    """Accept a forwarded task and arrange it with one of the dealer's *certified* technicians;
    the ticket workflow's ``arrange`` action does the rest (customer told, SLA clock stops).

    A ticket the dealer registered itself (still ``registered``) is first forwarded to its
    own outlet, so the dealer arranges its own work without head office stepping in."""
    require_role(by, {defaults.DEALER})
    dealer = _dealer_of(ticket, by)
    require_certified(technician, dealer, timezone.localdate(at or timezone.now()))
    if ticket.status == Status.REGISTERED:
        perform_action(
            ticket=ticket,
            by=by,
            action="forward",
            data={"assigned_organisation": dealer.pk},
            at=at,
        )
    data: dict[str, Any] = {"technician": technician.pk, "customer_told": True, "note": note}
    if appointment_at:
        data["appointment_at"] = appointment_at
    return perform_action(ticket=ticket, by=by, action="arrange", data=data, at=at)


def _visit_date(ticket: Ticket) -> date | None:
    event = ticket.events.filter(code=TicketEventCode.CHECK_IN).order_by("at", "id").first()
    return timezone.localdate(event.at) if event else None


def _decimal(value: Any, field: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        errors.setdefault(field, []).append(str(_("Enter a number.")))
        return None
    if not number.is_finite():
        errors.setdefault(field, []).append(str(_("Enter a number.")))
        return None
    return number


def clean_parts(parts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate the replaced-parts lines; ``DomainError`` with ``parts[i].field`` messages."""
    errors: dict[str, list[str]] = {}
    out = []
    tags: set[str] = set()
    if not isinstance(parts, list | tuple):
        raise DomainError(_("Give the parts as a list."), field="parts", code="invalid_fields")
    for index, line in enumerate(parts):
        key = f"parts[{index}]"
        if not isinstance(line, dict):
            errors[key] = [str(_("Each part is an object."))]
            continue
        number = str(line.get("part_number") or "").strip()[:64]
        name = str(line.get("name") or "").strip()[:200]
        if not number:
            errors[f"{key}.part_number"] = [str(_("This field is required."))]
        if not name:
            errors[f"{key}.name"] = [str(_("This field is required."))]
        quantity = _decimal(line.get("quantity", "1"), f"{key}.quantity", errors)
        price = _decimal(line.get("unit_price", "0"), f"{key}.unit_price", errors)
        if quantity is not None and not Decimal("0.01") <= quantity <= Decimal("99999"):
            errors[f"{key}.quantity"] = [str(_("The quantity must be between 0.01 and 99999."))]
        if price is not None and not Decimal("0") <= price <= Decimal("9999999"):
            errors[f"{key}.unit_price"] = [str(_("The price must be between 0 and 9999999."))]
        retained = line.get("old_part_retained", True)
        retained = (
            retained
            if isinstance(retained, bool)
            else str(retained).lower() in {"1", "true", "on", "yes"}
        )
        tag = str(line.get("tag_number") or "").strip()[:40]
        if retained and not tag:
            errors[f"{key}.tag_number"] = [str(_("A retained old part needs its tag number."))]
        if tag and tag in tags:
            errors[f"{key}.tag_number"] = [str(_("Each tag number may appear once."))]
        tags.add(tag)
        out.append(
            {
                "part_number": number,
                "name": name,
                "quantity": quantity,
                "unit_price": price,
                "old_part_retained": retained,
                "tag_number": tag,
            }
        )
    if not errors and sum(line["quantity"] * line["unit_price"] for line in out) > MONEY_MAX:
        errors["parts"] = [str(_("The parts' total is larger than a claim can hold."))]
    if errors:
        raise DomainError(_("Please correct the parts."), errors=errors, code="invalid_fields")
    return [
        {
            **line,
            "quantity": line["quantity"].quantize(Decimal("0.01")),
            "unit_price": line["unit_price"].quantize(Decimal("0.01")),
        }
        for line in out
    ]


def _require_visited(ticket: Ticket) -> None:
    if ticket.status not in VISITED_STATUSES:
        raise ConflictError(
            _("A repair record is filed after the visit; the ticket is %(status)s.")
            % {"status": ticket.get_status_display()},
            code="not_visited",
        )


def _checked_visit_date(ticket: Ticket, visit_date: date | None, today: date) -> date:
    """The day of the visit: as given, else the technician's check-in, else today; never in
    the future nor before the call."""
    visit_date = visit_date or _visit_date(ticket) or today
    if visit_date > today:
        raise DomainError(_("The visit cannot be in the future."), field="visit_date")
    if visit_date < timezone.localdate(ticket.received_at):
        raise DomainError(_("The visit cannot be before the call."), field="visit_date")
    return visit_date


def _require_report(work_done: str, customer_signed_name: str) -> None:
    if not (work_done or "").strip():
        raise DomainError(_("Describe the work done."), field="work_done")
    if not (customer_signed_name or "").strip():
        raise DomainError(_("The customer's sign-off is required."), field="customer_signed_name")


def _record_filed(*, ticket: Ticket, record: RepairRecord, by: User, at: datetime) -> None:
    """The timeline event of the filing; a "record filed" SLA target may stop on it."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        code=RECORD_FILED,
        actor=by,
        at=at,
        payload={
            "record": record.number,
            "late": record.filed_late,
            "due_on": record.due_on.isoformat(),
        },
    )
    hooks.event_recorded(ticket, event)


@transaction.atomic
def repair_record_file(
    *,
    by: User,
    ticket: Ticket,
    technician: User,
    work_done: str,
    labour_hours: Decimal,
    customer_signed_name: str,
    visit_date: date | None = None,
    travel_km: Decimal = Decimal("0"),
    customer_signed_at: datetime | None = None,
    parts: Sequence[dict[str, Any]] = (),
    photos: Iterable[UploadedFile] = (),
    at: datetime | None = None,
) -> RepairRecord:
    """File the 三包维修记录 of a visit: due ``record_filing_days`` after the visit (data);
    a record filed after that is kept and marked late."""
    require_role(by, {defaults.DEALER})
    ticket = lock_one(Ticket.objects.all(), ticket.pk)
    dealer = _dealer_of(ticket, by)
    _require_visited(ticket)
    now = at or timezone.now()
    today = timezone.localdate(now)
    visit_date = _checked_visit_date(ticket, visit_date, today)
    require_certified(technician, dealer, visit_date)
    _require_report(work_done, customer_signed_name)
    lines = clean_parts(list(parts))
    files = list(photos)
    due_on = visit_date + timedelta(days=DealerRules.current().record_filing_days)
    record = RepairRecord(
        number=next_number("RR", at=now),
        dealer=dealer,
        ticket=ticket,
        technician=technician,
        visit_date=visit_date,
        work_done=work_done.strip(),
        labour_hours=labour_hours,
        travel_km=travel_km,
        customer_signed_name=customer_signed_name.strip()[:100],
        customer_signed_at=customer_signed_at or now,
        due_on=due_on,
        filed_at=now,
        filed_late=today > due_on,
        filed_by=by,
    )
    try:
        record.full_clean(exclude=["number", "claim"])
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    record.save()
    RepairPart.objects.bulk_create([RepairPart(record=record, **line) for line in lines])
    _record_filed(ticket=ticket, record=record, by=by, at=now)
    if files:  # checked by content; a refused file refuses the whole filing
        repair_record_add_photos(by=by, record=record, photos=files, at=now)
    return record


def repair_record_add_photos(
    *, by: User, record: RepairRecord, photos: Iterable[UploadedFile], at: datetime | None = None
) -> list[Attachment]:
    """Attach more photos to a filed record (the evidence an appraiser will look at), until
    the record's claim is submitted (:func:`record_check_add`)."""
    return attachments_add(
        by=by,
        target=RECORD_TARGET,
        record=record,
        files=list(photos),
        kind=PHOTO_KIND,
        field="photos",
        at=at,
    )


RECORD_TARGET = "repair_record"


def record_check_add(by: User, record: RepairRecord) -> None:
    """Who may add files to a repair record: its dealer, until the claim is submitted —
    from then on the evidence stays as it was claimed."""
    require_role(by, {defaults.DEALER})
    if not by.is_superuser and by.organisation_id != record.dealer_id:
        raise PermissionDeniedError(_("You may act only for your own organisation."))
    claim = record.claim
    if claim is not None and claim.status != ClaimStatus.DRAFT:
        raise ConflictError(
            _(
                "The record is on claim %(claim)s, which is %(status)s: "
                "its photos can no longer change."
            )
            % {"claim": claim.number, "status": claim.get_status_display()},
            code="record_claimed",
        )


def record_event(
    record: RepairRecord, by: User | None, rows: Sequence[Attachment], at: datetime
) -> None:
    """Files on a repair record show on its ticket's timeline."""
    from attachments.events import AttachmentEvent
    from attachments.services import event_payload

    TicketEvent.objects.create(
        ticket_id=record.ticket_id,
        code=AttachmentEvent.ADDED,
        actor=by,
        at=at,
        payload=event_payload(RECORD_TARGET, record.number, rows),
    )
