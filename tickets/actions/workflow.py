"""Taking a ticket action: the shared skeleton (:mod:`aftersales.workflow`) filled in for
tickets — ``WorkflowAction`` rows for the rules, the registry's form for the inputs, its
handler for the change, a ``TicketEvent`` with the stable code ``ticket.<action>``, and the
SLA engine told of the event in the same transaction.

Raises ``ConflictError`` (409) when the action is not allowed in the ticket's status,
``PermissionDeniedError`` (403) when the user's role may not do it, and ``DomainError``
(400) with per-field messages when the fields are invalid. Nothing is written then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import DomainError
from aftersales.locks import lock_one
from aftersales.workflow import Workflow
from tickets import hooks
from tickets.actions.registry import REGISTRY, action_for
from tickets.models import OPEN_STATUSES, Ticket, TicketEvent, WorkflowAction


def event_code(action: str) -> str:
    """The stable audit code of a workflow action, e.g. ``ticket.check_in``."""
    return f"ticket.{action}"


def _previous_status(ticket: Ticket) -> str:
    last = (
        ticket.events.exclude(to_status="")
        .exclude(to_status=ticket.status)
        .order_by("-at", "-id")
        .values_list("to_status", flat=True)
        .first()
    )
    changed_into_current = (
        ticket.events.filter(to_status=ticket.status)
        .exclude(from_status="")
        .order_by("-at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    return changed_into_current or last or ticket.status


def as_form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Inputs as a browser would post them: scalars as text, so every form field parses them
    the same way whether they came from a page, JSON or Python. Nested values are refused."""
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        if value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, int | float | Decimal | str):
            out[name] = str(value)
        elif isinstance(value, datetime | date):
            out[name] = value.isoformat()
        elif isinstance(value, Model):
            out[name] = str(value.pk)
        else:
            errors[str(name)] = [str(_("Enter a single value."))]
    if errors:
        raise DomainError(_("Please correct the fields."), errors=errors, code="invalid_fields")
    return out


class TicketWorkflow(Workflow[Ticket, WorkflowAction, dict[str, Any], TicketEvent, User]):
    not_allowed_text = _("“%(action)s” is not allowed while the ticket is %(status)s.")
    forbidden_text = _("Your role may not perform “%(action)s” on this ticket.")

    def lock(self, subject: Ticket) -> Ticket:
        return lock_one(Ticket.objects.select_related("customer"), subject.pk)

    def is_known(self, action: object) -> bool:
        return isinstance(action, str) and action in REGISTRY

    def rules_for(self, subject: Ticket) -> Sequence[WorkflowAction]:
        statuses = [subject.status]
        if subject.status in OPEN_STATUSES:
            statuses.append(WorkflowAction.ANY_OPEN)
        return list(WorkflowAction.objects.filter(is_active=True, from_status__in=statuses))

    def may_act(self, rule: WorkflowAction, subject: Ticket, user: User) -> bool:
        allowed = user.roles & set(rule.roles)
        if not allowed:
            return False
        if user.is_superuser:
            return True
        organisation = user.organisation
        if organisation.kind == Organisation.Kind.CUSTOMER:
            return subject.customer.account_id == organisation.pk
        if not organisation.is_internal and subject.assigned_organisation_id != organisation.pk:
            return False
        # A technician (and nothing more) acts only on the jobs assigned to them.
        if allowed == {"technician"}:
            return subject.technician_id == user.pk
        return True

    def validate(self, action: str, data: Any) -> dict[str, Any]:
        form = action_for(action).form(data=as_form_data(data or {}))
        if not form.is_valid():
            raise DomainError.from_form(form)
        return dict(form.cleaned_data)

    def apply(
        self,
        *,
        rule: WorkflowAction,
        subject: Ticket,
        by: User,
        values: dict[str, Any],
        now: datetime,
    ) -> TicketEvent:
        from_status = subject.status
        to_status = rule.to_status
        if to_status == WorkflowAction.PREVIOUS:
            to_status = _previous_status(subject)
        payload = action_for(rule.action).apply(subject, by, values, now)
        if to_status:
            subject.status = to_status
        if to_status == "resolved":
            subject.resolved_at = now
        if to_status == "closed":
            subject.closed_at = now
        subject.save()
        event = TicketEvent.objects.create(
            ticket=subject,
            code=event_code(rule.action),
            actor=by,
            at=now,
            from_status=from_status if to_status else "",
            to_status=to_status or "",
            payload=payload,
            public=bool(values.get("public")),
        )
        hooks.event_recorded(subject, event)
        return event


WORKFLOW = TicketWorkflow()


def perform_action(
    *,
    ticket: Ticket,
    by: User,
    action: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    """Perform a workflow action: check state and role, validate the fields, write the event
    (see the module's docstring for the refusals)."""
    return WORKFLOW.perform(subject=ticket, by=by, action=action, data=data, at=at)


def available_actions(ticket: Ticket, user: User) -> list[WorkflowAction]:
    """The actions ``user`` may perform on ``ticket`` in its current state, in display order."""
    return WORKFLOW.available(ticket, user)


def done_message(action: str, ticket: Ticket) -> str:
    """What the user is told once ``action`` is done on ``ticket``: the registered text
    ("Arranged ticket 2612-0001"), or the rule's label and the number for an action that
    registered none."""
    rule = WorkflowAction.objects.filter(action=action).order_by("position", "pk").first()
    label = rule.label if rule is not None else action
    return action_for(action).done_message(number=ticket.number, label=label)
