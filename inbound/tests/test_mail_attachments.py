"""The files a mail brings become attachments of its ticket, checked by content like an
upload; a refused one stays with the mail, noted with its reason, and is never served."""

from __future__ import annotations

import io
import random
from email.message import EmailMessage

import pytest
from PIL import Image

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from attachments.events import AttachmentEvent
from attachments.models import AttachmentRules
from attachments.selectors import attachments_of
from attachments.tests import files
from inbound.services import mail_receive
from tickets.models import Customer, FaultSeverity, Ticket
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db

HOSTILE_JPG = b"<html><body><script>alert(1)</script></body></html>"


def mail(
    attachments: list[tuple[str, str, bytes]],
    *,
    sender: str = "王先生 <wang@example.com>",
    subject: str = "空调不制冷",
    message_id: str = "<files-1@example.com>",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "service@aftersales.local"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg.set_content("照片见附件。")
    for name, mime, data in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
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


def test_a_new_mails_good_files_become_ticket_attachments_and_bad_ones_are_noted(client):
    message = mail_receive(
        mail(
            [
                ("铭牌.jpg", "image/jpeg", files.jpeg_bytes((120, 90), with_gps=True)),
                ("发票.pdf", "application/pdf", files.pdf_bytes()),
                ("photo.jpg", "image/jpeg", HOSTILE_JPG),
                ("invoice.pdf", "application/pdf", files.pdf_open_action_js()),
            ]
        )
    )

    assert message.outcome == "ticket_created"
    ticket = message.ticket
    attached = list(attachments_of(ticket).order_by("pk"))
    assert [(a.original_name, a.kind.code, a.mime_type) for a in attached] == [
        ("铭牌.jpg", "fault_photo", "image/jpeg"),
        ("发票.pdf", "pdf", "application/pdf"),
    ]
    # every file is kept with the mail as it came; the refused ones say why
    kept = list(message.attachments.order_by("pk"))
    assert [bytes(k.content) for k in kept][2] == HOSTILE_JPG
    assert [k.attachment_id for k in kept] == [attached[0].pk, attached[1].pk, None, None]
    assert kept[2].refused_reason == "Web pages, SVG and script files cannot be attached."
    assert "active content" in kept[3].refused_reason
    assert message.reason.startswith("attachments_refused: photo.jpg (Web pages")
    assert "invoice.pdf" in message.reason

    # the staff see the good files through the authorised view, metadata stripped
    agent = UserFactory(roles=["agent"])
    client.force_login(agent)
    response = client.get(f"/attachments/{attached[0].pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert len(image.getexif()) == 0
    # and the ticket page says, in the reader's language, which files were not attached
    page = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert "未附加：photo.jpg — 不能上传网页、SVG 或脚本文件。" in text
    assert "铭牌.jpg" in text


def test_a_reply_brings_its_files_onto_the_ticket_it_answers(customer_ticket):
    message = mail_receive(
        mail(
            [("现场.png", "image/png", files.png_bytes())],
            subject=f"Re: [{customer_ticket.number}] 维修进度",
            message_id="<files-2@example.com>",
        )
    )

    assert message.outcome == "threaded"
    assert message.ticket == customer_ticket
    (attached,) = attachments_of(customer_ticket)
    assert attached.original_name == "现场.png"
    assert attached.uploaded_by is None  # the customer by address, no account
    assert message.reason == ""
    added = customer_ticket.events.get(code=AttachmentEvent.ADDED)
    assert added.payload["names"] == ["现场.png"]


def test_staff_writing_from_their_address_are_the_uploader(customer_ticket):
    dealer = OrganisationFactory(code="D-MAIL", kind=Organisation.Kind.SERVICE_CENTRE)
    agent = UserFactory(roles=["agent"], organisation=dealer, email="li@service.example")
    mail_receive(
        mail(
            [("nameplate.png", "image/png", files.png_bytes())],
            sender=f"李工 <{agent.email}>",
            subject=f"[{customer_ticket.number}] 铭牌",
            message_id="<files-3@example.com>",
        )
    )

    (attached,) = attachments_of(customer_ticket)
    assert attached.uploaded_by == agent


def test_a_closed_ticket_takes_no_files_by_mail_but_the_mail_keeps_them(customer_ticket):
    Ticket.objects.filter(pk=customer_ticket.pk).update(status="closed")

    message = mail_receive(
        mail(
            [("late.png", "image/png", files.png_bytes())],
            subject=f"Re: [{customer_ticket.number}]",
            message_id="<files-4@example.com>",
        )
    )

    assert message.ticket == customer_ticket
    assert not attachments_of(customer_ticket).exists()
    (kept,) = message.attachments.all()
    assert kept.attachment is None
    assert kept.refused_reason == "The ticket is closed or cancelled: it takes no more files."


def test_the_upload_limits_apply_to_mail_too():
    rules = AttachmentRules.current()
    rules.max_files_per_upload = 2
    rules.max_file_bytes = 4000
    rules.save()
    big = files.png_bytes((400, 400), colour="white")
    noisy = Image.frombytes("RGB", (200, 200), random.Random(1).randbytes(200 * 200 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG")
    assert len(out.getvalue()) > 4000, "the test needs a file over the limit"

    message = mail_receive(
        mail(
            [
                ("a.png", "image/png", big),
                ("b.png", "image/png", out.getvalue()),
                ("c.png", "image/png", files.png_bytes()),
            ],
            message_id="<files-5@example.com>",
        )
    )

    kept = list(message.attachments.order_by("pk"))
    assert [k.refused_reason for k in kept] == [
        "",
        "The file is larger than allowed.",
        "Too many files at once; the first ones were kept.",
    ]
    assert [a.original_name for a in attachments_of(message.ticket)] == ["a.png"]
