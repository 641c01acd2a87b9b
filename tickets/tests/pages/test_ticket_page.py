"""The ticket page shows the record and the user's actions; refusals are form errors."""

from __future__ import annotations

import pytest

from tickets.signatures import sample_signature
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def test_page_shows_timeline_and_the_actions_of_the_user(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    page = client.get(f"/tickets/{ticket.number}/").content.decode()

    assert ticket.number in page
    assert "Ticket registered" in page
    assert 'data-code="ticket.forward"' in page
    assert 'data-action="arrange"' in page
    assert 'data-action="check_in"' not in page
    assert "tickets/_sla.html" not in page


def test_timeline_reads_in_chinese(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="arranged")
    client.force_login(people["supervisor"])

    page = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "已派工，已告知客户" in page


def test_action_from_the_page_moves_the_ticket(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {
            "action": "arrange",
            "technician": people["technician"].pk,
            "customer_told": "on",
        },
    )

    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == "arranged"


def test_invalid_action_fields_are_shown_as_form_errors(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {
            "action": "arrange",
            "technician": people["technician"].pk,
        },
    )

    assert response.status_code == 400
    assert "Tell the customer before confirming the arrangement." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "forwarded"


def test_illegal_action_is_a_message_not_a_500(client, people):
    ticket = make_ticket(by=people["agent"])
    client.force_login(people["agent"])

    response = client.post(f"/tickets/{ticket.number}/act/", {"action": "close"})

    assert response.status_code == 409
    assert "is not allowed while the ticket is" in response.content.decode()


def test_unknown_action_is_a_message_not_a_500(client, people):
    ticket = make_ticket(by=people["agent"])
    client.force_login(people["agent"])

    response = client.post(f"/tickets/{ticket.number}/act/", {"action": "explode"})

    assert response.status_code == 400


def test_other_dealer_gets_not_found_on_page_act_and_voucher(
    client, people, dealer_a, dealer_b_user
):
    ticket = make_ticket(by=people["agent"], assigned_organisation=dealer_a)
    client.force_login(dealer_b_user)

    assert client.get(f"/tickets/{ticket.number}/").status_code == 404
    assert client.get(f"/tickets/{ticket.number}/voucher/").status_code == 404
    assert (
        client.post(
            f"/tickets/{ticket.number}/act/", {"action": "add_note", "note": "x"}
        ).status_code
        == 404
    )
    assert ticket.events.count() == 1


def test_next_must_stay_on_this_site(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {
            "action": "add_note",
            "note": "x",
            "next": "https://evil.example/",
        },
    )

    assert response["Location"] == f"/tickets/{ticket.number}/"


def test_voucher_has_customer_unit_work_parts_and_signoff(client, people):
    ticket = walk(make_ticket(by=people["agent"], serial_number="SN-9"), people, to="on_site")
    from tickets.actions import perform_action

    perform_action(
        ticket=ticket,
        by=people["technician"],
        action="add_part",
        data={"part_number": "P-7", "name": "电容", "quantity": "2", "unit_price": "10"},
    )
    perform_action(
        ticket=ticket,
        by=people["technician"],
        action="resolve",
        data={"signed_by_name": "王秀英", "signature": sample_signature()},
    )
    client.force_login(people["agent"])

    page = client.get(f"/tickets/{ticket.number}/voucher/").content.decode()

    for text in (
        "Service voucher",
        "SN-9",
        "P-7",
        "¥10.00",
        "¥20.00",
        "王秀英",
        ticket.customer.name,
    ):
        assert text in page
