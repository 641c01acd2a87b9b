"""Files are served only by the authorised view, as what they are (security review, item 9)."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import translation
from PIL import Image

from attachments.models import Attachment, AttachmentKind
from attachments.services import attachments_add
from attachments.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(people, ticket):
    return attachments_add(
        by=people["agent"],
        target="ticket",
        record=ticket,
        files=[files.upload("故障 照片.jpg", files.jpeg_bytes(with_gps=True))],
        kind="fault_photo",
    )[0]


def test_the_file_comes_with_a_safe_type_disposition_and_nosniff(client, people, photo):
    client.force_login(people["customer"])

    response = client.get(f"/attachments/{photo.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert (
        "filename*=UTF-8''%E6%95%85%E9%9A%9C%20%E7%85%A7%E7%89%87.jpg"
        in response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"]
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content)
    assert not Image.open(io.BytesIO(body)).getexif()  # the GPS position never leaves


def test_the_thumbnail_is_made_on_the_server(client, people, photo):
    client.force_login(people["agent"])

    response = client.get(f"/attachments/{photo.pk}/thumbnail/")

    assert response["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(b"".join(response.streaming_content))).size) <= 320


def test_a_pdf_is_a_download_not_a_page(client, people, ticket):
    pdf = attachments_add(
        by=people["agent"],
        target="ticket",
        record=ticket,
        files=[files.upload("invoice.pdf", files.pdf_bytes())],
        kind="invoice",
    )[0]
    client.force_login(people["agent"])

    response = client.get(f"/attachments/{pdf.pk}/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert client.get(f"/attachments/{pdf.pk}/thumbnail/").status_code == 404


def test_files_are_stored_outside_media_under_random_names(settings, photo):
    path = photo.file.path

    assert path.startswith(str(settings.ATTACHMENTS_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "故障" not in path


def test_nothing_is_served_from_a_public_media_folder(client, people, photo):
    client.force_login(people["agent"])

    assert client.get(f"/media/{photo.file.name}").status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(client, photo):
    response = client.get(f"/attachments/{photo.pk}/")

    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_a_file_withheld_by_the_content_check_is_never_served(client, people, ticket):
    row = Attachment(
        content_type=ContentType.objects.get_for_model(type(ticket)),
        object_id=ticket.pk,
        kind=AttachmentKind.objects.get(code="other"),
        original_name="old.jpg",
        mime_type="application/octet-stream",
        size=10,
        sha256="",
        refused_reason="Web pages, SVG and script files cannot be attached.",
    )
    row.file.save("f.bin", ContentFile(files.HTML_AS_JPG))
    client.force_login(people["agent"])

    assert client.get(f"/attachments/{row.pk}/").status_code == 404


def test_the_ticket_page_shows_thumbnails_and_the_upload_form_in_both_languages(
    client, people, ticket, photo
):
    client.force_login(people["agent"])
    page = client.get(f"/tickets/{ticket.number}/").content.decode()
    assert f'href="/attachments/{photo.pk}/"' in page
    assert f'src="/attachments/{photo.pk}/thumbnail/"' in page
    assert 'action="/attachments/upload/"' in page
    assert "Attachments" in page
    with translation.override("zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        chinese = client.get(f"/tickets/{ticket.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = chinese.content.decode()
    assert "附件" in text
    assert "故障照片" in text


def test_a_page_upload_attaches_and_tells_the_outcome(client, people, ticket):
    client.force_login(people["agent"])
    back = f"/tickets/{ticket.number}/"

    response = client.post(
        "/attachments/upload/",
        {
            "record_type": "ticket",
            "record": ticket.number,
            "kind": "nameplate",
            "next": back,
            "files": [files.upload("plate.png", files.png_bytes())],
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == back + "#attachments"
    assert "1 file attached." in response.content.decode()
    assert Attachment.objects.get().kind.code == "nameplate"


def test_a_refused_page_upload_says_why_on_the_page(client, people, ticket):
    client.force_login(people["agent"])

    response = client.post(
        "/attachments/upload/",
        {
            "record_type": "ticket",
            "record": ticket.number,
            "kind": "fault_photo",
            "next": f"/tickets/{ticket.number}/",
            "files": [files.upload("evil.png", files.SVG_AS_PNG)],
        },
        follow=True,
    )

    assert "evil.png: Web pages, SVG and script files cannot be attached." in (
        response.content.decode()
    )
    assert not Attachment.objects.exists()


def test_a_page_upload_to_a_ticket_out_of_scope_is_a_404(client, people, ticket):
    client.force_login(people["other_customer"])

    response = client.post(
        "/attachments/upload/",
        {
            "record_type": "ticket",
            "record": ticket.number,
            "kind": "fault_photo",
            "files": [files.upload("a.png", files.png_bytes())],
        },
    )

    assert response.status_code == 404


def test_an_upload_form_never_sends_the_user_to_another_site(client, people, ticket):
    client.force_login(people["agent"])

    response = client.post(
        "/attachments/upload/",
        {"record_type": "ticket", "record": ticket.number, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/"
