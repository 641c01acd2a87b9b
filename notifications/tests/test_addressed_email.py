"""E-mail to an address that is no user's (a customer's) goes through the same outbox: written
in the caller's transaction, rendered in its own language, retried, and marked so that our
own inbound mailbox never takes it (or an auto-reply to it) for a person's mail."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from inbound import parsing
from notifications.messages import register_renderers
from notifications.models import EmailDelivery
from notifications.services import deliveries_send, email_address

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("mail server down")


@pytest.fixture(autouse=True)
def _greeting():
    from django.utils.translation import gettext as _

    register_renderers({"test.greeting": lambda p: f"{_('Ticket')} {p['number']}"})


def test_addressed_mail_is_sent_in_its_language_with_loop_and_auto_headers(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_address(
        "kehu@example.com", "test.greeting", payload={"number": "2612-000001"}, language="zh-hans"
    )

    assert deliveries_send() == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    sent = mail.outbox[0]
    assert sent.to == ["kehu@example.com"]
    assert "工单" in sent.body
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.extra_headers["X-Loop"] == settings.DEFAULT_FROM_EMAIL
    assert sent.extra_headers["Message-ID"].startswith("<ticket.2612-000001.")
    # our inbound mailbox recognises it as automatic mail, and a reply threads by its id
    raw = sent.message().as_bytes()
    parsed = parsing.parse(raw, loop_stamp=settings.DEFAULT_FROM_EMAIL)
    assert parsed.automatic
    stamped_only = raw.replace(b"Auto-Submitted: auto-generated\n", b"")
    assert parsing.parse(stamped_only, loop_stamp=settings.DEFAULT_FROM_EMAIL).automatic == "loop"
    assert parsing.OUR_MESSAGE_ID.findall(sent.extra_headers["Message-ID"]) == ["2612-000001"]


def test_addressed_mail_is_retried_with_back_off(settings):
    settings.EMAIL_BACKEND = "notifications.tests.test_addressed_email.FailingBackend"
    email_address("kehu@example.com", "test.greeting", payload={"number": "2612-000002"})
    now = timezone.now()

    assert deliveries_send(now=now) == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    row = EmailDelivery.objects.get()
    assert row.status == "pending"
    assert row.next_attempt_at > now
    assert "mail server down" in row.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliveries_send(now=now + timedelta(hours=1))["sent"] == 1
    assert len(mail.outbox) == 1
