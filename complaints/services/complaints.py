"""Writes to complaints: intake and the workflow steps (lock → rule → role → validate →
apply → event), each in one transaction with its audit event and its clocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.workflow import Workflow
from complaints import clocks, notices
from complaints.defaults import ALLOWED_WHILE_UNEXPLAINED
from complaints.events import ComplaintEventCode as Code
from complaints.events import TicketEventCode
from complaints.forms import ACTION_FORMS
from complaints.models import (
    OPEN_COMPLAINT_STATUSES,
    Acceptance,
    Complaint,
    ComplaintClass,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTransition,
    DelayExplanation,
    Seriousness,
)
from complaints.numbering import next_complaint_number
from tickets import hooks
from tickets.models import Customer, Ticket, TicketEvent

INTAKE_ROLES = frozenset({"agent", "supervisor", "manager"})
OVERSEAS_REGION = "overseas"


def event_code(action: str) -> str:
    return f"complaint.{action}"


@transaction.atomic
def complaint_create(
    *,
    by: User | None,
    channel: str,
    complaint_class: ComplaintClass,
    seriousness: Seriousness,
    description: str,
    customer: Customer | None = None,
    ticket: Ticket | None = None,
    customer_request: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    dealer: Organisation | None = None,
    technician: User | None = None,
    abroad: bool | None = None,
    at: datetime | None = None,
) -> Complaint:
    """Register a complaint (number in its own ``YYMM`` series), linked to the caller's
    ticket, its unit and dealer when given; starts the reply / on-site / closure clocks."""
    if by is not None and not by.has_role(*INTAKE_ROLES):
        raise PermissionDeniedError(_("Your role may not register complaints."))
    if customer is None and ticket is None:
        raise DomainError(_("Name the customer or the ticket."), field="customer")
    now = at or timezone.now()
    customer = customer or ticket.customer  # type: ignore[union-attr]
    if ticket is not None:
        dealer = dealer or _dealer_of(ticket)
        technician = technician or ticket.technician
        if abroad is None:
            abroad = ticket.region_class.code == OVERSEAS_REGION
    if abroad is None:
        abroad = bool(customer.region_class and customer.region_class.code == OVERSEAS_REGION)
    complaint = Complaint(
        channel=channel,
        complaint_class=complaint_class,
        seriousness=seriousness,
        customer=customer,
        contact_name=contact_name or (ticket.contact_name if ticket else "") or customer.name,
        contact_phone=contact_phone or (ticket.contact_phone if ticket else "") or customer.phone,
        description=description,
        customer_request=customer_request,
        dealer=dealer,
        technician=technician,
        abroad=abroad,
        product_model=ticket.product_model if ticket else "",
        received_at=now,
        created_by=by,
    )
    complaint.number = next_complaint_number(at=now)
    complaint.full_clean(exclude=["number"])
    complaint.save()
    _record_intake(complaint, ticket, by, now)
    clocks.clocks_recompute(complaint, now=now)
    return complaint


def _record_intake(
    complaint: Complaint, ticket: Ticket | None, by: User | None, now: datetime
) -> None:
    """Link the caller's ticket (and its unit), tell the ticket's timeline, write the
    complaint's first event."""
    if ticket is not None:
        complaint.tickets.add(ticket)
        if ticket.unit_id:
            complaint.units.add(ticket.unit_id)
        event = TicketEvent.objects.create(
            ticket=ticket,
            code=TicketEventCode.COMPLAINT_FILED,
            actor=by,
            at=now,
            payload={"complaint": complaint.number},
        )
        hooks.event_recorded(ticket, event)
    ComplaintEvent.objects.create(
        complaint=complaint,
        code=Code.CREATED,
        actor=by,
        at=now,
        to_status=ComplaintStatus.ACCEPTED,
        payload={"channel": complaint.channel, "ticket": ticket.number if ticket else ""},
    )


def _dealer_of(ticket: Ticket) -> Organisation | None:
    if ticket.assigned_organisation.kind == Organisation.Kind.DEALER:
        return ticket.assigned_organisation
    unit = ticket.unit
    return unit.selling_dealer if unit is not None else None


# --- the workflow ------------------------------------------------------------------------------


def _rules_for(complaint: Complaint) -> list[ComplaintTransition]:
    statuses = [complaint.status]
    if complaint.status in OPEN_COMPLAINT_STATUSES:
        statuses.append(ComplaintTransition.ANY_OPEN)
    return list(ComplaintTransition.objects.filter(is_active=True, from_status__in=statuses))


def _may_act(rule: ComplaintTransition, complaint: Complaint, user: User) -> bool:
    if not user.roles & set(rule.roles):
        return False
    if user.is_superuser or user.organisation.is_internal:
        return True
    organisation = user.organisation
    if organisation.kind != Organisation.Kind.DEALER:
        return False
    # A dealer acts on complaints about itself; it investigates only when it is responsible.
    if rule.action in {"contact", "note"}:
        return complaint.dealer_id == organisation.pk
    department = complaint.department
    return department is not None and department.organisation_id == organisation.pk


