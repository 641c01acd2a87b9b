"""The completion sign-off (完工签字) means something: a drawn signature, checked on the
server (an untouched pad is refused), or — the customer absent — an agent's phone
confirmation recorded on the ticket since the technician checked in. Same rule for pages,
API and services: the action's form and handler."""

from __future__ import annotations

import base64
import io

import pytest
import time_machine
from PIL import Image

from aftersales.errors import DomainError
from tickets.actions import perform_action
from tickets.signatures import PNG_PREFIX, sample_signature
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk

pytestmark = pytest.mark.django_db


def _png(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return PNG_PREFIX + base64.b64encode(buffer.getvalue()).decode()


BLANK_PAD = _png(Image.new("RGB", (600, 200), "white"))
TRANSPARENT = _png(Image.new("RGBA", (600, 200), (0, 0, 0, 0)))


@pytest.fixture
def job(people):
    return walk(make_ticket(by=people["agent"]), people, to="on_site")


def _resolve(job, people, **data):  # type: ignore[no-untyped-def]
    return perform_action(ticket=job, by=people["technician"], action="resolve", data=data)


def test_a_drawn_signature_resolves(job, people):
    _resolve(job, people, signed_by_name="王秀英", signature=sample_signature())

    job.refresh_from_db()
    assert (job.status, job.signed_by_name) == ("resolved", "王秀英")
    assert job.signature == sample_signature()


@pytest.mark.parametrize("signature", ["", BLANK_PAD, TRANSPARENT], ids=["none", "blank", "clear"])
def test_an_empty_pad_is_refused_on_the_server(job, people, signature):
    with pytest.raises(DomainError) as caught:
        _resolve(job, people, signed_by_name="王秀英", signature=signature)

    assert "signature" in caught.value.as_dict()
    job.refresh_from_db()
    assert (job.status, job.signature) == ("on_site", "")


def test_the_blank_pad_message_says_what_to_do(job, people):
    with pytest.raises(DomainError) as caught:
        _resolve(job, people, signed_by_name="王秀英", signature=BLANK_PAD)

    assert caught.value.as_dict()["signature"] == [
        "The signature pad is empty: the customer signs on it."
    ]


def test_customer_absent_without_a_phone_confirmation_is_refused(job, people):
    with pytest.raises(DomainError) as caught:
        _resolve(job, people, customer_absent=True)

    assert caught.value.code == "no_phone_confirmation"
    assert "customer_absent" in caught.value.as_dict()
    job.refresh_from_db()
    assert job.status == "on_site"


def test_customer_absent_with_the_agents_phone_confirmation_resolves(job, people):
    with time_machine.travel("2099-01-01 10:00 +0800", tick=False):
        perform_action(
            ticket=job,
            by=people["agent"],
            action="confirm_by_phone",
            data={"spoke_with": "王秀英（业主）", "note": "确认空调已正常制冷"},
        )
    with time_machine.travel("2099-01-01 10:05 +0800", tick=False):
        event = _resolve(job, people, customer_absent=True)

    job.refresh_from_db()
    assert (job.status, job.signed_by_name, job.signature) == ("resolved", "王秀英（业主）", "")
    assert event.payload["customer_absent"] is True
    assert event.payload["confirmed_by"] == people["agent"].pk
    assert event.payload["confirmed_at"].startswith("2099-01-01T02:00")


def test_a_confirmation_from_before_the_last_check_in_does_not_count(job, people):
    with time_machine.travel("2099-01-01 09:00 +0800", tick=False):
        perform_action(
            ticket=job, by=people["agent"], action="confirm_by_phone", data={"spoke_with": "王"}
        )
    with time_machine.travel("2099-01-01 10:00 +0800", tick=False):
        perform_action(ticket=job, by=people["technician"], action="await_parts", data={})
    with time_machine.travel("2099-01-03 10:00 +0800", tick=False):
        perform_action(ticket=job, by=people["technician"], action="check_in", data={})

        with pytest.raises(DomainError) as caught:
            _resolve(job, people, customer_absent=True)

    assert caught.value.code == "no_phone_confirmation"


def test_the_technician_may_not_confirm_by_phone_for_the_customer(job, people):
    from aftersales.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        perform_action(
            ticket=job,
            by=people["technician"],
            action="confirm_by_phone",
            data={"spoke_with": "王"},
        )


def test_a_call_in_the_future_is_refused(job, people):
    with pytest.raises(DomainError) as caught:
        perform_action(
            ticket=job,
            by=people["agent"],
            action="confirm_by_phone",
            data={"spoke_with": "王", "called_at": "2999-01-01T10:00"},
        )

    assert "called_at" in caught.value.as_dict()


def test_the_api_refuses_an_empty_pad_with_a_field_message(job, people):
    client = api_client_for(people["technician"])

    response = client.post(
        f"/api/v1/tickets/{job.number}/transitions/",
        {"action": "resolve", "signed_by_name": "王秀英", "signature": BLANK_PAD},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert "signature" in str(response.json())
    job.refresh_from_db()
    assert job.status == "on_site"


def test_signing_off_with_an_untouched_pad_stays_on_my_jobs_with_the_message(client, job, people):
    client.force_login(people["technician"])

    response = client.post(
        f"/tickets/{job.number}/act/",
        {"action": "resolve", "signed_by_name": "王秀英", "next": "/tickets/my-jobs/"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "请客户在签字板上签字；客户不在场时，请改为勾选“客户不在场”。" in page
    assert 'name="customer_absent"' in page


def test_the_agent_is_offered_the_phone_confirmation_on_the_ticket_page(client, job, people):
    client.force_login(people["agent"])

    page = client.get(f"/tickets/{job.number}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert 'data-action="confirm_by_phone"' in page
    assert "电话确认完工" in page
