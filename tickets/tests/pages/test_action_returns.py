"""After an action the user stays where they were: a refusal is shown on the page the form
was sent from, with what they entered; success goes back there with a message that names
the action and the ticket."""

from __future__ import annotations

import re

import pytest

from tickets.actions import REGISTRY, done_message
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def _row(page: str, number: str) -> str:
    """The dispatch board's row of ticket ``number``."""
    match = re.search(rf'<div class="dispatch-row" data-number="{number}">(.*?)</form>', page, re.S)
    assert match, f"no row for {number}"
    return match.group(1)


def test_arranging_without_telling_the_customer_stays_on_the_board(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {"action": "arrange", "technician": people["technician"].pk, "next": "/tickets/dispatch/"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>派工看板</h1>" in page
    row = _row(page, ticket.number)
    assert "确认派工前请先告知客户。" in row
    assert f'<option value="{people["technician"].pk}" selected>' in row
    assert 'name="next" value="/tickets/dispatch/"' in row
    ticket.refresh_from_db()
    assert ticket.status == "forwarded"


def test_the_corrected_arrangement_goes_back_to_the_board_and_names_the_ticket(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {
            "action": "arrange",
            "technician": people["technician"].pk,
            "customer_told": "on",
            "next": "/tickets/dispatch/",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )

    assert response.redirect_chain == [("/tickets/dispatch/", 302)]
    assert f"已派工：工单 {ticket.number}" in response.content.decode()


def test_success_message_in_english_names_action_and_ticket(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {"action": "add_note", "note": "called back"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    assert f"Note added to ticket {ticket.number}" in response.content.decode()


def test_a_refused_sign_off_stays_on_my_jobs_with_the_entered_name(client, people):
    job = walk(make_ticket(by=people["agent"]), people, to="on_site")
    client.force_login(people["technician"])

    response = client.post(
        f"/tickets/{job.number}/act/",
        {
            "action": "resolve",
            "signed_by_name": "王秀英",
            "signature": "data:image/png;base64,@@@",
            "next": "/tickets/my-jobs/",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>My jobs" in page
    assert "The signature image is damaged." in page
    assert 'value="王秀英"' in page
    assert '<details class="action primary" data-action="resolve" open>' in page


def test_a_page_the_user_may_not_see_is_not_where_the_error_goes(client, people):
    job = walk(make_ticket(by=people["agent"]), people, to="on_site")
    client.force_login(people["technician"])

    response = client.post(
        f"/tickets/{job.number}/act/",
        {"action": "add_note", "note": "", "next": "/tickets/dispatch/"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Dispatch board</h1>" not in page
    assert f'<h1><span class="ticket-number">{job.number}</span>' in page
    assert "This field is required." in page


def test_an_action_taken_meanwhile_by_someone_else_is_a_message_on_the_board(client, people):
    ticket = walk(make_ticket(by=people["agent"]), people, to="arranged")
    client.force_login(people["supervisor"])

    response = client.post(
        f"/tickets/{ticket.number}/act/",
        {
            "action": "arrange",
            "technician": people["technician"].pk,
            "customer_told": "on",
            "next": "/tickets/dispatch/",
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Dispatch board</h1>" in page
    assert "is not allowed while the ticket is" in page


def test_going_back_to_the_act_address_shows_the_ticket(client, people):
    ticket = make_ticket(by=people["agent"])
    client.force_login(people["agent"])

    response = client.get(f"/tickets/{ticket.number}/act/")

    assert response["Location"] == f"/tickets/{ticket.number}/"


def test_every_registered_action_names_the_ticket_in_both_languages(people):
    from django.utils import translation

    ticket = make_ticket(by=people["agent"])
    for code in REGISTRY:
        for language in ("zh-hans", "en"):
            with translation.override(language):
                text = done_message(code, ticket)
            assert ticket.number in text, (code, language, text)
            assert "_" not in text, (code, language, text)
            if language == "zh-hans":
                assert re.search("[\u4e00-\u9fff]", text), (code, text)
