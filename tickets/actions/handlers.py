"""Every ticket action: one handler each, registered with its form.

A handler gets the locked ticket (not yet saved), the user, the form's cleaned values and
the time; it changes the ticket, writes rows of its own (parts, hours) and returns the
event's payload. The status change, the save and the event are the workflow's
(:mod:`tickets.actions.workflow`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import DomainError
from tickets.actions import forms as f
from tickets.actions.people import check_member
from tickets.actions.registry import register
from tickets.events import TicketEventCode
from tickets.models import LabourEntry, PartUsage, Ticket, TicketEvent

Payload = dict[str, Any]


def _note(values: dict[str, Any]) -> Payload:
    return {k: values[k] for k in ("note", "reason") if values.get(k)}


def _supervisor_takes(ticket: Ticket, by: User, payload: Payload) -> None:
    """A supervisor who steps in on a ticket nobody supervises becomes its supervisor."""
    if by.has_role("supervisor") and not ticket.supervisor_id:
        ticket.supervisor = by
        payload["supervisor"] = by.pk


# --- dispatch ----------------------------------------------------------------------------


def _reassign(ticket: Ticket, values: dict[str, Any], now: datetime, payload: Payload) -> None:
    """Another organisation (its technician leaves the job), technician or supervisor."""
    organisation = values.get("assigned_organisation")
    if organisation:
        if organisation.pk != ticket.assigned_organisation_id and ticket.technician_id:
            ticket.technician = None
            payload["technician"] = None
        ticket.assigned_organisation = organisation
        payload["assigned_organisation"] = organisation.pk
    for role in ("technician", "supervisor"):
        person = values.get(role)
        if person:
            check_member(person, ticket.assigned_organisation, role, now)
            setattr(ticket, role, person)
            payload[role] = person.pk


@register("forward", form=f.ForwardForm, done=_("Forwarded ticket %(number)s"))
def forward(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    organisation = values.get("assigned_organisation")
    outside = not by.is_superuser and not by.organisation.is_internal
    if outside and organisation is not None and organisation.pk != by.organisation_id:
        # A dealer keeps its customers: it forwards to its own outlet, never to head office.
        raise DomainError(
            _("Forward to your own outlet: a dealer arranges its own tickets."),
            field="assigned_organisation",
        )
    _reassign(ticket, values, now, payload)
    _supervisor_takes(ticket, by, payload)
    return payload


@register("assign", form=f.AssignForm, done=_("Reassigned ticket %(number)s"))
def assign(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    _reassign(ticket, values, now, payload)
    return payload


@register("arrange", form=f.ArrangeForm, done=_("Arranged ticket %(number)s"))
def arrange(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    technician = values["technician"]
    check_member(technician, ticket.assigned_organisation, "technician", now)
    ticket.technician = technician
    payload.update(technician=technician.pk, customer_told=True)
    if values.get("appointment_at"):
        payload["appointment_at"] = values["appointment_at"].isoformat()
    _supervisor_takes(ticket, by, payload)
    return payload


@register("check", form=f.NoteForm, done=_("Checked ticket %(number)s"))
def check(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    _supervisor_takes(ticket, by, payload)
    return payload


@register(
    "change_severity", form=f.SeverityForm, done=_("Changed the severity of ticket %(number)s")
)
def change_severity(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    payload.update(severity=values["severity"].code, previous=ticket.severity.code)
    ticket.severity = values["severity"]
    return payload


# --- on site and in the workshop ---------------------------------------------------------


def note_only(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    """An action whose only input is its note (or reason): the rule row moves the status."""
    return _note(values)


register("check_in", form=f.NoteForm, done=_("Checked in on site for ticket %(number)s"))(note_only)
register("await_parts", form=f.NoteForm, done=_("Ticket %(number)s is waiting for parts"))(
    note_only
)
register("parts_arrived", form=f.NoteForm, done=_("Parts arrived for ticket %(number)s"))(note_only)
register(
    "wait_customer", form=f.ReasonForm, done=_("Ticket %(number)s is waiting for the customer")
)(note_only)
register("resume", form=f.NoteForm, done=_("Resumed ticket %(number)s"))(note_only)
register("close", form=f.NoteForm, done=_("Closed ticket %(number)s"))(note_only)
register("add_note", form=f.RequiredNoteForm, done=_("Note added to ticket %(number)s"))(note_only)


@register("carry_in", form=f.CarryInForm, done=_("Carried ticket %(number)s in to the workshop"))
def carry_in(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    ticket.workshop_receipt_no = values["workshop_receipt_no"]
    payload["workshop_receipt_no"] = values["workshop_receipt_no"]
    return payload


@register("restore", form=f.RestoreForm, done=_("Service restored on ticket %(number)s"))
def restore(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    payload["standby_unit"] = bool(values.get("standby_unit"))
    return payload


def _phone_confirmation(ticket: Ticket) -> TicketEvent | None:
    """The latest completion confirmation an agent recorded by phone since the technician
    last checked in (a confirmation from an earlier visit does not count)."""
    events = ticket.events.all()
    checked_in = (
        events.filter(code=TicketEventCode.CHECK_IN).order_by("-at", "-id").values("at").first()
    )
    confirmations = events.filter(code=TicketEventCode.CONFIRM_BY_PHONE)
    if checked_in is not None:
        confirmations = confirmations.filter(at__gte=checked_in["at"])
    return confirmations.select_related("actor").order_by("-at", "-id").first()


@register("resolve", form=f.ResolveForm, done=_("Signed off ticket %(number)s"))
def resolve(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    """Sign-off: a drawn signature (the form checks the image has ink), or — the customer
    absent — an agent's recorded phone confirmation, whose name and time go on the ticket."""
    payload = _note(values)
    ticket.signed_at = now
    ticket.signoff_comment = values.get("comment", "")
    if values.get("customer_absent"):
        confirmation = _phone_confirmation(ticket)
        if confirmation is None:
            raise DomainError(
                _(
                    "The customer is absent: an agent must first call the customer and record "
                    "the confirmation (“Completion confirmed by phone”)."
                ),
                field="customer_absent",
                code="no_phone_confirmation",
            )
        ticket.signed_by_name = str(confirmation.payload.get("spoke_with", ""))
        ticket.signature = ""
        payload.update(
            customer_absent=True,
            confirmation=confirmation.pk,
            confirmed_by=confirmation.actor_id,
            confirmed_at=confirmation.payload.get("called_at") or confirmation.at.isoformat(),
        )
    else:
        ticket.signed_by_name = values["signed_by_name"].strip()
        ticket.signature = values["signature"]
    payload.update(
        signed_by_name=ticket.signed_by_name,
        signed=bool(ticket.signature),
        comment=ticket.signoff_comment,
    )
    return payload


