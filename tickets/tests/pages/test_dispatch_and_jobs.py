"""Dispatch board for supervisors and the technician's phone view of their jobs."""

from __future__ import annotations

import pytest

from tickets.signatures import sample_signature
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db

SIGNATURE = sample_signature()


def test_board_groups_waiting_tickets_and_counts_open_jobs(client, people):
    to_arrange = walk(make_ticket(by=people["agent"]), people, to="forwarded")
    to_check = walk(make_ticket(by=people["agent"]), people, to="arranged")
    client.force_login(people["supervisor"])

    response = client.get("/tickets/dispatch/")

    group = response.context["groups"][0]
    assert [t.number for t in group["to_arrange"]] == [to_arrange.number]
    assert [t.number for t in group["to_check"]] == [to_check.number]
    counts = {t.pk: t.open_jobs for t in group["technicians"]}
    assert counts[people["technician"].pk] == 1


def test_one_click_arrangement_from_the_board(client, people):
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
    )

    assert response["Location"] == "/tickets/dispatch/"
    ticket.refresh_from_db()
    assert ticket.technician == people["technician"]


def test_board_is_for_supervisors(client, people):
    client.force_login(people["agent"])

    assert client.get("/tickets/dispatch/").status_code == 403


def test_my_jobs_lists_open_jobs_with_their_actions(client, people):
    job = walk(make_ticket(by=people["agent"]), people, to="arranged")
    walk(make_ticket(by=people["agent"]), people, to="closed")
    client.force_login(people["technician"])

    response = client.get("/tickets/my-jobs/")

    assert [c["ticket"].number for c in response.context["cards"]] == [job.number]
    page = response.content.decode()
    assert 'data-action="check_in"' in page
    assert 'name="viewport"' in page


def test_technician_signs_off_with_a_drawn_signature(client, people):
    job = walk(make_ticket(by=people["agent"]), people, to="on_site")
    client.force_login(people["technician"])

    assert 'class="signature-pad"' in client.get("/tickets/my-jobs/").content.decode()
    response = client.post(
        f"/tickets/{job.number}/act/",
        {
            "action": "resolve",
            "signed_by_name": "王秀英",
            "signature": SIGNATURE,
            "next": "/tickets/my-jobs/",
        },
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "resolved"
    assert job.signature == SIGNATURE


def test_a_damaged_signature_is_a_form_error(client, people):
    job = walk(make_ticket(by=people["agent"]), people, to="on_site")
    client.force_login(people["technician"])

    response = client.post(
        f"/tickets/{job.number}/act/",
        {
            "action": "resolve",
            "signed_by_name": "王秀英",
            "signature": "data:image/png;base64,@@@",
        },
    )

    assert response.status_code == 400
    assert "The signature image is damaged." in response.content.decode()
