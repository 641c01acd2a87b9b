"""Milestone e-mails to the customer through the outbox, in their language; never an internal
note; the service side is told when the customer writes (by e-mail or in the portal)."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.core import mail
from django.utils import timezone

from inbound.services import mail_receive
from notifications.models import EmailDelivery, Notification
from notifications.services import deliveries_send
from tickets.actions import perform_action
from tickets.models import Ticket
from tickets.signatures import sample_signature
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db

INTERNAL = "内部：先别告诉客户 internal-words"


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _report(client, user, serial, language="zh-hans"):  # type: ignore[no-untyped-def]
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.post(
        "/portal/report/",
        {"unit": serial, "fault_description": "路灯不亮", "severity": "minor"},
    )
    return Ticket.objects.get(number=response.url.split("/")[3])


def _sent_to(address: str) -> list[str]:
    deliveries_send()
    return [str(m.body) for m in mail.outbox if m.to == [address]]


def test_milestones_reach_the_customer_in_their_language(client, wang, staff):
    user, record, _unit = wang
    ticket = _report(client, user, "SN-P-1")
    appointment = (timezone.localtime() + timedelta(days=1)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=staff["supervisor"],
        action="arrange",
        data={
            "technician": staff["technician"].pk,
            "customer_told": True,
            "appointment_at": appointment,
            "note": INTERNAL,
        },
    )
    perform_action(ticket=ticket, by=staff["supervisor"], action="check", data={})
    perform_action(ticket=ticket, by=staff["technician"], action="check_in", data={})
    perform_action(
        ticket=ticket,
        by=staff["technician"],
        action="resolve",
        data={"signed_by_name": "王", "signature": sample_signature()},
    )

    bodies = _sent_to("wang@example.com")

    assert len(bodies) == 3
    registered, arranged, repaired = bodies
    assert ticket.number in registered
    assert "已受理" in registered
    assert "李师傅" in arranged
    assert appointment.strftime("%Y-%m-%d %H:%M") in arranged
    assert "已修好" in repaired
    assert all(INTERNAL not in body for body in bodies)
    for message in mail.outbox:
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert message.extra_headers["Message-ID"].startswith(f"<ticket.{ticket.number}.")


def test_english_customer_reads_english(client, lin):
    user, _record, _unit = lin
    ticket = _report(client, user, "SN-P-2", language="en")

    (body,) = _sent_to("lin@example.com")

    assert f"We have registered your service request {ticket.number}" in body


def test_customer_never_receives_an_internal_note_by_mail(client, wang, staff):
    ticket = _report(client, wang[0], "SN-P-1")
    perform_action(ticket=ticket, by=staff["agent"], action="add_note", data={"note": INTERNAL})
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="add_note",
        data={"note": "明早九点到 public-words", "public": True},
    )
    walk(ticket, staff, to="resolved")  # every step's note is internal by default

    bodies = _sent_to("wang@example.com")

    assert any("public-words" in body for body in bodies)
    assert all(INTERNAL not in body for body in bodies)
    assert not EmailDelivery.objects.filter(payload__note=INTERNAL).exists()


def test_no_address_no_mail(client, wang):
    _user, record, _unit = wang
    record.email = ""
    record.save()

    _report(client, wang[0], "SN-P-1")

    assert not EmailDelivery.objects.exists()


def _reply(ticket: Ticket, sender: str, body: str) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "service@aftersales.local"
    message["Subject"] = f"Re: [After-sales] {ticket.number}"
    message["Message-ID"] = "<reply-1@example.com>"
    message["In-Reply-To"] = f"<ticket.{ticket.number}.abc@aftersales.local>"
    message.set_content(body)
    return message.as_bytes()


def test_assigned_staff_are_notified_when_the_customers_reply_is_threaded(client, wang, staff):
    ticket = _report(client, wang[0], "SN-P-1")
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=staff["supervisor"],
        action="arrange",
        data={"technician": staff["technician"].pk, "customer_told": True},
    )

    received = mail_receive(_reply(ticket, "wang@example.com", "灯杆在东门"))

    assert received.outcome == "threaded"
    notified = Notification.objects.filter(code="portal.customer_wrote", ticket=ticket)
    assert set(notified.values_list("recipient", flat=True)) == {
        staff["technician"].pk,
        staff["supervisor"].pk,
    }
    assert "灯杆在东门" in notified.first().text


def test_portal_message_notifies_the_assigned_staff_not_the_writer(client, wang, staff):
    ticket = _report(client, wang[0], "SN-P-1")
    perform_action(
        ticket=ticket,
        by=staff["agent"],
        action="forward",
        data={"assigned_organisation": ticket.assigned_organisation_id},
    )
    perform_action(
        ticket=ticket,
        by=staff["supervisor"],
        action="arrange",
        data={"technician": staff["technician"].pk, "customer_told": True},
    )

    client.post(f"/portal/requests/{ticket.number}/act/", {"action": "add_info", "note": "东门"})

    recipients = set(
        Notification.objects.filter(code="portal.customer_wrote").values_list(
            "recipient", flat=True
        )
    )
    assert recipients == {staff["technician"].pk, staff["supervisor"].pk}
