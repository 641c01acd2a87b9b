"""Photos go on the request through the attachments app (checked by content, served only in
the record's scope); the survey is the complaints app's signed link, shown and mailed."""

from __future__ import annotations

import pytest
from django.core import mail

from attachments.models import Attachment
from attachments.tests.files import png_bytes, upload
from complaints.services.surveys import survey_link_create
from notifications.services import deliveries_send
from tickets.models import Ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db


def _report(client, **extra):  # type: ignore[no-untyped-def]
    data = {"unit": "SN-P-1", "fault_description": "灯不亮", "severity": "minor", **extra}
    return client.post("/portal/report/", data)


def test_report_with_a_photo_attaches_it_to_the_request(client, wang, lin):
    client.force_login(wang[0])

    response = _report(client, photos=[upload("lamp.png", png_bytes(), "image/png")])

    ticket = Ticket.objects.get(number=response.url.split("/")[3])
    photo = Attachment.objects.get()
    assert (photo.object_id, photo.kind.code, photo.original_name) == (
        ticket.pk,
        "fault_photo",
        "lamp.png",
    )
    page = client.get(f"/portal/requests/{ticket.number}/").content.decode()
    assert f"/attachments/{photo.pk}/thumbnail/" in page
    assert client.get(f"/attachments/{photo.pk}/").status_code == 200
    client.force_login(lin[0])
    assert client.get(f"/attachments/{photo.pk}/").status_code == 404


def test_a_file_that_is_no_image_is_refused_and_nothing_is_written(client, wang):
    client.force_login(wang[0])

    response = _report(client, photos=[upload("lamp.png", b"MZ\x90\x00 not a picture")])

    assert response.status_code == 400
    assert "photos" in response.context["form"].errors
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()


def test_survey_link_is_offered_on_the_request_and_mailed(client, wang, staff, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(wang[0])
    ticket = Ticket.objects.get(number=_report(client).url.split("/")[3])
    walk(ticket, staff, to="resolved")
    ticket.refresh_from_db()

    _link, code = survey_link_create(ticket=ticket, by=staff["agent"])

    page = client.get(f"/portal/requests/{ticket.number}/").content.decode()
    assert f"/s/{code}/" in page
    deliveries_send()
    assert any(f"/s/{code}/" in m.body for m in mail.outbox if m.to == ["wang@example.com"])
