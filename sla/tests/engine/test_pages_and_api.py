"""Where people see SLAs: the overview, the panel and badge, and the API, always in scope."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from rest_framework.test import APIClient

from accounts.tests.factories import OrganisationFactory, UserFactory
from sla.models import SlaPolicy
from sla.sweep import sla_sweep
from sla.tests.engine.conftest import forward, local, new_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(people, clock):
    ticket = new_ticket(people)
    forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 11, 30))
    sla_sweep()
    ticket.refresh_from_db()
    return ticket


def test_overview_shows_breached_and_at_risk_with_few_queries(
    client, people, overdue, django_assert_max_num_queries
):
    soon = new_ticket(people)  # 11:30 + 1 h first response: at risk within the hour
    client.force_login(people["manager"])

    with django_assert_max_num_queries(12):
        page = client.get("/sla/").content.decode()

    assert f'data-ticket="{overdue.number}"' in page
    assert f'data-ticket="{soon.number}"' in page
    assert 'data-metric="dispatch"' in page


def test_overview_is_the_managers_home_and_closed_to_technicians(client, people):
    client.force_login(people["manager"])
    # The SLA overview is the manager's home unless an app above registers a richer one.
    home = client.get("/")["Location"]
    assert home != "/dashboard/"
    assert client.get(home).status_code == 200

    client.force_login(people["technician"])
    assert client.get("/sla/").status_code == 403


def test_dealer_supervisor_sees_only_own_organisations_clocks(client, people, overdue):
    dealer = OrganisationFactory(code="D-X")
    client.force_login(UserFactory(organisation=dealer, roles=["supervisor"]))

    page = client.get("/sla/").content.decode()

    assert overdue.number not in page


def test_panel_explains_why_due_then_in_both_languages(people, clock):
    ticket = new_ticket(people, region="urban")  # on site in 6 working hours: over lunch
    template = Template("{% load sla %}{% sla_panel ticket %}{% sla_badge ticket %}")

    with translation.override("en"):
        english = template.render(Context({"ticket": ticket}))
    with translation.override("zh-hans"):
        chinese = template.render(Context({"ticket": ticket}))

    assert "Closed 2025-03-03 12:00–13:30 (outside working hours)" in english
    assert "Why due then?" in english
    assert "不计时 2025-03-03 12:00–13:30（非工作时间）" in chinese
    assert "剩余" in chinese


def test_explanation_names_the_holiday_in_chinese(people):
    import time_machine

    with time_machine.travel(local(2025, 9, 30, 16, 0), tick=False):
        ticket = new_ticket(people, region="urban")
        with translation.override("zh-hans"):
            page = Template("{% load sla %}{% sla_panel ticket %}").render(
                Context({"ticket": ticket})
            )

    assert "节假日：国庆节" in page


def test_badge_is_red_when_breached(people, overdue):
    html = Template("{% load sla %}{% sla_badge ticket %}").render(Context({"ticket": overdue}))

    assert "sla-breached" in html
    assert "overdue" in html


def test_ticket_sla_api_gives_clocks_with_explanation_and_hides_other_organisations(
    people, overdue
):
    api = APIClient()
    api.force_authenticate(people["supervisor"])

    body = api.get(f"/api/v1/tickets/{overdue.number}/sla/").json()

    dispatch = next(c for c in body["clocks"] if c["metric"] == "dispatch")
    assert dispatch["state"] == "breached"
    assert dispatch["explanation"]["segments"][0]["kind"] == "counted"
    assert body["sla_state"] == "breached"
    api.force_authenticate(
        UserFactory(organisation=OrganisationFactory(code="D-Y"), roles=["dealer"])
    )
    assert api.get(f"/api/v1/tickets/{overdue.number}/sla/").status_code == 404
    assert api.get("/api/v1/tickets/9999-999999/sla/").status_code == 404


def test_calendars_are_readable_and_managers_edit_exceptions(people):
    api = APIClient()
    api.force_authenticate(people["agent"])
    listed = api.get("/api/v1/calendars/").json()
    assert {c["code"] for c in listed["results"]} == {"24x7", "china_working_hours"}
    url = "/api/v1/calendars/china_working_hours/exceptions/"
    assert (
        api.post(url, {"date": "2025-03-05", "kind": "holiday", "name": "年会"}).status_code == 403
    )

    api.force_authenticate(people["manager"])
    assert (
        api.post(url, {"date": "2025-03-05", "kind": "holiday", "name": "年会"}).status_code == 201
    )
    assert any(e["date"] == "2025-03-05" for e in api.get(url + "?year=2025").json())
    assert api.delete(url + "2025-03-05/").status_code == 204


def test_managers_revise_policies_into_new_versions(people):
    api = APIClient()
    policy = SlaPolicy.objects.get(key="standard", is_current=True)
    api.force_authenticate(people["supervisor"])
    assert (
        api.patch(f"/api/v1/sla-policies/{policy.pk}/", {"priority": 5}, format="json").status_code
        == 403
    )

    api.force_authenticate(people["manager"])
    response = api.patch(
        f"/api/v1/sla-policies/{policy.pk}/", {"name_en": "Standard 2025"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert len(response.json()["targets"]) == policy.targets.count()
    assert SlaPolicy.objects.filter(key="standard").count() == 2
    listed = api.get("/api/v1/sla-policies/").json()["results"]
    assert [p["version"] for p in listed if p["key"] == "standard"] == [2]  # current versions only


def test_managers_create_a_policy_for_an_organisation(people):
    api = APIClient()
    api.force_authenticate(people["manager"])
    body = {
        "key": "vip",
        "name_zh": "大客户",
        "name_en": "Key accounts",
        "priority": 10,
        "match_organisations": ["HQ"],
        "targets": [
            {
                "metric": "dispatch",
                "position": 0,
                "duration_seconds": 3600,
                "calendar": "24x7",
                "start_on": ["forwarded"],
                "stop_on": ["ticket.arrange"],
                "cancel_on": ["cancelled"],
                "levels": [{"offset_seconds": 0, "action": "notify_role", "role": "manager"}],
            }
        ],
    }

    response = api.post("/api/v1/sla-policies/", body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["targets"][0]["levels"][0]["role"] == "manager"


def test_a_cut_list_says_how_many_there_are_and_links_to_all(client, people, clock, monkeypatch):
    tickets = [new_ticket(people) for _ in range(3)]
    for ticket in tickets:
        forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 11, 30))
    sla_sweep()
    monkeypatch.setattr("sla.views.SHOWN", 2)
    client.force_login(people["manager"])

    page = client.get("/sla/").content.decode()

    breached = page.split('id="breached"', 1)[1].split("</section>", 1)[0]
    total = int(breached.split('class="badge sla-breached">', 1)[1].split("<", 1)[0])
    assert breached.count("data-ticket=") == 2
    assert total >= 3  # every overdue clock is counted, not only the listed ones
    assert f"The 2 oldest of {total} are listed." in breached
    assert "sla_state=breached" in breached
