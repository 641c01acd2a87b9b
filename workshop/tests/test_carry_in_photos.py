"""A carry-in register entry carries its own photos (the unit's condition at intake),
uploaded through the attachments app's content-checked path, shown on the entry and its
receipt, served only through the authorised view to those who may see the entry."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from rest_framework.test import APIClient

from aftersales.errors import ConflictError, DomainError
from attachments.models import Attachment
from attachments.services import attachments_add
from attachments.tests.files import jpeg_bytes, png_bytes, polyglot_jpeg, upload
from workshop.files import CARRY_IN_TARGET
from workshop.models import CarryIn
from workshop.services.carry_in import carry_in_receive, carry_in_return
from workshop.tests.conftest import ticket_on_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"


def photos():
    return [
        upload("front.jpg", jpeg_bytes(with_gps=True), "image/jpeg"),
        upload("side.png", png_bytes(), "image/png"),
    ]


def entry_files(entry):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(CarryIn), object_id=entry.pk
    )


def test_photos_taken_at_intake_are_filed_on_the_entry(people, clock):
    ticket = ticket_on_site(people)

    entry = carry_in_receive(
        by=people["technician"], ticket=ticket, condition="外壳有划痕", photos=photos()
    )

    rows = list(entry_files(entry))
    assert [r.original_name for r in rows] == ["front.jpg", "side.png"]
    assert {r.kind.code for r in rows} == {"condition_photo"}
    assert all(r.thumbnail for r in rows)
    event = ticket.events.get(code="attachment.added")
    assert (event.payload["record_type"], event.payload["record"]) == ("carry_in", entry.number)


def test_a_file_that_fails_the_content_check_refuses_the_receipt(people, clock):
    ticket = ticket_on_site(people)
    with pytest.raises(DomainError) as refused:
        carry_in_receive(
            by=people["technician"],
            ticket=ticket,
            condition="外壳完好",
            photos=[upload("x.jpg", polyglot_jpeg(), "image/jpeg")],
        )
    assert "photos" in refused.value.as_dict()
    ticket.refresh_from_db()
    assert ticket.status == "on_site"
    assert not CarryIn.objects.exists()
    assert not Attachment.objects.exists()


def test_photos_are_added_while_the_unit_is_in_the_workshop_only(people, clock):
    ticket = ticket_on_site(people)
    entry = carry_in_receive(by=people["technician"], ticket=ticket, condition="外壳完好")
    attachments_add(
        by=people["technician"], target=CARRY_IN_TARGET, record=entry, files=photos()[:1]
    )
    carry_in_return(by=people["technician"], entry=entry, signed_by_name="张三")
    with pytest.raises(ConflictError):
        attachments_add(
            by=people["technician"], target=CARRY_IN_TARGET, record=entry, files=photos()[:1]
        )
    assert entry_files(entry).count() == 1


def test_the_entry_page_and_receipt_show_the_photos_served_by_the_authorised_view(
    client, people, clock
):
    ticket = ticket_on_site(people)
    client.force_login(people["supervisor"])
    response = client.post(
        reverse("workshop:ticket-step", args=[ticket.number, "receive"]),
        {"rx-condition": "屏幕裂纹", "rx-photos": photos()},
    )
    entry = ticket.carry_ins.get()
    assert response["Location"] == reverse("workshop:entry", args=[entry.number])
    first = entry_files(entry).first()
    assert first is not None
    thumb = reverse("attachments:thumbnail", args=[first.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-record-type="carry_in"' in page
    assert thumb in page
    receipt = client.get(reverse("workshop:entry-print", args=[entry.number, "receipt"]))
    assert thumb in receipt.content.decode()
    served = client.get(reverse("attachments:file", args=[first.pk]))
    assert served.status_code == 200
    assert b"GPS" not in b"".join(served.streaming_content)  # re-encoded on the way in
    client.force_login(people["other_dealer"])
    assert client.get(reverse("attachments:file", args=[first.pk])).status_code == 404
    assert client.get(thumb).status_code == 404


def test_the_api_receives_with_photos_and_lists_them_on_the_entry(people, clock):
    ticket = ticket_on_site(people)
    api = APIClient()
    api.force_authenticate(people["technician"])
    made = api.post(
        "/api/v1/workshop/carry-ins/",
        {"ticket": ticket.number, "condition": "外壳完好", "photos": photos()},
        format="multipart",
    )
    assert made.status_code == 201, made.json()
    listed = made.json()["photos"]
    assert [p["name"] for p in listed] == ["front.jpg", "side.png"]
    assert listed[0]["url"].startswith("/attachments/") or "/attachments/" in listed[0]["url"]
    bad = api.post(
        "/api/v1/attachments/",
        {
            "record_type": "carry_in",
            "record": made.json()["number"],
            "kind": "condition_photo",
            "files": [upload("x.jpg", polyglot_jpeg(), "image/jpeg")],
        },
        format="multipart",
    )
    assert bad.status_code == 400
    theirs = APIClient()
    theirs.force_authenticate(people["other_dealer"])
    assert theirs.get(f"/api/v1/workshop/carry-ins/{made.json()['id']}/").status_code == 404