class ComplaintWorkflow(Workflow[Complaint, ComplaintTransition, dict, ComplaintEvent, User]):
    """The complaint's steps on the shared skeleton (``aftersales.workflow``)."""

    not_allowed_text = _("“%(action)s” is not allowed while the complaint is %(status)s.")
    forbidden_text = _("Your role may not perform “%(action)s” on this complaint.")

    def lock(self, subject: Complaint) -> Complaint:
        return (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("department", "customer")
            .get(pk=subject.pk)
        )

    def is_known(self, action: object) -> bool:
        return isinstance(action, str) and action in ACTION_FORMS

    def rules_for(self, subject: Complaint) -> list[ComplaintTransition]:
        return _rules_for(subject)

    def may_act(self, rule: ComplaintTransition, subject: Complaint, user: User) -> bool:
        return _may_act(rule, subject, user)

    def validate(self, action: str, data: Any) -> dict[str, Any]:
        form = ACTION_FORMS[action](data=data or {})
        if not form.is_valid():
            raise DomainError.from_form(form)
        return dict(form.cleaned_data)

    def apply(
        self,
        *,
        rule: ComplaintTransition,
        subject: Complaint,
        by: User,
        values: dict[str, Any],
        now: datetime,
    ) -> ComplaintEvent:
        action, to_status = rule.action, rule.to_status
        if action not in ALLOWED_WHILE_UNEXPLAINED and clocks.unexplained_delays(subject, now=now):
            raise ConflictError(
                _("A target was missed: write the explanation of the delay first."),
                code="delay_explanation_required",
            )
        if to_status == ComplaintStatus.CLOSED and action != "accept":
            # Closed only on the customer's recorded acceptance, whatever the rule rows say.
            raise ConflictError(_("Only the customer's acceptance closes a complaint."))
        from_status = subject.status
        payload = _apply(action, subject, by, values, now)
        if to_status:
            subject.status = to_status
        if to_status == ComplaintStatus.CLOSED:
            subject.closed_at = now
        subject.save()
        event = ComplaintEvent.objects.create(
            complaint=subject,
            code=event_code(action),
            actor=by,
            at=now,
            from_status=from_status if to_status else "",
            to_status=to_status or "",
            payload=payload,
        )
        clocks.clocks_recompute(subject, now=now)
        if action in {"assign", "reassign"}:
            notices.assigned_notify(subject)
        return event


WORKFLOW = ComplaintWorkflow()


def available_actions(complaint: Complaint, user: User) -> list[ComplaintTransition]:
    return WORKFLOW.available(complaint, user)


def complaint_act(
    *,
    complaint: Complaint,
    by: User,
    action: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> ComplaintEvent:
    """Perform one step. 409 when the step is not allowed in the complaint's status (or a
    missed target still needs its written explanation), 403 for a role that may not do it,
    400 with field messages for bad input. Nothing is written then."""
    return WORKFLOW.perform(subject=complaint, by=by, action=action, data=data, at=at)


def _apply(
    action: str, complaint: Complaint, by: User, values: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Apply the step's fields to the complaint (not saved); return the event payload."""
    payload: dict[str, Any] = {k: values[k] for k in ("note", "reason") if values.get(k)}
    if action in {"assign", "reassign"}:
        complaint.department = values["department"]
        payload["department"] = values["department"].code
    elif action == "investigate":
        for name in ("root_cause_text", "corrective_action", "preventive_action", "action_owner"):
            setattr(complaint, name, values[name])
        complaint.root_cause = values["root_cause"]
        complaint.action_due = values["action_due"]
        payload.update(
            root_cause=values["root_cause"].code,
            action_owner=values["action_owner"],
            action_due=values["action_due"].isoformat(),
        )
    elif action == "reply":
        complaint.reply_text = values["reply_text"]
        payload["reply_text"] = values["reply_text"]
    elif action in {"accept", "refuse"}:
        answer = Acceptance.objects.create(
            complaint=complaint,
            accepted=action == "accept",
            how=values["how"],
            answered_at=values["answered_at"],
            customer_name=values["customer_name"],
            comment=values.get("comment", ""),
            recorded_by=by,
            recorded_at=now,
        )
        payload.update(
            answer=answer.pk,
            how=answer.how,
            answered_at=answer.answered_at.isoformat(),
            customer_name=answer.customer_name,
            comment=answer.comment,
        )
    elif action == "explain_delay":
        late = [c.kind for c in clocks.clocks_recompute(complaint, now=now) if c.is_late]
        explained = set(complaint.delay_explanations.values_list("kind", flat=True))
        kinds = [k for k in late if k not in explained]
        if not kinds:
            raise ConflictError(_("No missed target waits for an explanation."))
        for kind in kinds:
            DelayExplanation.objects.create(
                complaint=complaint, kind=kind, text=values["text"], written_by=by, written_at=now
            )
        payload.update(targets=kinds, text=values["text"])
    elif action == "cancel":
        complaint.cancel_reason = values["reason"]
    return payload
