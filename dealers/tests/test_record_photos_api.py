"""A dealer's system attaches photos to a filed repair record over the API, until the claim
that carries the record is submitted."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attachments.events import AttachmentEvent
from attachments.tests.files import png_bytes
from dealers.services.claims import claim_create, claim_transition
from dealers.tests.factories import claimable_unit, file_record, visited_ticket

pytestmark = pytest.mark.django_db

PNG = png_bytes()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.fixture
def record(side_a, staff):  # type: ignore[no-untyped-def]
    return file_record(side_a, visited_ticket(side_a, staff, unit=claimable_unit(side_a["org"])))


def _upload(client, record, *files):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/repair-records/{record.pk}/photos/", {"photos": list(files)}, format="multipart"
    )


def _png(name: str = "compressor.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def test_photos_are_attached_and_on_the_tickets_record(api_for, side_a, record):
    response = _upload(api_for(side_a["dealer"]), record, _png("before.png"), _png("after.png"))

    assert response.status_code == 201, response.json()
    assert len(response.json()["photos"]) == 2
    assert all(url.startswith("/attachments/") for url in response.json()["photos"])
    event = record.ticket.events.get(code=AttachmentEvent.ADDED)
    assert (event.actor, event.payload["files"]) == (side_a["dealer"], 2)
    assert event.payload["record"] == record.number


def test_a_file_of_another_kind_is_refused_per_field(api_for, side_a, record):
    response = _upload(
        api_for(side_a["dealer"]),
        record,
        SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain"),
    )

    assert response.status_code == 400
    assert "photos" in response.json()
    assert not record.attachments.exists()


def test_no_file_is_a_clear_400(api_for, side_a, record):
    response = api_for(side_a["dealer"]).post(
        f"/api/v1/repair-records/{record.pk}/photos/", {}, format="multipart"
    )

    assert response.status_code == 400
    assert "photos" in response.json()


def test_another_dealers_record_does_not_exist_for_them(api_for, side_b, record):
    assert _upload(api_for(side_b["dealer"]), record, _png()).status_code == 404


def test_photos_are_frozen_once_the_claim_is_submitted(api_for, side_a, record):
    claim = claim_create(by=side_a["dealer"], records=[record])
    client = api_for(side_a["dealer"])
    assert _upload(client, record, _png("draft.png")).status_code == 201  # still a draft

    claim_transition(claim=claim, by=side_a["dealer"], action="submit", data={})

    response = _upload(client, record, _png("late.png"))
    assert response.status_code == 409
    assert record.attachments.count() == 1
