"""``/api/v1/complaints/``: the same rules as the pages (409 illegal step, 403 wrong role,
400 bad input) and the same scope: a dealer sees only complaints about itself."""

from __future__ import annotations

import pytest

from complaints.models import Complaint
from complaints.tests.conftest import api_client_for, drive, new_complaint
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


def test_an_agent_files_a_complaint_from_a_ticket(people):
    ticket = make_ticket(by=people["agent"], product_model="KFR-35GW")
    response = api_client_for(people["agent"]).post(
        URL,
        {
            "channel": "phone",
            "complaint_class": "product_quality",
            "seriousness": "serious",
            "description": "噪音大",
            "ticket": ticket.number,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("TS")
    assert body["tickets"] == [ticket.number]
    assert body["product_model"] == "KFR-35GW"
    assert {c["kind"] for c in body["clocks"]} == {"reply", "on_site", "closure"}
    assert body["events"][0]["code"] == "complaint.created"


def test_bad_input_is_a_400_with_field_messages(people):
    response = api_client_for(people["agent"]).post(
        URL, {"channel": "fax", "complaint_class": "nope", "description": ""}, format="json"
    )

    assert response.status_code == 400
    assert {"channel", "complaint_class", "seriousness", "description"} <= set(response.json())
    assert not Complaint.objects.exists()


def test_a_technician_may_not_file_complaints(people):
    response = api_client_for(people["technician"]).post(
        URL,
        {
            "channel": "phone",
            "complaint_class": "other",
            "seriousness": "minor",
            "description": "x",
            "customer_name": "张三",
            "phone": "13900000000",
        },
        format="json",
    )

    assert response.status_code == 403


def test_steps_through_the_api_give_409_and_403(people, quality):
    complaint = new_complaint(people["agent"])
    act = f"{URL}{complaint.number}/act/"

    illegal = api_client_for(people["agent"]).post(
        act, {"action": "reply", "data": {"reply_text": "x"}}, format="json"
    )
    wrong_role = api_client_for(people["technician"]).post(
        act, {"action": "assign", "data": {"department": quality.code}}, format="json"
    )
    bad = api_client_for(people["agent"]).post(
        act, {"action": "assign", "data": {"department": "nowhere"}}, format="json"
    )
    api_client_for(people["agent"]).post(
        act, {"action": "contact", "data": {"note": "x"}}, format="json"
    )
    done = api_client_for(people["agent"]).post(
        act, {"action": "assign", "data": {"department": quality.code}}, format="json"
    )

    assert illegal.status_code == 409
    assert wrong_role.status_code == 403
    assert bad.status_code == 400
    assert "department" in bad.json()
    assert done.status_code == 200
    assert done.json()["status"] == "assigned"


def test_a_dealer_sees_only_complaints_about_itself(people, dealer_a, dealer_b, dealer_a_user):
    mine = new_complaint(people["agent"], dealer=dealer_a)
    theirs = new_complaint(people["agent"], dealer=dealer_b)
    nobody = new_complaint(people["agent"])
    client = api_client_for(dealer_a_user)

    listed = [row["number"] for row in client.get(URL).json()["results"]]

    assert listed == [mine.number]
    assert client.get(f"{URL}{mine.number}/").status_code == 200
    assert client.get(f"{URL}{theirs.number}/").status_code == 404
    assert client.get(f"{URL}{nobody.number}/").status_code == 404
    assert client.get(f"{URL}TS0000-9999/").status_code == 404
    assert (
        client.post(
            f"{URL}{theirs.number}/act/", {"action": "note", "data": {"note": "x"}}, format="json"
        ).status_code
        == 404
    )


def test_the_dealer_pages_are_scoped_the_same_way(
    client, people, dealer_a, dealer_b, dealer_a_user
):
    mine = new_complaint(people["agent"], dealer=dealer_a)
    theirs = new_complaint(people["agent"], dealer=dealer_b)
    client.force_login(dealer_a_user)

    page = client.get("/complaints/").content.decode()

    assert mine.number in page
    assert theirs.number not in page
    assert client.get(f"/complaints/{theirs.number}/").status_code == 404


def test_a_closed_complaint_reads_closed_on_time(people, quality):
    complaint = drive(new_complaint(people["agent"]), people, quality, to="closed")

    body = api_client_for(people["manager"]).get(f"{URL}{complaint.number}/").json()

    assert body["status"] == "closed"
    assert body["closed_on_time"] is True


def test_the_rates_endpoint_is_for_supervisors_and_managers(people):
    assert api_client_for(people["agent"]).get(f"{URL}rates/").status_code == 403
    body = api_client_for(people["manager"]).get(f"{URL}rates/?month=2026-11").json()
    assert body["month"] == "2026-11"
    assert body["satisfaction_target"] == "98.00"
    assert api_client_for(people["manager"]).get(f"{URL}rates/?month=x").status_code == 400
