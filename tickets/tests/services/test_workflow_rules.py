"""Every allowed transition of the seeded workflow works for every role that holds it; a
sample of illegal ones is refused per role and changes nothing."""

from __future__ import annotations

import pytest

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from aftersales.errors import ConflictError, PermissionDeniedError
from dealers.tests.factories import CertificateFactory
from tickets import workflow_defaults as defaults
from tickets.actions import perform_action
from tickets.models import OPEN_STATUSES, Ticket, TicketEvent, WorkflowAction
from tickets.signatures import sample_signature
from tickets.tests.factories import CustomerFactory, make_ticket

pytestmark = pytest.mark.django_db

VALID_DATA = {
    "forward": lambda t: {"assigned_organisation": t.assigned_organisation_id},
    "arrange": lambda t: {"technician": t.technician_id, "customer_told": True},
    "carry_in": lambda t: {"workshop_receipt_no": "WX-1"},
    "wait_customer": lambda t: {"reason": "客户不在"},
    "resolve": lambda t: {"signed_by_name": "王秀英", "signature": sample_signature()},
    "return_visit": lambda t: {"attitude": 4, "skill": 3, "arrival": 4, "promise": 4},
    "reopen": lambda t: {"reason": "又坏了"},
    "cancel": lambda t: {"reason": "重复报修"},
    "add_note": lambda t: {"note": "备注"},
    "add_info": lambda t: {"note": "补充"},
    "log_contact": lambda t: {"outcome": "reached"},
    "add_part": lambda t: {"part_number": "P1", "name": "电容", "quantity": "1", "unit_price": "2"},
    "add_labour": lambda t: {"hours": "1.5"},
    "assign": lambda t: {"supervisor": t.supervisor_id},
    "change_severity": lambda t: {"severity": "critical", "reason": "停产"},
    "confirm_by_phone": lambda t: {"spoke_with": "王秀英"},
}

CASES = [
    (action, source, target, role)
    for action, sources, target, roles, _zh, _en in defaults.ACTIONS
    for source in sources
    for role in roles
]


def _actor_and_ticket(role: str, source: str) -> tuple:
    """A user with ``role`` and a ticket in ``source`` that the user may act on."""
    if role == "dealer":
        organisation = OrganisationFactory(code="D-WF", kind=Organisation.Kind.DEALER)
    else:
        organisation = Organisation.objects.get(code="HQ")  # type: ignore[assignment]
    if role == "customer":
        account = OrganisationFactory(code="C-WF", kind=Organisation.Kind.CUSTOMER)
        user = UserFactory(organisation=account, roles=["customer"])
        customer = CustomerFactory(account=account)
    else:
        user = UserFactory(organisation=organisation, roles=[role])
        customer = CustomerFactory()
    technician = (
        user
        if role == "technician"
        else UserFactory(organisation=organisation, roles=["technician"])
    )
    if organisation.kind == Organisation.Kind.DEALER:
        # A job at a dealer goes only to a technician certified there (维修员证).
        CertificateFactory(technician=technician)
    supervisor = UserFactory(roles=["supervisor"])
    ticket = make_ticket(customer=customer, assigned_organisation=organisation)
    status = "on_site" if source == WorkflowAction.ANY_OPEN else source
    Ticket.objects.filter(pk=ticket.pk).update(
        status=status, technician=technician, supervisor=supervisor
    )
    ticket.refresh_from_db()
    return user, ticket


@pytest.mark.parametrize(
    ("action", "source", "target", "role"), CASES, ids=[f"{a}:{s}:{r}" for a, s, _t, r in CASES]
)
def test_every_allowed_transition_works_for_its_roles(action, source, target, role):
    user, ticket = _actor_and_ticket(role, source)
    data = VALID_DATA.get(action, lambda t: {})(ticket)
    before = ticket.status

    event = perform_action(ticket=ticket, by=user, action=action, data=data)

    ticket.refresh_from_db()
    assert event.code == f"ticket.{action}"
    assert event.actor == user
    if target == WorkflowAction.PREVIOUS:
        assert ticket.status in OPEN_STATUSES
        assert ticket.status != before
    elif target:
        assert ticket.status == target
        assert (event.from_status, event.to_status) == (before, target)
    else:
        assert ticket.status == before
        assert event.to_status == ""


ALL_ROLES = ["agent", "supervisor", "technician", "dealer", "manager", "customer"]
FORBIDDEN = [
    (role, action, source)
    for action, sources, _target, roles, _zh, _en in defaults.ACTIONS
    for role in ALL_ROLES
    if role not in roles
    for source in sources[:1]
]


@pytest.mark.parametrize(
    ("role", "action", "source"), FORBIDDEN[::3], ids=[f"{r}:{a}:{s}" for r, a, s in FORBIDDEN[::3]]
)
def test_a_role_without_the_action_is_refused_and_nothing_changes(role, action, source):
    user, ticket = _actor_and_ticket(role, source)
    events_before = TicketEvent.objects.filter(ticket=ticket).count()
    status_before = ticket.status

    with pytest.raises(PermissionDeniedError):
        perform_action(
            ticket=ticket, by=user, action=action, data=VALID_DATA.get(action, lambda t: {})(ticket)
        )

    ticket.refresh_from_db()
    assert ticket.status == status_before
    assert TicketEvent.objects.filter(ticket=ticket).count() == events_before


WRONG_STATE = [
    ("agent", "close", "registered"),
    ("agent", "forward", "closed"),
    ("supervisor", "arrange", "registered"),
    ("supervisor", "check", "forwarded"),
    ("technician", "check_in", "forwarded"),
    ("technician", "resolve", "arranged"),
    ("technician", "add_part", "closed"),
    ("dealer", "arrange", "on_site"),
    ("manager", "cancel", "on_site"),
    ("customer", "reopen", "on_site"),
]


@pytest.mark.parametrize(("role", "action", "source"), WRONG_STATE)
def test_an_action_in_the_wrong_status_is_a_conflict_and_nothing_changes(role, action, source):
    user, ticket = _actor_and_ticket(role, source)
    events_before = ticket.events.count()

    with pytest.raises(ConflictError) as error:
        perform_action(
            ticket=ticket, by=user, action=action, data=VALID_DATA.get(action, lambda t: {})(ticket)
        )

    assert error.value.code == "illegal_transition"
    ticket.refresh_from_db()
    assert ticket.status == source
    assert ticket.events.count() == events_before


def test_a_technician_acts_only_on_their_own_jobs():
    technician, ticket = _actor_and_ticket("technician", "arranged")
    other = UserFactory(roles=["technician"])

    with pytest.raises(PermissionDeniedError):
        perform_action(ticket=ticket, by=other, action="check_in", data={})
