"""What one rung of a clock's ladder does: who is told (``Recipients``, a few queries per
batch), and the two rungs that change the ticket (reassign, raise severity), on the record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts.models import Organisation, User
from sla.events import SlaEvent, SlaNotice
from sla.models import EscalationLevel
from sla.policies import TICKET_RELATED
from sla.rows import TicketRow
from tickets.models import FaultSeverity, Ticket, TicketEvent

A = EscalationLevel.Action

#: The rungs whose action writes to the ticket; every other one only tells people.
CHANGES_TICKET = frozenset({A.REASSIGN, A.RAISE_SEVERITY})

AnyTicket = Ticket | TicketRow
AnyClock = Any  # SlaClock or ClockRow: the same attribute names


class Recipients:
    """Who gets told, resolved with a few queries per batch (cached per role)."""

    def __init__(self) -> None:
        self._role: dict[str, list[tuple[int, int]]] = {}
        self._internal: set[int] | None = None
        self._dealer_orgs: set[int] | None = None

    def internal(self) -> set[int]:
        if self._internal is None:
            self._internal = set(
                Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE).values_list(
                    "pk", flat=True
                )
            )
        return self._internal

    def members(self, role: str) -> list[tuple[int, int]]:
        if role not in self._role:
            self._role[role] = list(
                User.objects.filter(is_active=True, groups__name=role)
                .order_by("pk")
                .values_list("pk", "organisation_id")
                .distinct()
            )
        return self._role[role]

    def role_for_ticket(self, role: str, ticket: AnyTicket) -> list[int]:
        """Holders of ``role`` in the service department or the ticket's organisation."""
        allowed = self.internal() | {ticket.assigned_organisation_id}
        return [user for user, org in self.members(role) if org in allowed]

    def supervisors(self, ticket: AnyTicket) -> list[int]:
        if ticket.supervisor_id:
            return [ticket.supervisor_id]
        own = [u for u, org in self.members("supervisor") if org == ticket.assigned_organisation_id]
        return own or [u for u, org in self.members("supervisor") if org in self.internal()]

    def org_managers(self, ticket: AnyTicket) -> list[int]:
        org = ticket.assigned_organisation_id
        if org in self.internal():
            managers = [u for u, o in self.members("manager") if o == org]
        else:
            managers = [u for u, o in self.members("dealer") if o == org]
        return managers or [u for u, o in self.members("manager") if o in self.internal()]


def code_for(offset: int) -> str:
    if offset < 0:
        return SlaNotice.WARNING
    if offset == 0:
        return SlaNotice.BREACHED
    return SlaNotice.ESCALATED


def _payload(ticket: AnyTicket, clock: AnyClock, level: EscalationLevel) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "metric": clock.metric,
        "due_at": clock.due_at.isoformat() if clock.due_at else None,
        "level": level.level,
        "offset_seconds": level.offset_seconds,
    }


def _reassign(level: EscalationLevel, clock: AnyClock, ticket: Ticket, now: datetime) -> int:
    """Give the ticket to the rung's person (and their organisation), on the record."""
    person = User.objects.get(pk=level.reassign_to_id or 0)
    ticket.technician_id = person.pk
    ticket.assigned_organisation_id = person.organisation_id
    Ticket.objects.filter(pk=ticket.pk).update(
        technician=person, assigned_organisation_id=person.organisation_id
    )
    TicketEvent.objects.create(
        ticket=ticket,
        code=SlaEvent.REASSIGN,
        at=now,
        payload={
            "technician": person.pk,
            "assigned_organisation": person.organisation_id,
            "metric": clock.metric,
            "level": level.level,
        },
    )
    return person.pk


def _raise_severity(clock: AnyClock, ticket: Ticket, now: datetime) -> str | None:
    """One level more severe, on the record; the new severity's code (None at the top)."""
    current = ticket.severity
    higher = (
        FaultSeverity.objects.filter(is_active=True, rank__lt=current.rank)
        .order_by("-rank")
        .first()
    )
    if higher is None:
        return None
    Ticket.objects.filter(pk=ticket.pk).update(severity=higher)
    TicketEvent.objects.create(
        ticket=ticket,
        code=SlaEvent.RAISE_SEVERITY,
        at=now,
        payload={"severity": higher.code, "previous": current.code, "metric": clock.metric},
    )
    ticket.severity = higher
    return higher.code


def _full(ticket: AnyTicket) -> Ticket:
    """The ticket as a model instance, for the rare rungs that change it."""
    if isinstance(ticket, Ticket):
        return ticket
    return Ticket.objects.select_related(*TICKET_RELATED).get(pk=ticket.pk)


def perform(
    level: EscalationLevel,
    clock: AnyClock,
    ticket: AnyTicket,
    now: datetime,
    who: Recipients,
    out: list[tuple[int, str, int | None, dict[str, Any]]],
) -> tuple[dict[str, Any], bool]:
    """Carry out one rung; returns (what was done, whether the ticket changed)."""
    payload = _payload(ticket, clock, level)
    code = code_for(level.offset_seconds)
    changed = False
    if level.action == A.NOTIFY_ROLE:
        users = who.role_for_ticket(level.role, ticket)
    elif level.action == A.NOTIFY_SUPERVISOR:
        users = who.supervisors(ticket)
    elif level.action == A.NOTIFY_ORG_MANAGERS:
        users = who.org_managers(ticket)
    elif level.action == A.NOTIFY_USERS:
        users = [u.pk for u in level.users.all() if u.is_active]
    elif level.action == A.REASSIGN and level.reassign_to_id:
        real = _full(ticket)
        users, code, changed = [_reassign(level, clock, real, now)], SlaNotice.REASSIGNED, True
        ticket.assigned_organisation_id = real.assigned_organisation_id
    elif level.action == A.RAISE_SEVERITY:
        users, code = who.supervisors(ticket), SlaNotice.SEVERITY_RAISED
        raised = _raise_severity(clock, _full(ticket), now)
        if raised is not None:
            payload["severity"], changed = raised, True
    else:
        users = []
    for user in dict.fromkeys(users):
        out.append((user, code, ticket.pk, payload))
    return {
        "action": level.action,
        "code": code,
        "recipients": list(dict.fromkeys(users)),
        **({"severity": payload["severity"]} if "severity" in payload else {}),
    }, changed
