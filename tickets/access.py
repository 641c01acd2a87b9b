"""The rules of who may set what on a ticket, read from data (``tickets.access_models``).

Checked by ``tickets.services`` only, so pages, API and admin follow one rule:

- :func:`check_time_of_call`: how far back the creator may set the time of a call;
- :func:`check_service_type`: the service type follows the warranty decision unless the
  creator's role may override it, with a reason;
- :func:`editable_fields` / :func:`check_edit`: which descriptive fields the user may
  correct on this ticket in its status (a technician only on the jobs assigned to them,
  a dealer only on its own outlet's tickets, a customer only on its own).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import DomainError, PermissionDeniedError
from tickets.access_models import IntakeRule, TicketEditRule
from tickets.models import OPEN_STATUSES, Ticket
from tickets.reference import intake_rules

#: Clock skew tolerated between a client and us when it names "now" as the time of call.
CLOCK_SKEW = timedelta(minutes=5)


def _intake_rules(user: User) -> list[IntakeRule]:
    return intake_rules(user.roles)


def backdate_limit(user: User | None) -> timedelta | None:
    """How far before its registration ``user`` may say a call came in (None: no limit —
    the system itself, e.g. imports and generated visits, and superusers)."""
    if user is None or user.is_superuser:
        return None
    hours = max((rule.backdate_hours for rule in _intake_rules(user)), default=0)
    return timedelta(hours=hours)


def check_time_of_call(user: User | None, received: datetime, registered: datetime) -> None:
    if received > registered + CLOCK_SKEW:
        raise DomainError(_("The time of the call cannot be in the future."), field="received_at")
    limit = backdate_limit(user)
    if limit is None or received >= registered - limit - CLOCK_SKEW:
        return
    message: Any
    if not limit:
        message = _("Your role may not set the time of the call: leave it out.")
    else:
        message = _("The time of the call may be at most %(hours)s hours ago.") % {
            "hours": int(limit.total_seconds() // 3600)
        }
    raise DomainError(message, field="received_at", code="backdated")


def may_override_service_type(user: User | None) -> bool:
    if user is None or user.is_superuser:
        return True
    return any(rule.may_override_service_type for rule in _intake_rules(user))


def check_service_type(
    user: User | None, *, decided: str, chosen: str | None, reason: str
) -> str | None:
    """The service type to store: ``decided`` unless ``chosen`` differs and may override it.

    Returns the overriding type (``None`` when the decision stands); raises for a role that
    may not override, or an override without a reason."""
    if not chosen or chosen == decided:
        return None
    if not may_override_service_type(user):
        raise PermissionDeniedError(
            _(
                "The service type follows the warranty decision (%(decided)s); your role may not "
                "change it."
            )
            % {"decided": Ticket.ServiceType(decided).label},
            field="service_type",
        )
    if not reason.strip():
        raise DomainError(
            _("Give the reason for a service type other than the warranty decision's."),
            field="service_type_reason",
        )
    return chosen


# --- corrections after intake ------------------------------------------------------------


def _reaches(user: User, ticket: Ticket) -> bool:
    """Whether the ticket is within the user's organisation at all (as the scope says)."""
    if user.is_superuser or user.organisation.is_internal:
        return True
    if user.organisation.kind == Organisation.Kind.CUSTOMER:
        return ticket.customer.account_id == user.organisation_id
    return ticket.assigned_organisation_id == user.organisation_id


def editable_fields(ticket: Ticket, user: User) -> set[str]:
    """The descriptive fields ``user`` may correct on ``ticket`` now."""
    if not user.is_authenticated or not _reaches(user, ticket):
        return set()
    if user.is_superuser:
        return {f for rule in TicketEditRule.objects.filter(is_active=True) for f in rule.fields}
    allowed: set[str] = set()
    for rule in TicketEditRule.objects.filter(is_active=True, role__in=sorted(user.roles)):
        in_status = ticket.status in rule.statuses or (
            TicketEditRule.ANY_OPEN in rule.statuses and ticket.status in OPEN_STATUSES
        )
        if in_status and (not rule.only_assigned or ticket.technician_id == user.pk):
            allowed.update(rule.fields)
    return allowed


def check_edit(ticket: Ticket, user: User, fields: Iterable[str]) -> None:
    allowed = editable_fields(ticket, user)
    if not allowed:
        raise PermissionDeniedError(_("Your role may not change this ticket now."))
    refused = sorted(set(fields) - allowed)
    if refused:
        raise PermissionDeniedError(
            _("Your role may not change this field now."),
            errors={name: [str(_("Your role may not change this field now."))] for name in refused},
        )
