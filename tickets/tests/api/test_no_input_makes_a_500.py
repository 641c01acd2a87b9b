"""Odd input is a 400 (or 404/409), never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)
FIELDS = [
    "action",
    "technician",
    "customer_told",
    "assigned_organisation",
    "signed_by_name",
    "signature",
    "quantity",
    "unit_price",
    "hours",
    "severity",
    "reason",
    "note",
    "attitude",
    "appointment_at",
    "work_date",
    "part_number",
    "name",
]
ACTIONS = [
    "arrange",
    "check",
    "check_in",
    "add_part",
    "add_labour",
    "resolve",
    "change_severity",
    "assign",
    "forward",
    "nope",
    "",
    "return_visit",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    action=st.sampled_from(ACTIONS),
    body=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5),
)
def test_transitions_never_500(people, action, body):
    ticket = make_ticket(by=people["agent"])
    walk(ticket, people, to="arranged")
    client = api_client_for(people["supervisor"])

    response = client.post(
        f"/api/v1/tickets/{ticket.number}/transitions/", {**body, "action": action}, format="json"
    )

    assert response.status_code in {201, 400, 403, 409}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=st.dictionaries(
        st.sampled_from(
            [
                "customer",
                "fault_description",
                "severity",
                "kind",
                "channel",
                "received_at",
                "region_class",
                "serial_number",
                "service_type",
            ]
        ),
        json_values,
        max_size=6,
    )
)
def test_create_never_500(people, body):
    response = api_client_for(people["agent"]).post("/api/v1/tickets/", body, format="json")

    assert response.status_code in {201, 400}


@pytest.mark.parametrize("raw", ["[1,2]", '"x"', "null", "{bad json", "123"])
def test_non_object_bodies_are_400(people, raw):
    ticket = make_ticket(by=people["agent"])
    client = api_client_for(people["agent"])

    transition = client.post(
        f"/api/v1/tickets/{ticket.number}/transitions/", raw, content_type="application/json"
    )
    create = client.post("/api/v1/tickets/", raw, content_type="application/json")

    assert transition.status_code == 400
    assert create.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "status=nope",
        "severity=nope",
        "technician=abc",
        "organisation=-1",
        "ordering=secret",
        "page=999",
        "page=abc",
        "mine=maybe",
        "q=" + "x" * 500,
        "open=2",
    ],
)
def test_odd_list_queries_are_not_500(people, query):
    make_ticket(by=people["agent"])

    response = api_client_for(people["agent"]).get(f"/api/v1/tickets/?{query}")

    assert response.status_code in {200, 400, 404}
