"""A batch of e-mails goes to a real SMTP server over open connections, settled in bulk."""

from __future__ import annotations

import email
import smtplib
import socket
from email import policy
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from django.utils import translation

from accounts.tests.factories import UserFactory
from notifications.mailing import Outgoing, _data_block, mime_bytes
from notifications.messages import subject
from notifications.models import EmailDelivery
from notifications.services import deliveries_send, notify

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.senders: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("refused"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session, envelope):  # noqa: N802
        self.senders.append(envelope.mail_from)
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def _serve(handler, settings) -> Controller:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_SMTP_CONNECTIONS = 2
    return controller


@pytest.fixture
def smtp_server(settings):
    handler = Collect()
    controller = _serve(handler, settings)
    yield handler
    controller.stop()


def test_a_batch_goes_out_over_smtp_readable_in_chinese_and_is_settled(smtp_server, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    users = [UserFactory(email=f"u{n}@example.com") for n in range(5)]
    for n, user in enumerate(users):
        notify([user], "message", payload={"text": f"工单 {n} 已超时", "number": f"2612-{n:06d}"})

    report = deliveries_send()

    assert report == {"sent": 5, "retry": 0, "failed": 0, "skipped": 0}
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}
    received = {}
    for rcpt, raw in smtp_server.messages:
        message = email.message_from_bytes(raw)
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Message-ID"].startswith("<ticket.2612-")
        received[rcpt[0]] = (
            str(make_header(decode_header(message["Subject"]))),
            message.get_payload(decode=True).decode("utf-8"),
        )
    with translation.override("zh-hans"):
        title = subject("message", {"number": "2612-000003"})
    assert not title.isascii()
    assert received["u3@example.com"] == (title, "工单 3 已超时")
    assert len(received) == 5


def test_a_refused_address_is_retried_and_the_others_are_sent(smtp_server):
    notify([UserFactory(email="refused@example.com")], "message", payload={"text": "a"})
    notify([UserFactory(email="fine@example.com")], "message", payload={"text": "b"})

    report = deliveries_send()

    assert report["sent"] == 1
    assert report["retry"] == 1
    failed = EmailDelivery.objects.get(status="pending")
    assert failed.attempts == 1
    assert "550" in failed.last_error
    assert [rcpt for rcpt, _ in smtp_server.messages] == [["fine@example.com"]]


def test_a_long_chinese_subject_and_a_named_sender_read_back_as_written():
    title = "【售后服务】工单 2612-000123 派工已超时：请立即安排服务工程师上门处理客户的故障报修"
    item = Outgoing(1, 0, "u@example.com", number="2612-000123", title=title, body="正文")

    raw = mime_bytes("售后服务部 <service@example.com>", item, "Thu, 03 Dec 2026 19:00:00 -0000")

    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert all(len(line) <= 78 for line in head.split("\r\n"))
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == title
    assert message["From"].addresses[0].display_name == "售后服务部"
    assert message["From"].addresses[0].addr_spec == "service@example.com"
    assert message.get_content().strip() == "正文"


def test_the_envelope_sender_is_the_bare_address_of_a_named_sender(smtp_server, settings):
    settings.DEFAULT_FROM_EMAIL = "售后服务部 <service@example.com>"
    notify([UserFactory(email="fine@example.com")], "message", payload={"text": "b"})

    assert deliveries_send()["sent"] == 1

    assert smtp_server.senders == ["service@example.com"]


class CollectPipelining(Collect):
    """A server that offers PIPELINING (RFC 2920), as Postfix and most relays do."""

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]


@pytest.fixture
def pipelining_server(settings):
    handler = CollectPipelining()
    controller = _serve(handler, settings)
    settings.EMAIL_SMTP_CONNECTIONS = 1
    yield handler
    controller.stop()


def test_with_pipelining_each_message_is_one_write_and_a_refusal_spoils_no_other(
    pipelining_server, monkeypatch
):
    writes = []
    original = smtplib.SMTP.send
    monkeypatch.setattr(smtplib.SMTP, "send", lambda self, s: writes.append(s) or original(self, s))
    for name in ("a", "b", "refused", "c", "d"):
        notify([UserFactory(email=f"{name}@example.com")], "message", payload={"text": name})

    report = deliveries_send()

    assert report["sent"] == 4
    assert report["retry"] == 1
    assert "550" in EmailDelivery.objects.get(status="pending").last_error
    got = [rcpt for rcpt, _ in pipelining_server.messages]
    assert got == [["a@example.com"], ["b@example.com"], ["c@example.com"], ["d@example.com"]]
    texts = {
        email.message_from_bytes(raw).get_payload(decode=True)
        for _, raw in pipelining_server.messages
    }
    assert texts == {b"a", b"b", b"c", b"d"}
    assert len(writes) == 2 + 5 + 1  # EHLO, QUIT and one write per message, one to end the last


def test_a_line_of_the_data_that_starts_with_a_dot_is_doubled():
    assert _data_block(b"Subject: x\r\n\r\n.hidden\r\nok\r\n") == (
        b"Subject: x\r\n\r\n..hidden\r\nok\r\n.\r\n"
    )
