"""A note is public or internal, chosen by its writer; internal by default. A customer never
reads an internal note: not on a page, not over the API (the portal's pages and e-mails have
their own tests)."""

from __future__ import annotations

import pytest

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.actions import perform_action
from tickets.tests.factories import CustomerFactory, make_ticket
from tickets.tests.helpers import api_client_for

pytestmark = pytest.mark.django_db

INTERNAL = "客户脾气不好，先打电话 internal-only"
PUBLIC = "师傅明天上午到 public-words"


@pytest.fixture
def customer_user(db):
    account = OrganisationFactory(code="C-9", name="客户甲", kind=Organisation.Kind.CUSTOMER)
    return UserFactory(username="cust", organisation=account, roles=["customer"])


@pytest.fixture
def noted_ticket(people, customer_user):
    ticket = make_ticket(
        by=people["agent"], customer=CustomerFactory(account=customer_user.organisation)
    )
    perform_action(ticket=ticket, by=people["agent"], action="add_note", data={"note": INTERNAL})
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="add_note",
        data={"note": PUBLIC, "public": True},
    )
    return ticket


def test_a_note_is_internal_unless_its_writer_says_public(noted_ticket):
    notes = list(noted_ticket.events.filter(code="ticket.add_note").order_by("id"))

    assert [(e.payload["note"], e.public) for e in notes] == [(INTERNAL, False), (PUBLIC, True)]


def test_staff_page_shows_both_notes_with_their_visibility(client, people, noted_ticket):
    client.force_login(people["agent"])

    page = client.get(f"/tickets/{noted_ticket.number}/").content.decode()

    assert INTERNAL in page
    assert PUBLIC in page
    assert 'data-note="internal"' in page
    assert 'data-note="public"' in page
    # the writer chooses on the form: one "visible to the customer" box per note field
    assert 'name="public"' in page


def test_staff_sets_visibility_from_the_page(client, people, noted_ticket):
    client.force_login(people["agent"])

    client.post(
        f"/tickets/{noted_ticket.number}/act/",
        {"action": "add_note", "note": "页面公开备注", "public": "on"},
    )
    client.post(f"/tickets/{noted_ticket.number}/act/", {"action": "add_note", "note": "页面内部"})

    latest = dict(noted_ticket.events.values_list("payload__note", "public"))
    assert latest["页面公开备注"] is True
    assert latest["页面内部"] is False


def test_api_shows_and_sets_the_flag_for_staff(people, noted_ticket):
    client = api_client_for(people["agent"])

    created = client.post(
        f"/api/v1/tickets/{noted_ticket.number}/transitions/",
        {"action": "add_note", "note": "API 公开", "public": True},
        format="json",
    )
    events = client.get(f"/api/v1/tickets/{noted_ticket.number}/events/").json()

    assert created.status_code == 201
    assert created.json()["event"]["public"] is True
    notes = {
        e["payload"].get("note"): e["public"] for e in events if e["code"] == "ticket.add_note"
    }
    assert notes == {INTERNAL: False, PUBLIC: True, "API 公开": True}
    fields = client.get(f"/api/v1/tickets/{noted_ticket.number}/transitions/").json()
    add_note = next(a for a in fields if a["action"] == "add_note")
    assert {"name": "public", "type": "boolean"}.items() <= next(
        f for f in add_note["fields"] if f["name"] == "public"
    ).items()


def test_customer_never_reads_an_internal_note_over_the_api(customer_user, noted_ticket):
    response = api_client_for(customer_user).get(f"/api/v1/tickets/{noted_ticket.number}/events/")

    assert response.status_code == 200
    assert INTERNAL not in response.content.decode()
    assert PUBLIC in response.content.decode()
    # the step itself stays on the record, only its words are left out
    assert [e["code"] for e in response.json()].count("ticket.add_note") == 2


def test_customer_never_reads_an_internal_note_on_a_page(client, customer_user, noted_ticket):
    client.force_login(customer_user)

    for url in (f"/tickets/{noted_ticket.number}/", f"/tickets/{noted_ticket.number}/voucher/"):
        page = client.get(url, follow=True).content.decode()
        assert INTERNAL not in page, url