@register(
    "confirm_by_phone",
    form=f.PhoneConfirmationForm,
    done=_("Phone confirmation recorded on ticket %(number)s"),
)
def confirm_by_phone(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    """An agent called the absent customer, who confirmed the repair is complete: who they
    spoke with and when (not later than now)."""
    called_at = values.get("called_at") or now
    if called_at > now:
        raise DomainError(_("The call cannot be in the future."), field="called_at")
    payload = _note(values)
    payload.update(spoke_with=values["spoke_with"].strip(), called_at=called_at.isoformat())
    return payload


@register("add_part", form=f.PartForm, done=_("Part recorded on ticket %(number)s"))
def add_part(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    part = PartUsage.objects.create(ticket=ticket, recorded_by=by, recorded_at=now, **values)
    payload.update(
        part=part.pk,
        part_number=part.part_number,
        name=part.name,
        quantity=str(part.quantity),
        unit_price=str(part.unit_price),
        old_part_retained=part.old_part_retained,
        old_part_tag=part.old_part_tag,
    )
    return payload


@register("add_labour", form=f.LabourForm, done=_("Hours recorded on ticket %(number)s"))
def add_labour(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    entry = LabourEntry.objects.create(
        ticket=ticket,
        technician=by,
        work_date=values.get("work_date") or timezone.localdate(now),
        hours=values["hours"],
        work_type=values.get("work_type", ""),
        note=values.get("note", ""),
        recorded_at=now,
    )
    payload.update(labour=entry.pk, hours=str(entry.hours), work_date=entry.work_date.isoformat())
    return payload


# --- with the customer -------------------------------------------------------------------


@register("log_contact", form=f.ContactForm, done=_("Contact recorded on ticket %(number)s"))
def log_contact(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    payload["outcome"] = values["outcome"]
    return payload


@register(
    "return_visit", form=f.ReturnVisitForm, done=_("Return visit recorded on ticket %(number)s")
)
def return_visit(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    payload = _note(values)
    payload["ratings"] = {k: values[k] for k in ("attitude", "skill", "arrival", "promise")}
    payload["dissatisfied"] = min(payload["ratings"].values()) <= 1
    return payload


@register("cancel", form=f.ReasonForm, done=_("Cancelled ticket %(number)s"))
def cancel(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    ticket.cancel_reason = values["reason"]
    return _note(values)


@register("reopen", form=f.ReasonForm, done=_("Reopened ticket %(number)s"))
def reopen(ticket: Ticket, by: User, values: dict[str, Any], now: datetime) -> Payload:
    ticket.resolved_at = None
    ticket.closed_at = None
    return _note(values)
