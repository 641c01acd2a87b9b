"""The customer's own pages: home with units and requests, report a fault through the intake
service, a request's progress in plain words, the customer's actions; nothing internal and
nothing of another customer's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.customer_actions import repair_confirmed
from tickets.actions import perform_action
from tickets.models import Ticket
from tickets.signatures import sample_signature

pytestmark = pytest.mark.django_db

INTERNAL = "内部：客户难缠 internal-words"


def _report(client, **fields):  # type: ignore[no-untyped-def]
    data = {"unit": "SN-P-1", "fault_description": "路灯夜间不亮", "severity": "minor", **fields}
    return client.post("/portal/report/", data)


def test_customer_lands_on_the_portal_and_staff_pages_send_them_there(client, wang):
    user, _record, _unit = wang
    client.force_login(user)

    assert client.get("/").url == "/portal/"  # home
    assert client.get("/tickets/").url == "/portal/"
    assert client.get("/tickets/intake/").url == "/portal/report/"
    page = client.get("/portal/").content.decode()
    assert 'data-nav="portal.home"' in page
    assert 'data-nav="portal.report"' in page
    assert 'data-nav="tickets.queue"' not in page


def test_home_shows_units_with_warranty_words_and_requests_open_first(client, wang, staff):
    user, record, unit = wang
    client.force_login(user)
    first = Ticket.objects.get(number=_report(client).url.split("/")[3])
    second = Ticket.objects.get(number=_report(client).url.split("/")[3])
    perform_action(ticket=first, by=staff["agent"], action="cancel", data={"reason": "重复"})

    page = client.get("/portal/").content.decode()

    assert "SN-P-1" in page
    assert "Free repair under warranty until" in page
    assert page.index(second.number) < page.index(first.number)  # open first


def test_report_registers_through_intake_with_its_number_and_preferred_time(client, wang):
    user, record, unit = wang
    client.force_login(user)
    visit = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)

    response = _report(client, preferred_visit_at=visit.strftime("%Y-%m-%dT%H:%M"))

    ticket = Ticket.objects.get()
    assert response.url == f"/portal/requests/{ticket.number}/?created=1"
    assert (ticket.customer, ticket.unit, ticket.channel) == (record, unit, "web")
    assert ticket.entitlement["covered"] is True  # the warranty hook ran, as at the phone desk
    page = client.get(response.url).content.decode()
    assert "data-ticket-number" in page
    assert ticket.number in page
    assert visit.strftime("%Y-%m-%d %H:%M") in page
    preferred = ticket.events.get(code="portal.preferred_visit")
    assert preferred.public is True


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"unit": "", "serial_number": ""}, "serial_number"),
        ({"fault_description": ""}, "fault_description"),
        ({"preferred_visit_at": "2020-01-01T09:00"}, "preferred_visit_at"),
        ({"unit": "SN-P-2"}, "unit"),  # another customer's unit is no choice
    ],
)
def test_bad_report_is_a_form_error_and_writes_nothing(client, wang, lin, fields, field):
    client.force_login(wang[0])

    response = _report(client, **fields)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Ticket.objects.exists()


def test_request_page_shows_steps_in_plain_words_and_no_internal_note(client, wang, staff):
    user, _record, _unit = wang
    client.force_login(user)
    ticket = Ticket.objects.get(number=_report(client).url.split("/")[3])
    appointment = (timezone.localtime() + timedelta(days=1)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id, "note": INTERNAL},
    )
    perform_action(
        ticket=ticket,
        by=staff["supervisor"],
        action="arrange",
        data={
            "technician": staff["technician"].pk,
            "customer_told": True,
            "appointment_at": appointment,
        },
    )
    perform_action(ticket=ticket, by=staff["supervisor"], action="check", data={})
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="add_note",
        data={"note": "明天上午到 public-words", "public": True},
    )

    page = client.get(f"/portal/requests/{ticket.number}/").content.decode()

    assert "A technician is assigned" in page
    assert "李师傅" in page
    assert appointment.strftime("%Y-%m-%d %H:%M") in page
    assert "public-words" in page
    assert INTERNAL not in page
    assert "Supervisor checked" not in page
    assert "SLA" not in page


def test_customer_adds_information_confirms_and_reopens(client, wang, staff):
    user, _record, _unit = wang
    client.force_login(user)
    ticket = Ticket.objects.get(number=_report(client).url.split("/")[3])
    url = f"/portal/requests/{ticket.number}/act/"

    client.post(url, {"action": "add_info", "note": "灯杆编号 17"})
    from tickets.tests.helpers import walk

    people = {**staff, "agent": staff["agent"]}
    walk(ticket, people, to="resolved")
    offered = client.get(f"/portal/requests/{ticket.number}/").content.decode()
    client.post(url, {"action": "confirm_repair", "note": "好了"})
    after = client.get(f"/portal/requests/{ticket.number}/").content.decode()
    client.post(url, {"action": "reopen", "reason": "又不亮了"})

    ticket.refresh_from_db()
    info = ticket.events.get(code="ticket.add_info")
    assert (info.payload["note"], info.public, info.actor) == ("灯杆编号 17", True, user)
    assert ticket.events.filter(code="ticket.confirm_repair").count() == 1
    assert 'data-action="confirm_repair"' in offered
    assert 'data-action="confirm_repair"' not in after  # confirmed once, not offered again
    assert "You confirmed the repair" in after
    assert ticket.status == "forwarded"
    assert ticket.events.get(code="ticket.reopen").public is True


def test_staff_only_actions_are_refused_from_the_portal(client, wang):
    client.force_login(wang[0])
    ticket = Ticket.objects.get(number=_report(client).url.split("/")[3])

    response = client.post(
        f"/portal/requests/{ticket.number}/act/", {"action": "add_note", "note": "x"}
    )

    assert response.status_code == 403
    assert not ticket.events.filter(code="ticket.add_note").exists()


def test_another_customer_sees_nothing_by_url(client, wang, lin):
    client.force_login(wang[0])
    number = _report(client).url.split("/")[3]
    client.force_login(lin[0])

    for url in (
        f"/portal/requests/{number}/",
        f"/tickets/{number}/voucher/",
        f"/tickets/{number}/",
    ):
        assert client.get(url, follow=True).status_code == 404, url
    assert (
        client.post(
            f"/portal/requests/{number}/act/", {"action": "add_info", "note": "x"}
        ).status_code
        == 404
    )
    assert number not in client.get("/portal/").content.decode()


def test_a_reopened_and_again_repaired_request_may_be_confirmed_again(wang, staff, client):
    client.force_login(wang[0])
    ticket = Ticket.objects.get(number=_report(client).url.split("/")[3])
    from tickets.tests.helpers import walk

    walk(ticket, staff, to="resolved")
    perform_action(ticket=ticket, by=wang[0], action="confirm_repair", data={})
    assert repair_confirmed(ticket) is True
    perform_action(ticket=ticket, by=wang[0], action="reopen", data={"reason": "又坏"})
    ticket.refresh_from_db()
    perform_action(
        ticket=ticket,
        by=staff["supervisor"],
        action="arrange",
        data={"technician": staff["technician"].pk, "customer_told": True},
    )
    perform_action(ticket=ticket, by=staff["supervisor"], action="check", data={})
    perform_action(ticket=ticket, by=staff["technician"], action="check_in", data={})
    perform_action(
        ticket=ticket,
        by=staff["technician"],
        action="resolve",
        data={"signed_by_name": "王", "signature": sample_signature()},
    )
    ticket.refresh_from_db()

    assert repair_confirmed(ticket) is False


def test_portal_in_chinese(client, wang, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    client.force_login(wang[0])

    page = client.get("/portal/").content.decode()
    form = client.get("/portal/report/").content.decode()

    assert "我的服务" in page
    assert "报修" in page
    assert "免费保修" in page
    assert "发生了什么故障" in form or "故障" in form
