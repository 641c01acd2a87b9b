"""Upload limits are data, and a too-large request is refused before its body is read."""

from __future__ import annotations

import io
import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from attachments.middleware import UploadLimitMiddleware
from attachments.models import Attachment, AttachmentRules
from attachments.tests import files

pytestmark = pytest.mark.django_db
URL = "/api/v1/attachments/"
MB = 1024 * 1024


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    readline = readinto = read


def test_the_seeded_rules_are_there_and_editable():
    rules = AttachmentRules.current()
    assert (rules.max_file_bytes, rules.max_files_per_upload) == (10 * MB, 10)
    assert rules.formats == {"jpeg", "png", "webp", "pdf"}


def test_a_20_mb_upload_is_refused_with_413_before_the_body_is_read():
    request = RequestFactory().post(
        "/api/v1/attachments/", data=b"--x--", content_type="multipart/form-data; boundary=x"
    )
    request.META["CONTENT_LENGTH"] = str(20 * MB)
    request.META["wsgi.input"] = Untouchable()
    request._stream = Untouchable()
    reached = []
    middleware = UploadLimitMiddleware(lambda r: reached.append(r) or HttpResponse())

    response = middleware(request)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "15 MB" in json.loads(response.content)["detail"][0]
    assert reached == []


def test_a_20_mb_upload_through_the_whole_stack_is_a_json_413(api_for, people, ticket):
    big = files.upload("big.jpg", b"\xff\xd8" + b"\x00" * (20 * MB))

    response = api_for(people["agent"]).post(
        URL, {"record_type": "ticket", "record": ticket.number, "files": [big]}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not Attachment.objects.exists()


def test_the_file_size_limit_follows_the_rules(api_for, people, ticket):
    AttachmentRules.objects.filter(pk=1).update(max_file_bytes=1000)
    photo = files.upload("photo.jpg", files.jpeg_bytes((400, 300)))
    assert photo.size > 1000

    response = api_for(people["agent"]).post(
        URL,
        {"record_type": "ticket", "record": ticket.number, "files": [photo]},
        format="multipart",
    )

    assert response.status_code == 400
    assert "at most" in response.json()["files"][0]


def test_more_files_than_the_rules_allow_is_a_json_400(api_for, people, ticket):
    AttachmentRules.objects.filter(pk=1).update(max_files_per_upload=2)
    uploads = [files.upload(f"{n}.png", files.png_bytes()) for n in range(3)]

    response = api_for(people["agent"]).post(
        URL,
        {"record_type": "ticket", "record": ticket.number, "files": uploads},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["files"] == ["At most 2 files at a time."]


def test_more_files_than_django_will_parse_is_a_json_400_too(api_for, people, ticket, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    uploads = [files.upload(f"{n}.png", files.png_bytes()) for n in range(5)]

    response = api_for(people["agent"]).post(
        URL,
        {"record_type": "ticket", "record": ticket.number, "files": uploads},
        format="multipart",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_many"


def test_a_record_holds_at_most_the_rules_number_of_files(api_for, people, ticket):
    AttachmentRules.objects.filter(pk=1).update(max_files_per_record=2)
    client = api_for(people["agent"])
    query = {"record_type": "ticket", "record": ticket.number}
    two = [files.upload(f"{n}.png", files.png_bytes()) for n in range(2)]
    assert client.post(URL, {**query, "files": two}, format="multipart").status_code == 201

    third = client.post(
        URL, {**query, "files": [files.upload("3.png", files.png_bytes())]}, format="multipart"
    )

    assert third.status_code == 400
    assert Attachment.objects.count() == 2


def test_webp_is_refused_once_the_rules_no_longer_allow_it(api_for, people, ticket):
    AttachmentRules.objects.filter(pk=1).update(allowed_formats="jpeg,png,pdf")

    response = api_for(people["agent"]).post(
        URL,
        {
            "record_type": "ticket",
            "record": ticket.number,
            "files": [files.upload("a.webp", files.webp_bytes())],
        },
        format="multipart",
    )

    assert response.status_code == 400
