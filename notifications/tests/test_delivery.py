"""Notifications are written with the change and delivered later; nothing is lost."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from accounts.tests.factories import UserFactory
from notifications.models import EmailDelivery, Notification
from notifications.services import MAX_ATTEMPTS, deliveries_send, notify
from notifications.tasks import deliver_pending

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPException("mail server down")


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(deliver_pending, "apply_async", refuse)


def test_broker_outage_does_not_fail_a_ticket_save_and_mail_goes_out_later(
    broker_down, django_capture_on_commit_callbacks, settings
):
    # given the broker is down
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from sla.tests.engine.conftest import forward, new_ticket

    people = {
        "agent": UserFactory(roles=["agent"]),
        "supervisor": UserFactory(roles=["supervisor"], email="sup@example.com"),
    }

    # when a ticket is saved and a notification written, commit callbacks included
    with django_capture_on_commit_callbacks(execute=True):
        ticket = new_ticket(people)
        forward(people, ticket)
        notify([people["supervisor"]], "message", ticket=ticket, payload={"text": "请派工"})

    # then the save stood, the inbox has it, and the periodic delivery sends it
    assert Notification.objects.filter(recipient=people["supervisor"]).count() == 1
    assert EmailDelivery.objects.get().status == "pending"
    assert deliver_pending() == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    assert mail.outbox[0].to == ["sup@example.com"]
    assert "请派工" in mail.outbox[0].body


def test_failed_delivery_is_retried_with_back_off_and_never_lost(settings):
    user = UserFactory(email="x@example.com")
    notify([user], "message", payload={"text": "hello"})
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    # when the mail server refuses
    first = deliveries_send()
    row = EmailDelivery.objects.get()

    # then the row waits for its retry, with the error
    assert first["retry"] == 1
    assert row.status == "pending"
    assert row.attempts == 1
    assert "mail server down" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert deliveries_send()["sent"] == 0  # not due yet

    # when the server is back and the retry is due
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliveries_send(now=timezone.now() + timedelta(minutes=5))

    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 1


def test_delivery_gives_up_after_the_last_attempt_but_the_inbox_keeps_it(settings):
    user = UserFactory(email="x@example.com")
    notify([user], "message", payload={"text": "hello"})
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        deliveries_send(now=moment)
        moment += timedelta(days=1)

    assert EmailDelivery.objects.get().status == "failed"
    assert Notification.objects.filter(recipient=user).count() == 1


def test_running_delivery_twice_sends_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notify([UserFactory(email="x@example.com")], "message", payload={"text": "hello"})

    deliveries_send()
    deliveries_send()

    assert len(mail.outbox) == 1
