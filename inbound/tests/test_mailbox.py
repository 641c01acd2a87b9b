"""Mail to the service address becomes a ticket, or a message on the ticket it answers;
machines' mail is recognised and kept out; a broken message is quarantined, never lost."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accounts.tests.factories import UserFactory
from inbound.models import InboundMessage
from inbound.services import mail_receive, mailbox_read
from inbound.tests.servers import deliver, dovecot
from tickets.models import Customer, FaultSeverity, Ticket
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def mail(
    *,
    sender: str = "王先生 <wang@example.com>",
    subject: str = "空调不制冷",
    body: str = "客厅空调开机后不制冷，型号 KFR-35。",
    message_id: str = "<m1@example.com>",
    headers: dict[str, str] | None = None,
    attachment: bytes | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "service@aftersales.local"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if attachment is not None:
        msg.add_attachment(attachment, maintype="image", subtype="png", filename="铭牌.png")
    return bytes(msg)


@pytest.fixture
def customer_ticket():
    customer = Customer.objects.create(name="王先生", phone="13800000001", email="wang@example.com")
    return ticket_create(
        by=None,
        customer=customer,
        fault_description="不制冷",
        severity=FaultSeverity.objects.order_by("rank").first(),
    )


def test_a_new_mail_becomes_a_ticket_for_the_sender_with_its_attachment():
    message = mail_receive(mail(attachment=PNG))

    assert message.outcome == "ticket_created"
    ticket = message.ticket
    assert ticket.channel == Ticket.Channel.EMAIL
    assert "不制冷" in ticket.fault_description
    assert ticket.customer.email == "wang@example.com"
    assert ticket.customer.name == "王先生"
    (attachment,) = message.attachments.all()
    assert attachment.filename == "铭牌.png"
    assert bytes(attachment.content) == PNG
    received = ticket.events.get(code="inbound.email_received")
    assert received.payload["attachments"] == ["铭牌.png"]


def test_the_sender_is_matched_to_the_customer_with_that_address(customer_ticket):
    message = mail_receive(mail(message_id="<m2@example.com>", subject="另一台洗衣机漏水"))

    assert message.outcome == "ticket_created"
    assert message.ticket.customer == customer_ticket.customer
    assert Customer.objects.count() == 1


def test_a_reply_with_the_number_in_the_subject_is_threaded_onto_that_ticket(customer_ticket):
    subject = f"Re: [售后服务] {customer_ticket.number}"

    message = mail_receive(mail(subject=subject, body="师傅明天上午来可以吗？"))

    assert message.outcome == "threaded"
    assert message.ticket == customer_ticket
    event = customer_ticket.events.get(code="inbound.email_received")
    assert event.payload["text"] == "师傅明天上午来可以吗？"
    assert Ticket.objects.count() == 1


def test_an_answer_to_our_notification_is_threaded_by_its_headers(customer_ticket):
    ours = f"<ticket.{customer_ticket.number}.abc123@aftersales.local>"

    message = mail_receive(mail(subject="Re: 您的报修", headers={"In-Reply-To": ours}))

    assert message.outcome == "threaded"
    assert message.ticket == customer_ticket


def test_a_stranger_quoting_a_ticket_number_gets_a_ticket_of_their_own(customer_ticket):
    message = mail_receive(
        mail(sender="someone@else.example", subject=f"Re: {customer_ticket.number}")
    )

    assert message.outcome == "ticket_created"
    assert message.ticket != customer_ticket
    assert not customer_ticket.events.filter(code="inbound.email_received").exists()


def test_staff_who_may_see_the_ticket_can_write_to_it(customer_ticket):
    UserFactory(roles=["agent"], email="agent@aftersales.local")

    message = mail_receive(
        mail(sender="agent@aftersales.local", subject=f"{customer_ticket.number} 补充")
    )

    assert message.outcome == "threaded"


@pytest.mark.parametrize(
    ("headers", "sender", "reason"),
    [
        ({"Auto-Submitted": "auto-replied"}, "wang@example.com", "auto_submitted"),
        ({"X-Autoreply": "yes"}, "wang@example.com", "auto_reply"),
        ({"Precedence": "bulk"}, "news@example.com", "bulk"),
        ({}, "MAILER-DAEMON@mx.example.com", "bounce"),
        ({"X-Loop": "service@aftersales.local"}, "wang@example.com", "loop"),
        ({}, "service@aftersales.local", "loop"),
    ],
)
def test_automatic_mail_is_kept_but_never_becomes_a_ticket(headers, sender, reason):
    message = mail_receive(mail(sender=sender, headers=headers))

    assert message.outcome == "ignored"
    assert message.reason == reason
    assert Ticket.objects.count() == 0


def test_a_delivery_report_is_a_bounce():
    report = (
        b"From: MAILER-DAEMON@mx.example.com\r\nTo: service@aftersales.local\r\n"
        b"Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mx>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/plain\r\n\r\nUser unknown\r\n--B--\r\n"
    )

    assert mail_receive(report).outcome == "ignored"


def test_a_malformed_message_is_quarantined_with_its_reason_and_bytes():
    raw = b"Subject: no sender at all\r\nMessage-ID: <bad1@x>\r\n\r\nbody"

    message = mail_receive(raw)

    assert message.outcome == "quarantined"
    assert message.reason.startswith("malformed:")
    assert bytes(message.raw) == raw
    assert Ticket.objects.count() == 0


def test_the_same_message_read_twice_makes_one_ticket():
    first = mail_receive(mail())
    again = mail_receive(mail())

    assert again.pk == first.pk
    assert Ticket.objects.count() == 1


def test_the_maildir_default_reads_each_message_once_and_survives_a_bad_one(tmp_path: Path):
    # given a Maildir with a good message and a broken one
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    box.add(mail(message_id="<a@x>"))
    box.add(b"Message-ID: <broken@x>\r\nSubject: ???\r\n\r\nno sender")
    box.add(mail(message_id="<c@x>", subject="热水器不点火"))
    url = f"maildir://{tmp_path / 'inbox'}"

    # when the mailbox task reads it twice
    first = mailbox_read(url)
    second = mailbox_read(url)

    # then the good ones are tickets, the broken one is quarantined, nothing twice
    assert first["ticket_created"] == 2
    assert first["quarantined"] == 1
    assert sum(second.values()) == 0
    assert Ticket.objects.count() == 2
    assert all("S" in box.get_message(key).get_flags() for key in box.iterkeys())


def test_a_new_checkout_without_the_maildir_folder_reads_nothing_and_makes_it(tmp_path: Path):
    url = f"maildir://{tmp_path / 'var' / 'mail' / 'inbound'}"

    assert sum(mailbox_read(url).values()) == 0
    assert (tmp_path / "var" / "mail" / "inbound" / "new").is_dir()


def test_an_mbox_is_read_without_making_anything_twice(tmp_path: Path):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    box.add(mail(message_id="<mb1@x>"))
    box.flush()

    mailbox_read(f"mbox://{path}")
    mailbox_read(f"mbox://{path}")

    assert Ticket.objects.count() == 1


def test_an_unreachable_mailbox_is_reported_not_raised():
    report = mailbox_read("imap://u:p@127.0.0.1:1/INBOX")

    assert sum(report.values()) == 0


def test_a_real_imap_server_is_read_and_messages_flagged_seen(customer_ticket):
    with dovecot() as url:
        port = urlsplit(url).port
        # given a new request and a reply to an existing ticket in the IMAP inbox
        deliver(port, mail(message_id="<imap1@x>", subject="冰箱异响"))
        deliver(port, mail(message_id="<imap2@x>", subject=f"Re: {customer_ticket.number}"))
        deliver(port, mail(message_id="<imap3@x>", headers={"Auto-Submitted": "auto-replied"}))

        # when the mailbox task reads it (twice)
        first = mailbox_read(url)
        second = mailbox_read(url)

    # then one new ticket, one threaded message, one ignored auto-reply — each once
    assert first["ticket_created"] == 1
    assert first["threaded"] == 1
    assert first["ignored"] == 1
    assert sum(second.values()) == 0
    assert InboundMessage.objects.count() == 3
