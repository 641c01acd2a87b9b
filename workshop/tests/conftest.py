"""Fixtures for the workshop: the parts fixtures, plus tickets on real SLA clocks."""

from __future__ import annotations

from parts.tests.conftest import clock, local, part, people, stores  # noqa: F401
from tickets.actions import perform_action
from tickets.tests.factories import make_ticket, severity


def ticket_on_site(staff, *, service_type="A", sev="minor", **fields):
    # The decision said so (setting a type against the decision is a supervisor's right).
    fields.setdefault("entitlement", {"service_type": service_type})
    ticket = make_ticket(
        by=staff["agent"], service_type=service_type, severity=severity(sev), **fields
    )

    def act(who, action, **data):
        perform_action(ticket=ticket, by=staff[who], action=action, data=data)

    act("agent", "forward", assigned_organisation=staff["hq"].pk)
    act("supervisor", "arrange", technician=staff["technician"].pk, customer_told=True)
    act("technician", "check_in")
    ticket.refresh_from_db()
    return ticket
