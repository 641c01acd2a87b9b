"""The admin takes workflow steps through the same service as pages and API: the rules
apply, refusals are shown, and every step is on the ticket's record."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from tickets.models import Ticket
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _action_url(ticket: Ticket) -> str:
    return reverse("admin:tickets_ticket_action", args=[ticket.pk])


def test_the_ticket_page_offers_the_actions_and_shows_the_timeline(admin_client, people):
    ticket = make_ticket(by=people["agent"])

    page = admin_client.get(
        reverse("admin:tickets_ticket_change", args=[ticket.pk])
    ).content.decode()
    actions = admin_client.get(_action_url(ticket)).content.decode()

    assert "data-admin-action-link" in page
    assert "ticket.created" in page
    assert "?action=forward" in actions


def test_an_admin_step_is_performed_and_recorded(admin_client, people):
    ticket = make_ticket(by=people["agent"])

    response = admin_client.post(
        _action_url(ticket),
        {
            "action": "forward",
            "assigned_organisation": ticket.assigned_organisation_id,
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "forwarded"
    last = ticket.events.order_by("-at", "-id").first()
    assert (last.code, last.actor.username) == ("ticket.forward", "root")


def test_missing_fields_come_back_on_the_form_and_change_nothing(admin_client, people):
    ticket = make_ticket(by=people["agent"])
    admin_client.post(
        _action_url(ticket),
        {"action": "forward", "assigned_organisation": ticket.assigned_organisation_id},
    )

    response = admin_client.post(_action_url(ticket), {"action": "arrange"})

    assert response.status_code == 400
    assert response.context["form"].errors["technician"]
    assert Ticket.objects.get(pk=ticket.pk).status == "forwarded"


def test_a_step_not_allowed_now_is_refused_with_the_services_message(admin_client, people):
    ticket = make_ticket(by=people["agent"])

    response = admin_client.post(_action_url(ticket), {"action": "close"}, follow=True)

    assert response.status_code == 409
    assert "is not allowed while the ticket is" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).status == "registered"


def test_an_unknown_or_malformed_ticket_is_a_404(admin_client):
    assert admin_client.get("/admin/tickets/ticket/999999/action/").status_code == 404
    assert admin_client.get("/admin/tickets/ticket/abc/action/").status_code == 404
