"""Files attached to a ticket over the API: checked by content, recorded on the ticket's
timeline, reachable only within the ticket's scope."""

from __future__ import annotations

import pytest

from attachments.events import AttachmentEvent
from attachments.models import Attachment
from attachments.tests import files
from tickets.services import perform_action

pytestmark = pytest.mark.django_db
URL = "/api/v1/attachments/"


def _post(client, ticket, *uploads, kind="fault_photo"):  # type: ignore[no-untyped-def]
    return client.post(
        URL,
        {"record_type": "ticket", "record": ticket.number, "kind": kind, "files": list(uploads)},
        format="multipart",
    )


def _stored(tmp_path) -> list:  # type: ignore[no-untyped-def]
    root = tmp_path / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_agent_attaches_photos_to_a_ticket_and_the_timeline_says_so(api_for, people, ticket):
    response = _post(
        api_for(people["agent"]),
        ticket,
        files.upload("故障.jpg", files.jpeg_bytes()),
        files.upload("nameplate.png", files.png_bytes()),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [a["name"] for a in body] == ["故障.jpg", "nameplate.png"]
    assert {a["record_type"] for a in body} == {"ticket"}
    assert {a["record"] for a in body} == {ticket.number}
    assert body[0]["kind"] == "fault_photo"
    assert body[0]["url"] == f"/attachments/{body[0]['id']}/"
    assert body[0]["thumbnail_url"] == f"/attachments/{body[0]['id']}/thumbnail/"
    event = ticket.events.get(code=AttachmentEvent.ADDED)
    assert (event.actor, event.payload["files"]) == (people["agent"], 2)
    listed = api_for(people["agent"]).get(URL, {"record_type": "ticket", "record": ticket.number})
    assert [a["id"] for a in listed.json()] == [a["id"] for a in body]


def test_the_customer_adds_a_photo_to_their_own_ticket(api_for, people, ticket):
    response = _post(api_for(people["customer"]), ticket, files.upload("a.png", files.png_bytes()))

    assert response.status_code == 201, response.json()


def test_another_organisations_ticket_and_its_files_do_not_exist_for_them(api_for, people, ticket):
    own = _post(api_for(people["agent"]), ticket, files.upload("a.png", files.png_bytes()))
    pk = own.json()[0]["id"]
    for outsider in (people["other_customer"], people["dealer"]):
        client = api_for(outsider)
        client.force_login(outsider)
        assert _post(client, ticket, files.upload("b.png", files.png_bytes())).status_code == 404
        query = {"record_type": "ticket", "record": ticket.number}
        assert client.get(URL, query).status_code == 404
        assert client.get(f"{URL}{pk}/").status_code == 404
        assert client.get(f"/attachments/{pk}/").status_code == 404
        assert client.get(f"/attachments/{pk}/thumbnail/").status_code == 404
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.jpg", files.HTML_AS_JPG),
        ("nameplate.png", files.SVG_AS_PNG),
        ("photo.jpg", files.polyglot_jpeg()),
        ("photo2.jpg", files.polyglot_jpeg_trailer()),
        ("setup.jpg", files.EXE_AS_JPG),
        ("card.pdf", files.pdf_open_action_js()),
    ],
    ids=["html", "svg-onload", "polyglot", "polyglot-trailer", "exe", "pdf-openaction-js"],
)
def test_each_hostile_file_of_the_review_is_refused_and_nothing_is_kept(
    api_for, people, ticket, tmp_path, name, data
):
    good = files.upload("good.png", files.png_bytes())
    response = _post(api_for(people["agent"]), ticket, good, files.upload(name, data, "image/jpeg"))

    assert response.status_code == 400
    assert response.json()["code"] == "file_refused"
    assert response.json()["files"][0].startswith(f"{name}: ")
    assert not Attachment.objects.exists()
    assert not ticket.events.filter(code=AttachmentEvent.ADDED).exists()
    assert _stored(tmp_path) == []  # the good file of the same upload was not left behind


def test_a_pdf_invoice_is_kept_as_a_download(api_for, people, ticket):
    response = _post(
        api_for(people["agent"]),
        ticket,
        files.upload("发票.pdf", files.pdf_bytes()),
        kind="invoice",
    )

    assert response.status_code == 201, response.json()
    assert response.json()[0]["content_type"] == "application/pdf"
    assert response.json()[0]["thumbnail_url"] is None


def test_no_file_unknown_kind_and_unknown_record_type_are_field_errors(api_for, people, ticket):
    client = api_for(people["agent"])
    empty = client.post(URL, {"record_type": "ticket", "record": ticket.number}, format="multipart")
    assert empty.status_code == 400
    assert "files" in empty.json()
    png = files.upload("a.png", files.png_bytes())
    assert "kind" in _post(client, ticket, png, kind="selfie").json()
    wrong = client.post(
        URL, {"record_type": "spaceship", "record": "1", "files": [png]}, format="multipart"
    )
    assert wrong.status_code == 400
    assert "record_type" in wrong.json()


def test_a_closed_ticket_takes_no_more_files(api_for, people, ticket):
    perform_action(ticket=ticket, by=people["agent"], action="cancel", data={"reason": "dup"})

    response = _post(api_for(people["agent"]), ticket, files.upload("a.png", files.png_bytes()))

    assert response.status_code == 409
    assert response.json()["code"] == "ticket_closed"


def test_a_role_without_ticket_work_may_not_attach(api_for, people, ticket):
    response = _post(api_for(people["finance"]), ticket, files.upload("a.png", files.png_bytes()))

    assert response.status_code == 403
