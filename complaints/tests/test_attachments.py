"""Complaints carry attachments like every other record: uploaded from the complaint's page
and the API, checked by content, shown as thumbnails, served only within the complaint's
scope, and no more once the complaint is closed or cancelled."""

from __future__ import annotations

import pytest

from accounts.tokens import issue_token
from attachments.tests import files
from complaints.models import Complaint
from complaints.tests.conftest import new_complaint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"


def _api(client, user):  # type: ignore[no-untyped-def]
    _row, token = issue_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_a_photo_uploaded_on_the_complaint_page_shows_there_and_on_its_timeline(
    client, people, dealer_a
):
    complaint = new_complaint(people["agent"], dealer=dealer_a)
    client.force_login(people["agent"])
    page = f"/complaints/{complaint.number}/"

    response = client.post(
        "/attachments/upload/",
        {
            "record_type": "complaint",
            "record": complaint.number,
            "kind": "fault_photo",
            "next": page,
            "files": [files.upload("外机噪音.jpg", files.jpeg_bytes(with_gps=True))],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == page + "#attachments"
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    (row,) = complaint_attachments(complaint)
    assert f"/attachments/{row.pk}/thumbnail/" in html
    assert "外机噪音.jpg" in html
    assert "已添加附件" in html  # the timeline entry, in the reader's language
    timeline = [e.code for e in complaint.events.all()]
    assert timeline[-1] == "attachment.added"


def complaint_attachments(complaint: Complaint):  # type: ignore[no-untyped-def]
    from attachments.selectors import attachments_of

    return list(attachments_of(complaint))


def test_the_files_stay_within_the_complaints_scope(
    client, people, dealer_a, dealer_a_user, dealer_b_user
):
    from rest_framework.test import APIClient

    complaint = new_complaint(people["agent"], dealer=dealer_a)
    created = _api(APIClient(), dealer_a_user).post(
        "/api/v1/attachments/",
        {
            "record_type": "complaint",
            "record": complaint.number,
            "kind": "pdf",
            "files": [files.upload("整改说明.pdf", files.pdf_bytes())],
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content
    pk = created.json()[0]["id"]

    client.force_login(dealer_b_user)
    assert client.get(f"/attachments/{pk}/").status_code == 404
    other = _api(APIClient(), dealer_b_user)
    listed = other.get(
        "/api/v1/attachments/", {"record_type": "complaint", "record": complaint.number}
    )
    assert listed.status_code == 404
    client.force_login(dealer_a_user)
    served = client.get(f"/attachments/{pk}/")
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"


def test_a_hostile_file_is_refused_and_a_cancelled_complaint_takes_no_files(people):
    from rest_framework.test import APIClient

    from complaints.services.complaints import complaint_act

    complaint = new_complaint(people["agent"])
    api = _api(APIClient(), people["agent"])
    hostile = api.post(
        "/api/v1/attachments/",
        {
            "record_type": "complaint",
            "record": complaint.number,
            "files": [files.upload("photo.jpg", b"<svg onload=alert(1)></svg>")],
        },
        format="multipart",
    )
    assert hostile.status_code == 400
    complaint_act(
        complaint=complaint, by=people["supervisor"], action="cancel", data={"reason": "撤回"}
    )

    late = api.post(
        "/api/v1/attachments/",
        {
            "record_type": "complaint",
            "record": complaint.number,
            "files": [files.upload("a.png", files.png_bytes())],
        },
        format="multipart",
    )

    assert late.status_code == 409
    assert complaint_attachments(complaint) == []
