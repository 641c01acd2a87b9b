"""A ticket moves through the repair workflow; every step is on the record."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from dealers.tests.factories import CertificateFactory
from tickets.actions import perform_action
from tickets.models import Ticket
from tickets.services import state_from_events, stored_state, ticket_create
from tickets.signatures import sample_signature
from tickets.tests.factories import CustomerFactory, severity

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return {
        "agent": UserFactory(roles=["agent"]),
        "supervisor": UserFactory(roles=["supervisor"]),
        "technician": UserFactory(roles=["technician"]),
    }


def test_full_repair_journey_is_recorded_and_rebuildable(people):
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="空调不制冷",
        severity=severity("major"),
    )
    assert ticket.number[4] == "-"
    assert len(ticket.number) == 11

    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=people["supervisor"],
        action="arrange",
        data={"technician": people["technician"].pk, "customer_told": True},
    )
    perform_action(ticket=ticket, by=people["supervisor"], action="check", data={})
    perform_action(ticket=ticket, by=people["technician"], action="check_in", data={})
    perform_action(
        ticket=ticket,
        by=people["technician"],
        action="add_part",
        data={"part_number": "P-1", "name": "压缩机电容", "quantity": "1", "unit_price": "35.5"},
    )
    perform_action(
        ticket=ticket,
        by=people["technician"],
        action="resolve",
        data={"signed_by_name": "王秀英", "signature": sample_signature()},
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="return_visit",
        data={"attitude": 4, "skill": 4, "arrival": 3, "promise": 4},
    )
    perform_action(ticket=ticket, by=people["agent"], action="close", data={})

    ticket.refresh_from_db()
    assert ticket.status == Ticket._meta.get_field("status").choices[11][0] == "closed"
    assert ticket.technician == people["technician"]
    assert ticket.parts.get().name == "压缩机电容"
    assert state_from_events(list(ticket.events.all())) == stored_state(ticket)
    assert [e.code for e in ticket.events.all()][:3] == [
        "ticket.created",
        "ticket.forward",
        "ticket.arrange",
    ]


def test_illegal_transition_is_refused_and_changes_nothing(people):
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="不开机",
        severity=severity(),
    )

    with pytest.raises(ConflictError):
        perform_action(
            ticket=ticket, by=people["technician"], action="resolve", data={"signed_by_name": "x"}
        )

    ticket.refresh_from_db()
    assert ticket.status == "registered"
    assert ticket.events.count() == 1


def test_role_without_the_right_is_refused(people):
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="不开机",
        severity=severity(),
    )

    with pytest.raises(PermissionDeniedError):
        perform_action(
            ticket=ticket,
            by=people["technician"],
            action="forward",
            data={"assigned_organisation": ticket.assigned_organisation_id},
        )


def test_arrangement_requires_telling_the_customer(people):
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="不开机",
        severity=severity(),
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )

    with pytest.raises(DomainError) as error:
        perform_action(
            ticket=ticket,
            by=people["supervisor"],
            action="arrange",
            data={"technician": people["technician"].pk},
        )

    assert "customer_told" in error.value.as_dict()
    ticket.refresh_from_db()
    assert ticket.status == "forwarded"


def test_dealer_cannot_act_on_another_organisations_ticket(people):
    dealer_a = OrganisationFactory(code="DA")
    dealer_user = UserFactory(organisation=OrganisationFactory(code="DB"), roles=["dealer"])
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="漏水",
        severity=severity(),
        assigned_organisation=dealer_a,
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": dealer_a.pk},
    )

    with pytest.raises(PermissionDeniedError):
        perform_action(ticket=ticket, by=dealer_user, action="add_note", data={"note": "x"})


def test_resume_returns_to_the_status_before_waiting(people):
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="漏水",
        severity=severity(),
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=people["supervisor"],
        action="arrange",
        data={"technician": people["technician"].pk, "customer_told": True},
    )
    perform_action(ticket=ticket, by=people["technician"], action="check_in", data={})
    perform_action(
        ticket=ticket,
        by=people["technician"],
        action="wait_customer",
        data={"reason": "客户不在家"},
    )

    perform_action(ticket=ticket, by=people["technician"], action="resume", data={})

    ticket.refresh_from_db()
    assert ticket.status == "on_site"


def test_supervisor_who_runs_the_check_is_recorded_on_a_dealer_arranged_ticket(people):
    dealer = OrganisationFactory(code="DX")
    dealer_user = UserFactory(organisation=dealer, roles=["dealer"])
    dealer_tech = UserFactory(organisation=dealer, roles=["technician"])
    CertificateFactory(technician=dealer_tech)
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="漏水",
        severity=severity(),
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": dealer.pk},
    )
    perform_action(
        ticket=ticket,
        by=dealer_user,
        action="arrange",
        data={"technician": dealer_tech.pk, "customer_told": True},
    )

    perform_action(ticket=ticket, by=people["supervisor"], action="check", data={})

    ticket.refresh_from_db()
    assert ticket.supervisor == people["supervisor"]
    assert state_from_events(list(ticket.events.all())) == stored_state(ticket)


def test_a_dealer_job_goes_only_to_a_certified_technician(people):
    # given a ticket forwarded to a dealer whose technician holds no valid certificate
    dealer = OrganisationFactory(code="DY")
    dealer_user = UserFactory(organisation=dealer, roles=["dealer"])
    uncertified = UserFactory(organisation=dealer, roles=["technician"])
    ticket = ticket_create(
        by=people["agent"],
        customer=CustomerFactory(),
        fault_description="漏水",
        severity=severity(),
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": dealer.pk},
    )

    # when the dealer arranges it with that technician
    with pytest.raises(DomainError) as error:
        perform_action(
            ticket=ticket,
            by=dealer_user,
            action="arrange",
            data={"technician": uncertified.pk, "customer_told": True},
        )

    # then it is refused on the technician field and nothing changes
    assert "维修员证" in error.value.as_dict()["technician"][0]
    ticket.refresh_from_db()
    assert ticket.status == "forwarded"
